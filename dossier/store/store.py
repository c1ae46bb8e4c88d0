"""The store: one object that opens a database and offers the library's reads and writes.

Every document goes in with its articles in one short transaction, so an interrupted run loses at
most the document in flight, and re-running it is safe (content-hash ids). Reads go through the read
model (store.readmodel), brought up to date first."""

from __future__ import annotations

import copy
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import OperationalError

from dossier.db.changes import touch
from dossier.db.engine import BUSY_MS, default_db, open_engine, url_of
from dossier.db.schema import articles, documents, rejections, runs
from dossier.errors import DossierError, NotFound
from dossier.ids import make_id
from dossier.model import Article
from dossier.records import (
    ActorProfile,
    ActorRecord,
    ActorSummary,
    ArticleSpans,
    IncidentDetail,
    IncidentRecord,
    Network,
    RelationRecord,
    Stats,
)
from dossier.resolve.decisions import record
from dossier.resolve.incident_merge import auto_merge_reports
from dossier.store import actor_export, actor_index, actor_reads, incident_reads, network, readmodel, spans
from dossier.store.cache import kept
from dossier.store.filters import Filters
from dossier.store.writer import Writer


def _alive(pid: object) -> bool:
    """Whether a process of this machine still runs (a zombie does not)."""
    if not isinstance(pid, int) or pid <= 0:
        return True  # not known: never guess a run dead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


READER_WAIT_MS = 2_000  # how long a reader waits to bring the read model up to date before reading it as it is


class Store:
    def __init__(self, db: str | None = None) -> None:
        self.url = url_of(db or default_db())
        self.engine: Engine = open_engine(db or default_db())
        self._settle_runs()

    def close(self) -> None:
        self.engine.dispose()

    # -- runs -----------------------------------------------------------------------------------
    def start_run(self, command: str) -> str:
        """A run in progress, with the process that does it (so that, if it is killed, the next store
        opened on this machine records it as abandoned)."""
        run_id = make_id("run", command, datetime.now(UTC).isoformat(), os.urandom(4))
        here = {"host": socket.gethostname(), "pid": os.getpid()}
        with self.engine.begin() as conn:
            conn.execute(
                insert(runs).values(
                    id=run_id, command=command, started_at=datetime.now(UTC), status="running", stats=here
                )
            )
        return run_id

    def _settle_runs(self) -> int:
        """Runs still marked running whose process on this machine is gone (killed by a signal that
        cannot be caught, or a crash) are recorded as abandoned; returns how many."""
        host = socket.gethostname()
        with self.engine.connect() as conn:
            running = conn.execute(select(runs.c.id, runs.c.stats).where(runs.c.status == "running")).all()
        gone = [r.id for r in running if (r.stats or {}).get("host") == host and not _alive((r.stats or {}).get("pid"))]
        if gone:
            with self.engine.begin() as conn:
                conn.execute(
                    update(runs).where(runs.c.id.in_(gone), runs.c.status == "running").values(status="abandoned")
                )
        return len(gone)

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

    def writer(self, run_id: str | None = None) -> Writer:
        return Writer(self.engine.connect(), run_id)

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
                .where(articles.c.id.startswith(ref, autoescape=True))
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

    def resolve_incidents(self, report_ids: list[str]) -> int:
        """Record automatic merge decisions for these (new) reports against everything stored."""
        with self.engine.begin() as conn:
            touch(conn)
            return auto_merge_reports(conn, report_ids)

    def _decide(self, kind: str, a: str, b: str, action: str, by: str, reason: str) -> None:
        """Record a person's merge/separate decision on two incident reports or two stored actors."""
        with self.engine.begin() as conn:
            record(conn, kind, a, b, action, None, by, reason)
            touch(conn)

    def stored_articles(self) -> Iterator[tuple[Article, str, str | None]]:
        """Every stored article as the pipeline made it, with its document's text and crawl date,
        in storage order (for re-extraction). Read one at a time: a large store never sits in memory."""
        with self.engine.connect() as conn:
            ids = (
                conn.execute(
                    select(articles.c.id)
                    .join(documents, documents.c.id == articles.c.document_id)
                    .order_by(documents.c.ingested_at, articles.c.document_id, articles.c.seq)
                )
                .scalars()
                .all()
            )
        one = select(articles, documents.c.text, documents.c.crawled).join(
            documents, documents.c.id == articles.c.document_id
        )
        for article_id in ids:
            with self.engine.connect() as conn:
                r = conn.execute(one.where(articles.c.id == article_id)).first()
            if r is None:
                continue
            art = Article(
                seq=r.seq, start=r.start, end=r.end, body_start=r.body_start, body_end=r.body_end,
                headline=r.headline, summary=list(r.summary or []), dateline=r.dateline, byline=r.byline,
                published=r.published, published_source=r.published_source, updated=r.updated, id=r.id,
                words=r.words or 0, body_hash=r.body_hash or "",
            )  # fmt: skip
            yield art, r.text, r.crawled

    def merge(self, first: str, second: str, by: str, reason: str = "") -> str:
        """A person's judgement that two incidents (ids, prefixes) or two actors (ids, names) are
        one; returns what was done."""
        if _is_actor(first) or _is_actor(second):
            (a, _), (b, _) = self.actor_members(first), self.actor_members(second)
            if a == b:
                raise DossierError(f"{first!r} and {second!r} are already one actor ({a})")
            self._decide("actor", a, b, "merge", by, reason)
            return f"merged actors {a} and {b}"
        x, y = self.incident(first), self.incident(second)
        if x["id"] == y["id"]:
            raise DossierError(f"{first!r} and {second!r} are already one incident ({x['id']})")
        self._decide("incident", x["reports"][0], y["reports"][0], "merge", by, reason)
        return f"merged {x['id']} and {y['id']}"

    def unmerge(self, first: str, second: str, by: str, reason: str = "") -> str:
        """A person's judgement that report `second` is not part of incident `first` (or stored
        actor `second` is not actor `first`); undoes the merges that joined them."""
        if _is_actor(first) or _is_actor(second):
            actor_id, members = self.actor_members(first)
            if second not in members or (second == actor_id and len(members) == 1):
                raise DossierError(f"{second} is not merged into {actor_id}; its members are {', '.join(members)}")
            for other in members:
                if other != second:
                    self._decide("actor", second, other, "separate", by, reason)
            return f"took {second} out of {actor_id}"
        inc = self.incident(first)
        if second not in inc["reports"]:
            raise DossierError(f"{second} is not a report of {inc['id']}; its reports are {', '.join(inc['reports'])}")
        for other in inc["reports"]:
            if other != second:
                self._decide("incident", second, other, "separate", by, reason)
        return f"took {second} out of {inc['id']}"

    def actors(self, kind: str | None = None, query: str | None = None) -> list[ActorSummary]:
        return self.actor_page(kind, query, None)[1]

    def actor(self, ref: str, incidents: int = 200) -> ActorProfile:
        """One actor's profile by id, name or alias: aliases, designations, relations with their
        evidence, the latest `incidents` it took part in as perpetrator or victim (and how many
        there are in all), first and last seen, sources."""
        with self.reading() as conn:
            profiles = kept(conn).setdefault("profiles", {})  # a big actor's takes a while to read
            if len(profiles) > 500:  # kept per name asked, so bounded
                profiles.clear()
            if (ref, incidents) in profiles:
                return cast(ActorProfile, copy.deepcopy(profiles[(ref, incidents)]))
            out = actor_reads.profile(conn, ref)
            total, rows = incident_reads.of_actors(conn, [out["id"], *out["merged"]], incidents)
        out["incidents"] = [
            {"id": i["id"], "role": role, "type": i["type"], "date": i["date"], "summary": i["summary"]}
            for role, i in rows
        ]
        out["incidents_total"] = total
        profiles[(ref, incidents)] = copy.deepcopy(out)
        return out

    def actor_page(
        self, kind: str | None = None, query: str | None = None, limit: int | None = 50, offset: int = 0
    ) -> tuple[int, list[ActorSummary]]:
        """How many actors pass the filters, and one page of them, most-named first."""
        with self.reading() as conn:
            return actor_reads.list_actors(conn, kind, query, limit=limit, offset=offset)

    def network(
        self, kinds: set[str] | None = None, predicates: set[str] | None = None, incidents: int = 0, limit: int = 500
    ) -> Network:
        """The actor network cut to what a screen can show: actors of these kinds, relations with
        these predicates, the latest `incidents` linked to their actors, the `limit` best-connected
        actors."""
        with self.reading() as conn:
            graphs = kept(conn).setdefault("graph", {})  # by incidents linked
            if incidents not in graphs:
                graphs[incidents] = network.graph(conn, incident_reads.linked(conn, incidents) if incidents else None)
            return network.network(graphs[incidents], kinds, predicates, limit)

    def actor_members(self, ref: str) -> tuple[str, list[str]]:
        """An actor's canonical id and the stored actor ids merged into it."""
        with self.engine.connect() as conn:
            actor_id, ids = actor_index.members(conn, ref)
        return actor_id, sorted(ids)

    def actor_records(self) -> list[ActorRecord | RelationRecord]:
        with self.engine.connect() as conn:
            return actor_export.export_records(conn)

    def graph(self, with_incidents: bool = False) -> dict[str, Any]:
        with self.reading() as conn:
            incidents = incident_reads.page(conn, Filters(), None)[1] if with_incidents else None
            return network.graph(conn, incidents)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection that sees the read model up to date with everything stored."""
        self.ensure_fresh()
        with self.engine.connect() as conn:
            yield conn

    def ensure_fresh(self) -> None:
        """Refresh the read model if a write has marked anything since it was last brought up to
        date. If a writer holds the store, read what is there: it brings the model up to date
        itself before it commits."""
        with self.engine.connect() as conn:
            if readmodel.fresh(conn):
                return
            conn.rollback()  # end the read: the refresh below is a transaction of its own
            sqlite = self.engine.dialect.name == "sqlite"
            wait = f"PRAGMA busy_timeout = {READER_WAIT_MS}" if sqlite else f"SET lock_timeout = {READER_WAIT_MS}"
            conn.exec_driver_sql(wait)  # don't queue behind a writer
            conn.commit()
            try:
                with conn.begin():
                    readmodel.refresh(conn)
            except OperationalError as exc:
                if "lock" not in str(exc.orig).lower():
                    raise
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_MS}" if sqlite else "RESET lock_timeout")
                conn.commit()

    def refresh(self) -> int:
        """Bring the read model up to date now; returns the number of incidents rebuilt."""
        with self.engine.begin() as conn:
            return readmodel.refresh(conn)

    def incidents(self, filters: Filters | None = None) -> list[IncidentRecord]:
        """Every incident that passes the filters, latest first."""
        return self.incident_page(filters, None)[1]

    def incident_page(
        self, filters: Filters | None = None, limit: int | None = 50, offset: int = 0
    ) -> tuple[int, list[IncidentRecord]]:
        """How many incidents pass the filters, and one page of them, latest first."""
        with self.reading() as conn:
            return incident_reads.page(conn, filters or Filters(), limit, offset)

    def stats(self, filters: Filters | None = None) -> Stats:
        with self.reading() as conn:
            return incident_reads.stats(conn, filters or Filters())

    def incident(self, ref: str) -> IncidentDetail:
        """One incident by id (or unambiguous prefix, or one of its report ids), with the evidence
        of every field."""
        with self.reading() as conn:
            try:
                inc = incident_reads.one(conn, ref)
            except ValueError as exc:
                raise NotFound(str(exc)) from exc
            if inc is None:
                raise NotFound(f"no incident {ref!r}; list them with `dossier incidents`")
            return {**inc, "evidence": incident_reads.evidence(conn, inc["reports"])}

    def incidents_of_reports(self, report_ids: list[str]) -> list[str]:
        with self.reading() as conn:
            return incident_reads.incidents_of(conn, report_ids)

    def article_with_spans(self, ref: str) -> ArticleSpans:
        """One article with its text and the span (offsets into that text) of every fact, entity
        mention and relation drawn from it."""
        art = self.get_article(ref)
        with self.reading() as conn:
            found = spans.spans(conn, art["id"], art["start"], art["end"])
        keep = ("id", "document_id", "headline", "published", "published_source", "dateline", "byline", "url",
                "origin", "locator", "duplicate_of", "words", "text")  # fmt: skip
        return cast(ArticleSpans, {**{k: art.get(k) for k in keep}, "spans": found})

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


def _is_actor(ref: str) -> bool:
    return not ref.startswith(("inc_", "rep_"))
