"""Schema upgrades: each step takes a store from one version to the next, in place, inside the
transaction that opens it. Versions 1-4 only added tables (created by `metadata.create_all`)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, inspect, select, text, update

from dossier.db.schema import articles, documents, incident_reports, meta


def upgrade(conn: Connection, version: int) -> None:
    if version < 5:
        _to_5(conn)


def _to_5(conn: Connection) -> None:
    """Evidence moves from the `facts` table into its report's `evidence` column (one stored form
    per report), and each report gets the offsets of its summary sentence. The read model is
    rebuilt from scratch on the next read, so that incident sources carry those offsets."""
    have = {c["name"] for c in inspect(conn).get_columns("incident_reports")}
    json_type = "JSONB" if conn.dialect.name == "postgresql" else "JSON"
    for name, kind in (("summary_start", "INTEGER"), ("summary_end", "INTEGER"), ("evidence", json_type)):
        if name not in have:
            conn.execute(text(f"ALTER TABLE incident_reports ADD COLUMN {name} {kind}"))
    if inspect(conn).has_table("facts"):
        rows = conn.execute(
            text('SELECT report_id, field, value, status, attributed_by, start, "end", quote FROM facts')
        ).all()
        by_report: dict[str, list[dict[str, Any]]] = {}
        for r in sorted(rows, key=lambda r: (r.report_id, r.start, r.field)):
            value = json.loads(r.value) if isinstance(r.value, str) else r.value
            by_report.setdefault(r.report_id, []).append(
                {
                    "field": r.field,
                    "value": value,
                    "status": r.status,
                    "attributed_by": r.attributed_by,
                    "start": r.start,
                    "end": r.end,
                    "quote": r.quote,
                }
            )
        for report_id, facts in by_report.items():
            conn.execute(update(incident_reports).where(incident_reports.c.id == report_id).values(evidence=facts))
        conn.execute(text("DROP TABLE facts"))
    located = select(incident_reports.c.id, incident_reports.c.summary, articles.c.body_start, documents.c.text)
    located = located.join(articles, articles.c.id == incident_reports.c.article_id).join(
        documents, documents.c.id == articles.c.document_id
    )
    for r in conn.execute(located.where(incident_reports.c.summary_start.is_(None))).all():
        at = (r.text or "").find(r.summary or "", r.body_start) if r.summary else -1
        if at >= 0:
            conn.execute(
                update(incident_reports)
                .where(incident_reports.c.id == r.id)
                .values(summary_start=at, summary_end=at + len(r.summary))
            )
    conn.execute(delete(meta).where(meta.c.key == "views_built"))
