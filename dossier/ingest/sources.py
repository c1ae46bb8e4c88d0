"""Resolve what the user named (files, directories, globs, '-', URLs) and stream raw records."""

from __future__ import annotations

import glob
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from dossier.errors import InputError
from dossier.ingest.containers import Item, expand
from dossier.ingest.fetch import fetch, make_client
from dossier.model import Rejection

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Input:
    kind: str  # path | stdin | url | bytes
    name: str
    data: bytes = b""  # kind "bytes": the content itself (an upload, a posted text)


def resolve_inputs(args: list[str]) -> list[Input]:
    """Expand directories (recursively) and globs; fail early, in one line, on a name that matches nothing."""
    out: list[Input] = []
    for arg in args:
        if arg == "-":
            out.append(Input("stdin", "-"))
        elif arg.startswith(("http://", "https://")):
            out.append(Input("url", arg))
        elif Path(arg).is_dir():
            files = sorted(p for p in Path(arg).rglob("*") if p.is_file() and not _hidden(p, Path(arg)))
            out.extend(Input("path", str(p)) for p in files)
        elif Path(arg).is_file():
            out.append(Input("path", arg))
        elif any(c in arg for c in "*?["):
            matches = sorted(p for p in glob.glob(arg, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(f"no file matches {arg!r}; check the pattern (quote it to let dossier expand it)")
            out.extend(Input("path", p) for p in matches)
        else:
            raise InputError(f"no such file or directory: {arg!r}")
    return out


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_records(
    inputs: list[Input],
    max_bytes: int = DEFAULT_MAX_BYTES,
    client_factory: Callable[[], httpx.Client] = make_client,
) -> Iterator[Item]:
    client: httpx.Client | None = None
    try:
        for inp in inputs:
            if inp.kind == "url":
                client = client or client_factory()
                fetched = fetch(inp.name, client, max_bytes)
                if isinstance(fetched, Rejection):
                    yield fetched
                else:
                    data = fetched.data
                    yield from expand(io.BytesIO(data), inp.name, len(data), max_bytes, fetched.hints)
            elif inp.kind == "bytes":
                yield from expand(io.BytesIO(inp.data), inp.name, len(inp.data), max_bytes)
            elif inp.kind == "stdin":
                yield from expand(sys.stdin.buffer, "<stdin>", None, max_bytes)
            else:
                try:
                    with open(inp.name, "rb") as fh:
                        size = Path(inp.name).stat().st_size
                        yield from expand(fh, inp.name, size, max_bytes)
                except OSError as exc:
                    yield Rejection(inp.name, "", "unreadable", f"{exc.strerror or exc}")
    finally:
        if client is not None:
            client.close()
