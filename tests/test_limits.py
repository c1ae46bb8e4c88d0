"""Limits that keep one record from costing minutes or the store from holding what it should not."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.model import Document, RawRecord, Rejection
from dossier.pipeline import MAX_TEXT_CHARS, process
from dossier.store import Store
from dossier.store.writer import bounded, safe_url

BRIEF = "Gunmen shot dead two policemen in Lakki Marwat on Monday, police said. "


def test_a_document_too_long_after_cleaning_is_rejected_before_extraction() -> None:
    text = (BRIEF * (MAX_TEXT_CHARS // len(BRIEF) + 1)).encode()
    rejected = process(RawRecord(text, "huge.txt"))
    assert isinstance(rejected, Rejection)
    assert (rejected.reason, rejected.detail) == (
        "too_long",
        f"{len(text) - 1:,} characters after cleaning; one document may hold 300,000",
    )


def test_only_web_addresses_are_kept_as_links(tmp_path: Path) -> None:
    assert [safe_url(u) for u in ("https://dawn.com/a", "HTTP://x.pk", "javascript:alert(1)", "file:///etc", None)] == [
        "https://dawn.com/a",
        "HTTP://x.pk",
        None,
        None,
        None,
    ]
    store = Store(str(tmp_path / "links.db"))
    for n, url in enumerate(("javascript:alert(document.cookie)", "https://dawn.com/news/1")):
        doc = process(RawRecord(BRIEF.encode() + b" " * n, f"api:{n}", "", {"url": url}))
        assert isinstance(doc, Document)
        with store.writer("run") as writer:
            writer.add_document(doc)
    urls = sorted(str(store.get_article(a["id"])["url"]) for a in store.list_articles())
    assert urls == ["None", "https://dawn.com/news/1"]


def test_rejection_details_are_one_short_line() -> None:
    assert bounded("bad\n  line\tthere") == "bad line there"
    assert bounded("x" * 1000) == "x" * 299 + "…"


def test_an_upload_over_the_limit_is_refused_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from dossier.api import routes
    from dossier.api.access import Settings
    from dossier.api.app import create_app

    monkeypatch.setattr(routes, "MAX_UPLOAD", 1000)
    with TestClient(
        create_app(Settings(db=str(tmp_path / "up.db"), tokens=["t"])), base_url="http://127.0.0.1"
    ) as client:
        r = client.post(
            "/api/ingest/file", files={"file": ("big.jsonl", b"x" * 1001)}, headers={"Authorization": "Bearer t"}
        )
        assert (r.status_code, r.json()["error"]["message"]) == (
            413,
            "the file is larger than 1000 bytes; ingest it with `dossier ingest`",
        )
