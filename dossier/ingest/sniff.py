"""Guess what a blob of bytes is from its first few kilobytes."""

from __future__ import annotations

import re

MAGIC_BINARY = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"\x7fELF",
    b"MZ",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\x00\x00\x01\x00",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\xff\xfe\x00\x00",  # UTF-32 (little-endian BOM): not read
    b"\x00\x00\xfe\xff",
)
MAGIC_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a member first, or an empty archive
KINDS = ("empty", "gzip", "zip", "warc", "binary", "jsonl", "json", "feed", "html", "text")
_HTML = re.compile(rb"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<(p|div|article)[\s>]", re.I)
_FEED = re.compile(rb"<rss[\s>]|<feed[\s>][^>]*|<rdf:RDF", re.I)


def sniff(head: bytes, name: str = "") -> str:
    """Return one of KINDS: empty, gzip, zip, warc, binary, jsonl, json, feed, html, text."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lname = name.lower()
    if not stripped:
        return "empty"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(MAGIC_ZIP):
        return "zip"
    if stripped.startswith(b"WARC/"):
        return "warc"
    if head.startswith(MAGIC_BINARY) or _looks_binary(head):
        return "binary"
    if stripped[:1] == b"{" or lname.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if stripped[:1] == b"[" and lname.endswith(".json"):
        return "json"
    if _FEED.search(head[:4096]) and not re.search(rb"<html[\s>]", head[:4096], re.I):
        return "feed"
    if _HTML.search(head[:8192]) or lname.endswith((".html", ".htm")):
        return "html"
    return "text"


def utf16_encoding(head: bytes) -> str | None:
    """The codec for UTF-16 text: "utf-16" after a byte-order mark; "utf-16-le" or "utf-16-be"
    when there is none but the zero bytes of ASCII characters fall on every other byte."""
    if head.startswith(MAGIC_BINARY) or head.startswith((b"\x1f\x8b", *MAGIC_ZIP)):
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[: 4096 & ~1]
    if len(sample) < 32:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd >= 0.1 and zeros_even <= 0.01:
        return "utf-16-le"
    if zeros_even >= 0.1 and zeros_odd <= 0.01:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    sample = head[:8192]
    if b"\x00" in sample and not _is_utf16(sample):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def _is_utf16(sample: bytes) -> bool:
    return sample.startswith((b"\xff\xfe", b"\xfe\xff"))
