"""A corpus of hostile inputs for ingest: each case is a file (or folder, link, FIFO, socket) written
into a folder, with what one ingest of that folder must make of it, record by record.

    cases = write_corpus(folder)  # every case written; the list says what each must give

Each outcome is "stored" (a new document) or the reason of a rejection, in the order the input's
records come. Bombs are real: a .warc.gz of 300 MB of zeros in 300 kB, a zip member that declares
100 MB. Used by tests/test_hostile_inputs.py and by benchmarks/fuzz_ingest.py and hostile_rss.py.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import socket
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MAX_BYTES = 2 * 1024 * 1024  # the limit the corpus is written for (the default of --max-bytes)
STORY = (
    "QUETTA: Two policemen were killed and three others injured when unidentified gunmen opened fire on "
    "their patrol van near the city's main market on Sunday, officials said. The attackers fled on "
    "motorcycles after the attack, and a search operation was launched in the area. No group has claimed "
    "responsibility for the attack so far, police said."
)


def story(tag: str) -> str:
    """A short English news story, different for each tag (a stored document is stored once)."""
    return f"{STORY} The {tag} case was reported by the district police officer on Monday morning."


def page(tag: str, head: str = "", body_extra: str = "") -> str:
    return (
        f"<html><head><title>Police van attacked in Quetta ({tag})</title>{head}</head><body>"
        f"<nav>Home | World | Sports</nav><article><h1>Police van attacked in Quetta</h1>"
        f"<p>{story(tag)}</p><p>{story(tag + ' second')}</p></article>{body_extra}</body></html>"
    )


@dataclass(frozen=True)
class Case:
    name: str  # path in the corpus folder
    expect: tuple[str, ...]  # each record's outcome, in order: "stored" or a rejection reason
    what: str  # what is hostile about it
    write: Callable[[Path], None]  # writes the case at this path
    direct: bool = False  # named on the command line (after the folder), not found by walking it


CASES: list[Case] = []


def case(name: str, *expect: str, direct: bool = False) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(write: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES.append(Case(name, expect, (write.__doc__ or "").strip(), write, direct))
        return write

    return register


def data_case(name: str, data: bytes, what: str, *expect: str) -> None:
    CASES.append(Case(name, expect, what, lambda p: p.write_bytes(data)))


# -- bombs and compressed data -------------------------------------------------------------------
@cache
def zeros_gzip(megabytes: int) -> bytes:
    """gzip of `megabytes` MiB of zeros, ~1 kB a MiB: one member of 1 MiB, repeated (gzip allows it)."""
    return gzip.compress(bytes(1 << 20), 9, mtime=0) * megabytes


@cache
def text_gzip(megabytes: int) -> bytes:
    """gzip of `megabytes` MiB of the letter a: text at a glance, a bomb all the same."""
    return gzip.compress(b"a" * (1 << 20), 9, mtime=0) * megabytes


@cache
def zeros_deflate(megabytes: int) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1 << 20)
    return b"".join(squeeze.compress(block) for _ in range(megabytes)) + squeeze.flush()


def zip_bytes(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, (2024, 7, 7, 10, 0, 0)), data, method)
    return buf.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    """One member of `megabytes` MiB of zeros, written raw so that its sizes are the real ones."""
    deflated = zeros_deflate(megabytes)
    size = megabytes << 20
    crc = zlib.crc32(bytes(1 << 20))
    for _ in range(megabytes - 1):
        crc = zlib.crc32(bytes(1 << 20), crc)
    name = b"zeros.txt"
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x58E7, crc, len(deflated), size, len(name), 0)
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x58E7, crc, len(deflated), size, len(name), 0, 0, 0, 0,
        0, 0,
    )  # fmt: skip
    body = local + name + deflated
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(name), len(body), 0)
    return body + central + name + end


def patch_member(data: bytes, *, flags: int | None = None, method: int | None = None, size: int | None = None) -> bytes:
    """Rewrite the headers of every member (local and central): flag bits, method, uncompressed size."""
    out = bytearray(data)
    for sig, at_flags, at_method, at_size in ((b"PK\x03\x04", 6, 8, 22), (b"PK\x01\x02", 8, 10, 24)):
        i = out.find(sig)
        while i >= 0:
            if flags is not None:
                out[i + at_flags : i + at_flags + 2] = struct.pack("<H", flags)
            if method is not None:
                out[i + at_method : i + at_method + 2] = struct.pack("<H", method)
            if size is not None:
                out[i + at_size : i + at_size + 4] = struct.pack("<I", size)
            i = out.find(sig, i + 4)
    return bytes(out)


def warc_bytes(records: list[tuple[str, str, bytes, list[tuple[str, str]]]], gz: bool) -> bytes:
    """Response records (uri, content type, payload, more HTTP headers)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, ctype, payload, extra in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(record)
    return buf.getvalue()


def html_record(tag: str) -> tuple[str, str, bytes, list[tuple[str, str]]]:
    return (f"https://example.com/{tag.replace(' ', '-')}", "text/html; charset=utf-8", page(tag).encode(), [])


# -- encodings -----------------------------------------------------------------------------------
data_case("plain.txt", story("plain").encode(), "an ordinary story: the control", "stored")
data_case("utf8_bom.txt", b"\xef\xbb\xbf" + story("utf-8 BOM").encode(), "UTF-8 with a byte-order mark", "stored")
data_case("utf16le_bom.txt", story("UTF-16LE BOM").encode("utf-16"), "UTF-16 with a BOM", "stored")
data_case(
    "utf16be_bom.txt", b"\xfe\xff" + story("UTF-16BE BOM").encode("utf-16-be"), "UTF-16 big-endian, BOM", "stored"
)
data_case("utf16le_nobom.txt", story("UTF-16LE bare").encode("utf-16-le"), "UTF-16 without a BOM", "stored")
data_case(
    "utf16be_nobom.html", page("UTF-16BE bare").encode("utf-16-be"), "an HTML page in BOM-less UTF-16BE", "stored"
)
data_case(
    "utf16.jsonl",
    "\n".join(json.dumps({"text": story(f"UTF-16 row {i}")}) for i in (1, 2)).encode("utf-16"),
    "JSON Lines in UTF-16 (what PowerShell writes)",
    "stored",
    "stored",
)
data_case("utf32.txt", story("UTF-32").encode("utf-32"), "UTF-32 (not read)", "binary")
data_case("latin1.txt", ("Café owners said " + story("latin-1")).encode("latin-1"), "latin-1", "stored")
data_case(
    "cp1252.txt",
    ("\u201cWe heard shots,\u201d a shopkeeper said. " + story("cp1252")).encode("cp1252"),
    "cp1252",
    "stored",
)
data_case(
    "invalid_utf8.txt",
    story("invalid UTF-8").encode().replace(b" the ", b" the \xc3\x28 ", 2),
    "invalid UTF-8 sequences in the middle",
    "stored",
)
data_case(
    "mixed_encodings.txt",
    story("mixed half").encode() + " Le café était fermé. ".encode("latin-1") + story("mixed other").encode(),
    "UTF-8 and latin-1 in one file",
    "stored",
)
data_case(
    "mojibake.txt", ("Caf\u00c3\u00a9 owners said " + story("mojibake")).encode(), "UTF-8 read as latin-1", "stored"
)
data_case(
    "urdu.txt",
    ("کراچی میں نامعلوم مسلح افراد نے پولیس وین پر فائرنگ کی جس کے نتیجے میں دو اہلکار جاں بحق ہو گئے۔ " * 6).encode(),
    "right-to-left script, not English",
    "not_english",
)
data_case(
    "rtl_overrides.txt",
    ("\u202e" + story("RTL override") + "\u202c \u200f").encode(),
    "bidirectional override characters around English",
    "stored",
)
data_case(
    "emoji.txt",
    story("emoji").replace(" ", " \U0001f4a5 ", 12).encode() + "👮‍♂️🇵🇰".encode(),
    "emoji, ZWJ sequences and flags",
    "stored",
)
data_case(
    "zalgo.txt",
    "".join(c + "\u0301\u0316\u0337" if c.isalpha() else c for c in story("combining")).encode(),
    "three combining marks on every letter (read as Yoruba)",
    "not_english",
)
data_case(
    "zero_width.txt",
    story("zero width").replace("o", "o\u200b").replace("e", "\ufeffe").encode(),
    "zero-width spaces and BOMs inside words",
    "stored",
)
data_case(
    "shift_jis.txt",
    ("クエッタで警察車両が襲撃され、警察官二人が死亡した。" * 8).encode("shift_jis"),
    "Japanese in Shift JIS",
    "not_english",
)

# -- control characters, NUL, empty --------------------------------------------------------------
data_case("nul_bytes.txt", story("NUL").replace(" ", "\x00 ", 5).encode(), "NUL bytes in the text", "binary")
data_case(
    "nul_late.txt",
    story("late NUL").encode() + b" " * 9000 + b"\x00\x00\x00 more text follows the zeros here.",
    "NUL bytes past the sniffed head",
    "stored",
)
data_case("controls.txt", bytes(range(1, 9)) * 200 + story("controls").encode(), "control characters", "binary")
data_case(
    "few_controls.txt",
    story("few controls").replace(" the ", " the \x07\x08 ", 3).encode(),
    "a few control characters",
    "stored",
)
data_case("ansi.txt", b"\x1b[31m" + story("ANSI").encode() + b"\x1b[0m", "terminal escape sequences", "stored")
data_case("empty.txt", b"", "zero bytes", "empty")
data_case("whitespace.txt", b" \t\r\n" * 1000, "only white space", "empty")
data_case("bom_only.txt", b"\xef\xbb\xbf", "only a byte-order mark", "empty")
data_case("one_byte.txt", b"x", "one byte", "too_short")
data_case("blank_lines.jsonl", b"\n\n \n", "JSON Lines with no rows", "empty")
data_case("empty_array.json", b"[]", "an empty JSON array", "empty")

# -- binary with text names ----------------------------------------------------------------------
data_case("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "a PNG named .html", "binary")
data_case("document.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8, "a PDF named .txt", "binary")
data_case("program.jsonl", b"\x7fELF\x02\x01\x01" + bytes(2000), "an executable named .jsonl", "binary")
data_case("random.txt", bytes((i * 7919 + 13) % 256 for i in range(20000)), "pseudo-random bytes", "binary")
data_case("archive.xz.txt", b"\xfd7zXZ\x00\x00" + bytes(range(256)) * 4, "xz data named .txt", "binary")


@case("tarball.txt", "binary")
def _tar(path: Path) -> None:
    """a tar archive named .txt"""
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        data = story("tar").encode()
        info = tarfile.TarInfo("story.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    path.write_bytes(buf.getvalue())


# -- truncated -----------------------------------------------------------------------------------
_gz_story = gzip.compress(story("truncated gzip").encode() * 20, mtime=0)
data_case("truncated.txt.gz", _gz_story[: len(_gz_story) // 2], "gzip cut in half", "parse_error")
data_case("corrupt.txt.gz", _gz_story[:20] + bytes(40) + _gz_story[60:], "gzip with a damaged block", "parse_error")
data_case(
    "garbage_after.txt.gz",
    gzip.compress(story("trailing garbage").encode(), mtime=0) + b"trailing garbage after the member",
    "gzip with garbage after the last member (ignored, as gzip does)",
    "stored",
)
data_case(
    "two_members.txt.gz",
    gzip.compress(story("member one").encode(), mtime=0) + gzip.compress(b" " + story("member two").encode(), mtime=0),
    "two gzip members: one document",
    "stored",
)
_warc2 = warc_bytes([html_record("warc first"), html_record("warc second")], gz=True)
data_case(
    "truncated.warc.gz", _warc2[: len(_warc2) - 200], "WARC.gz cut inside its second record", "stored", "parse_error"
)
_warc2_plain = warc_bytes([html_record("plain warc first"), html_record("plain warc second")], gz=False)
_cut = _warc2_plain.rindex(b"WARC/1") + 40
data_case(
    "truncated.warc",
    _warc2_plain[:_cut],
    "plain WARC cut inside the headers of its second record",
    "stored",
    "parse_error",
)
_zip_ok = zip_bytes([("a.html", page("zip truncated").encode())])
data_case("truncated.zip", _zip_ok[: len(_zip_ok) // 2], "zip without its table of contents", "parse_error")


@case("damaged_member.zip", "parse_error", "stored")
def _damaged_member(path: Path) -> None:
    """a zip whose first member's data is damaged (the second is whole)"""
    data = bytearray(zip_bytes([("a.txt", story("damaged").encode() * 5), ("b.txt", story("undamaged").encode())]))
    start = data.find(b"a.txt") + 5
    data[start + 10 : start + 30] = bytes(20)
    path.write_bytes(bytes(data))


_json_rows = [json.dumps({"id": f"t{i}", "text": story(f"truncated JSON {i}")}) for i in (1, 2)]
data_case("truncated.json", ("[" + ",".join(_json_rows))[:-30].encode(), "a JSON array cut off", "parse_error")
data_case(
    "truncated.jsonl",
    ("\n".join(_json_rows))[:-30].encode(),
    "JSON Lines whose last row is cut",
    "stored",
    "parse_error",
)
data_case("truncated.html", page("truncated HTML")[:-120].encode(), "an HTML page cut mid-paragraph", "stored")
_feed_items = "".join(
    f"<item><title>Story {i}</title><link>https://example.com/f{i}</link>"
    f"<description><![CDATA[<p>{story(f'feed item {i}')}</p>]]></description></item>"
    for i in (1, 2)
)
_feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>{_feed_items}</channel></rss>'
data_case(
    "truncated_feed.xml", _feed[: _feed.rindex("<item>") + 60].encode(), "RSS cut inside an item", "stored", "empty"
)

# -- bombs ---------------------------------------------------------------------------------------
data_case(
    "bomb.warc.gz", zeros_gzip(300), "300 MB of zeros in 300 kB named .warc.gz (the reported crash)", "parse_error"
)
data_case(
    "bomb_record.warc.gz",
    gzip.compress(b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 314572800\r\n\r\n", mtime=0) + zeros_gzip(300),
    "a WARC record of 300 MB of zeros, gzip'd to 300 kB",
    "too_large",
)
data_case(
    "bomb_header.warc.gz",
    gzip.compress(b"WARC/1.0\r\nX-Filler: ", mtime=0) + text_gzip(300),
    "a WARC header line of 300 MB, gzip'd to 300 kB",
    "too_large",
)
data_case("bomb_zeros.txt.gz", zeros_gzip(300), "300 MB of zeros as a .txt.gz", "binary")
data_case("bomb_text.txt.gz", text_gzip(300), "300 MB of one letter as a .txt.gz", "too_large")
data_case("bomb.jsonl.gz", text_gzip(300), "300 MB of one letter as a .jsonl.gz: one endless row", "too_large")
data_case("bomb.zip", zip_bomb(100), "a zip member of 100 MB of zeros in 100 kB", "too_large")
data_case(
    "bomb_lying.zip",
    patch_member(zip_bytes([("a.txt", story("lying").encode() * 40)]), size=300),
    "a zip member that declares fewer bytes than it holds",
    "parse_error",
)
data_case(
    "nested_bomb.zip",
    zip_bytes([("inner.txt.gz", text_gzip(300)), ("fine.txt", story("beside a bomb").encode())], zipfile.ZIP_STORED),
    "a gzip bomb inside a zip, beside a good member",
    "too_large",
    "stored",
)
data_case(
    "nested_zip_bomb.zip",
    zip_bytes([("inner.zip", zip_bomb(100))], zipfile.ZIP_STORED),
    "a zip bomb inside a zip",
    "too_large",
)


@case("content_encoding_bomb.warc", "too_large", "stored")
def _ce_bomb(path: Path) -> None:
    """a WARC response whose gzip Content-Encoding inflates to 50 MB"""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = b"".join(squeeze.compress(b"<p>" + b" " * (1 << 20)) for _ in range(50)) + squeeze.flush()
    record = ("https://example.com/bomb", "text/html", body, [("Content-Encoding", "gzip")])
    path.write_bytes(warc_bytes([record, html_record("after the encoded bomb")], gz=False))


@case("many_members.zip", "too_large")
def _many_members(path: Path) -> None:
    """a zip of 10,001 members (more than one archive may hold)"""
    path.write_bytes(zip_bytes([(f"m{i}.txt", b"x") for i in range(10_001)], zipfile.ZIP_STORED))


data_case(
    "deep_nesting.txt.gz",
    gzip.compress(gzip.compress(gzip.compress(gzip.compress(gzip.compress(story("5 gz").encode()))))),
    "five gzip layers (four are allowed)",
    "unsupported",
)
data_case(
    "double.txt.gz",
    gzip.compress(gzip.compress(story("double gzip").encode(), mtime=0), mtime=0),
    "gzip in gzip",
    "stored",
)

# -- JSON ----------------------------------------------------------------------------------------
data_case(
    "deep.jsonl",
    "\n".join(
        [
            json.dumps({"id": "d1", "text": story("deep JSON before")}),
            '{"text": "x", "a": ' + "[" * 1000 + "]" * 1000 + "}",
            json.dumps({"id": "d3", "text": story("deep JSON after")}),
        ]
    ).encode(),
    "a row nested 1,000 deep between two good rows",
    "stored",
    "parse_error",
    "stored",
)
data_case("deep.json", b"[" * 1000 + b"]" * 1000, "a JSON file nested 1,000 deep", "parse_error")
data_case("very_deep.jsonl", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "a row nested 100,000 deep", "parse_error")
data_case("unclosed_deep.jsonl", b"[" * 200_000, "200,000 opening brackets and nothing else", "parse_error")
data_case(
    "brackets_in_strings.jsonl",
    json.dumps({"text": story("brackets"), "note": "[{" * 5000 + '\\"' * 100}).encode(),
    "many brackets inside strings (not deep at all)",
    "stored",
)
data_case(
    "pretty.json",
    json.dumps({"title": "Pretty-printed", "text": story("pretty JSON")}, indent=2).encode(),
    "one JSON object over many lines, named .json (not JSON Lines)",
    "stored",
)
data_case(
    "not_objects.jsonl",
    b'1\n"a string"\nnull\n[1, 2]\n',
    "rows that are not objects",
    "parse_error",
    "parse_error",
    "parse_error",
    "parse_error",
)
data_case(
    "surrogates.jsonl",
    json.dumps({"title": "Lone \ud800 surrogate", "text": story("surrogate") + " \udfff"}).encode(),
    "lone surrogates in JSON strings (no UTF-8 for them)",
    "stored",
)
data_case(
    "nul_in_json.jsonl",
    json.dumps({"title": "NUL\u0000title", "author": "\u0000", "text": story("JSON NUL") + "\u0000"}).encode(),
    "NUL characters in JSON strings (PostgreSQL refuses them)",
    "stored",
)
data_case(
    "huge_metadata.jsonl",
    json.dumps({"id": "i" * 100_000, "title": "T" * 1_000_000, "text": story("huge metadata")}).encode(),
    "a 1 MB title and a 100 kB id",
    "stored",
)


@case("huge_row.jsonl", "too_large", "stored")
def _huge_row(path: Path) -> None:
    """a 13 MB row (more than a row may hold), then a good row"""
    with path.open("wb") as fh:
        fh.write(b'{"text": "' + b"word " * (13 << 18) + b'"}\n')
        fh.write(json.dumps({"text": story("after a huge row")}).encode() + b"\n")


data_case(
    "big_field.jsonl",
    json.dumps({"text": "word " * 600_000}).encode(),
    "a 3 MB text field (more than one document may hold)",
    "too_large",
)

# -- size ----------------------------------------------------------------------------------------


@case("huge_line.txt", "too_large")
def _huge_line(path: Path) -> None:
    """a 3 MB text on one line"""
    path.write_bytes((story("huge line") + " ").encode() * 7000)


# -- HTML ----------------------------------------------------------------------------------------
data_case(
    "no_text.html",
    b"<html><head><script>var a = 1;</script><style>p {color: red}</style></head><body><nav><a href='/'>Home</a>"
    b"</nav><div></div></body></html>",
    "a page with no text",
    "too_short",
)
data_case(
    "huge_attribute.html",
    page("huge attribute", body_extra='<div data-x="' + "A" * 1_000_000 + '">.</div>').encode(),
    "a 1 MB attribute value",
    "stored",
)
data_case(
    "deep_divs.html",
    ("<html><body>" + "<div>" * 5000 + f"<p>{story('deep divs')}</p>" + "</div>" * 5000 + "</body></html>").encode(),
    "5,000 nested divs around the story (lxml stops at 256 levels)",
    "not_article",
)
data_case(
    "many_tags.html",
    b"<html><body>" + b"<span></span>" * 20_000 + b"</body></html>",
    "20,000 empty elements",
    "not_article",
)
data_case(
    "comments.html", b"<html><body><!-- " + story("comment").encode() + b" --></body></html>", "text in a comment",
    "not_article",
)  # fmt: skip
data_case(
    "script_only.html",
    f"<html><body><script>document.write({json.dumps(story('script'))})</script></body></html>".encode(),
    "the story only inside a script",
    "not_article",
)
data_case(
    "entities.html",
    (
        "<html><body><p>"
        + "&amp;&#0;&#xD800;&#x110000;&bogus; " * 20_000
        + f"</p><p>{story('entities')}</p></body></html>"
    ).encode(),
    "entities: thousands, NUL, surrogate, out of range, unknown",
    "not_article",
)
data_case(
    "malformed.html",
    f"<html><body><p><b><i>{story('malformed')}</b></i><div><p><table><td>{story('malformed two')}</body>".encode(),
    "misnested and unclosed tags",
    "stored",
)

# -- feeds ---------------------------------------------------------------------------------------
data_case(
    "billion_laughs.xml",
    (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
        + f']><rss version="2.0"><channel><item><title>&lol9;</title><description>{story("laughs")}'
        "</description></item></channel></rss>"
    ).encode(),
    "entity expansion to 10^9 'lol's",
    "stored",
)
data_case(
    "external_entity.xml",
    (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<rss version="2.0"><channel><item><title>&xxe;</title><description>{story("xxe")}'
        "</description></item></channel></rss>"
    ).encode(),
    "an external entity naming /etc/passwd",
    "stored",
)
data_case(
    "feed_no_entries.xml",
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>',
    "a feed with no entries",
    "parse_error",
)
data_case(
    "feed_big_entry.xml",
    f'<rss version="2.0"><channel><item><description>{"word " * 500_000}</description></item></channel></rss>'.encode(),
    "a feed entry of 2.5 MB",
    "too_large",
)

# -- WARC ----------------------------------------------------------------------------------------
data_case("not_a.warc", story("not a WARC").encode(), "text named .warc", "parse_error")
data_case(
    "long_header.warc",
    b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"h" * (2 << 20) + b"\r\n\r\n",
    "a WARC header line of 2 MB",
    "parse_error",
)
data_case(
    "bad_length.warc",
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/x\r\nContent-Length: lots\r\n\r\n"
    b"HTTP/1.1 200 OK\r\n\r\n<p>x</p>",
    "a WARC record whose Content-Length is not a number",
    "parse_error",
)
data_case(
    "images_only.warc.gz",
    warc_bytes([("https://example.com/a.png", "image/png", b"\x89PNG....", [])], gz=True),
    "a WARC with no HTML or text",
    "empty",
)
data_case(
    "warc_in_gz_named.gz",
    gzip.compress(warc_bytes([html_record("WARC in a .gz")], gz=False), mtime=0),
    "a WARC in a gzip not named .warc.gz",
    "stored",
)

# -- zip -----------------------------------------------------------------------------------------
data_case(
    "documents.zip",
    zip_bytes(
        [
            ("pages/", b""),
            ("pages/a.html", page("zip member").encode()),
            ("b.txt", story("zip text member").encode()),
            ("../../etc/evil.txt", story("zip traversal name").encode()),
            ("rows.jsonl", "\n".join(json.dumps({"text": story(f"zip row {i}")}) for i in (1, 2)).encode()),
            ("__MACOSX/pages/._a.html", b"\x00\x05\x16\x07" + bytes(100)),
            (".DS_Store", bytes(100)),
            ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        ]
    ),
    "a zip of pages, text, rows and a traversal name (nothing is extracted)",
    "stored",
    "stored",
    "stored",
    "stored",
    "stored",
    "binary",
)
data_case("empty.zip", zip_bytes([]), "an empty zip", "empty")
data_case(
    "zip_in_zip.zip",
    zip_bytes([("inner.zip", zip_bytes([("story.txt", story("zip in zip").encode())]))]),
    "a zip in a zip",
    "stored",
)
data_case(
    "encrypted.zip",
    patch_member(zip_bytes([("secret.txt", story("encrypted").encode())], zipfile.ZIP_STORED), flags=1),
    "an encrypted member",
    "unsupported",
)
data_case(
    "unknown_method.zip",
    patch_member(zip_bytes([("a.txt", story("method 99").encode())], zipfile.ZIP_STORED), method=99),
    "a member compressed by an unknown method",
    "unsupported",
)
data_case(
    "report.docx",
    zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]),
    "an Office document",
    "unsupported",
)


@case("symlink_member.zip", "unsupported")
def _zip_symlink(path: Path) -> None:
    """a zip member that is a symbolic link to /etc/passwd"""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("passwd.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    path.write_bytes(buf.getvalue())


# -- the file system -----------------------------------------------------------------------------
@case("fifo", "unsupported")
def _fifo(path: Path) -> None:
    """a FIFO in the folder (opening it would block)"""
    os.mkfifo(path)


@case("socket", "unsupported")
def _socket(path: Path) -> None:
    """a Unix socket in the folder"""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock, contextlib.chdir(path.parent):
        sock.bind(path.name)  # a relative name: a socket's full path may not be longer than 107 bytes


@case("null_device.txt", "unsupported")
def _device(path: Path) -> None:
    """a link to /dev/null (a character device)"""
    path.symlink_to("/dev/null")


@case("broken_link.txt", "unreadable")
def _broken(path: Path) -> None:
    """a link to nothing"""
    path.symlink_to(path.parent / "nowhere.txt")


@case("link_loop.txt", "unreadable")
def _loop(path: Path) -> None:
    """a link to itself"""
    path.symlink_to(path)


@case("linked_folder", "unsupported")
def _linked_folder(path: Path) -> None:
    """a link to a folder (not followed: it could lead anywhere, or in a circle)"""
    path.symlink_to(path.parent)


@case("secret.txt", "unreadable")
def _secret(path: Path) -> None:
    """a file nobody may read (mode 000)"""
    path.write_text(story("secret"))
    path.chmod(0)


@case("locked", "unreadable")
def _locked(path: Path) -> None:
    """a folder nobody may enter (mode 000), holding a file"""
    path.mkdir()
    (path / "a.txt").write_text(story("locked"))
    path.chmod(0)


@case("locked/a.txt", "unreadable", direct=True)
def _locked_file(path: Path) -> None:
    """a file in that folder, named on the command line"""


# -- writing and checking ------------------------------------------------------------------------
def write_corpus(folder: Path) -> list[Case]:
    """Write every case into `folder` (made); the cases named directly come after the walk."""
    folder.mkdir(parents=True, exist_ok=True)
    for c in CASES:
        c.write(folder / c.name)
    return CASES


def arguments(folder: Path) -> list[str]:
    """What to ingest: the folder, then the cases named directly."""
    return [str(folder)] + [str(folder / c.name) for c in CASES if c.direct]


def case_of(origin: str, folder: Path) -> str:
    """The case a record's origin belongs to: a.zip!/b.jsonl#x1 -> a.zip."""
    base = origin.split("!/", 1)[0].split("#", 1)[0]
    return str(Path(base).relative_to(folder))


def outcomes(items: list[Any], folder: Path) -> dict[str, list[str]]:
    """Each case's outcomes, from the items a run gave (Document, Rejection, Stored)."""
    from dossier.model import Document, Rejection

    out: dict[str, list[str]] = {}
    for item in items:
        result = "stored" if isinstance(item, Document) else item.reason if isinstance(item, Rejection) else "unchanged"
        out.setdefault(case_of(item.origin, folder), []).append(result)
    return out


def unlock(folder: Path) -> None:
    """Give back the modes taken away, so that the folder can be removed."""
    for c in CASES:
        path = folder / c.name
        if not path.is_symlink() and c.name in ("secret.txt", "locked"):
            path.chmod(0o700)


def samples() -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every case that is a plain file: seeds for a fuzzer."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for c in CASES:
            path = Path(tmp) / c.name
            try:
                c.write(path)
                if path.is_file() and not path.is_symlink() and path.stat().st_size < (16 << 20):
                    yield c.name, path.read_bytes()
            except OSError:
                continue
            finally:
                if path.exists() and not path.is_symlink():
                    path.chmod(0o700)


class Permissions:
    """As root, mode 000 stops nothing: make os.stat, os.lstat, os.scandir and os.open under a
    folder honour the owner's mode bits, as they do for anyone else (for monkeypatch.setattr)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.absolute()
        self.stat, self.lstat, self.scandir, self.open = os.stat, os.lstat, os.scandir, os.open

    def _denied(self, path: Any, need: int) -> bool:
        if isinstance(path, int):
            return False
        p = Path(os.fsdecode(path)).absolute()
        if p != self.folder and self.folder not in p.parents:
            return False
        try:
            for parent in [q for q in p.parents if q == self.folder or self.folder in q.parents]:
                if not self.lstat(parent).st_mode & stat.S_IXUSR:
                    return True
            return bool(need) and not self.stat(p).st_mode & need
        except OSError:
            return False

    def _deny(self, path: Any) -> None:
        raise PermissionError(13, "Permission denied", os.fsdecode(path))

    def patch(self, monkeypatch: Any) -> None:
        def stat_(path: Any, *a: Any, **k: Any) -> os.stat_result:
            if self._denied(path, 0):
                self._deny(path)
            return self.stat(path, *a, **k)

        def lstat_(path: Any, *a: Any, **k: Any) -> os.stat_result:
            if self._denied(path, 0):
                self._deny(path)
            return self.lstat(path, *a, **k)

        def scandir_(path: Any = ".") -> Any:
            if self._denied(path, stat.S_IRUSR | stat.S_IXUSR):
                self._deny(path)
            return self.scandir(path)

        def open_(path: Any, flags: int, *a: Any, **k: Any) -> int:
            if self._denied(path, stat.S_IRUSR):
                self._deny(path)
            return self.open(path, flags, *a, **k)

        monkeypatch.setattr(os, "stat", stat_)
        monkeypatch.setattr(os, "lstat", lstat_)
        monkeypatch.setattr(os, "scandir", scandir_)
        monkeypatch.setattr(os, "open", open_)
