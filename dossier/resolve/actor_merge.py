"""Entities (an actor as one article names it) become actors across the store.

- An entity that matched the curated table is that table actor (`act_<row id>`).
- Any other entity is the actor of its name key (reference/names.py): equal keys are one actor with
  no decision to make. A person known by one name only ("Rashid") stays an actor of that article:
  a lone name is not enough to join two articles.
- Two different keys are joined by a recorded `merge` decision when an article gives one as an
  alias of the other ("Mohammad Usman alias Saif Ullah Kurd"), or when they are spelling variants
  of one name (names.variant_score at or above VARIANT_MIN, same kind, same number of words).
- A person's `merge` / `separate` decisions (`dossier merge`, `dossier unmerge`) override automatic
  ones, and canonical ids are computed when reading (`canonical`), so every merge can be undone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, and_, insert, select

from dossier.db.schema import actor_aliases, actors
from dossier.model import Entity
from dossier.reference.actor_table import load_actor_table
from dossier.reference.names import VARIANT_MIN, block, key, variant_score
from dossier.resolve.decisions import clusters, record

SLUG = re.compile(r"[^a-z0-9]+")


def family(kind: str) -> str:
    return "person" if kind == "person" else "group"


def actor_for(entity: Entity, article_id: str) -> tuple[str, str, str]:
    """(actor id, name key, variant block) of an entity, before any merge decision."""
    if entity.table_id:
        k = key(load_actor_table()[entity.table_id].name, entity.kind)
        return f"act_{entity.table_id}", k, block(k)
    k = key(entity.name, entity.kind)
    slug = SLUG.sub("_", k).strip("_")[:60] or "unnamed"
    if entity.kind == "person" and len(k.split()) < 2:
        slug += "_" + hashlib.sha1(article_id.encode()).hexdigest()[:8]  # a lone name: this article's
    elif slug in load_actor_table():
        slug += "_" + entity.kind
    return f"act_{slug}", k, block(k)


def register(conn: Connection, entity: Entity, article_id: str) -> tuple[str, bool]:
    """The entity's actor id, and whether the actor is new to the store."""
    actor_id, k, b = actor_for(entity, article_id)
    if conn.execute(select(actors.c.id).where(actors.c.id == actor_id)).first() is not None:
        return actor_id, False
    conn.execute(
        insert(actors).values(
            id=actor_id,
            kind=entity.kind,
            name=entity.name if not entity.table_id else load_actor_table()[entity.table_id].name,
            key=k,
            block=b,
            table_id=entity.table_id,
            seen_at=datetime.now(UTC),
        )
    )
    return actor_id, True


def auto_merge_actors(conn: Connection, new_actors: Iterable[str], new_aliases: Iterable[tuple[str, str, str]]) -> int:
    """Record merge decisions for the actors and aliases a batch added. `new_aliases` holds
    (actor id, alias key, the sentence that gives the alias). Returns the decisions recorded."""
    recorded = 0
    for actor_id in new_actors:
        row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
        if row is None or row.table_id or len(row.key.split()) < (2 if row.kind == "person" else 1):
            continue
        for other in conn.execute(
            select(actors).where(and_(actors.c.block == row.block, actors.c.kind == row.kind, actors.c.id != row.id))
        ):
            score = variant_score(row.key, other.key)
            if score >= VARIANT_MIN:
                why = f"spelling variants: {other.name!r} / {row.name!r} ({score:.2f})"
                recorded += record(conn, "actor", other.id, row.id, "merge", round(score, 3), "auto", why)
        for alias in conn.execute(
            select(actor_aliases.c.actor_id).where(
                and_(
                    actor_aliases.c.key == row.key,
                    actor_aliases.c.family == family(row.kind),
                    actor_aliases.c.actor_id != row.id,
                )
            )
        ):
            why = f"{row.name!r} is an alias the text gives for this actor"
            recorded += record(conn, "actor", alias.actor_id, row.id, "merge", 1.0, "auto", why)
    for actor_id, alias_key, quote in new_aliases:
        owner = conn.execute(select(actors.c.kind).where(actors.c.id == actor_id)).first()
        if owner is None:
            continue
        for other in conn.execute(select(actors).where(and_(actors.c.key == alias_key, actors.c.id != actor_id))):
            if family(other.kind) != family(owner.kind) or (other.kind == "person" and len(alias_key.split()) < 2):
                continue
            why = f"alias in text: {quote[:160]}"
            recorded += record(conn, "actor", actor_id, other.id, "merge", 1.0, "auto", why)
    return recorded


def canonical(conn: Connection) -> dict[str, str]:
    """Every stored actor id mapped to its actor under the active decisions: table actors first,
    then the first seen."""
    rows = conn.execute(select(actors.c.id, actors.c.table_id, actors.c.seen_at)).all()
    order = {r.id: ("0" if r.table_id else "1") + str(r.seen_at) for r in rows}
    return clusters(conn, [r.id for r in rows], order, kind="actor")
