"""Writing documents, articles, incident reports and rejections: one short transaction each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Executable, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from dossier.clean.fingerprint import NEAR_DUPLICATE, band_keys, similarity
from dossier.db.changes import mark, touch
from dossier.db.schema import (
    actor_aliases,
    article_bands,
    articles,
    documents,
    entities,
    incident_reports,
    rejections,
    relations,
)
from dossier.extract.relations import EXTRACTOR
from dossier.ids import make_id
from dossier.model import Article, Document, IncidentReport, Rejection
from dossier.reference.names import key as name_key
from dossier.resolve.actor_merge import auto_merge_actors, family, register
from dossier.resolve.incident_merge import auto_merge_reports
from dossier.store.assembly import place_text
from dossier.store.readmodel import refresh


@dataclass(frozen=True)
class DocumentResult:
    new: bool
    articles: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    incidents: int = 0


_INSERT_ARTICLE = insert(articles)
_INSERT_BAND = insert(article_bands)
_INSERT_REPORT = insert(incident_reports)
_INSERT_ENTITY = insert(entities)
_INSERT_ALIAS = insert(actor_aliases)
_INSERT_RELATION = insert(relations)
_ROOT = func.coalesce(articles.c.duplicate_of, articles.c.id)
_SAME_BODY = select(_ROOT).where(articles.c.body_hash == bindparam("h")).limit(1)
_BAND_CANDIDATES = select(articles.c.id, articles.c.duplicate_of, articles.c.signature).where(
    articles.c.id.in_(
        select(article_bands.c.article_id).where(article_bands.c.band.in_(bindparam("bands", expanding=True)))
    )
)
_HAS_DOCUMENT = select(documents.c.id).where(documents.c.id == bindparam("id"))


def has_document(conn: Connection, doc_id: str) -> bool:
    return conn.execute(_HAS_DOCUMENT, {"id": doc_id}).first() is not None


class Writer:
    """Writes each document, with its articles, reports and merge decisions, in one short transaction
    of its own, committed before the next document is read, so that no write transaction is open
    while the pipeline cleans or extracts: another writer (a person's merge, a second ingest) waits
    at most for one document's write. The merge decisions for a document's incident reports and
    the read model are brought up to date in the same transaction, so an interrupted run leaves no
    stored report unresolved. Two writers storing the same document: the second finds it stored."""

    def __init__(self, conn: Connection, run_id: str | None) -> None:
        self.conn, self.run_id = conn, run_id
        self.merges = 0
        self._reports: list[str] = []
        self._actors: list[str] = []
        self._aliases: list[tuple[str, str, str]] = []

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write: on SQLite the write lock is taken at BEGIN (waiting for another writer up to the
        busy timeout) rather than on the first insert, where a reader's lock upgrade would fail."""
        if self.conn.in_transaction():
            self.conn.rollback()  # a read left open (has_document): nothing to keep
        if self.conn.dialect.name == "sqlite":
            self.conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            self.conn.begin()
        try:
            yield
            self._resolve()
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            self._reports, self._actors, self._aliases = [], [], []
            raise

    def _resolve(self) -> None:
        """Before each commit: the write's merge decisions, then the read model brought up to date
        in the same transaction, so that readers seldom find it behind (and wait for this lock)."""
        touch(self.conn)
        if self._reports:
            self.merges += auto_merge_reports(self.conn, self._reports)
            self._reports = []
        if self._actors or self._aliases:
            self.merges += auto_merge_actors(self.conn, self._actors, self._aliases)
            self._actors, self._aliases = [], []
        refresh(self.conn)

    def has_document(self, doc_id: str) -> bool:
        found = has_document(self.conn, doc_id)
        self.conn.rollback()  # no read transaction kept open between writes: the next look sees new rows
        return found

    def add_document(self, doc: Document) -> DocumentResult:
        if self.has_document(doc.id):
            return DocumentResult(new=False)
        with self._transaction():
            return self._store_document(doc)

    def _store_document(self, doc: Document) -> DocumentResult:
        conn = self.conn
        row = {
            "id": doc.id,
            "origin": doc.origin,
            "locator": doc.locator,
            "format": doc.format,
            "sha256": doc.sha256,
            "size": doc.size,
            "title": doc.title,
            "published": doc.published,
            "url": safe_url(doc.url),
            "author": doc.author,
            "crawled": doc.crawled,
            "language": doc.language,
            "extractor": doc.extractor,
            "text": doc.text,
            "dropped": doc.dropped,
            "run_id": self.run_id,
            "ingested_at": datetime.now(UTC),
        }
        if conn.execute(_insert_new(conn, documents, ["id"]), row).rowcount == 0:
            return DocumentResult(new=False)  # another writer stored it since we looked
        exact = near = 0
        for art in doc.articles:
            dup, sim = _find_duplicate(conn, art.body_hash, art.signature)
            exact += sim == 1.0
            near += sim is not None and sim < 1.0
            conn.execute(
                _INSERT_ARTICLE,
                {
                    "id": art.id,
                    "document_id": doc.id,
                    "seq": art.seq,
                    "start": art.start,
                    "end": art.end,
                    "body_start": art.body_start,
                    "body_end": art.body_end,
                    "headline": art.headline,
                    "summary": art.summary,
                    "dateline": art.dateline,
                    "byline": art.byline,
                    "published": art.published,
                    "published_source": art.published_source,
                    "updated": art.updated,
                    "words": art.words,
                    "body_hash": art.body_hash,
                    "signature": art.signature,
                    "duplicate_of": dup,
                    "similarity": sim,
                },
            )
            if art.signature:
                bands = dict.fromkeys(band_keys(art.signature))
                conn.execute(_INSERT_BAND, [{"band": b, "article_id": art.id} for b in bands])
            self._add_extraction(art)
        self._reports += [r.id for a in doc.articles for r in a.incidents]
        reports = sum(len(a.incidents) for a in doc.articles)
        return DocumentResult(True, len(doc.articles), exact, near, reports)

    def _add_extraction(self, art: Article) -> None:
        """The article's entities, relations and incident reports (victims pointing at actors)."""
        by_entity = self._add_actors(art)
        for report in art.incidents:
            for v in report.victims:
                entity_id = v.pop("entity_id", None)
                if entity_id in by_entity:
                    v["actor_id"] = by_entity[entity_id]
            _insert_report(self.conn, report)
        mark(self.conn, [r.id for r in art.incidents])

    def replace_extraction(self, art: Article) -> None:
        """Put a new reading of a stored article in place of the old one (reports with their evidence,
        entities and their aliases, relations). Merge decisions stay: those on reports or actors that
        no longer exist no longer apply, and the new reports and actors get their own."""
        with self._transaction():
            old = self.conn.execute(select(incident_reports.c.id).where(incident_reports.c.article_id == art.id))
            mark(self.conn, old.scalars())
            for table in (incident_reports, entities, relations):
                self.conn.execute(delete(table).where(table.c.article_id == art.id))
            self._add_extraction(art)
            self._reports += [r.id for r in art.incidents]

    def _add_actors(self, art: Article) -> dict[str, str]:
        """Store the article's entities (each under its actor, registered if new), their aliases
        and the relations; returns each entity's actor id."""
        by_entity: dict[str, str] = {}
        for e in art.entities:
            actor_id, new = register(self.conn, e, art.id)
            by_entity[e.id] = actor_id
            if new:
                self._actors.append(actor_id)
            self.conn.execute(
                _INSERT_ENTITY,
                {
                    "id": e.id,
                    "article_id": art.id,
                    "actor_id": actor_id,
                    "kind": e.kind,
                    "name": e.name,
                    "description": e.description,
                    "aliases": [
                        {"name": n, "start": ev.start, "end": ev.end, "quote": ev.quote} for n, ev in e.aliases
                    ],
                    "mentions": [list(m) for m in e.mentions],
                },
            )
            for alias, ev in e.aliases:
                k = name_key(alias, e.kind)
                if e.kind == "person" and len(k.split()) < 2:
                    continue  # a lone name joins nothing across articles
                self.conn.execute(
                    _INSERT_ALIAS, {"key": k, "family": family(e.kind), "actor_id": actor_id, "entity_id": e.id}
                )
                self._aliases.append((actor_id, k, ev.quote))
        if art.relations:
            self.conn.execute(
                _INSERT_RELATION,
                [
                    {
                        "id": r.id,
                        "article_id": art.id,
                        "subject": r.subject,
                        "predicate": r.predicate,
                        "object": r.object,
                        "place": r.place,
                        "status": r.status,
                        "attributed_by": r.attributed_by,
                        "date_start": (r.date or {}).get("start"),
                        "date_end": (r.date or {}).get("end"),
                        "date_precision": (r.date or {}).get("precision"),
                        "start": r.evidence.start,
                        "end": r.evidence.end,
                        "quote": r.evidence.quote,
                        "extractor": EXTRACTOR,
                    }
                    for r in art.relations
                ],
            )
        return by_entity

    def add_rejection(self, rej: Rejection) -> None:
        rid = make_id("rej", rej.origin, rej.locator, rej.reason, rej.sha256)
        row = {
            "id": rid,
            "origin": rej.origin[:MAX_ORIGIN],
            "locator": rej.locator[:MAX_ORIGIN],
            "reason": rej.reason,
            "detail": bounded(rej.detail),
            "sha256": rej.sha256,
            "run_id": self.run_id,
            "created_at": datetime.now(UTC),
        }
        with self._transaction():
            if self.conn.execute(_insert_new(self.conn, rejections, ["id"]), row).rowcount == 0:
                self.conn.execute(update(rejections).where(rejections.c.id == rid).values(run_id=self.run_id))


MAX_DETAIL = 300  # characters of a rejection's detail: a reason, never the content that caused it
MAX_ORIGIN = 2000


def bounded(detail: str) -> str:
    """A rejection detail cut to a few hundred characters, on one line."""
    one_line = " ".join(detail.split())
    return one_line if len(one_line) <= MAX_DETAIL else one_line[: MAX_DETAIL - 1] + "…"


def safe_url(url: str | None) -> str | None:
    """Only an http(s) address is kept as a document's link ('javascript:' and the like are dropped)."""
    return url if url and urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _insert_new(conn: Connection, table: Table, keys: list[str]) -> Executable:
    """An insert that does nothing where a row with the same key exists (rowcount 0)."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        return sqlite_insert(table).on_conflict_do_nothing(index_elements=keys)
    if dialect == "postgresql":
        return pg_insert(table).on_conflict_do_nothing(index_elements=keys)
    return insert(table)


def _find_duplicate(conn: Connection, body_hash: str, sig: bytes) -> tuple[str | None, float | None]:
    """The first stored article with the same body, or the most similar one above the threshold.
    Duplicates point at the original, never at another duplicate."""
    same = conn.execute(_SAME_BODY, {"h": body_hash}).scalar()
    if same:
        return str(same), 1.0
    if not sig:
        return None, None
    best: tuple[str | None, float] = (None, 0.0)
    for row in conn.execute(_BAND_CANDIDATES, {"bands": band_keys(sig)}):
        sim = similarity(sig, row.signature)
        if sim >= NEAR_DUPLICATE and sim > best[1]:
            best = (row.duplicate_of or row.id, sim)
    return (best[0], round(best[1], 3)) if best[0] else (None, None)


def _insert_report(conn: Connection, r: IncidentReport) -> None:
    place = r.place or {}
    key = place_text(place)
    conn.execute(
        _INSERT_REPORT,
        {
            "id": r.id,
            "article_id": r.article_id,
            "seq": r.seq,
            "type": r.type,
            "summary": r.summary,
            "date_start": r.date.get("start"),
            "date_end": r.date.get("end"),
            "date_precision": r.date.get("precision"),
            "date_basis": r.date.get("basis"),
            "place": r.place,
            "place_key": key if r.place else None,
            "lat": place.get("lat"),
            "lon": place.get("lon"),
            "killed": r.killed,
            "injured": r.injured,
            "perpetrators_killed": r.perpetrators_killed,
            "perpetrators": r.perpetrators,
            "victims": r.victims,
            "targets": r.targets,
            "weapons": r.weapons,
            "background": r.background,
            "extractor": r.extractor,
            "summary_start": r.summary_start,
            "summary_end": r.summary_end,
            "evidence": [
                {
                    "field": f.field,
                    "value": f.value,
                    "status": f.status,
                    "attributed_by": f.attributed_by,
                    "start": f.evidence.start,
                    "end": f.evidence.end,
                    "quote": f.evidence.quote,
                }
                for f in r.facts
            ],
        },
    )
