"""Incidents as users see them: a group of reports (under the active merge decisions) assembled
into one record per the output contract, figures reconciled into low/best/high. The read model
(store.readmodel) keeps the assembled records; this module says how one is made."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping
from typing import Any, cast

from dossier.extract.tables import triggers
from dossier.records import Count, DateRecord, IncidentRecord, Perpetrator, PlaceRecord, Victim

PRECISION_ORDER = ["day", "week", "month", "season", "range", "year", "unknown"]


PLACE_ORDER = ["point", "neighbourhood", "city", "district", "province", "country", "unknown"]


def place_text(place: Mapping[str, Any]) -> str:
    """A place's name, city, district, province and country in one lower-cased string: what the
    place filter searches."""
    return " | ".join(str(place.get(k) or "") for k in ("name", "city", "admin2", "admin1", "country")).lower()


def incident_id(root_report: str) -> str:
    return "inc_" + root_report.removeprefix("rep_")


def assemble(root: str, members: list[Any]) -> IncidentRecord:
    members = sorted(members, key=lambda r: (r.article_published or "9999", r.id))
    priority = {t.type: t.priority for t in triggers()}
    counts = Counter(r.type for r in members)
    kind = max(counts, key=lambda t: (counts[t], priority.get(t, 0)))
    return {
        "kind": "incident",
        "id": incident_id(root),
        "type": kind,
        "summary": members[0].summary,
        "date": _date(members),
        "place": _place(members),
        "killed": _figures([r.killed for r in members]),
        "injured": _figures([r.injured for r in members]),
        "perpetrators_killed": _figures([r.perpetrators_killed for r in members]),
        "perpetrators": _perpetrators(members),
        "victims": _victims(members),
        "targets": list(dict.fromkeys(t for r in members for t in (r.targets or []))),
        "weapons": list(dict.fromkeys(w for r in members for w in (r.weapons or []))),
        "background": all(r.background for r in members),
        "reports": [r.id for r in members],
        "sources": [
            {
                "article_id": r.article_id,
                "report_id": r.id,
                "title": r.headline,
                "published": r.article_published,
                "url": r.url,
                "quote": r.summary,
                "start": r.summary_start,
                "end": r.summary_end,
            }
            for r in members
        ],
    }


def _date(members: list[Any]) -> DateRecord:
    stated = [r for r in members if r.date_basis == "stated"] or members
    best = min(stated, key=lambda r: (PRECISION_ORDER.index(r.date_precision or "unknown"), r.date_start or ""))
    return {
        "start": best.date_start,
        "end": best.date_end,
        "precision": best.date_precision or "unknown",
        "basis": best.date_basis,
    }


def _place(members: list[Any]) -> PlaceRecord | None:
    placed: list[PlaceRecord] = [r.place for r in members if r.place]
    if not placed:
        return None
    return min(placed, key=lambda p: (p.get("basis") != "stated", PLACE_ORDER.index(p.get("precision") or "unknown")))


def _figures(values: list[Count | None]) -> Count:
    """One report keeps its own bounds; several give low = the smallest figure, best = the median of
    the best figures, high = the largest."""
    reported = [v for v in values if v and v.get("best") is not None]
    if not reported:
        return {"low": None, "best": None, "high": None}
    if len(reported) == 1:
        return {"low": reported[0]["low"], "best": reported[0]["best"], "high": reported[0]["high"]}
    bests = [v["best"] or 0 for v in reported]
    lows = [low for v in reported if (low := v.get("low")) is not None]
    highs = [high for v in reported if (high := v.get("high")) is not None]
    return {"low": min(lows + bests), "best": int(statistics.median_high(bests)), "high": max(highs + bests)}


def _perpetrators(members: list[Any]) -> list[Perpetrator]:
    """One entry per actor; its status is the latest report's, and every report's is kept as history."""
    out: dict[str, dict[str, Any]] = {}
    for r in members:
        for p in r.perpetrators or []:
            key = p.get("actor_id") or p.get("name")
            entry = out.setdefault(key, {**p, "history": []})
            entry["history"].append(
                {
                    "status": p.get("status"),
                    "attributed_by": p.get("attributed_by"),
                    "article_id": r.article_id,
                    "published": r.article_published,
                }
            )
            entry["status"], entry["attributed_by"] = p.get("status"), p.get("attributed_by")
    named = [cast(Perpetrator, p) for p in out.values() if p.get("actor_id")]
    return named or [cast(Perpetrator, p) for p in out.values()]


def _victims(members: list[Any]) -> list[Victim]:
    """One entry per person (by last name), the fullest name and every detail any report gives."""
    out: dict[str, dict[str, Any]] = {}
    for item in (v for r in members for v in (r.victims or [])):
        k = str(item["name"]).split()[-1].lower()
        if k not in out or len(str(item.get("name"))) > len(str(out[k].get("name"))):
            out[k] = {**out.get(k, {}), **{kk: vv for kk, vv in item.items() if vv}}
    return [
        {"actor_id": v.get("actor_id"), "name": str(v["name"]), "description": v.get("description")}
        for v in out.values()
    ]
