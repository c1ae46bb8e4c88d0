"""Open containers (JSON Lines, JSON arrays, feeds, WARC) into one raw record per item."""

from __future__ import annotations

import gzip
import io
import json
import time
from collections.abc import Iterator
from typing import IO, Any, Protocol

from dossier.ingest.sniff import sniff
from dossier.model import RawRecord, Rejection

Item = RawRecord | Rejection

TEXT_FIELDS = ("text", "body", "content", "article", "full_text")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "published_at", "pubdate", "datetime")


def expand(
    stream: IO[bytes], name: str, size: int | None, max_bytes: int, hints: dict[str, Any] | None = None
) -> Iterator[Item]:
    """Yield the records inside one input stream, whatever its format; `hints` describe a fetched page."""
    head = stream.read(8192)
    kind = sniff(head, name)
    rest = io.BufferedReader(_Rewound(head, stream), buffer_size=1 << 16)
    if kind == "empty":
        yield Rejection(name, "", "empty", "the input has no content")
    elif kind == "binary":
        yield Rejection(name, "", "binary", f"binary data (starts {head[:8]!r}), not text or HTML")
    elif kind == "warc" or (kind == "gzip" and name.lower().endswith((".warc.gz", ".arc.gz"))):
        yield from _warc(rest, name, max_bytes)
    elif kind == "gzip":
        data = _bounded(gzip.GzipFile(fileobj=rest), max_bytes * 4)
        if data is None:
            yield Rejection(name, "", "too_large", f"decompressed size exceeds {max_bytes * 4} bytes")
        else:
            inner = name[:-3] if name.endswith(".gz") else name
            yield from expand(io.BytesIO(data), inner, len(data), max_bytes, hints)
    elif kind == "jsonl":
        yield from _jsonl(rest, name, max_bytes)
    elif kind == "json":
        yield from _json_array(rest, name, max_bytes)
    elif kind == "feed":
        data = _bounded(rest, max_bytes)
        if data is None:
            yield Rejection(name, "", "too_large", f"feed larger than {max_bytes} bytes")
        else:
            yield from _feed(data, name)
    else:
        if size is not None and size > max_bytes:
            yield Rejection(name, "", "too_large", f"{size} bytes > limit {max_bytes} (raise --max-bytes)")
            return
        data = _bounded(rest, max_bytes)
        if data is None:
            yield Rejection(name, "", "too_large", f"more than {max_bytes} bytes (raise --max-bytes)")
        else:
            yield RawRecord(data, name, "", {**(hints or {}), "format": kind})


def _from_mapping(obj: Any, name: str, locator: str, max_bytes: int) -> Item:
    if not isinstance(obj, dict):
        return Rejection(name, locator, "parse_error", f"expected a JSON object, got {type(obj).__name__}")
    text = next((obj[f] for f in TEXT_FIELDS if isinstance(obj.get(f), str) and obj[f].strip()), None)
    if text is None:
        return Rejection(name, locator, "empty", f"no text field ({', '.join(TEXT_FIELDS)})")
    data = text.encode("utf-8")
    if len(data) > max_bytes:
        return Rejection(name, locator, "too_large", f"{len(data)} bytes > limit {max_bytes}")
    hints: dict[str, Any] = {"format": "html" if sniff(data[:8192]) == "html" else "text"}
    for key, fields in (("title", TITLE_FIELDS), ("published", DATE_FIELDS)):
        value = next((obj[f] for f in fields if isinstance(obj.get(f), str) and obj[f].strip()), None)
        if value:
            hints[key] = value.strip()
    for key in ("url", "author", "id", "source"):
        if isinstance(obj.get(key), str) and obj[key]:
            hints[key] = obj[key]
    crawled = obj.get("retrieved_at") or obj.get("scraped_on")
    if isinstance(crawled, str) and crawled:
        hints["crawled"] = crawled
    origin = f"{name}#{hints['id']}" if "id" in hints else name
    return RawRecord(data, origin, locator, hints)


def _jsonl(stream: IO[bytes], name: str, max_bytes: int) -> Iterator[Item]:
    for n, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            yield Rejection(name, f"line {n}", "parse_error", f"invalid JSON: {exc}")
            continue
        yield _from_mapping(obj, name, f"line {n}", max_bytes)


def _json_array(stream: IO[bytes], name: str, max_bytes: int) -> Iterator[Item]:
    try:
        items = json.load(stream)
    except (ValueError, UnicodeDecodeError) as exc:
        yield Rejection(name, "", "parse_error", f"invalid JSON: {exc}")
        return
    for n, obj in enumerate(items if isinstance(items, list) else [items], start=1):
        yield _from_mapping(obj, name, f"item {n}", max_bytes)


def _feed(data: bytes, name: str) -> Iterator[Item]:
    import feedparser  # imported here: only feeds need it

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception", "no entries"))
        yield Rejection(name, "", "parse_error", f"feed has no entries ({reason})")
        return
    for n, entry in enumerate(parsed.entries, start=1):
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary") or ""
        locator = entry.get("id") or entry.get("link") or f"entry {n}"
        if not body.strip():
            yield Rejection(name, locator, "empty", "feed entry has no content or summary")
            continue
        hints: dict[str, Any] = {"format": "html", "title": entry.get("title"), "url": entry.get("link")}
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            hints["published"] = time.strftime("%Y-%m-%dT%H:%M:%S", stamp)
        if entry.get("author"):
            hints["author"] = entry["author"]
        yield RawRecord(body.encode("utf-8"), name, str(locator), {k: v for k, v in hints.items() if v})


def _warc(stream: IO[bytes], name: str, max_bytes: int) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(("text/html", "application/xhtml", "text/plain")):
                continue
            payload = _bounded(record.content_stream(), max_bytes)
            if payload is None:
                yield Rejection(name, uri, "too_large", f"WARC payload larger than {max_bytes} bytes")
                continue
            hints = {
                "format": "text" if ctype == "text/plain" else "html",
                "url": uri,
                "crawled": record.rec_headers.get_header("WARC-Date"),
            }
            yield RawRecord(payload, name, uri, hints)
    except ArchiveLoadFailed as exc:
        yield Rejection(name, "", "parse_error", f"WARC could not be read: {exc}")


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _bounded(stream: _Readable, limit: int) -> bytes | None:
    """Read at most `limit` bytes; None when there is more."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else bytes(data)


class _Rewound(io.RawIOBase):
    """A stream whose first bytes were already read for sniffing; wrap it in a BufferedReader."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
