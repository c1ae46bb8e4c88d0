"""One raw record in, one cleaned document with its articles and incident reports (or a rejection)
out. A pure function of its input, so it runs the same in one process, a pool or a cluster."""

from __future__ import annotations

import json
import re

from dossier.clean.decode import DecodeFailure, decode
from dossier.clean.fingerprint import body_hash, signature
from dossier.clean.html import extract_html
from dossier.clean.language import CONFIDENT, identify
from dossier.clean.normalize import normalize
from dossier.clean.page import assemble
from dossier.clean.split import MIN_BODY_WORDS, split_page
from dossier.ids import digest, make_id
from dossier.model import Document, RawRecord, Rejection

MIN_DOCUMENT_WORDS = 8  # a one-line wire brief is news: "Gunmen shot dead two policemen in Lakki Marwat on Monday."
MIN_PAGE_WORDS = 30  # an HTML page with less prose than this is navigation around no story (a cartoon, a gallery)
# The most text one document may hold after cleaning: extraction runs at about 40 µs a character in
# about 650 MB (benchmarks/big_document.py), so this keeps one record under ~15 s and a worker well
# under 1 GiB. The longest document of the shared corpora is 75 kB; a scrape of a whole site is not.
MAX_TEXT_CHARS = 300_000
MIN_STOPWORD_RATIO = 0.12  # English prose runs near 0.4; code, tables and link lists far below
_STOPWORDS = frozenset(  # the commonest English function words
    "the a an of to in and or for on at by with from as is was were are be been has have had it its "
    "that this which who he she they them their his her not but said after into over than also".split()
)
_TOKEN = re.compile(r"[^\W\d_]+")  # words in any script


def document_id(raw: RawRecord) -> str:
    """The id a record's document will have: known before cleaning, so stored input is skipped cheaply."""
    return make_id("doc", raw.data, json.dumps(raw.hints, sort_keys=True, default=str))


def process(raw: RawRecord, extract: bool = True) -> Document | Rejection:
    """Clean a record into articles and, with `extract`, read the incidents they report."""
    sha = digest(raw.data)

    def reject(reason: str, detail: str) -> Rejection:
        return Rejection(raw.origin, raw.locator, reason, detail, sha)

    try:
        text, _encoding = decode(raw.data, raw.hints.get("charset"))
    except DecodeFailure as exc:
        return reject(exc.reason, exc.detail)
    fmt = raw.hints.get("format", "text")
    title, published, author, url = (raw.hints.get(k) for k in ("title", "published", "author", "url"))
    extractor = "plain"
    if fmt == "html":
        page = extract_html(text)
        if page is None:
            return reject("not_article", "no main text found in the HTML page")
        text, extractor = page.text, page.method
        title, published = title or page.title, published or page.published
        author, url = author or page.author, url or page.url
    text = normalize(text)
    if len(text) > MAX_TEXT_CHARS:
        return reject("too_long", f"{len(text):,} characters after cleaning; one document may hold {MAX_TEXT_CHARS:,}")
    tokens = _TOKEN.findall(text)
    least = MIN_PAGE_WORDS if fmt == "html" else MIN_DOCUMENT_WORDS
    if len(tokens) < least:
        return reject("too_short", f"{len(tokens)} words; an article needs at least {least}")
    language, confidence = identify(text)
    if language != "en" and confidence >= CONFIDENT:
        return reject("not_english", f"language identified as {language!r} (p={confidence:.2f})")
    ratio = sum(t.lower() in _STOPWORDS for t in tokens) / len(tokens)
    if ratio < MIN_STOPWORD_RATIO:
        return reject("not_article", f"no running English prose (function-word ratio {ratio:.2f})")
    split = split_page(text, single_story=(fmt == "html"))
    if not split.stories:
        return reject("not_article", f"no story with at least {MIN_BODY_WORDS} words of body text")
    from dossier.extract.article import read  # loads spaCy: only when needed

    doc_text, articles = assemble(split, title, published)
    doc_id = document_id(raw)
    for article in articles:
        body = doc_text[article.body_start : article.body_end]
        article.id = make_id("art", doc_id, str(article.start))
        article.words = len(body.split())
        article.body_hash = body_hash(body)
        article.signature = signature(body)
        if extract:
            found = read(doc_text, article, article.published, raw.hints.get("crawled"))
            article.incidents, article.entities, article.relations = found
    first = articles[0]
    return Document(
        id=doc_id,
        origin=raw.origin,
        locator=raw.locator,
        format=fmt,
        sha256=sha,
        size=len(raw.data),
        text=doc_text,
        language="en",
        title=title or first.headline,
        published=first.published,
        url=url,
        author=author,
        crawled=raw.hints.get("crawled"),
        extractor=extractor,
        articles=articles,
        dropped=split.dropped,
    )
