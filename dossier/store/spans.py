"""Where each fact, entity mention and relation sits in an article's text: what the article page highlights."""

from __future__ import annotations

import json
from typing import Any, cast

from sqlalchemy import Connection, select

from dossier.db.schema import (
    entities,
    incident_reports,
    relations,
)
from dossier.records import Span
from dossier.store.actor_index import canonical
from dossier.store.incident_reads import facts_where


def spans(conn: Connection, article_id: str, start: int, end: int) -> list[Span]:
    """Every fact, entity mention and relation read from one article, as offsets into its text
    (the stored offsets count from the start of the document)."""
    canon = canonical(conn)
    out: list[dict[str, Any]] = []

    def span(s: int, e: int, **rest: Any) -> None:
        if start <= s < e <= end:
            out.append({"start": s - start, "end": e - start, **rest})

    for f in facts_where(conn, incident_reports.c.article_id == article_id):
        value = (
            f["value"] if isinstance(f["value"], str | int | float) or f["value"] is None else json.dumps(f["value"])
        )
        label = f"{f['field']}: {value}" + (f" ({f['status']})" if f["status"] else "")
        span(f["start"], f["end"], kind="fact", field=f["field"], label=label, report_id=f["report_id"],
             incident_id=f["incident_id"], actor_id=None)  # fmt: skip
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
    return cast(list[Span], out)
