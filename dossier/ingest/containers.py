"""Open containers (gzip, zip, JSON Lines, JSON arrays, feeds, WARC) into one raw record per item.

Hostile input is expected. Everything a compressed layer (gzip, a zip member) gives is counted as
it streams: past `Limits.max_expanded` bytes for one input, or past `Limits.max_ratio` times the
compressed bytes read, the layer is refused as too large, so a decompression bomb costs a few
megabytes and one rejection. Every read is bounded (a JSON Lines row, a WARC header line, a
document). A fault in one line, item, member or record rejects that one and the rest goes on. A
rejection's detail is a short message of ours, never the content itself.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import re
import stat
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

from dossier.ingest.sniff import sniff, utf16_encoding
from dossier.model import RawRecord, Rejection

Item = RawRecord | Rejection

TEXT_FIELDS = ("text", "body", "content", "article", "full_text")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "published_at", "pubdate", "datetime")
HINT_CHARS = {"title": 1000, "published": 100, "url": 4000, "author": 500, "id": 200, "source": 500, "crawled": 100}
BLOCK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """How much one input may hold; `max_bytes` is the --max-bytes of one document."""

    max_bytes: int
    max_expanded: int = 4 << 30  # all one input decompresses to, every nested layer together
    max_ratio: int = 100  # decompressed / compressed: text runs 3-10, a stream of zeros 1,000
    ratio_grace: int = 1 << 20  # the ratio is checked once a layer has given this much
    max_nesting: int = 4  # compressed or archive layers inside one another
    max_members: int = 10_000  # entries of one zip archive
    max_central_directory: int = 4 << 20  # bytes of a zip's table of contents
    max_json_depth: int = 64  # nesting of one JSON value (news rows nest 2 or 3 deep)
    max_header_line: int = 1 << 20  # one WARC or HTTP header line

    @property
    def max_line(self) -> int:
        """One JSON Lines row: escapes (\\u0627) may take six bytes for one byte of text, plus metadata."""
        return 6 * self.max_bytes + (64 << 10)

    @property
    def max_json_file(self) -> int:
        """A whole JSON array, parsed at once (JSON Lines streams and has no such limit)."""
        return 16 * self.max_bytes

    @property
    def max_feed(self) -> int:
        return 4 * self.max_bytes


def expand(
    stream: IO[bytes],
    name: str,
    size: int | None,
    max_bytes: int,
    hints: dict[str, Any] | None = None,
    *,
    limits: Limits | None = None,
) -> Iterator[Item]:
    """Yield the records inside one input stream, whatever its format; `hints` describe a fetched
    page. Never raises for what the stream holds: every fault becomes a rejection."""
    limits = limits or Limits(max_bytes)
    yield from _expand(stream, name, name, size, hints or {}, limits, _Budget(limits.max_expanded), 0)


class _Refused(Exception):
    """Raised from inside a reader: refuse the layer being read (`fatal`: the whole input)."""

    def __init__(self, reason: str, detail: str, fatal: bool = False) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.fatal = fatal


class _Budget:
    """What one input may still decompress to, shared by all its nested layers."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    @property
    def left(self) -> int:
        return self.limit - self.used


def _expand(
    stream: _Readable,
    name: str,
    origin: str,
    size: int | None,
    hints: dict[str, Any],
    limits: Limits,
    budget: _Budget,
    depth: int,
) -> Iterator[Item]:
    """`name` is what the bytes are called (an inner name: a.jsonl for a.jsonl.gz), for sniffing;
    `origin` is where the records came from."""
    try:
        yield from _dispatch(stream, name, origin, size, hints, limits, budget, depth)
    except _Refused as exc:
        if exc.fatal and depth > 0:
            raise
        yield Rejection(origin, "", exc.reason, exc.detail)
    except OSError as exc:  # the disk or the pipe (decompressors' errors are refusals by now)
        yield Rejection(origin, "", "unreadable", _why(exc))
    except Exception as exc:  # a reader's bug or a library's surprise: this input only
        yield Rejection(origin, "", "parse_error", f"could not be read ({_why(exc)})")


def _dispatch(
    stream: _Readable,
    name: str,
    origin: str,
    size: int | None,
    hints: dict[str, Any],
    limits: Limits,
    budget: _Budget,
    depth: int,
) -> Iterator[Item]:
    # Streams are read raw (a read may give less than asked, and readers loop): a layer that fails
    # part way must not take with it what it gave before (a BufferedReader's read would).
    seekable = _seekable(stream)
    start = seekable.tell() if seekable else None
    head, fault = _read_head(stream)
    rest = _Rewound(head, stream, fault)
    wide = utf16_encoding(head)
    if wide:  # UTF-16 (a BOM, or text in every other byte): read as UTF-8 like everything else
        transcoded = _Transcoded(rest, wide)
        head, fault = _read_head(transcoded)
        rest, seekable, size = _Rewound(head, transcoded, fault), None, None
    kind = sniff(head, name)
    lname = name.lower()
    if kind not in ("empty", "gzip", "zip") and lname.endswith((".warc", ".arc")):
        kind = "warc"
    if kind == "jsonl" and lname.endswith(".json") and _one_document(head):
        kind = "json"
    if kind == "warc" and not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        yield Rejection(
            origin, "", "parse_error", "not a WARC or ARC file (it starts with neither WARC/ nor filedesc://)"
        )
    elif kind in ("gzip", "zip") and depth >= limits.max_nesting:
        yield Rejection(origin, "", "unsupported", f"archives nested more than {limits.max_nesting} deep")
    elif kind == "empty":
        yield Rejection(origin, "", "empty", "the input has no content")
    elif kind == "binary":
        yield Rejection(origin, "", "binary", f"binary data ({_what_binary(head)}), not text or HTML")
    elif kind == "gzip":
        inner = name[:-3] if lname.endswith(".gz") else name[:-4] + ".tar" if lname.endswith(".tgz") else name
        gunzip = _Gunzip(rest)
        guard = _Guard(gunzip, lambda: gunzip.consumed, budget, limits, "gzip data")
        yield from _expand(guard, inner, origin, None, hints, limits, budget, depth + 1)
    elif kind == "zip":
        yield from _zip(seekable, start, rest, origin, limits, budget, depth)
    elif kind == "warc":
        yield from _warc(rest, origin, limits)
    elif kind == "jsonl":
        yield from _jsonl(rest, origin, limits)
    elif kind == "json":
        yield from _json_array(rest, origin, limits)
    elif kind == "feed":
        data = _bounded(rest, limits.max_feed)
        if data is None:
            yield Rejection(origin, "", "too_large", f"feed larger than {limits.max_feed} bytes")
        else:
            yield from _feed(data, origin, limits)
    else:
        max_bytes = limits.max_bytes
        if size is not None and size > max_bytes:
            yield Rejection(origin, "", "too_large", f"{size} bytes > limit {max_bytes} (raise --max-bytes)")
            return
        data = _bounded(rest, max_bytes)
        if data is None:
            yield Rejection(origin, "", "too_large", f"more than {max_bytes} bytes (raise --max-bytes)")
        else:
            yield RawRecord(data, origin, "", {**hints, "format": kind})


# -- JSON ----------------------------------------------------------------------------------------
def _from_mapping(obj: Any, origin: str, locator: str, max_bytes: int) -> Item:
    if not isinstance(obj, dict):
        return Rejection(origin, locator, "parse_error", f"expected a JSON object, got {type(obj).__name__}")
    text = next((obj[f] for f in TEXT_FIELDS if isinstance(obj.get(f), str) and obj[f].strip()), None)
    if text is None:
        return Rejection(origin, locator, "empty", f"no text field ({', '.join(TEXT_FIELDS)})")
    data = text.encode("utf-8", errors="replace")  # a lone surrogate ("\ud800") is no character
    if len(data) > max_bytes:
        return Rejection(origin, locator, "too_large", f"{len(data)} bytes > limit {max_bytes}")
    hints: dict[str, Any] = {"format": "html" if sniff(data[:8192]) == "html" else "text"}
    for key, fields in (("title", TITLE_FIELDS), ("published", DATE_FIELDS)):
        value = next((obj[f] for f in fields if isinstance(obj.get(f), str) and obj[f].strip()), None)
        if value:
            hints[key] = _hint(value.strip(), key)
    for key in ("url", "author", "id", "source"):
        if isinstance(obj.get(key), str) and obj[key]:
            hints[key] = _hint(obj[key], key)
    crawled = obj.get("retrieved_at") or obj.get("scraped_on")
    if isinstance(crawled, str) and crawled:
        hints["crawled"] = _hint(crawled, "crawled")
    origin = f"{origin}#{hints['id']}" if "id" in hints else origin
    return RawRecord(data, origin, locator, hints)


def _hint(value: str, key: str) -> str:
    """Metadata as the store can keep it: valid UTF-8, no NUL (PostgreSQL refuses it), bounded."""
    value = value.encode("utf-8", errors="replace").decode("utf-8").replace("\x00", "")
    return value[: HINT_CHARS.get(key, 1000)]


def _jsonl(stream: _Rewound, origin: str, limits: Limits) -> Iterator[Item]:
    rows = 0
    for n, line in _lines(io.BufferedReader(stream, BLOCK), limits.max_line):
        locator = f"line {n}"
        if line is None:
            rows += 1
            yield Rejection(origin, locator, "too_large", f"line longer than {limits.max_line} bytes")
        elif line.strip():
            rows += 1
            yield from _parsed(line, origin, locator, limits, array=False)
    if not rows:
        yield Rejection(origin, "", "empty", "no JSON rows, only blank lines")


def _json_array(stream: _Readable, origin: str, limits: Limits) -> Iterator[Item]:
    data = _bounded(stream, limits.max_json_file)
    if data is None:
        yield Rejection(origin, "", "too_large", f"JSON larger than {limits.max_json_file} bytes: write JSON Lines")
        return
    yield from _parsed(data, origin, "", limits, array=True)


def _parsed(data: bytes, origin: str, locator: str, limits: Limits, array: bool) -> list[Item]:
    """One JSON text as records: the value itself or, with `array`, each item of a list ("item 3")."""
    try:
        if _too_deep(data, limits.max_json_depth):
            return [Rejection(origin, locator, "parse_error", f"JSON nested more than {limits.max_json_depth} deep")]
        value = json.loads(data)
    except RecursionError:
        return [Rejection(origin, locator, "parse_error", "JSON nested too deep")]
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        return [Rejection(origin, locator, "parse_error", f"invalid JSON: {exc.msg} ({where})")]
    except UnicodeDecodeError as exc:
        return [Rejection(origin, locator, "parse_error", f"invalid JSON: not UTF-8 (byte {exc.start})")]
    except Exception as exc:
        return [Rejection(origin, locator, "parse_error", f"invalid JSON ({_why(exc)})")]
    if array:
        found = [(x, f"item {n}") for n, x in enumerate(value if isinstance(value, list) else [value], start=1)]
        if not found:
            return [Rejection(origin, locator, "empty", "the JSON array is empty")]
    else:
        found = [(value, locator)]
    out: list[Item] = []
    for obj, where in found:
        try:
            out.append(_from_mapping(obj, origin, where, limits.max_bytes))
        except Exception as exc:
            out.append(Rejection(origin, where, "parse_error", f"could not be read ({_why(exc)})"))
    return out


_JSON_TOKEN = re.compile(rb'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)|[\[\]{}]', re.S)  # possessive: linear time


def _too_deep(data: bytes, limit: int) -> bool:
    """Whether a JSON text nests deeper than `limit` (strings skipped); cheap for ordinary rows."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    depth = 0
    for m in _JSON_TOKEN.finditer(data):
        c = m.group()[:1]
        if c in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif c in (b"]", b"}"):
            depth -= 1
    return False


def _one_document(head: bytes) -> bool:
    """Whether a .json file that opens with "{" is one (pretty-printed) object, not JSON Lines: its
    first line, whole in the head, is no JSON value by itself."""
    first, newline, _ = head.lstrip().partition(b"\n")
    if not newline:
        return False
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return True
    return False


def _lines(stream: io.BufferedReader, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) for each line; None for a line longer than `limit`, which is skipped unread."""
    n = 0
    while line := stream.readline(limit + 1):
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (more := stream.readline(BLOCK)) and not more.endswith(b"\n"):
                pass
            yield n, None
        else:
            yield n, line


# -- feeds ---------------------------------------------------------------------------------------
def _feed(data: bytes, origin: str, limits: Limits) -> Iterator[Item]:
    import feedparser  # imported here: only feeds need it

    try:
        parsed = feedparser.parse(io.BytesIO(data))  # bytes alone could be taken for a file name
        entries = list(parsed.entries)
    except Exception as exc:
        yield Rejection(origin, "", "parse_error", f"feed could not be read ({_why(exc)})")
        return
    if not entries:
        why = parsed.get("bozo_exception")
        detail = f"feed has no entries ({_clip(str(why), 120)})" if why else "feed has no entries"
        yield Rejection(origin, "", "parse_error", detail)
        return
    for n, entry in enumerate(entries, start=1):
        try:
            item = _feed_entry(entry, n, origin, limits.max_bytes)
        except Exception as exc:
            item = Rejection(origin, f"entry {n}", "parse_error", f"feed entry could not be read ({_why(exc)})")
        yield item


def _feed_entry(entry: Any, n: int, origin: str, max_bytes: int) -> Item:
    content = entry.get("content") or [{}]
    body = content[0].get("value") or entry.get("summary") or ""
    locator = _hint(str(entry.get("id") or entry.get("link") or f"entry {n}"), "url")
    if not isinstance(body, str) or not body.strip():
        return Rejection(origin, locator, "empty", "feed entry has no content or summary")
    data = body.encode("utf-8", errors="replace")
    if len(data) > max_bytes:
        return Rejection(origin, locator, "too_large", f"{len(data)} bytes > limit {max_bytes}")
    hints: dict[str, Any] = {"format": "html"}
    for key, value in (("title", entry.get("title")), ("url", entry.get("link")), ("author", entry.get("author"))):
        if isinstance(value, str) and value:
            hints[key] = _hint(value, key)
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        hints["published"] = time.strftime("%Y-%m-%dT%H:%M:%S", stamp)
    return RawRecord(data, origin, locator, hints)


# -- WARC ----------------------------------------------------------------------------------------
def _warc(stream: _Readable, origin: str, limits: Limits) -> Iterator[Item]:
    """Response records of a WARC (or ARC) file; gzip has been taken off already, by _Gunzip."""
    from warcio.exceptions import ArchiveLoadFailed

    records = _archive_iterator(stream, limits.max_header_line)
    n = given = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            if not given:
                yield Rejection(origin, "", "empty", "no HTML or text response records")
            return
        except ArchiveLoadFailed as exc:
            yield Rejection(origin, _after(n), "parse_error", f"WARC could not be read ({_warc_error(exc)})")
            return
        except _Refused:
            raise
        except Exception as exc:
            yield Rejection(origin, _after(n), "parse_error", f"WARC could not be read ({_why(exc)})")
            return
        n += 1
        uri = ""
        try:
            uri = _hint(record.rec_headers.get_header("WARC-Target-URI") or "", "url")
            item = _warc_item(record, origin, uri, limits.max_bytes)
        except _Refused:
            raise
        except Exception as exc:
            detail = f"WARC record could not be read ({_why(exc)})"
            item = Rejection(origin, uri or f"record {n}", "parse_error", detail)
        if item is not None:
            given += 1
            yield item


def _after(n: int) -> str:
    return f"record {n + 1}" if n else ""


def _warc_item(record: Any, origin: str, uri: str, max_bytes: int) -> Item | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype and not ctype.startswith(("text/html", "application/xhtml", "text/plain")):
        return None
    payload = _bounded(record.content_stream(), max_bytes)  # content_stream undoes Content-Encoding
    if payload is None:
        return Rejection(origin, uri, "too_large", f"WARC payload larger than {max_bytes} bytes")
    hints = {"format": "text" if ctype == "text/plain" else "html", "url": uri}
    crawled = record.rec_headers.get_header("WARC-Date")
    if crawled:
        hints["crawled"] = _hint(crawled, "crawled")
    return RawRecord(payload, origin, uri, hints)


class _Clipped(logging.Filter):
    """warcio's warnings quote what they found (a target URI of a megabyte): a line of it will do."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = _clip(record.getMessage(), 200), ()
        return True


def _archive_iterator(stream: _Readable, line_limit: int) -> Iterator[Any]:
    """warcio's ArchiveIterator on a plain (uncompressed) stream, with header lines bounded:
    warcio's own readline has no limit, so one 300 MB "line" would be held whole."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    warcio_log = logging.getLogger("warcio.recordloader")
    if not any(isinstance(f, _Clipped) for f in warcio_log.filters):
        warcio_log.addFilter(_Clipped())

    class Lines(DecompressingBufferedReader):  # type: ignore[misc]
        def readline(self, length: int | None = None) -> bytes:
            limit = min(length, line_limit) if length else line_limit
            parts: list[bytes] = []
            size = 0
            while size < limit:
                self._fillbuff()
                if self.empty():
                    break
                part = self.buff.readline(limit - size)
                parts.append(part)
                size += len(part)
                if part.endswith(b"\n"):
                    break
            line = b"".join(parts)
            if not length and size >= limit and not line.endswith(b"\n"):
                raise _Refused("parse_error", f"not a WARC file: a header line longer than {line_limit} bytes")
            return line

    class Quiet(ArchiveIterator):  # type: ignore[misc]
        INC_RECORD = ""  # warcio writes the line after a record of wrong length to stderr, raw: not here

    iterator = Quiet(stream)
    iterator.reader = Lines(iterator.fh, block_size=BLOCK, decomp_type=None)  # never decompress unseen
    return iter(iterator)


def _warc_error(exc: Exception) -> str:
    """warcio's messages quote the line they choke on: keep the words before it."""
    return _clip(re.split(r":| - ", str(exc), maxsplit=1)[0], 80)


# -- zip -----------------------------------------------------------------------------------------
_BUNDLES = ("[Content_Types].xml", "META-INF/MANIFEST.MF", "mimetype")  # Office, Java, OpenDocument/EPUB


def _zip(
    seekable: IO[bytes] | None,
    start: int | None,
    rest: _Readable,
    origin: str,
    limits: Limits,
    budget: _Budget,
    depth: int,
) -> Iterator[Item]:
    """Each member of a zip archive through expand; nothing is extracted to disk, so names are labels."""
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as spool:
        if seekable is not None and start is not None:
            source: IO[bytes] = seekable
            source.seek(start)
        else:  # a zip in a stream (stdin, a gzip, another zip) needs its end first: spool it
            _copy(rest, spool, budget.left)
            spool.seek(0)
            source = spool
        refusal = _zip_directory_refusal(source, limits)
        if refusal:
            yield Rejection(origin, "", "too_large", refusal)
            return
        try:
            archive = zipfile.ZipFile(source)
            members = archive.infolist()
        except Exception as exc:
            yield Rejection(origin, "", "parse_error", f"zip archive could not be read ({_why(exc)})")
            return
        with archive:
            names = {m.filename for m in members}
            if any(b in names for b in _BUNDLES):
                yield Rejection(origin, "", "unsupported", "an Office, OpenDocument, EPUB or Java archive")
                return
            if len(members) > limits.max_members:
                yield Rejection(origin, "", "too_large", f"more than {limits.max_members} archive members")
                return
            files = [m for m in members if not m.is_dir() and not _hidden_member(m.filename)]
            if not files:
                yield Rejection(origin, "", "empty", "the archive holds no files")
            for info in files:
                yield from _zip_member(archive, info, origin, limits, budget, depth)


def _zip_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, origin: str, limits: Limits, budget: _Budget, depth: int
) -> Iterator[Item]:
    where = f"{origin}!/{_clip(info.filename, 300)}"
    refusal = _member_refusal(info, limits, budget)
    if refusal:
        yield Rejection(where, "", *refusal)
        return
    try:
        fh = archive.open(info)
    except NotImplementedError as exc:
        yield Rejection(where, "", "unsupported", f"archive member could not be opened ({_why(exc)})")
        return
    except Exception as exc:
        yield Rejection(where, "", "parse_error", f"archive member could not be opened ({_why(exc)})")
        return
    with fh:
        guard = _Guard(fh, lambda: info.compress_size, budget, limits, "archive member")
        yield from _expand(guard, info.filename, where, info.file_size, {}, limits, budget, depth + 1)


def _member_refusal(info: zipfile.ZipInfo, limits: Limits, budget: _Budget) -> tuple[str, str] | None:
    """Refuse a member on what the archive declares of it (zipfile never gives more than file_size)."""
    if info.flag_bits & 0x1:
        return "unsupported", "an encrypted archive member"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "unsupported", "a symbolic link in the archive"
    if info.file_size > budget.left:
        return "too_large", f"archive member of {info.file_size} bytes: the input may expand to {budget.limit}"
    if info.file_size > limits.ratio_grace and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return "too_large", f"decompression bomb: expands more than {limits.max_ratio} times"
    return None


def _zip_directory_refusal(source: IO[bytes], limits: Limits) -> str | None:
    """Read the end record before zipfile does: a table of a million members is refused unparsed."""
    try:
        end = source.seek(0, io.SEEK_END)
        source.seek(max(0, end - (66 << 10)))
        tail = source.read()
    except OSError:
        return None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None  # not found: zipfile says what is wrong
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    size = int.from_bytes(tail[at + 12 : at + 16], "little")
    locator = tail.rfind(b"PK\x06\x07", 0, at)
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0:  # zip64: the real counts are elsewhere
        try:
            source.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
            record = source.read(56)
        except (OSError, ValueError):
            return None
        if record[:4] == b"PK\x06\x06":
            entries = int.from_bytes(record[32:40], "little")
            size = int.from_bytes(record[40:48], "little")
    if entries > limits.max_members:
        return f"more than {limits.max_members} archive members"
    if size > limits.max_central_directory:
        return f"archive table of contents larger than {limits.max_central_directory} bytes"
    return None


def _hidden_member(filename: str) -> bool:
    """Skipped as a folder's hidden files are: .DS_Store, __MACOSX/._page.html."""
    parts = filename.replace("\\", "/").split("/")
    return any((p.startswith(".") and p not in (".", "..")) or p == "__MACOSX" for p in parts)


# -- streams -------------------------------------------------------------------------------------
class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _read_head(stream: _Readable) -> tuple[bytes, _Refused | None]:
    """The first 8 kB (a pipe may give less at a time), and the refusal that cut them short: to be
    raised once what came before it has been read (a truncated WARC keeps its first records)."""
    head = b""
    try:
        while len(head) < 8192 and (more := stream.read(8192 - len(head))):
            head += more
    except _Refused as exc:
        if not head:
            raise
        return head, exc
    return head, None


def _seekable(stream: _Readable) -> IO[bytes] | None:
    """The stream itself when it can seek (a file, bytes in memory: a zip is read from its end)."""
    try:
        if isinstance(stream, io.IOBase) and stream.seekable():
            stream.tell()
            return stream  # type: ignore[return-value]
    except (OSError, ValueError):
        pass
    return None


def _bounded(stream: _Readable, limit: int) -> bytes | None:
    """Read at most `limit` bytes; None when there is more."""
    parts: list[bytes] = []
    size = 0
    while size <= limit and (chunk := stream.read(min(BLOCK, limit + 1 - size))):
        parts.append(chunk)
        size += len(chunk)
    return None if size > limit else b"".join(parts)


def _copy(source: _Readable, target: IO[bytes], limit: int) -> None:
    copied = 0
    while chunk := source.read(BLOCK):
        copied += len(chunk)
        if copied > limit:
            raise _Refused("too_large", "archive larger than what one input may expand to", fatal=True)
        target.write(chunk)


class _Rewound(io.RawIOBase):
    """A stream whose first bytes were already read for sniffing."""

    def __init__(self, head: bytes, rest: _Readable, fault: Exception | None = None) -> None:
        self._head = head
        self._rest = rest
        self._fault = fault

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        if self._fault is not None:
            raise self._fault
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Gunzip(io.RawIOBase):
    """gzip, every member, streamed, with `consumed`: the compressed bytes used so far (exact,
    which GzipFile cannot tell). Trailing zeros or garbage after the last member are ignored, as
    gzip(1) does; a stream that ends inside a member is truncated."""

    def __init__(self, source: _Readable) -> None:
        self._source = source
        self._inflate: Any = None
        self._pending = b""
        self._done = False
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._done:
            if not self._pending:
                self._pending = self._source.read(BLOCK)
                if not self._pending:
                    if self._inflate is not None:
                        raise EOFError("the gzip data ends inside a member (truncated)")
                    self._done = True
                    break
            if self._inflate is None:  # between members
                self._pending = self._pending.lstrip(b"\x00")
                if len(self._pending) == 1 and self._pending == b"\x1f":
                    self._pending += self._source.read(1)
                if not self._pending:
                    continue
                if not self._pending.startswith(b"\x1f\x8b"):
                    self._done = True  # trailing garbage
                    break
                self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            before = len(self._pending)
            data = self._inflate.decompress(self._pending, len(buffer))
            ended = self._inflate.eof
            self._pending = self._inflate.unused_data if ended else self._inflate.unconsumed_tail
            self.consumed += before - len(self._pending)
            if ended:
                self._inflate = None
            elif not data and len(self._pending) == before:
                raise ValueError("the gzip data makes no progress")
            if data:
                buffer[: len(data)] = data
                return len(data)
        return 0


class _Guard(io.RawIOBase):
    """What a decompressor gives, counted: against the input's budget (fatal) and against the
    compressed bytes it took (`compressed()`), past a grace; its errors become a refusal."""

    def __init__(
        self, source: _Readable, compressed: Callable[[], int], budget: _Budget, limits: Limits, what: str
    ) -> None:
        self._source = source
        self._compressed = compressed
        self._budget = budget
        self._limits = limits
        self._what = what
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._source.read(len(buffer))
        except _Refused:
            raise
        except Exception as exc:  # zlib.error, EOFError, zipfile.BadZipFile (CRC), lzma.LZMAError, OSError
            raise _Refused("parse_error", f"{self._what} is truncated or corrupt ({_why(exc)})") from None
        n = len(data)
        self.given += n
        self._budget.used += n
        limits = self._limits
        if self._budget.used > self._budget.limit:
            raise _Refused("too_large", f"expands to more than {self._budget.limit} bytes", fatal=True)
        if self.given > limits.ratio_grace and self.given > limits.max_ratio * max(self._compressed(), 1):
            raise _Refused("too_large", f"decompression bomb: expands more than {limits.max_ratio} times")
        buffer[:n] = data
        return n


class _Transcoded(io.RawIOBase):
    """UTF-16 in, UTF-8 out (undecodable units replaced), streamed; the BOM is dropped."""

    def __init__(self, source: _Readable, encoding: str) -> None:
        self._source = source
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._out = b""
        self._done = False
        self._first = True

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._out and not self._done:
            raw = self._source.read(BLOCK)
            self._done = not raw
            text = self._decoder.decode(raw, final=self._done)
            if self._first and text:
                text, self._first = text.removeprefix("\ufeff"), False
            self._out = text.encode("utf-8", errors="replace")
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n


# -- details -------------------------------------------------------------------------------------
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
)


def _what_binary(head: bytes) -> str:
    if len(head) > 262 and head[257:262] == b"ustar":
        return "a tar archive"
    return next((what for magic, what in _MAGIC if head.startswith(magic)), "NUL bytes or control characters")


def _clip(text: str, limit: int) -> str:
    """A message fit for a rejection: printable, one line, bounded."""
    text = "".join(c if c.isprintable() else " " for c in text[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {_clip(str(exc), 100)}" if str(exc) else type(exc).__name__
