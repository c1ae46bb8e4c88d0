"""Reports of the same incident in different articles become one incident.

Each pair judged to match is a recorded `merge` decision (with its score and reason); a person's
`separate` decision overrides it. Incidents are the connected groups of reports under the active
decisions, computed when reading, so any merge can be undone."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, select

from dossier.db.schema import articles, incident_reports
from dossier.resolve.decisions import record
from dossier.vocab import compatible_types

MERGE_AT = 0.75
FIRM_DATES = {"stated", "reported", "publication"}  # dated by the text or its publication, not guessed
DAY_SLACK = 2  # reports of one event may date it a day or two apart


@dataclass(frozen=True)
class Report:
    id: str
    article_id: str
    document_id: str
    type: str
    start: date | None
    end: date | None
    place: dict[str, Any] | None
    killed: int | None
    victims: frozenset[str]
    date_basis: str | None


def _d(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _report(row: Any) -> Report:
    victims = frozenset(str(v.get("name", "")).split()[-1].lower() for v in (row.victims or []) if v.get("name"))
    return Report(
        row.id,
        row.article_id,
        row.document_id,
        row.type,
        _d(row.date_start),
        _d(row.date_end),
        row.place,
        (row.killed or {}).get("best"),
        victims,
        row.date_basis,
    )


def score(a: Report, b: Report) -> tuple[float, str]:
    """How likely two reports describe one incident, and why, in [0, 1]."""
    if a.document_id == b.document_id:
        return 0.0, "same document"
    if not compatible_types(a.type, b.type):
        return 0.0, "incompatible types"
    if not (a.start and a.end and b.start and b.end):
        return 0.0, "undated"
    if (a.end - a.start).days > 31 or (b.end - b.start).days > 31:
        return 0.0, "dates too coarse"
    gap = max((b.start - a.end).days, (a.start - b.end).days, 0)
    if gap > DAY_SLACK:
        return 0.0, f"{gap} days apart"
    s_type = 1.0 if a.type == b.type else 0.7
    s_date = 1.0 - gap / (DAY_SLACK + 1)
    if a.date_basis not in FIRM_DATES or b.date_basis not in FIRM_DATES:
        s_date *= 0.5  # a date guessed from the crawl or the page is weak evidence of the same day
    s_place, why_place = _place_score(a.place, b.place)
    if s_place == 0.0:
        return 0.0, why_place
    s_victims = 0.15 if a.victims & b.victims else 0.0
    s_killed = 0.0
    if a.killed is not None and b.killed is not None and max(a.killed, b.killed) > 0:
        s_killed = 0.1 if min(a.killed, b.killed) / max(a.killed, b.killed) >= 0.5 else -0.2
    total = 0.3 * s_type + 0.2 * s_date + 0.5 * s_place + s_victims + s_killed
    why = (
        f"type {s_type:.1f}, date {s_date:.2f} (gap {gap}d), place {why_place}, victims {s_victims}, killed {s_killed}"
    )
    return round(min(total, 1.0), 3), why


def _place_score(a: dict[str, Any] | None, b: dict[str, Any] | None) -> tuple[float, str]:
    if not a or not b or "dateline" in (a.get("basis"), b.get("basis")):
        return 0.2, "one unplaced (or placed by its dateline only)"
    if "country" in (a.get("precision"), b.get("precision")):
        return 0.2, "placed only by country"  # a whole country says little about being one event
    if a.get("id") and a.get("id") == b.get("id"):
        return (0.5 if a.get("precision") == "province" else 1.0), "same place"
    if a.get("precision") == b.get("precision") == "neighbourhood":
        return 0.2, "different neighbourhoods"  # one city, two streets: two incidents, usually
    if a.get("country") != b.get("country"):
        return 0.0, "different countries"
    local = {"point", "neighbourhood", "city", "district"}
    if a.get("lat") is not None and b.get("lat") is not None and {a.get("precision"), b.get("precision")} <= local:
        km = _km(a["lat"], a["lon"], b["lat"], b["lon"])
        if km <= 30:
            return 0.9, f"{km:.0f} km apart"
        if km > 150:
            return 0.0, f"{km:.0f} km apart"
    for level in ("city", "admin2", "admin1"):
        if a.get(level) and a.get(level) == b.get(level):
            return (0.8 if level != "admin1" else 0.3), f"same {level}"
    return 0.1, "places not comparable"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        0.5
        - math.cos((lat2 - lat1) * p) / 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2
    )
    return 12742 * math.asin(math.sqrt(h))


_COLUMNS = (
    incident_reports.c.id,
    incident_reports.c.article_id,
    articles.c.document_id,
    incident_reports.c.type,
    incident_reports.c.date_start,
    incident_reports.c.date_end,
    incident_reports.c.place,
    incident_reports.c.killed,
    incident_reports.c.victims,
    incident_reports.c.background,
    incident_reports.c.date_basis,
)


def auto_merge_reports(conn: Connection, report_ids: Iterable[str]) -> int:
    """Compare each new report with stored reports dated near it; record a merge decision for each
    pair that scores at or above MERGE_AT. Returns the number of decisions recorded."""
    base = select(*_COLUMNS).join(articles, articles.c.id == incident_reports.c.article_id)
    recorded = 0
    for rid in report_ids:
        row = conn.execute(base.where(incident_reports.c.id == rid)).first()
        if row is None or not row.date_start or row.background:
            continue
        new = _report(row)
        if not (new.start and new.end):
            continue  # a month and day with no year ("--05-20"): nothing to compare it with
        lo, hi = (
            date.fromordinal(new.start.toordinal() - DAY_SLACK - 31),
            date.fromordinal(new.end.toordinal() + DAY_SLACK),
        )
        near = conn.execute(
            base.where(
                and_(
                    incident_reports.c.id != rid,
                    incident_reports.c.background.is_(False),
                    incident_reports.c.date_start <= hi.isoformat(),
                    incident_reports.c.date_end >= lo.isoformat(),
                )
            )
        )
        for other_row in near:
            other = _report(other_row)
            s, why = score(new, other)
            if s >= MERGE_AT:
                recorded += record(conn, "incident", new.id, other.id, "merge", s, "auto", why)
    return recorded
