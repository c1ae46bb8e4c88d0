"""The filters of an incident list (CLI, API, export), and how they read as SQL on the read model."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.sql.elements import ColumnElement

from dossier.db.schema import (
    incident_actors,
    incident_index,
)
from dossier.errors import NotFound
from dossier.store.actor_index import members


@dataclass
class Filters:
    type: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    actor: str | None = None
    background: bool = True
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    q: str | None = None  # words that must all occur (summary, headlines, place, parties)


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
    try:
        return members(conn, ref)[1]
    except NotFound:
        return []
