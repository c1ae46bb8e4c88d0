"""Properties of the readers and cleaners on any input (hypothesis): they give their kind of value,
or their kind of refusal, and never raise. Example counts are kept small: the file runs in seconds."""

from __future__ import annotations

import gzip
import io
import json
import warnings
import zipfile
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.clean.dates import parse_date
from dossier.clean.decode import DecodeFailure, decode
from dossier.clean.html import extract_html
from dossier.clean.normalize import normalize
from dossier.clean.page import assemble
from dossier.clean.split import split_page
from dossier.ingest.containers import Limits, expand
from dossier.ingest.sniff import KINDS, sniff, utf16_encoding
from dossier.model import Document, RawRecord, Rejection
from dossier.pipeline import process

FEW = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
LIMITS = Limits(max_bytes=4096, max_expanded=1 << 20, ratio_grace=4096)  # small, to reach every limit

NAMES = st.tuples(
    st.text(max_size=12),
    st.sampled_from(["", ".txt", ".html", ".jsonl", ".json", ".xml", ".warc", ".warc.gz", ".gz", ".zip", ".arc"]),
).map("".join)
WORDS = st.sampled_from(
    "the police said two men were killed in an attack on a market QUETTA: Updated By Reuters "
    '<p> </p> <div> <br> { } [ ] " \\ \n \r\n \t \x00 \ufeff \u202e é ü 😀 '.split(" ")
)
CHARSETS = ["utf-16", "cp1252", "utf-8\x00", "undefined", "utf-7", "unicode_escape", "rot13", "base64", "idna"]
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=80).map(" ".join))


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # duplicate names: allowed, and wanted
        for name, data in members:
            zf.writestr(name or "x", data)
    return buf.getvalue()


def _jsonish(value: Any) -> bytes:
    return json.dumps(value).encode()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["text", "title", "id", "x"]), inner),
    max_leaves=20,
)
FRAGMENTS = st.one_of(
    st.binary(max_size=600),
    TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(JSON.map(_jsonish), max_size=5).map(b"\n".join),
    st.binary(max_size=400).map(lambda b: b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n" + b),
    st.binary(max_size=400).map(lambda b: b'<rss version="2.0"><channel><item><description>' + b),
    st.binary(max_size=300).map(lambda b: b"\xff\xfe" + b),
)
BLOBS = st.one_of(
    FRAGMENTS,
    FRAGMENTS.map(lambda b: gzip.compress(b, mtime=0)),
    st.tuples(FRAGMENTS, st.integers(0, 200)).map(lambda t: gzip.compress(t[0], mtime=0)[: t[1]]),
    st.lists(st.tuples(NAMES, FRAGMENTS), max_size=3).map(_zip),
    st.tuples(st.lists(st.tuples(NAMES, FRAGMENTS), max_size=3), st.integers(0, 400)).map(lambda t: _zip(t[0])[: t[1]]),
    st.tuples(st.binary(min_size=1, max_size=64), st.integers(1, 2000)).map(lambda t: gzip.compress(t[0] * t[1])),
)


@SOME
@given(st.binary(max_size=9000), NAMES)
def test_sniff_names_a_kind_for_any_bytes(head: bytes, name: str) -> None:
    assert sniff(head, name) in KINDS
    assert utf16_encoding(head) in (None, "utf-16", "utf-16-le", "utf-16-be")


@SOME
@given(BLOBS, NAMES)
def test_expand_gives_records_or_rejections_for_any_input(data: bytes, name: str) -> None:
    for item in expand(io.BytesIO(data), name, len(data), LIMITS.max_bytes, limits=LIMITS):
        assert isinstance(item, RawRecord | Rejection)
        if isinstance(item, RawRecord):
            assert len(item.data) <= LIMITS.max_bytes and item.origin.startswith(name)
            assert item.hints.get("format") in ("html", "text", "feed", "json")
        else:
            assert item.reason and len(item.detail) <= 200 and item.detail.isprintable()


@SOME
@given(
    st.one_of(st.binary(max_size=2000), st.sampled_from([b"\\ud800 x", b"+2AA- x", b"\\N{x", b"caf\xe9 \xff"])),
    st.one_of(st.none(), st.text(max_size=12), st.sampled_from(CHARSETS)),
)
def test_decode_gives_text_or_refuses(data: bytes, declared: str | None) -> None:
    try:
        text, encoding = decode(data, declared)
    except DecodeFailure as exc:
        assert exc.reason == "undecodable"
        return
    assert isinstance(text, str) and encoding
    text.encode("utf-8")  # no lone surrogates: the store must be able to write it


@SOME
@given(TEXTS)
def test_normalize_gives_clean_lines(text: str) -> None:
    out = normalize(text)
    assert "\r" not in out and "\x00" not in out and "\t" not in out
    assert all(line == line.strip() and "  " not in line for line in out.split("\n"))


@FEW
@given(st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=120).map(" ".join)))
def test_the_html_extractor_gives_text_or_nothing(html: str) -> None:
    page = extract_html(html)
    assert page is None or (page.text.strip() and page.method in ("trafilatura", "baseline", "fragment"))


LINES = st.sampled_from(["", "By Staff Reporter", "QUETTA, Jan 3: Two men died.", "Updated 2h ago", "March 3, 2024"])
DATES = st.one_of(st.none(), TEXTS, st.sampled_from(["²²²²-01-01", "0000-00-00", "9999-12-31T23:59", "٢٠٢٤-01-02"]))


@SOME
@given(st.lists(st.one_of(TEXTS, LINES)), st.one_of(st.none(), TEXTS), DATES, st.booleans())
def test_split_and_assemble_keep_offsets_inside_the_text(
    lines: list[str], title: str | None, published: str | None, single: bool
) -> None:
    text = normalize("\n".join(lines))
    split = split_page(text, single_story=single)
    for story in split.stories:
        assert all(0 <= i < len(split.lines) for i in story.body + story.header)
    doc_text, articles = assemble(split, title, published)
    for a in articles:
        assert 0 <= a.start <= a.body_start <= a.body_end <= a.end <= len(doc_text)


@SOME
@given(TEXTS, st.one_of(st.none(), st.integers(-5, 10_000)))
def test_parse_date_gives_an_iso_date_or_none(text: str, year: int | None) -> None:
    out = parse_date(text, year)
    assert out is None or (len(out) == 10 and out[4] == "-" and out[7] == "-")


@FEW
@given(BLOBS, NAMES)
def test_the_pipeline_gives_a_document_or_a_rejection(data: bytes, name: str) -> None:
    for item in expand(io.BytesIO(data), name, len(data), LIMITS.max_bytes, limits=LIMITS):
        if isinstance(item, RawRecord):
            result = process(item, extract=False)
            assert isinstance(result, Document | Rejection)
