"""HTML page to main text and metadata: trafilatura first, its baseline extractor as the fallback."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import use_config

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no signals: safe in worker threads and processes


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str | None
    published: str | None
    author: str | None
    url: str | None
    method: str  # trafilatura | baseline | fragment


def extract_html(html: str) -> HtmlText | None:
    """Main content of a page, or None when no extractor finds any text."""
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        deduplicate=True,
        config=_CONFIG,
    )
    meta = trafilatura.extract_metadata(html) if doc is None else doc
    title = getattr(meta, "title", None) if meta else None
    published = getattr(meta, "date", None) if meta else None
    author = getattr(meta, "author", None) if meta else None
    url = getattr(meta, "url", None) if meta else None
    text = getattr(doc, "text", None) if doc is not None else None
    method = "trafilatura"
    if not text or len(text.split()) < 30:
        _tree, fallback, _length = trafilatura.baseline(html)
        if fallback and len(fallback.split()) > len((text or "").split()):
            text, method = fallback, "baseline"
    if not text or len(text.split()) < 30:
        fragment = _fragment_text(html)  # feed entries carry bare fragments that page extractors skip
        if len(fragment.split()) > len((text or "").split()):
            text, method = fragment, "fragment"
    if not text or not text.strip():
        return None
    sitename = getattr(meta, "sitename", None) if meta else None
    title = strip_site_name(title, sitename) if title else None
    if url and not url.startswith(("http://", "https://")):
        url = None  # mirrored pages rewrite canonical links to local paths
    return HtmlText(text, title, published, author, url, method)


def _fragment_text(html: str) -> str:
    from lxml import etree
    from lxml import html as lhtml

    try:
        root = lhtml.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for node in root.xpath("//script|//style|//nav|//footer|//aside"):
        node.drop_tree()
    blocks = root.xpath("//p|//h1|//h2|//h3|//li|//blockquote")
    texts = [" ".join(b.text_content().split()) for b in blocks] if blocks else root.text_content().split("\n")
    return "\n".join(t.strip() for t in texts if t.strip())


_SUFFIX = re.compile(r"\s+[-|‹›–—:]\s+(?P<site>[^-|‹›–—]{2,40})$")
_SITE_WORDS = re.compile(r"\b(Times|Post|News|Tribune|Dawn|Express|Herald|Observer|Nation|Daily|Online|TV)\b")


def strip_site_name(title: str, sitename: str | None) -> str:
    """'Of kings party and campaign finance - Daily Times' -> 'Of kings party and campaign finance'."""
    title = title.strip()
    m = _SUFFIX.search(title)
    if not m:
        return title
    site = m.group("site").strip()
    same = sitename and site.lower().replace("the ", "") in sitename.lower().replace("the ", "")
    if same or (len(site.split()) <= 4 and _SITE_WORDS.search(site)):
        return title[: m.start()].strip()
    return title
