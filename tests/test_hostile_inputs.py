"""Hostile input through ingest: the corpus of tests/hostile.py in one batch, and each reported
failure (bombs, deep JSON, unreadable and special files, zip archives, the size limit) on its own."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import os
import random
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dossier.errors import InputError
from dossier.ingest import containers, sources
from dossier.ingest.containers import Limits, expand
from dossier.ingest.sources import DEFAULT_MAX_BYTES, Input, iter_records, resolve_inputs
from dossier.model import Document, RawRecord, Rejection
from dossier.runner import Item, ingest
from dossier.store import Store
from tests import hostile
from tests.hostile import story, zeros_gzip

MiB = 1 << 20


@pytest.fixture
def permissions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A folder in which mode bits hold even for root (who is not stopped by chmod 000)."""
    folder = tmp_path / "files"
    folder.mkdir()
    if os.geteuid() == 0:
        hostile.Permissions(folder).patch(monkeypatch)
    yield folder
    for path in [folder, *folder.rglob("*")]:  # modes given back, for the folder to be removed
        if not path.is_symlink():
            path.chmod(0o700)


def run(args: list[str], db: str, **kw: Any) -> tuple[dict[str, Any], list[Item], Store]:
    store = Store(db)
    seen: list[Item] = []
    report = ingest(resolve_inputs(args), store, extract=False, on_item=seen.append, **kw)
    return report.as_dict(), seen, store


def records(data: bytes, name: str, limits: Limits | None = None) -> list[RawRecord | Rejection]:
    return list(
        expand(io.BytesIO(data), name, len(data), (limits or Limits(DEFAULT_MAX_BYTES)).max_bytes, limits=limits)
    )


def rejections(items: list[Any]) -> list[tuple[str, str, str]]:
    return [(i.locator, i.reason, i.detail) for i in items if isinstance(i, Rejection)]


# -- the corpus ----------------------------------------------------------------------------------
def test_the_hostile_corpus_in_one_batch(tmp_path: Path, permissions: Path, db: str) -> None:
    folder = permissions / "corpus"
    cases = hostile.write_corpus(folder)
    good = tmp_path / "good.txt"
    good.write_text(story("good, after all the hostile ones"), encoding="utf-8")
    assert len(cases) >= 50
    try:
        report, seen, store = run([*hostile.arguments(folder), str(good)], db)
    finally:
        hostile.unlock(folder)

    assert report["status"] == "finished"
    assert isinstance(seen[-1], Document) and seen[-1].origin == str(good)  # stored, after everything
    got = hostile.outcomes(seen[:-1], folder)
    assert got == {c.name: list(c.expect) for c in cases}
    stored = sum(c.expect.count("stored") for c in cases)
    assert (report["documents_new"], report["records"]) == (stored + 1, sum(len(c.expect) for c in cases) + 1)

    for item in seen:
        if isinstance(item, Rejection):  # a message of ours, never the content
            assert len(item.detail) <= 160 and item.detail.isprintable(), (item.origin, item.detail[:200])
    texts = [d.text + (d.title or "") for d in seen if isinstance(d, Document)]
    assert not any("root:" in t for t in texts)  # the external entity was not read
    laughs = next(d for d in seen if isinstance(d, Document) and d.origin.endswith("billion_laughs.xml"))
    assert len(laughs.title or "") < 1000 and len(laughs.text) < 2000
    huge = next(d for d in seen if isinstance(d, Document) and d.origin.endswith("#" + "i" * 200))
    assert len(huge.title or "") <= 1000  # a 1 MB title is cut, a 100 kB id too
    assert len(store.list_rejections(limit=1000)) == report["rejected_total"]


# -- 1. decompression bombs ----------------------------------------------------------------------
class Counting(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self.inner = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)


BOMB_WARC = gzip.compress(b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 314572800\r\n\r\n", mtime=0)


def test_a_bomb_is_one_short_rejection_and_the_next_inputs_are_ingested(tmp_path: Path, db: str) -> None:
    bombs = {
        "a.warc.gz": BOMB_WARC + zeros_gzip(300),  # the reported crash: 300 MB in 300 kB
        "b.txt.gz": hostile.text_gzip(300),
        "c.zip": hostile.zip_bomb(100),
        "d.zip": hostile.zip_bytes([("inner.jsonl.gz", hostile.text_gzip(300))], zipfile.ZIP_STORED),
    }
    for name, data in bombs.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "e.txt").write_text(story("after the bombs"), encoding="utf-8")
    report, seen, _store = run([str(tmp_path / n) for n in [*bombs, "e.txt"]], db)
    assert [(i.origin.removeprefix(f"{tmp_path}/"), getattr(i, "reason", "stored")) for i in seen] == [
        ("a.warc.gz", "too_large"),
        ("b.txt.gz", "too_large"),
        ("c.zip!/zeros.txt", "too_large"),
        ("d.zip!/inner.jsonl.gz", "too_large"),
        ("e.txt", "stored"),
    ]
    assert {i.detail for i in seen if isinstance(i, Rejection)} == {"decompression bomb: expands more than 100 times"}
    assert report["status"] == "finished" and report["documents_new"] == 1


def test_a_bomb_is_refused_having_read_a_little_of_it() -> None:
    for data, name in ((BOMB_WARC + zeros_gzip(300), "a.warc.gz"), (hostile.text_gzip(300), "a.txt.gz")):
        stream = Counting(data)
        got = list(expand(stream, name, len(data), DEFAULT_MAX_BYTES))  # type: ignore[arg-type]
        assert rejections(got) == [("", "too_large", "decompression bomb: expands more than 100 times")]
        assert len(data) > 300_000 and stream.read_bytes < 200_000  # ~1 kB gives 1 MiB; the rest unread


def test_what_one_input_expands_to_is_bounded_whatever_the_ratio() -> None:
    words = random.Random(7).choices("police said attack gunmen district killed market van".split(), k=400_000)
    rows = b"".join(
        json.dumps({"text": " ".join(words[i : i + 2000])}).encode() + b"\n" for i in range(0, 400_000, 2000)
    )
    data = gzip.compress(rows, mtime=0)  # ~2.8 MB of rows, compressed ~7 times: no bomb
    limits = Limits(DEFAULT_MAX_BYTES, max_expanded=1 * MiB)
    got = records(data, "rows.jsonl.gz", limits)
    assert all(isinstance(r, RawRecord) for r in got[:-1]) and 0 < len(got) - 1 < 200
    assert rejections(got[-1:]) == [("", "too_large", f"expands to more than {MiB} bytes")]
    assert len(records(data, "rows.jsonl.gz")) == 200  # within the default budget: every row


def test_a_zip_member_is_refused_on_what_it_declares() -> None:
    bomb = hostile.zip_bomb(100)
    assert [(r.origin, r.reason, r.detail) for r in records(bomb, "up.zip")] == [
        ("up.zip!/zeros.txt", "too_large", "decompression bomb: expands more than 100 times")
    ]
    small = Limits(DEFAULT_MAX_BYTES, max_expanded=10_000)
    big = hostile.zip_bytes([("a.txt", story("big member").encode() * 100)])
    assert [(r.reason, r.detail) for r in records(big, "up.zip", small)] == [
        ("too_large", "archive member of 42600 bytes: the input may expand to 10000")
    ]


def test_warcio_and_zlib_errors_are_rejections(capsys: pytest.CaptureFixture[str]) -> None:
    warc = hostile.warc_bytes([hostile.html_record("one"), hostile.html_record("two")], gz=True)
    got = records(warc[:-200], "cut.warc.gz")
    assert [r.locator for r in got] == ["https://example.com/one", ""]
    assert rejections(got) == [
        (
            "",
            "parse_error",
            "gzip data is truncated or corrupt (EOFError: the gzip data ends inside a member (truncated))",
        )
    ]
    line = b"WARC/1.0\r\nWARC-Type: response\r\nX: " + b"h" * (2 * MiB)
    assert rejections(records(line, "a.warc")) == [
        ("", "parse_error", "not a WARC file: a header line longer than 1048576 bytes")
    ]
    assert rejections(records(b"QUETTA: " + story("x").encode(), "x.warc")) == [
        ("", "parse_error", "not a WARC or ARC file (it starts with neither WARC/ nor filedesc://)")
    ]
    short = warc.replace(b"Content-Length: ", b"Content-Length: 1", 1)  # a length wrong by far
    plain = hostile.warc_bytes([hostile.html_record("one"), hostile.html_record("two")], gz=False)
    wrong = plain.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    for data, name in ((short, "a.warc.gz"), (wrong, "b.warc")):
        assert all(isinstance(r, RawRecord | Rejection) for r in records(data, name))
    assert capsys.readouterr().err == ""  # warcio would write the line after the record, raw, to stderr
    spaced = plain.replace(b"https://example.com/one", b"https://example.com/o ne" + b"x" * 5000, 1)
    kept: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = kept.append  # type: ignore[method-assign]  # CI runs pytest without its logging plugin
    logging.getLogger("warcio.recordloader").addHandler(handler)
    try:
        assert [type(r).__name__ for r in records(spaced, "c.warc")] == ["RawRecord", "RawRecord"]
    finally:
        logging.getLogger("warcio.recordloader").removeHandler(handler)
    warned = [r.getMessage() for r in kept]
    assert warned and all(len(m) <= 200 for m in warned)  # warcio's warning about the spaces, cut short


# -- 2. deep JSON --------------------------------------------------------------------------------
def test_deep_json_rejects_its_line_and_the_rest_goes_on(tmp_path: Path, db: str) -> None:
    rows = [
        json.dumps({"id": "a", "text": story("before deep")}),
        '{"text": "x", "deep": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        json.dumps({"id": "b", "text": story("after deep")}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(rows), encoding="utf-8")
    (tmp_path / "b.json").write_bytes(b"[" * 1000 + b"]" * 1000)
    (tmp_path / "c.txt").write_text(story("after the deep files"), encoding="utf-8")
    report, seen, _store = run([str(tmp_path / n) for n in ("a.jsonl", "b.json", "c.txt")], db)
    assert [(Path(i.origin).name, i.locator, i.reason if isinstance(i, Rejection) else "stored") for i in seen] == [
        ("a.jsonl#a", "line 1", "stored"),
        ("a.jsonl", "line 2", "parse_error"),
        ("a.jsonl", "line 3", "parse_error"),
        ("a.jsonl#b", "line 4", "stored"),
        ("b.json", "", "parse_error"),
        ("c.txt", "", "stored"),
    ]
    assert {i.detail for i in seen if isinstance(i, Rejection)} == {"JSON nested more than 64 deep"}
    assert report["status"] == "finished"


def test_recursion_in_the_json_parser_is_caught_too() -> None:
    unchecked = Limits(DEFAULT_MAX_BYTES, max_json_depth=10**9)  # no check before json.loads
    assert rejections(records(b"[" * 100_000 + b"]" * 100_000, "a.json", unchecked)) == [
        ("", "parse_error", "JSON nested too deep")
    ]
    shallow = json.dumps({"text": story("brackets"), "x": "[[[{{{" * 100 + '\\"]]]'}).encode()
    assert [type(r).__name__ for r in records(shallow, "a.jsonl")] == ["RawRecord"]


def test_any_fault_reading_one_item_rejects_that_item(monkeypatch: pytest.MonkeyPatch) -> None:
    real = containers._from_mapping

    def flaky(obj: Any, origin: str, locator: str, max_bytes: int) -> Any:
        if obj.get("id") == "bad":
            raise RuntimeError("boom")
        return real(obj, origin, locator, max_bytes)

    monkeypatch.setattr(containers, "_from_mapping", flaky)
    rows = "\n".join(json.dumps({"id": i, "text": story(i)}) for i in ("good1", "bad", "good2")).encode()
    got = records(rows, "a.jsonl")
    assert [r.locator for r in got] == ["line 1", "line 2", "line 3"]
    assert rejections(got) == [("line 2", "parse_error", "could not be read (RuntimeError: boom)")]


def test_a_reader_that_breaks_loses_its_input_not_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    real = sources.expand

    def broken(stream: Any, name: str, *a: Any, **k: Any) -> Iterator[Any]:
        if name == "bad":
            raise MemoryError
        return real(stream, name, *a, **k)

    monkeypatch.setattr(sources, "expand", broken)
    inputs = [Input("bytes", "bad", b"x"), Input("bytes", "good", story("good").encode())]
    got = list(iter_records(inputs))
    assert [(r.origin, type(r).__name__) for r in got] == [("bad", "Rejection"), ("good", "RawRecord")]
    assert rejections(got[:1]) == [("", "error", "MemoryError while reading the input")]


# -- 3. unreadable and special files -------------------------------------------------------------
def test_a_path_under_a_locked_folder_is_a_rejection_and_the_batch_goes_on(permissions: Path, db: str) -> None:
    locked = permissions / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(story("locked"), encoding="utf-8")
    locked.chmod(0)
    good = permissions / "good.txt"
    good.write_text(story("beside the locked folder"), encoding="utf-8")
    inputs = resolve_inputs([str(locked / "a.txt"), str(good)])
    assert inputs[0] == Input("refused", str(locked / "a.txt"), reason="unreadable", detail="permission denied")
    result = CliRunner().invoke(
        app(), ["ingest", str(locked / "a.txt"), str(good), "--db", db, "--no-extract", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["rejected"], report["documents_new"]) == ({"unreadable": 1}, 1)
    assert [(r["origin"], r["reason"], r["detail"]) for r in Store(db).list_rejections()] == [
        (str(locked / "a.txt"), "unreadable", "permission denied")
    ]


def app() -> Any:
    from dossier.cli.main import app

    return app


def test_what_a_folder_holds_that_cannot_be_read_is_recorded(permissions: Path, db: str) -> None:
    folder = permissions
    (folder / "a.txt").write_text(story("readable"), encoding="utf-8")
    (folder / "locked").mkdir()
    (folder / "locked" / "b.txt").write_text(story("in the locked folder"), encoding="utf-8")
    (folder / "locked").chmod(0)
    (folder / "secret.txt").write_text(story("secret"), encoding="utf-8")
    (folder / "secret.txt").chmod(0)
    os.mkfifo(folder / "pipe")
    with socket.socket(socket.AF_UNIX) as sock, contextlib.chdir(folder):
        sock.bind("sock")  # a relative name: a socket's full path may not be longer than 107 bytes
    (folder / "null").symlink_to("/dev/null")
    (folder / "nowhere").symlink_to(folder / "missing")
    (folder / "up").symlink_to(folder)
    (folder / "z.txt").write_text(story("last in the folder"), encoding="utf-8")
    report, seen, store = run([str(folder)], db)
    assert [(Path(i.origin).name, i.reason if isinstance(i, Rejection) else "stored") for i in seen] == [
        ("a.txt", "stored"),
        ("locked", "unreadable"),
        ("nowhere", "unreadable"),
        ("null", "unsupported"),
        ("pipe", "unsupported"),
        ("secret.txt", "unreadable"),
        ("sock", "unsupported"),
        ("up", "unsupported"),
        ("z.txt", "stored"),
    ]
    assert {Path(r["origin"]).name: r["detail"] for r in store.list_rejections()} == {
        "locked": "folder could not be listed: permission denied",
        "nowhere": "a broken symbolic link",
        "null": "not a regular file: a character device",
        "pipe": "not a regular file: a FIFO (named pipe)",
        "secret.txt": "permission denied",
        "sock": "not a regular file: a socket",
        "up": "a symbolic link to a folder, not followed: name the folder itself",
    }
    assert report["status"] == "finished"


def test_a_fifo_or_device_named_directly_is_refused_by_name_unopened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    with pytest.raises(InputError) as exc:
        resolve_inputs([str(fifo)])
    assert (
        str(exc.value) == f"not a regular file: {str(fifo)!r} is a FIFO (named pipe); to read a stream, pipe it to '-'"
    )
    with pytest.raises(InputError, match=r"^not a regular file: '/dev/null' is a character device"):
        resolve_inputs(["/dev/null"])
    # a FIFO put where a file was, between resolving and reading, is not opened for blocking reads
    got = list(iter_records([Input("path", str(fifo))]))
    assert [(r.reason, r.detail) for r in got if isinstance(r, Rejection)] == [
        ("unsupported", "not a regular file: a FIFO (named pipe)")
    ]


# -- 4. zip archives -----------------------------------------------------------------------------
def test_zip_members_are_records_through_the_same_expand() -> None:
    data = hostile.zip_bytes(
        [
            ("pages/", b""),
            ("pages/a.html", hostile.page("zip member").encode()),
            ("../../etc/evil.txt", story("traversal").encode()),
            ("rows.jsonl.gz", gzip.compress(json.dumps({"id": "r1", "text": story("row")}).encode())),
            ("inner.zip", hostile.zip_bytes([("deep.txt", story("inner zip").encode())])),
            ("__MACOSX/pages/._a.html", bytes(50)),
            ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(50)),
        ]
    )
    expected = [
        ("up.zip!/pages/a.html", "", "html"),
        ("up.zip!/../../etc/evil.txt", "", "text"),
        ("up.zip!/rows.jsonl.gz#r1", "line 1", "text"),
        ("up.zip!/inner.zip!/deep.txt", "", "text"),
        ("up.zip!/logo.png", "", "binary"),
    ]
    got = records(data, "up.zip")
    assert [(r.origin, r.locator, r.hints["format"] if isinstance(r, RawRecord) else r.reason) for r in got] == expected

    class Pipe(io.RawIOBase):  # no seeking: a zip on stdin, or inside a gzip
        def __init__(self) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = self.inner.read(min(len(buffer), 1000))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    piped = list(expand(Pipe(), "up.zip", None, DEFAULT_MAX_BYTES))  # type: ignore[arg-type]
    assert [(r.origin, r.locator) for r in piped] == [(o, loc) for o, loc, _ in expected]
    gz = records(gzip.compress(data), "up.zip.gz")
    assert [r.origin for r in gz] == [o.replace("up.zip", "up.zip.gz", 1) for o, _, _ in expected]


def test_zip_archives_that_are_not_collections_of_documents() -> None:
    def one(data: bytes) -> list[tuple[str, str]]:
        return [(r.reason, r.detail) for r in records(data, "a.zip") if isinstance(r, Rejection)]

    plain = hostile.zip_bytes([("a.txt", story("x").encode())], zipfile.ZIP_STORED)
    assert one(hostile.patch_member(plain, flags=1)) == [("unsupported", "an encrypted archive member")]
    assert one(hostile.zip_bytes([])) == [("empty", "the archive holds no files")]
    assert one(plain[: len(plain) // 2]) == [
        ("parse_error", "zip archive could not be read (BadZipFile: File is not a zip file)")
    ]
    docx = hostile.zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")])
    assert one(docx) == [("unsupported", "an Office, OpenDocument, EPUB or Java archive")]
    many = hostile.zip_bytes([(f"{i}.txt", b"x") for i in range(10_001)], zipfile.ZIP_STORED)
    assert one(many) == [("too_large", "more than 10000 archive members")]


def test_a_zip_upload_through_the_api(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from dossier.api.access import Settings
    from dossier.api.app import create_app

    data = hostile.zip_bytes([("a.txt", story("uploaded one").encode()), ("b.txt", story("uploaded two").encode())])
    settings = Settings(db=str(tmp_path / "api.db"), tokens=["t0ken"])
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        files = {"file": ("news.zip", data, "application/zip")}
        r = client.post("/api/ingest/file", files=files, headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["run"]["documents_new"], body["rejected"], len(body["stored"])) == (2, [], 2)


# -- 5. the size limit ---------------------------------------------------------------------------
def test_the_default_document_limit() -> None:
    assert DEFAULT_MAX_BYTES == 2_097_152  # 2 MiB
    at_limit = b"word " * (DEFAULT_MAX_BYTES // 5) + b"x" * (DEFAULT_MAX_BYTES % 5)
    assert [type(r).__name__ for r in iter_records([Input("bytes", "a.txt", at_limit)])] == ["RawRecord"]
    over = at_limit + b"x"
    assert [
        (r.reason, r.detail) for r in iter_records([Input("bytes", "a.txt", over)]) if isinstance(r, Rejection)
    ] == [("too_large", "2097153 bytes > limit 2097152 (raise --max-bytes)")]
    row = json.dumps({"text": "word " * 500_000}).encode()  # a JSON row holds one document too
    assert rejections(records(row, "a.jsonl")) == [("line 1", "too_large", "2500000 bytes > limit 2097152")]
