"""Resolve what the user named (files, directories, globs, '-', URLs) and stream raw records."""

from __future__ import annotations

import glob
import io
import os
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from dossier.errors import InputError
from dossier.ingest.containers import Item, Limits, expand
from dossier.ingest.fetch import fetch, make_client
from dossier.model import Rejection

# The largest single document (a page, a JSON field, a WARC payload). The largest page of the
# shared corpora is 673 kB and the longest JSON Lines row 11 kB; at 2 MiB the costliest HTML we
# could build (links and nothing else, what trafilatura is slowest on) cleans in about 9 s and
# 370 MB, against 50 s and 0.9 GB at 4 MiB and 54 s and 1.25 GB at 5 MiB. Containers (JSON
# Lines, WARC, zip, gzip) hold any number of documents of this size.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MAX_UPLOAD = 16 * DEFAULT_MAX_BYTES  # one file posted to the API: a container of many documents


@dataclass(frozen=True)
class Input:
    kind: str  # path | stdin | url | bytes | refused
    name: str
    data: bytes = b""  # kind "bytes": the content itself (an upload, a posted text)
    reason: str = ""  # kind "refused": why it cannot be read (a rejection reason) ...
    detail: str = ""  # ... and the message


def resolve_inputs(args: list[str]) -> list[Input]:
    """Expand directories (recursively) and globs; fail early, in one line, on a name that matches
    nothing or that names a FIFO, socket or device. What exists but cannot be read (permissions, a
    special file inside a folder) comes back as kind "refused", to be recorded as a rejection."""
    out: list[Input] = []
    for arg in args:
        if arg == "-":
            out.append(Input("stdin", "-"))
        elif arg.startswith(("http://", "https://")):
            out.append(Input("url", arg))
        else:
            out.extend(_named(arg))
    return out


def _named(arg: str) -> list[Input]:
    try:
        st = os.stat(arg)
    except (FileNotFoundError, NotADirectoryError):
        if any(c in arg for c in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            found = [i for p in matches for i in _entry(Path(p), directories=False)]
            if not found:
                raise InputError(
                    f"no file matches {arg!r}; check the pattern (quote it to let dossier expand it)"
                ) from None
            return found
        raise InputError(f"no such file or directory: {arg!r}") from None
    except OSError as exc:  # a folder on the way that may not be entered, a loop of links, a name too long
        return [_refused(arg, "unreadable", _oserror(exc))]
    except ValueError:  # a NUL in the name: no file has it
        raise InputError(f"no such file or directory: {arg!r}") from None
    if stat.S_ISDIR(st.st_mode):
        return list(_walk(Path(arg)))
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"not a regular file: {arg!r} is {_special(st.st_mode)}; to read a stream, pipe it to '-'")
    return [Input("path", arg)]


def _walk(root: Path) -> Iterator[Input]:
    """The files under a folder, in order of their paths; hidden names skipped (not entered), links to
    folders not followed; what cannot be listed or read, or is no regular file, as "refused"."""
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[Path]] = [iter([root])]
    while stack:
        path = next(stack[-1], None)
        if path is None:
            stack.pop()
            continue
        is_root = path is root
        for inp in _entry(path, directories=True, is_root=is_root):
            if inp.kind != "dir":
                yield inp
                continue
            try:
                st = os.stat(path)
                with os.scandir(path) as it:
                    names = sorted(e.name for e in it)
            except OSError as exc:
                yield _refused(str(path), "unreadable", f"folder could not be listed: {_oserror(exc)}")
                continue
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            stack.append(iter([path / n for n in names if not n.startswith(".")]))


def _entry(path: Path, directories: bool, is_root: bool = False) -> list[Input]:
    """One name found in a folder or by a glob: a file to read, a folder to enter (kind "dir", only
    with `directories`), or a refusal. Links are followed to files, not to folders."""
    name = str(path)
    try:
        link = not is_root and path.is_symlink()
        st = os.stat(path)
    except FileNotFoundError:  # a link to nothing, or a name gone since the folder was listed
        return [_refused(name, "unreadable", "a broken symbolic link" if link else "gone while being listed")]
    except OSError as exc:
        return [_refused(name, "unreadable", _oserror(exc))]
    if stat.S_ISDIR(st.st_mode):
        if not directories:
            return []
        if link:
            return [_refused(name, "unsupported", "a symbolic link to a folder, not followed: name the folder itself")]
        return [Input("dir", name)]
    if stat.S_ISREG(st.st_mode):
        return [Input("path", name)]
    return [_refused(name, "unsupported", f"not a regular file: {_special(st.st_mode)}")]


def _refused(name: str, reason: str, detail: str) -> Input:
    return Input("refused", name, reason=reason, detail=detail)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _oserror(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def iter_records(
    inputs: list[Input],
    max_bytes: int = DEFAULT_MAX_BYTES,
    client_factory: Callable[[], httpx.Client] = make_client,
) -> Iterator[Item]:
    """The records of every input, in order; an input that cannot be read, or that fails in any
    way, is one rejection and the next input goes on."""
    limits = Limits(max_bytes)
    client: httpx.Client | None = None
    try:
        for inp in inputs:
            try:
                if inp.kind == "url":
                    client = client or client_factory()
                    fetched = fetch(inp.name, client, max_bytes)
                    if isinstance(fetched, Rejection):
                        yield fetched
                    else:
                        data, hints = fetched.data, fetched.hints
                        yield from expand(io.BytesIO(data), inp.name, len(data), max_bytes, hints, limits=limits)
                elif inp.kind == "bytes":
                    yield from expand(io.BytesIO(inp.data), inp.name, len(inp.data), max_bytes, limits=limits)
                elif inp.kind == "stdin":
                    yield from expand(sys.stdin.buffer, "<stdin>", None, max_bytes, limits=limits)
                elif inp.kind == "refused":
                    yield Rejection(inp.name, "", inp.reason, inp.detail)
                else:
                    yield from _file(inp.name, limits)
            except Exception as exc:  # a bug in a reader: this input is lost, not the run
                yield Rejection(inp.name, "", "error", f"{type(exc).__name__} while reading the input")
    finally:
        if client is not None:
            client.close()


def _file(name: str, limits: Limits) -> Iterator[Item]:
    """Open without blocking (a FIFO put in a file's place would wait for a writer) and read only a
    regular file."""
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        yield Rejection(name, "", "unreadable", _oserror(exc))
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            yield Rejection(name, "", "unsupported", f"not a regular file: {_special(st.st_mode)}")
            return
        os.set_blocking(fd, True)
        with open(fd, "rb", closefd=False) as fh:
            yield from expand(fh, name, st.st_size, limits.max_bytes, limits=limits)
    except OSError as exc:
        yield Rejection(name, "", "unreadable", _oserror(exc))
    finally:
        os.close(fd)
