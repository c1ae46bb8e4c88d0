"""Exports in the formats analysts use: JSON Lines per the output contract, CSV, GeoJSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from typing import IO, Any

from dossier.records import IncidentRecord
from dossier.store import Store

FORMATS = ("jsonl", "csv", "geojson")
CSV_COLUMNS = [
    "id",
    "type",
    "date_start",
    "date_end",
    "date_precision",
    "place",
    "admin2",
    "admin1",
    "country",
    "lat",
    "lon",
    "place_precision",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "perpetrators",
    "perpetrator_status",
    "victims",
    "targets",
    "weapons",
    "background",
    "sources",
    "summary",
]


def _contract(inc: Mapping[str, Any]) -> dict[str, Any]:
    """The incident record of docs/design.md's contract (plus added fields), without internal keys."""
    return {k: v for k, v in inc.items() if k not in ("evidence",)}


def jsonl_lines(store: Store) -> Iterator[Mapping[str, Any]]:
    """Incidents, then actors (every actor an article names, with aliases and designations), then
    relations between actors, then articles: the records of docs/design.md's contract."""
    for inc in store.incidents():
        yield _contract(inc)
    yield from store.actor_records()
    for art in store.list_articles(limit=10**9):
        yield {
            "kind": "article",
            "id": art["id"],
            "document_id": art["document_id"],
            "title": art["headline"],
            "published": art["published"],
            "dateline": art["dateline"],
            "start": art["start"],
            "end": art["end"],
        }


def write(store: Store, fmt: str, out: IO[str]) -> int:
    """Write the store in `fmt`; returns the number of records written."""
    if fmt == "jsonl":
        n = 0
        for record in jsonl_lines(store):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
        return n
    incidents = store.incidents()
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for inc in incidents:
            writer.writerow(_csv_row(inc))
        return len(incidents)
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "id": inc["id"],
                "geometry": {"type": "Point", "coordinates": [inc["place"]["lon"], inc["place"]["lat"]]},
                "properties": {k: v for k, v in _csv_row(inc).items() if k not in ("lat", "lon")},
            }
            for inc in incidents
            if inc["place"] and inc["place"].get("lat") is not None
        ]
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
        return len(features)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _csv_row(inc: IncidentRecord) -> dict[str, Any]:
    place = inc["place"] or {}
    return {
        "id": inc["id"],
        "type": inc["type"],
        "date_start": inc["date"]["start"],
        "date_end": inc["date"]["end"],
        "date_precision": inc["date"]["precision"],
        "place": place.get("name"),
        "admin2": place.get("admin2"),
        "admin1": place.get("admin1"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "place_precision": place.get("precision"),
        **{f"killed_{k}": inc["killed"][k] for k in ("low", "best", "high")},
        **{f"injured_{k}": inc["injured"][k] for k in ("low", "best", "high")},
        "perpetrators": "; ".join(p["name"] for p in inc["perpetrators"]),
        "perpetrator_status": "; ".join(str(p["status"]) for p in inc["perpetrators"]),
        "victims": "; ".join(str(v["name"]) for v in inc["victims"]),
        "targets": "; ".join(inc["targets"]),
        "weapons": "; ".join(inc["weapons"]),
        "background": inc["background"],
        "sources": "; ".join(s["article_id"] for s in inc["sources"]),
        "summary": inc["summary"],
    }
