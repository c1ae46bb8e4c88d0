"""Guess what a blob of bytes is from its first few kilobytes."""

from __future__ import annotations

import re

MAGIC_BINARY = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"MZ",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\x00\x00\x01\x00",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
)
_HTML = re.compile(rb"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<(p|div|article)[\s>]", re.I)
_FEED = re.compile(rb"<rss[\s>]|<feed[\s>][^>]*|<rdf:RDF", re.I)


def sniff(head: bytes, name: str = "") -> str:
    """Return one of: empty, gzip, warc, binary, jsonl, json, feed, html, text."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lname = name.lower()
    if not stripped:
        return "empty"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
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


def _looks_binary(head: bytes) -> bool:
    sample = head[:8192]
    if b"\x00" in sample and not _is_utf16(sample):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def _is_utf16(sample: bytes) -> bool:
    return sample.startswith((b"\xff\xfe", b"\xfe\xff"))
