"""The real data in ../shared/data: exact counts of what ingest makes of it (skipped when absent)."""

from __future__ import annotations

import json

from dossier.ingest import resolve_inputs
from dossier.runner import ingest
from dossier.store import Store

from .conftest import shared_path


def test_news_jsonl(db: str) -> None:
    news = shared_path("data", "news")
    store = Store(db)
    report = ingest(resolve_inputs(sorted(str(p) for p in news.glob("*.jsonl"))), store).as_dict()
    assert (report["records"], report["documents_new"], report["articles_new"], report["rejected_total"]) == (
        500,
        500,
        500,
        0,
    )
    assert (report["exact_duplicates"], report["near_duplicates"]) == (1, 0)
    rows = store.list_articles(limit=1000)
    assert sum(1 for r in rows if r["published"]) == 268  # APP rows carry a date; The News/Tribune rows do not
    bodies = [store.get_article(r["id"])["body"] for r in rows]
    assert not any("adsbygoogle" in b or "Copyright ©" in b or b.startswith("US\n") for b in bodies)


def test_html_pages(db: str) -> None:
    folder = shared_path("data", "html")
    index = {json.loads(line)["file"]: json.loads(line) for line in (folder / "index.jsonl").open()}
    store = Store(db)
    report = ingest(resolve_inputs([str(folder / name) for name in sorted(index)]), store).as_dict()
    assert (report["documents_new"], report["rejected"]) == (29, {"too_short": 1})
    assert [r["origin"].split("/")[-1] for r in store.list_rejections()] == ["dailytimes-9f2ffa5c3f.html"]
    rows = store.list_articles(limit=100)
    assert len(rows) == 29 and all(r["headline"] and r["published"] and r["words"] >= 50 for r in rows)
    for row in rows:
        expected = index[row["origin"].split("/")[-1]].get("reference_published")
        if expected:  # the upstream parser's date, written DD-MM-YYYY
            assert row["published"] == "-".join(reversed(expected.split("-"))), row["origin"]
