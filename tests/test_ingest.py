"""Every input format, and every kind of bad input, through the pipeline and the store."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier.ingest import iter_records, resolve_inputs
from dossier.model import Document, Rejection
from dossier.pipeline import process
from dossier.runner import ingest
from dossier.store import Store

STORY = (
    "QUETTA: Two policemen were killed and three others injured when unidentified gunmen opened fire on "
    "their patrol van near the city's main market on Sunday, officials said. The attackers fled on "
    "motorcycles after the attack, and a search operation was launched in the area. No group has claimed "
    "responsibility for the attack so far, police said."
)
HTML = (
    "<html><head><title>Two policemen killed in Quetta attack - Daily Example</title>"
    '<meta property="article:published_time" content="2024-07-07T10:00:00+05:00"></head>'
    "<body><nav>Home | World | Sports</nav><article><h1>Two policemen killed in Quetta attack</h1>"
    f"<p>{STORY}</p><p>{STORY.replace('QUETTA: ', '')}</p></article>"
    "<footer>Copyright 2024 Daily Example</footer></body></html>"
)


def run(paths: list[str], db: str, **kw: object) -> tuple[dict[str, object], Store]:
    store = Store(db)
    report = ingest(resolve_inputs(paths), store, **kw)  # type: ignore[arg-type]
    return report.as_dict(), store


def items(path: Path, **kw: int) -> list[Document | Rejection]:
    out: list[Document | Rejection] = []
    for rec in iter_records(resolve_inputs([str(path)]), **kw):
        out.append(rec if isinstance(rec, Rejection) else process(rec))
    return out


def test_text_page(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Two policemen killed in Quetta attack\n\n" + STORY, encoding="utf-8")
    (doc,) = items(tmp_path / "a.txt")
    assert isinstance(doc, Document)
    art = doc.articles[0]
    assert (art.headline, art.dateline, art.words) == ("Two policemen killed in Quetta attack", "QUETTA", 55)
    assert doc.text[art.body_start : art.body_end] == STORY.removeprefix("QUETTA: ")


def test_html_page_title_date_and_body(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    (doc,) = items(tmp_path / "a.html")
    assert isinstance(doc, Document) and doc.format == "html"
    art = doc.articles[0]
    assert (art.headline, art.published, art.published_source) == (
        "Two policemen killed in Quetta attack",
        "2024-07-07",
        "document",
    )
    assert "Home | World" not in doc.text and "Copyright" not in doc.text
    assert doc.text[art.body_start : art.body_end].startswith("Two policemen were killed")


def test_jsonl_rows_with_metadata_and_bad_rows(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": "x1", "title": "Police van attacked", "published": "2025-01-03T08:00:00", "text": STORY}),
        "{not json",
        json.dumps({"id": "x3", "title": "No text here"}),
        json.dumps(["a list"]),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    got = items(tmp_path / "a.jsonl")
    assert isinstance(got[0], Document)
    assert (got[0].articles[0].headline, got[0].articles[0].published) == ("Police van attacked", "2025-01-03")
    assert got[0].origin.endswith("a.jsonl#x1") and got[0].locator == "line 1"
    assert [(r.reason, r.locator) for r in got[1:] if isinstance(r, Rejection)] == [
        ("parse_error", "line 2"),
        ("empty", "line 3"),
        ("parse_error", "line 4"),
    ]


def test_rss_feed_entries(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>'
        "<item><title>Police van attacked in Quetta</title><link>https://example.com/1</link>"
        f"<pubDate>Sun, 07 Jul 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>{STORY}</p>]]></description></item>"
        "<item><title>Empty</title><link>https://example.com/2</link></item>"
        "</channel></rss>"
    )
    (tmp_path / "feed.xml").write_text(feed, encoding="utf-8")
    got = items(tmp_path / "feed.xml")
    doc = got[0]
    assert isinstance(doc, Document)
    assert (doc.url, doc.articles[0].headline, doc.articles[0].published) == (
        "https://example.com/1",
        "Police van attacked in Quetta",
        "2024-07-07",
    )
    assert isinstance(got[1], Rejection) and got[1].reason == "empty"


def test_warc_gz_response_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.com/story", "response", payload=io.BytesIO(HTML.encode()), http_headers=headers
            )
        )
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.com/a.png", "response", payload=io.BytesIO(b"\x89PNG...."), http_headers=img
            )
        )
    (doc,) = items(path)
    assert isinstance(doc, Document)
    assert (doc.locator, doc.url, doc.articles[0].headline) == (
        "https://example.com/story",
        "https://example.com/story",
        "Two policemen killed in Quetta attack",
    )


def test_gzip_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": STORY}).encode() + b"\n"))
    (doc,) = items(tmp_path / "a.jsonl.gz")
    assert isinstance(doc, Document) and doc.articles[0].dateline == "QUETTA"


def test_url_fetch_through_an_injected_transport(db: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/story":
            return httpx.Response(200, html=HTML)
        if request.url.path == "/big":
            return httpx.Response(200, content=b"x" * 5000, headers={"content-type": "text/plain"})
        return httpx.Response(404)

    def client() -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(handler))

    inputs = resolve_inputs(["https://example.com/story", "https://example.com/missing", "https://example.com/big"])
    got = [r if isinstance(r, Rejection) else process(r) for r in iter_records(inputs, 4000, client)]
    assert isinstance(got[0], Document) and got[0].url == "https://example.com/story"
    assert [(r.reason, r.detail) for r in got[1:] if isinstance(r, Rejection)] == [
        ("fetch_error", "HTTP 404"),
        ("too_large", "5000 bytes > limit 4000"),
    ]


def test_bad_inputs_are_rejected_with_reasons_and_the_batch_goes_on(tmp_path: Path, db: str) -> None:
    d = tmp_path / "mixed"
    (d / "sub").mkdir(parents=True)
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "big.txt").write_bytes(b"word " * 3000)
    (d / "latin1.txt").write_bytes(("Caf\xe9 owners said " + STORY).encode("latin-1"))
    (d / "urdu.txt").write_text(
        "کراچی میں نامعلوم مسلح افراد نے پولیس وین پر فائرنگ کی جس کے نتیجے میں دو اہلکار جاں بحق ہو گئے۔ " * 5,
        encoding="utf-8",
    )
    (d / "short.txt").write_text("Just a few words here.", encoding="utf-8")
    (d / "code.txt").write_text("def f(x):\n    return x + 1\n" * 40, encoding="utf-8")
    (d / "sub" / "truncated.html").write_text(HTML[: HTML.index("</article>") - 40], encoding="utf-8")
    (d / ".hidden.txt").write_text(STORY, encoding="utf-8")
    report, store = run([str(d)], db, max_bytes=10_000)
    assert report["rejected"] == {
        "empty": 1,
        "binary": 1,
        "too_large": 1,
        "not_english": 1,
        "too_short": 1,
        "not_article": 1,
    }
    assert (report["records"], report["documents_new"]) == (8, 2)  # latin1.txt and the truncated page
    reasons = {Path(r["origin"]).name: r["reason"] for r in store.list_rejections()}
    assert reasons == {
        "empty.txt": "empty",
        "image.txt": "binary",
        "big.txt": "too_large",
        "urdu.txt": "not_english",
        "short.txt": "too_short",
        "code.txt": "not_article",
    }
    latin = next(a for a in store.list_articles() if a["origin"].endswith("latin1.txt"))
    assert store.get_article(latin["id"])["body"].startswith("Café owners said QUETTA")
