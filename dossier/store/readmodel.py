"""The read model: every incident assembled once and kept in `incident_index`, so that a store of
100,000 incidents answers a filtered page, a count or a statistic with one indexed query.

Incidents are groups of reports under the active merge decisions (resolve.decisions.clusters).
Every write that adds, rewrites or deletes a report, or decides on one, marks it in
`view_changes` in its own transaction (db.changes.mark); a reader that finds marks calls
`refresh`, which re-assembles only the incidents the marked reports reach through their old
incidents and the merge decisions. Actor ids are kept as stored and mapped to their canonical
actor when read, so actor merges never stale the model."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select

from dossier.db.changes import read_meta, touch, write_meta
from dossier.db.schema import (
    articles,
    decisions,
    documents,
    incident_actors,
    incident_index,
    incident_members,
    incident_reports,
    view_changes,
)
from dossier.records import IncidentRecord
from dossier.resolve.decisions import clusters
from dossier.store.assembly import assemble, place_text

CHUNK = 500


def fresh(conn: Connection) -> bool:
    return (
        read_meta(conn, "views_built") is not None and conn.execute(select(view_changes.c.id).limit(1)).first() is None
    )


def refresh(conn: Connection) -> int:
    """Bring the read model up to the stored facts; returns the number of incidents rebuilt.
    Callers hold a transaction: the writer's own, before it commits (so readers seldom find marks),
    or a reader's engine.begin(). Its first statement is a write, so refreshers take their turns
    on the store's write lock instead of rebuilding the same incidents."""
    write_meta(conn, "views_refreshing", datetime.now(UTC).isoformat())  # takes the write lock
    if read_meta(conn, "views_built") is None:
        reports = set(conn.execute(select(incident_reports.c.id)).scalars())
        conn.execute(delete(view_changes))
        conn.execute(delete(incident_index))
        conn.execute(delete(incident_members))
        conn.execute(delete(incident_actors))
    else:
        top = conn.execute(select(func.max(view_changes.c.id))).scalar()
        if top is None:
            return 0
        changed = set(conn.execute(select(view_changes.c.report_id).where(view_changes.c.id <= top)).scalars())
        conn.execute(delete(view_changes).where(view_changes.c.id <= top))
        reports = _reach(conn, changed)
    built = _rebuild(conn, reports)
    write_meta(conn, "views_built", datetime.now(UTC).isoformat())
    touch(conn)  # what a reader kept while the model was behind must not outlive this
    return built


def _reach(conn: Connection, changed: set[str]) -> set[str]:
    """The changed reports, every report of an incident they were in, and every report a merge
    decision links them to, until nothing new is reached."""
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in conn.execute(
        select(decisions.c.a, decisions.c.b).where(
            and_(decisions.c.kind == "incident", decisions.c.active.is_(True), decisions.c.action == "merge")
        )
    ):
        links[a].add(b)
        links[b].add(a)
    seen: set[str] = set()
    todo = set(changed)
    while todo:
        seen |= todo
        incidents = set()
        for part in chunks(todo):
            incidents |= set(
                conn.execute(
                    select(incident_members.c.incident_id).where(incident_members.c.report_id.in_(part))
                ).scalars()
            )
        mates: set[str] = set()
        for part in chunks(incidents):
            mates |= set(
                conn.execute(
                    select(incident_members.c.report_id).where(incident_members.c.incident_id.in_(part))
                ).scalars()
            )
        todo = (mates | {n for r in todo for n in links.get(r, ())}) - seen
    return seen


def _rebuild(conn: Connection, report_ids: set[str]) -> int:
    """Drop the incidents these reports were in and assemble their groups again."""
    old: set[str] = set()
    for part in chunks(report_ids):
        old |= set(
            conn.execute(select(incident_members.c.incident_id).where(incident_members.c.report_id.in_(part))).scalars()
        )
        conn.execute(delete(incident_members).where(incident_members.c.report_id.in_(part)))
    for part in chunks(old):
        conn.execute(delete(incident_index).where(incident_index.c.id.in_(part)))
        conn.execute(delete(incident_actors).where(incident_actors.c.incident_id.in_(part)))
    rows: list[Any] = []
    cols = (
        *(c for c in incident_reports.c if c.name != "evidence"),  # the evidence is read on its own page
        articles.c.headline,
        articles.c.published.label("article_published"),
        articles.c.document_id,
        documents.c.url,
        documents.c.ingested_at,
    )
    for part in chunks(report_ids):
        rows += conn.execute(
            select(*cols)
            .join(articles, articles.c.id == incident_reports.c.article_id)
            .join(documents, documents.c.id == articles.c.document_id)
            .where(incident_reports.c.id.in_(part))
        ).all()
    order = {r.id: (str(r.ingested_at), r.article_id, r.seq) for r in rows}
    roots = clusters(conn, list(order), order)
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        groups[roots[r.id]].append(r)
    index_rows, member_rows, actor_rows = [], [], []
    for root, members in groups.items():
        rec = assemble(root, members)
        index_rows.append(_index_row(rec))
        member_rows += [{"report_id": r.id, "incident_id": rec["id"]} for r in members]
        actor_rows += list(
            {
                (p["actor_id"], role): {"incident_id": rec["id"], "actor_id": p["actor_id"], "role": role}
                for role, parties in (("perpetrator", rec["perpetrators"]), ("victim", rec["victims"]))
                for p in parties
                if p.get("actor_id")
            }.values()
        )
    for table, values in ((incident_index, index_rows), (incident_members, member_rows), (incident_actors, actor_rows)):
        for i in range(0, len(values), CHUNK):
            conn.execute(insert(table), values[i : i + CHUNK])
    return len(index_rows)


def _index_row(rec: IncidentRecord) -> dict[str, Any]:
    place = rec["place"] or {}
    where_text = place_text(place)
    parties = [p.get("name") or "" for p in rec["perpetrators"] + rec["victims"]]
    names = " ".join(f"{p.get('actor_id') or ''} {p.get('name') or ''}" for p in rec["perpetrators"]).lower()
    words = [rec["summary"] or "", *(s["title"] or "" for s in rec["sources"]), where_text, rec["type"], *parties]
    words += rec["weapons"] + rec["targets"]
    return {
        "id": rec["id"],
        "type": rec["type"],
        "date_start": rec["date"]["start"],
        "date_end": rec["date"]["end"],
        "background": rec["background"],
        "place_text": where_text if place else None,
        "admin1": place.get("admin1"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "killed": rec["killed"]["best"],
        "injured": rec["injured"]["best"],
        "names": names,
        "search": " ".join(words).lower(),
        "record": rec,
    }


def chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = list(ids)
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]
