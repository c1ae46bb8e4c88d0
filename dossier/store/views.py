"""The read model: every incident assembled once and kept in `incident_index`, so that a store of
100,000 incidents answers a filtered page, a count or a statistic with one indexed query.

Incidents are groups of reports under the active merge decisions (resolve.incidents.clusters).
Every write that adds, rewrites or deletes a report, or decides on one, marks it in
`view_changes` in its own transaction (`mark`); a reader that finds marks calls `refresh`, which
re-assembles only the incidents the marked reports reach through their old incidents and the
merge decisions. Actor ids are kept as stored and mapped to their canonical actor when read, so
actor merges never stale the model. Every write also bumps the store's generation (`touch`),
which empties what readers keep between writes (`kept`)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Integer, Text, and_, cast, delete, func, insert, select, update
from sqlalchemy.sql.elements import ColumnElement

from dossier.store.incidents import Filters, assemble, place_text
from dossier.store.schema import (
    articles,
    decisions,
    documents,
    incident_actors,
    incident_index,
    incident_members,
    incident_reports,
    meta,
    view_changes,
)

_kept: dict[str, tuple[str, dict[Any, Any]]] = {}  # store url -> (generation, what was read at it)
CHUNK = 500


def _meta(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
    return None if value is None else str(value)


def _set(conn: Connection, key: str, value: str) -> None:
    if conn.execute(update(meta).where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(insert(meta).values(key=key, value=value))


def generation(conn: Connection) -> str:
    return _meta(conn, "generation") or "0"


def touch(conn: Connection) -> None:
    """Record that the stored facts changed (inside the writing transaction); one statement, so
    two writers never both write the same next value."""
    bumped = update(meta).where(meta.c.key == "generation").values(value=cast(cast(meta.c.value, Integer) + 1, Text))
    if conn.execute(bumped).rowcount == 0:
        conn.execute(insert(meta).values(key="generation", value="1"))


def mark(conn: Connection, report_ids: Iterable[str]) -> None:
    """Note reports whose incident must be assembled again: new, rewritten, deleted or named by a
    decision (inside the writing transaction, so a change is never stored unmarked)."""
    rows = [{"report_id": r} for r in dict.fromkeys(report_ids)]
    if rows:
        conn.execute(insert(view_changes), rows)


def kept(conn: Connection) -> dict[Any, Any]:
    """Readings kept while the store does not change: a server answers many requests between two
    writes, and some readings (canonical actors, every entity's statistics, a big actor's profile)
    cost a pass over a large table. Any write bumps the generation, which empties this."""
    url, gen = str(conn.engine.url), generation(conn)
    entry = _kept.get(url)
    if entry is None or entry[0] != gen:
        entry = (gen, {})
        _kept[url] = entry
    return entry[1]


def fresh(conn: Connection) -> bool:
    return _meta(conn, "views_built") is not None and conn.execute(select(view_changes.c.id).limit(1)).first() is None


def refresh(conn: Connection) -> int:
    """Bring the read model up to the stored facts; returns the number of incidents rebuilt.
    Callers hold a transaction: the writer's own, before it commits (so readers seldom find marks),
    or a reader's engine.begin(). Its first statement is a write, so refreshers take their turns
    on the store's write lock instead of rebuilding the same incidents."""
    _set(conn, "views_refreshing", datetime.now(UTC).isoformat())  # takes the write lock
    if _meta(conn, "views_built") is None:
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
    _set(conn, "views_built", datetime.now(UTC).isoformat())
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
        for part in _chunks(todo):
            incidents |= set(
                conn.execute(
                    select(incident_members.c.incident_id).where(incident_members.c.report_id.in_(part))
                ).scalars()
            )
        mates: set[str] = set()
        for part in _chunks(incidents):
            mates |= set(
                conn.execute(
                    select(incident_members.c.report_id).where(incident_members.c.incident_id.in_(part))
                ).scalars()
            )
        todo = (mates | {n for r in todo for n in links.get(r, ())}) - seen
    return seen


def _rebuild(conn: Connection, report_ids: set[str]) -> int:
    """Drop the incidents these reports were in and assemble their groups again."""
    from dossier.resolve.incidents import clusters

    old: set[str] = set()
    for part in _chunks(report_ids):
        old |= set(
            conn.execute(select(incident_members.c.incident_id).where(incident_members.c.report_id.in_(part))).scalars()
        )
        conn.execute(delete(incident_members).where(incident_members.c.report_id.in_(part)))
    for part in _chunks(old):
        conn.execute(delete(incident_index).where(incident_index.c.id.in_(part)))
        conn.execute(delete(incident_actors).where(incident_actors.c.incident_id.in_(part)))
    rows: list[Any] = []
    cols = (
        incident_reports,
        articles.c.headline,
        articles.c.published.label("article_published"),
        articles.c.document_id,
        documents.c.url,
        documents.c.ingested_at,
    )
    for part in _chunks(report_ids):
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
                for role in ("perpetrator", "victim")
                for p in rec[role + "s"]
                if p.get("actor_id")
            }.values()
        )
    for table, values in ((incident_index, index_rows), (incident_members, member_rows), (incident_actors, actor_rows)):
        for i in range(0, len(values), CHUNK):
            conn.execute(insert(table), values[i : i + CHUNK])
    return len(index_rows)


def _index_row(rec: dict[str, Any]) -> dict[str, Any]:
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


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = list(ids)
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


# -- reading ------------------------------------------------------------------------------------
def canonical(conn: Connection) -> dict[str, str]:
    """Stored actor id -> canonical actor id, computed once per store generation."""
    from dossier.resolve.actors import canonical as compute

    box = kept(conn)
    if "canonical" not in box:
        box["canonical"] = compute(conn)
    canon: dict[str, str] = box["canonical"]  # shared: read, never changed
    return canon


def where(conn: Connection, f: Filters) -> list[ColumnElement[bool]]:
    """The filters as SQL conditions on incident_index."""
    c = incident_index.c
    out: list[ColumnElement[bool]] = []
    if f.type:
        out.append(c.type == f.type)
    if f.since:
        out.append(c.date_end >= f.since)
    if f.until:
        out.append(c.date_start <= f.until)
    if not f.background:
        out.append(c.background.is_(False))
    if f.place:
        out.append(c.place_text.contains(f.place.lower(), autoescape=True))
    if f.bbox:
        west, south, east, north = f.bbox
        out += [c.lat >= south, c.lat <= north, c.lon >= west, c.lon <= east]
    if f.actor:  # an actor the store knows, on either side; else words in a perpetrator's name
        ids = _actor_members(conn, f.actor)
        if ids:
            out.append(c.id.in_(select(incident_actors.c.incident_id).where(incident_actors.c.actor_id.in_(ids))))
        else:
            out.append(c.names.contains(f.actor.lower(), autoescape=True))
    for word in (f.q or "").lower().split():
        out.append(c.search.contains(word, autoescape=True))
    return out


def _actor_members(conn: Connection, ref: str) -> list[str]:
    """The stored actor ids of the actor `ref` names, or none if it names no actor."""
    from dossier.errors import NotFound
    from dossier.store.actors import members

    try:
        return members(conn, ref)[1]
    except NotFound:
        return []


LATEST = (incident_index.c.date_start.desc().nulls_last(), incident_index.c.id.desc())


def page(conn: Connection, f: Filters, limit: int | None = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(how many incidents match, the records of one page), latest first."""
    cond = where(conn, f)
    total = int(conn.execute(select(func.count()).select_from(incident_index).where(*cond)).scalar() or 0)
    q = select(incident_index.c.id).where(*cond).order_by(*LATEST).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return total, records(conn, list(conn.execute(q).scalars()))


def records(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The records of these incidents, in this order. Pages are chosen by id first, so sorting
    never carries the records along."""
    found: dict[str, dict[str, Any]] = {}
    for part in _chunks(ids):
        rows = conn.execute(select(incident_index.c.id, incident_index.c.record).where(incident_index.c.id.in_(part)))
        found.update((r.id, _record(r.record)) for r in rows)
    return canonical_records(conn, [found[i] for i in ids if i in found])


def _record(value: Any) -> dict[str, Any]:
    return dict(json.loads(value) if isinstance(value, str) else value)


def canonical_records(conn: Connection, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Perpetrators and victims under their actor's canonical id, one entry per actor."""
    canon = canonical(conn)
    for inc in records:
        for key in ("perpetrators", "victims"):
            seen: set[str] = set()
            kept = []
            for p in inc[key]:
                aid = p.get("actor_id")
                if aid:
                    p["actor_id"] = aid = canon.get(aid, aid)
                    if aid in seen:
                        continue
                    seen.add(aid)
                kept.append(p)
            inc[key] = kept
    return records


def one(conn: Connection, ref: str) -> dict[str, Any] | None:
    """An incident by id, unambiguous id prefix or report id; None if there is none. Raises
    ValueError when the prefix names several."""
    ids = list(
        conn.execute(
            select(incident_index.c.id).where(incident_index.c.id.startswith(ref, autoescape=True)).limit(2)
        ).scalars()
    )
    if not ids:
        ids = list(conn.execute(select(incident_members.c.incident_id).where(incident_members.c.report_id == ref)))
        ids = [i[0] for i in ids]
    if len(ids) > 1 and ref not in ids:
        raise ValueError(f"{ref!r} matches several incidents; give more of the id")
    if not ids:
        return None
    chosen = ref if ref in ids else ids[0]
    value = conn.execute(select(incident_index.c.record).where(incident_index.c.id == chosen)).scalar()
    return canonical_records(conn, [_record(value)])[0]


def of_actors(conn: Connection, actor_ids: list[str], limit: int) -> tuple[int, list[tuple[str, dict[str, Any]]]]:
    """Incidents these stored actor ids take part in, latest first: (total, [(role, record)])."""
    pairs = (  # an incident may name two merged actor ids: it is listed once
        select(incident_actors.c.incident_id, incident_actors.c.role)
        .where(incident_actors.c.actor_id.in_(actor_ids))
        .distinct()
        .subquery()
    )
    total = int(conn.execute(select(func.count(func.distinct(pairs.c.incident_id)))).scalar() or 0)
    q = select(pairs.c.role, incident_index.c.id).join(incident_index, incident_index.c.id == pairs.c.incident_id)
    rows = conn.execute(q.order_by(*LATEST).limit(limit)).all()
    by_id = {rec["id"]: rec for rec in records(conn, list(dict.fromkeys(r.id for r in rows)))}
    return total, [(r.role, by_id[r.id]) for r in rows if r.id in by_id]


def stats(conn: Connection, f: Filters, top: int = 20) -> dict[str, Any]:
    """Counts by month (and type within each month), by type, by province and by perpetrator."""
    c = incident_index.c
    cond = where(conn, f)
    totals = conn.execute(
        select(func.count(), func.coalesce(func.sum(c.killed), 0), func.coalesce(func.sum(c.injured), 0)).where(*cond)
    ).one()
    month = func.substr(c.date_start, 1, 7)
    by_month: dict[str, dict[str, Any]] = {}
    for m, kind, n in conn.execute(
        select(month, c.type, func.count())
        .where(*cond, c.date_start.isnot(None))
        .group_by(month, c.type)
        .order_by(month)
    ):
        entry = by_month.setdefault(m, {"month": m, "count": 0, "by_type": {}})
        entry["count"] += n
        entry["by_type"][kind] = n
    by_type = [
        {"type": t, "count": n}
        for t, n in conn.execute(
            select(c.type, func.count()).where(*cond).group_by(c.type).order_by(func.count().desc())
        )
    ]
    by_province = [
        {"province": a, "country": k, "count": n}
        for a, k, n in conn.execute(
            select(c.admin1, c.country, func.count())
            .where(*cond, c.admin1.isnot(None))
            .group_by(c.admin1, c.country)
            .order_by(func.count().desc())
            .limit(top)
        )
    ]
    canon = canonical(conn)
    per_actor: dict[str, int] = defaultdict(int)
    stored: dict[str, list[str]] = defaultdict(list)
    ids = select(c.id).where(*cond)
    perpetrated = and_(incident_actors.c.role == "perpetrator", incident_actors.c.incident_id.in_(ids))
    for aid, n in conn.execute(
        select(incident_actors.c.actor_id, func.count()).where(perpetrated).group_by(incident_actors.c.actor_id)
    ):
        per_actor[canon.get(aid, aid)] += n
        stored[canon.get(aid, aid)].append(aid)
    for actor_id, members in stored.items():  # merged actors: an incident naming two of their ids counts once
        if len(members) > 1:
            one = select(func.count(func.distinct(incident_actors.c.incident_id)))
            per_actor[actor_id] = int(
                conn.execute(one.where(perpetrated, incident_actors.c.actor_id.in_(members))).scalar() or 0
            )
    from dossier.store.schema import actors

    best = sorted(per_actor.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    names = dict(conn.execute(select(actors.c.id, actors.c.name).where(actors.c.id.in_([a for a, _ in best]))).all())
    return {
        "total": int(totals[0]),
        "killed": int(totals[1]),
        "injured": int(totals[2]),
        "by_month": list(by_month.values()),
        "by_type": by_type,
        "by_province": by_province,
        "by_actor": [{"actor_id": a, "name": names.get(a, a), "count": n} for a, n in best],
    }


def linked(conn: Connection, limit: int) -> list[dict[str, Any]]:
    """The latest `limit` incidents with a named perpetrator or victim."""
    named = select(incident_actors.c.incident_id)
    q = select(incident_index.c.id).where(incident_index.c.id.in_(named)).order_by(*LATEST).limit(limit)
    return records(conn, list(conn.execute(q).scalars()))


def incidents_of(conn: Connection, report_ids: list[str]) -> list[str]:
    rows = conn.execute(select(incident_members.c.incident_id).where(incident_members.c.report_id.in_(report_ids)))
    return list(dict.fromkeys(r[0] for r in rows))


def spans(conn: Connection, article_id: str, start: int, end: int) -> list[dict[str, Any]]:
    """Every fact, entity mention and relation read from one article, as offsets into its text
    (the stored offsets count from the start of the document)."""
    from dossier.store.schema import entities, facts, relations

    canon = canonical(conn)
    out: list[dict[str, Any]] = []

    def span(s: int, e: int, **rest: Any) -> None:
        if start <= s < e <= end:
            out.append({"start": s - start, "end": e - start, **rest})

    rows = conn.execute(
        select(facts, incident_members.c.incident_id)
        .outerjoin(incident_members, incident_members.c.report_id == facts.c.report_id)
        .where(facts.c.article_id == article_id)
    )
    for f in rows:
        value = f.value if isinstance(f.value, str | int | float) or f.value is None else json.dumps(f.value)
        label = f"{f.field}: {value}" + (f" ({f.status})" if f.status else "")
        span(f.start, f.end, kind="fact", field=f.field, label=label, report_id=f.report_id,
             incident_id=f.incident_id, actor_id=None)  # fmt: skip
    names: dict[str, tuple[str, str]] = {}
    for e in conn.execute(select(entities).where(entities.c.article_id == article_id)):
        actor_id = canon.get(e.actor_id, e.actor_id)
        names[e.id] = (actor_id, e.name)
        for s, t in e.mentions or []:
            span(s, t, kind="entity", field=e.kind, label=f"{e.name} ({e.kind})", report_id=None,
                 incident_id=None, actor_id=actor_id)  # fmt: skip
    for r in conn.execute(select(relations).where(relations.c.article_id == article_id)):
        subject = names.get(r.subject, (None, "?"))[1]
        obj = names.get(r.object, (None, r.place or "?"))[1] if r.object else r.place or "?"
        span(r.start, r.end, kind="relation", field=r.predicate, label=f"{subject} {r.predicate} {obj} ({r.status})",
             report_id=None, incident_id=None, actor_id=names.get(r.subject, (None, ""))[0])  # fmt: skip
    out.sort(key=lambda x: (x["start"], -x["end"], x["kind"]))
    return out
