"""The decision log: judgements that two things are one (`merge`) or not (`separate`), for incident
reports and for actors alike, each with its score, who made it and why. Nothing is merged in the
tables: `clusters` applies the active decisions when reading, so any merge can be undone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from dossier.db.changes import mark
from dossier.db.schema import decisions
from dossier.ids import make_id


def record(conn: Connection, kind: str, a: str, b: str, action: str, score: float | None, by: str, reason: str) -> int:
    """Record a decision on a pair; a person's decision replaces any earlier one on the same pair,
    an automatic one never replaces a person's."""
    a, b = sorted((a, b))
    existing = conn.execute(
        select(decisions).where(
            and_(decisions.c.kind == kind, decisions.c.a == a, decisions.c.b == b, decisions.c.active.is_(True))
        )
    ).all()
    if any(not d.by.startswith("auto") for d in existing) and by == "auto":
        return 0
    if any(d.action == action and d.by == by for d in existing):
        return 0
    conn.execute(update(decisions).where(decisions.c.id.in_([d.id for d in existing])).values(active=False))
    if kind == "incident":
        mark(conn, [a, b])  # the read model's incidents change with this
    conn.execute(
        insert(decisions).values(
            id=make_id("dec", kind, a, b, action, by, datetime.now(UTC).isoformat()),
            kind=kind,
            a=a,
            b=b,
            action=action,
            score=score,
            by=by,
            reason=reason,
            created_at=datetime.now(UTC),
            active=True,
        )
    )
    return 1


def clusters(
    conn: Connection, report_ids: list[str], order: dict[str, Any] | None = None, kind: str = "incident"
) -> dict[str, str]:
    """Map every report id to its incident's root: the first-stored report of its group (by
    `order`, then id), so an incident keeps its id as later reports join it. With kind="actor",
    the same for actor ids under actor decisions.

    A person's decisions are applied before automatic ones, automatic ones by falling score, and no
    merge may join two groups that hold a pair a person separated: 'unmerge' stays undone when a
    later report matches both sides."""
    rank = order or {}
    members = {r: {r} for r in report_ids}
    parent = {r: r for r in report_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    active = conn.execute(
        select(decisions.c.a, decisions.c.b, decisions.c.action, decisions.c.by, decisions.c.score).where(
            and_(decisions.c.kind == kind, decisions.c.active.is_(True))
        )
    ).all()
    apart: dict[str, set[str]] = {}
    for d in active:
        if d.action == "separate":
            apart.setdefault(d.a, set()).add(d.b)
            apart.setdefault(d.b, set()).add(d.a)
    merges = sorted((d for d in active if d.action == "merge"), key=lambda d: (d.by == "auto", -(d.score or 1.0)))
    for d in merges:
        if d.a not in parent or d.b not in parent:
            continue
        ra, rb = find(d.a), find(d.b)
        if ra == rb or any(apart.get(x, set()) & members[rb] for x in members[ra]):
            continue
        keep, join = sorted((ra, rb), key=lambda r: (rank.get(r, ""), r))
        parent[join] = keep
        members[keep] |= members.pop(join)
    return {r: find(r) for r in report_ids}
