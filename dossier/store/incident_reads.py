"""Reading incidents from the read model: pages, one incident, an actor's incidents, statistics.
Records carry actor ids as stored; they are put under their canonical actor here."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, and_, func, select
from sqlalchemy.sql.elements import ColumnElement

from dossier.db.schema import (
    actors,
    incident_actors,
    incident_index,
    incident_members,
    incident_reports,
)
from dossier.ids import make_id
from dossier.records import Fact, IncidentRecord, MonthCount, Perpetrator, ProvinceCount, Stats, TypeCount, Victim
from dossier.store.actor_index import canonical
from dossier.store.filters import Filters, where
from dossier.store.readmodel import chunks

LATEST = (incident_index.c.date_start.desc().nulls_last(), incident_index.c.id.desc())


def page(conn: Connection, f: Filters, limit: int | None = 50, offset: int = 0) -> tuple[int, list[IncidentRecord]]:
    """(how many incidents match, the records of one page), latest first."""
    cond = where(conn, f)
    total = int(conn.execute(select(func.count()).select_from(incident_index).where(*cond)).scalar() or 0)
    q = select(incident_index.c.id).where(*cond).order_by(*LATEST).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return total, records(conn, list(conn.execute(q).scalars()))


def records(conn: Connection, ids: list[str]) -> list[IncidentRecord]:
    """The records of these incidents, in this order. Pages are chosen by id first, so sorting
    never carries the records along."""
    found: dict[str, IncidentRecord] = {}
    for part in chunks(ids):
        rows = conn.execute(select(incident_index.c.id, incident_index.c.record).where(incident_index.c.id.in_(part)))
        found.update((r.id, _record(r.record)) for r in rows)
    return canonical_records(conn, [found[i] for i in ids if i in found])


def _record(value: Any) -> IncidentRecord:
    return cast(IncidentRecord, json.loads(value) if isinstance(value, str) else dict(value))


def canonical_records(conn: Connection, records: list[IncidentRecord]) -> list[IncidentRecord]:
    """Perpetrators and victims under their actor's canonical id, one entry per actor."""
    canon = canonical(conn)
    for inc in records:
        inc["perpetrators"] = _canonical_parties(inc["perpetrators"], canon)
        inc["victims"] = _canonical_parties(inc["victims"], canon)
    return records


Party = TypeVar("Party", Perpetrator, Victim)


def _canonical_parties(parties: list[Party], canon: dict[str, str]) -> list[Party]:
    seen: set[str] = set()
    kept = []
    for p in parties:
        aid = p.get("actor_id")
        if aid:
            p["actor_id"] = aid = canon.get(aid, aid)
            if aid in seen:
                continue
            seen.add(aid)
        kept.append(p)
    return kept


def one(conn: Connection, ref: str) -> IncidentRecord | None:
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


def of_actors(conn: Connection, actor_ids: list[str], limit: int) -> tuple[int, list[tuple[str, IncidentRecord]]]:
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


def stats(conn: Connection, f: Filters, top: int = 20) -> Stats:
    """Counts by month (and type within each month), by type, by province and by perpetrator."""
    c = incident_index.c
    cond = where(conn, f)
    totals = conn.execute(
        select(func.count(), func.coalesce(func.sum(c.killed), 0), func.coalesce(func.sum(c.injured), 0)).where(*cond)
    ).one()
    month = func.substr(c.date_start, 1, 7)
    by_month: dict[str, MonthCount] = {}
    for m, kind, n in conn.execute(
        select(month, c.type, func.count())
        .where(*cond, c.date_start.isnot(None))
        .group_by(month, c.type)
        .order_by(month)
    ):
        entry = by_month.setdefault(m, {"month": m, "count": 0, "by_type": {}})
        entry["count"] += n
        entry["by_type"][kind] = n
    by_type: list[TypeCount] = [
        {"type": t, "count": n}
        for t, n in conn.execute(
            select(c.type, func.count()).where(*cond).group_by(c.type).order_by(func.count().desc(), c.type)
        )
    ]
    by_province: list[ProvinceCount] = [
        {"province": a, "country": k, "count": n}
        for a, k, n in conn.execute(
            select(c.admin1, c.country, func.count())
            .where(*cond, c.admin1.isnot(None))
            .group_by(c.admin1, c.country)
            .order_by(func.count().desc(), c.admin1, c.country)
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


def linked(conn: Connection, limit: int) -> list[IncidentRecord]:
    """The latest `limit` incidents with a named perpetrator or victim."""
    named = select(incident_actors.c.incident_id)
    q = select(incident_index.c.id).where(incident_index.c.id.in_(named)).order_by(*LATEST).limit(limit)
    return records(conn, list(conn.execute(q).scalars()))


def incidents_of(conn: Connection, report_ids: list[str]) -> list[str]:
    rows = conn.execute(select(incident_members.c.incident_id).where(incident_members.c.report_id.in_(report_ids)))
    return list(dict.fromkeys(r[0] for r in rows))


def evidence(conn: Connection, report_ids: list[str]) -> list[Fact]:
    """The facts these reports were read from, by report and position in the text."""
    return facts_where(conn, incident_reports.c.id.in_(report_ids))


def facts_where(conn: Connection, condition: ColumnElement[bool]) -> list[Fact]:
    """The evidence of the reports that meet `condition`, one fact per row: field, value, status,
    who says so, offsets and quote, with the report, article and incident it belongs to."""
    rows = conn.execute(
        select(
            incident_reports.c.id,
            incident_reports.c.article_id,
            incident_reports.c.extractor,
            incident_reports.c.evidence,
            incident_members.c.incident_id,
        )
        .outerjoin(incident_members, incident_members.c.report_id == incident_reports.c.id)
        .where(condition)
    )
    out: list[Fact] = []
    for r in rows:
        stored = json.loads(r.evidence) if isinstance(r.evidence, str) else r.evidence or []
        for n, f in enumerate(stored):
            fact = {"id": make_id("fact", r.id, str(n)), "report_id": r.id, "article_id": r.article_id, **f,
                    "extractor": r.extractor, "incident_id": r.incident_id}  # fmt: skip
            out.append(cast(Fact, fact))
    out.sort(key=lambda f: (f["report_id"], f["start"]))
    return out
