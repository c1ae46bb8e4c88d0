"""The store. Every document goes in with its articles in one transaction, so an interrupted run
loses at most the document in flight, and re-running it is safe (content-hash ids)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from dossier.clean.fingerprint import NEAR_DUPLICATE, band_keys, similarity
from dossier.errors import NotFound, StoreError
from dossier.ids import make_id
from dossier.model import Document, Rejection
from dossier.store.schema import (
    SCHEMA_VERSION,
    article_bands,
    articles,
    documents,
    meta,
    metadata,
    rejections,
    runs,
)

DEFAULT_DB = "dossier.db"


def default_db() -> str:
    return os.environ.get("DOSSIER_DB", DEFAULT_DB)


@dataclass(frozen=True)
class DocumentResult:
    new: bool
    articles: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0


def _url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store:
    def __init__(self, db: str | None = None) -> None:
        self.url = _url(db or default_db())
        try:
            self.engine: Engine = create_engine(self.url)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            metadata.create_all(self.engine)
            with self.engine.begin() as conn:
                version = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
                if version is None:
                    conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
                elif int(version) > SCHEMA_VERSION:
                    raise StoreError(f"{db} was written by a newer dossier (schema {version}); upgrade dossier")
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database {db!r}: {exc.__class__.__name__}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    # -- runs -----------------------------------------------------------------------------------
    def start_run(self, command: str) -> str:
        run_id = make_id("run", command, datetime.now(UTC).isoformat(), os.urandom(4))
        with self.engine.begin() as conn:
            conn.execute(
                insert(runs).values(
                    id=run_id, command=command, started_at=datetime.now(UTC), status="running", stats={}
                )
            )
        return run_id

    def finish_run(self, run_id: str, stats: dict[str, Any], status: str = "finished") -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(finished_at=datetime.now(UTC), status=status, stats=stats)
            )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(runs).order_by(runs.c.started_at.desc()).limit(limit))
            return [dict(r._mapping) for r in rows]

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return _has_document(conn, doc_id)

    def add_document(self, doc: Document, run_id: str | None = None) -> DocumentResult:
        """Insert a document and its articles in one transaction; one already stored is left as it is."""
        with self.writer(run_id) as writer:
            return writer.add_document(doc)

    def add_rejection(self, rej: Rejection, run_id: str | None = None) -> None:
        with self.writer(run_id) as writer:
            writer.add_rejection(rej)

    def writer(self, run_id: str | None = None, commit_every: int = 1) -> Writer:
        return Writer(self.engine.connect(), run_id, commit_every)

    # -- reading --------------------------------------------------------------------------------
    def list_articles(self, limit: int = 50, offset: int = 0, duplicates: bool = True) -> list[dict[str, Any]]:
        cols = [
            articles.c.id,
            articles.c.document_id,
            articles.c.headline,
            articles.c.published,
            articles.c.published_source,
            articles.c.dateline,
            articles.c.words,
            articles.c.duplicate_of,
            articles.c.similarity,
            articles.c.start,
            articles.c.end,
            documents.c.origin,
            documents.c.locator,
        ]
        q = select(*cols).join(documents, documents.c.id == articles.c.document_id)
        if not duplicates:
            q = q.where(articles.c.duplicate_of.is_(None))
        q = q.order_by(documents.c.ingested_at, documents.c.origin, documents.c.locator, articles.c.seq)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q.limit(limit).offset(offset))]

    def get_article(self, ref: str) -> dict[str, Any]:
        """One article by id, or by an unambiguous id prefix, with its body text."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    articles,
                    documents.c.text.label("doc_text"),
                    documents.c.origin,
                    documents.c.locator,
                    documents.c.url,
                    documents.c.title.label("doc_title"),
                )
                .join(documents, documents.c.id == articles.c.document_id)
                .where(articles.c.id.startswith(ref))
                .limit(2)
            ).all()
        if not rows:
            raise NotFound(f"no article {ref!r}; list them with `dossier articles`")
        if len(rows) > 1:
            raise NotFound(f"{ref!r} matches several articles; give more of the id")
        row = dict(rows[0]._mapping)
        text = row.pop("doc_text")
        row.pop("signature", None)
        row["body"] = text[row["body_start"] : row["body_end"]]
        row["text"] = text[row["start"] : row["end"]]
        return row

    def list_rejections(self, limit: int = 100) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            q = select(rejections).order_by(rejections.c.created_at.desc()).limit(limit)
            return [dict(r._mapping) for r in conn.execute(q)]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:

            def n(q: Any) -> int:
                return int(conn.execute(q).scalar() or 0)

            return {
                "documents": n(select(func.count()).select_from(documents)),
                "articles": n(select(func.count()).select_from(articles)),
                "duplicates": n(select(func.count()).select_from(articles).where(articles.c.duplicate_of.isnot(None))),
                "rejections": n(select(func.count()).select_from(rejections)),
            }


_INSERT_DOCUMENT = insert(documents)
_INSERT_ARTICLE = insert(articles)
_INSERT_BAND = insert(article_bands)
_INSERT_REJECTION = insert(rejections)
_ROOT = func.coalesce(articles.c.duplicate_of, articles.c.id)
_SAME_BODY = select(_ROOT).where(articles.c.body_hash == bindparam("h")).limit(1)
_BAND_CANDIDATES = select(articles.c.id, articles.c.duplicate_of, articles.c.signature).where(
    articles.c.id.in_(
        select(article_bands.c.article_id).where(article_bands.c.band.in_(bindparam("bands", expanding=True)))
    )
)
_HAS_DOCUMENT = select(documents.c.id).where(documents.c.id == bindparam("id"))
_HAS_REJECTION = select(rejections.c.id).where(rejections.c.id == bindparam("id"))


def _has_document(conn: Connection, doc_id: str) -> bool:
    return conn.execute(_HAS_DOCUMENT, {"id": doc_id}).first() is not None


class Writer:
    """Writes on one connection, committing every `commit_every` documents and on exit, so a long
    run pays for few commits. A failure inside a write rolls back the open batch only; anything
    else (an interrupt between documents) commits what was written."""

    def __init__(self, conn: Connection, run_id: str | None, commit_every: int) -> None:
        self.conn, self.run_id, self.commit_every = conn, run_id, commit_every
        self.pending = 0
        self._writing = False
        self.conn.begin()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if self._writing:
                self.conn.rollback()
            else:
                self.conn.commit()
        finally:
            self.conn.close()

    def _written(self) -> None:
        self._writing = False
        self.pending += 1
        if self.pending >= self.commit_every:
            self.conn.commit()
            self.conn.begin()
            self.pending = 0

    def has_document(self, doc_id: str) -> bool:
        return _has_document(self.conn, doc_id)

    def add_document(self, doc: Document) -> DocumentResult:
        if _has_document(self.conn, doc.id):
            return DocumentResult(new=False)
        self._writing = True
        conn = self.conn
        conn.execute(
            _INSERT_DOCUMENT,
            {
                "id": doc.id,
                "origin": doc.origin,
                "locator": doc.locator,
                "format": doc.format,
                "sha256": doc.sha256,
                "size": doc.size,
                "title": doc.title,
                "published": doc.published,
                "url": doc.url,
                "author": doc.author,
                "crawled": doc.crawled,
                "language": doc.language,
                "extractor": doc.extractor,
                "text": doc.text,
                "dropped": doc.dropped,
                "run_id": self.run_id,
                "ingested_at": datetime.now(UTC),
            },
        )
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
        self._written()
        return DocumentResult(True, len(doc.articles), exact, near)

    def add_rejection(self, rej: Rejection) -> None:
        rid = make_id("rej", rej.origin, rej.locator, rej.reason, rej.sha256)
        self._writing = True
        if self.conn.execute(_HAS_REJECTION, {"id": rid}).first():
            self.conn.execute(update(rejections).where(rejections.c.id == rid).values(run_id=self.run_id))
        else:
            self.conn.execute(
                _INSERT_REJECTION,
                {
                    "id": rid,
                    "origin": rej.origin,
                    "locator": rej.locator,
                    "reason": rej.reason,
                    "detail": rej.detail,
                    "sha256": rej.sha256,
                    "run_id": self.run_id,
                    "created_at": datetime.now(UTC),
                },
            )
        self._written()


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
