"""The stored actors under the active merge decisions: every stored id's canonical actor, each
canonical actor's stored ids, and the actor a written name or id refers to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Text, cast, func, or_, select

from dossier.db.schema import (
    actors,
    entities,
)
from dossier.errors import NotFound
from dossier.reference.actor_matcher import default_matcher
from dossier.reference.names import org_key, person_key
from dossier.resolve.actor_merge import canonical as compute_canonical
from dossier.store.cache import kept


@dataclass
class Index:
    """What every actor reader needs, loaded once per request: small (one row per stored actor);
    entities (one per actor per article) are read only for the actors a request shows."""

    canon: dict[str, str]  # actor id -> canonical actor id
    rows: dict[str, Any]  # actor id -> actors row
    members: dict[str, list[str]]  # canonical actor id -> its stored actor ids, itself first

    def name(self, actor_id: str) -> str:
        return str(self.rows[actor_id].name) if actor_id in self.rows else actor_id

    def ids(self, actor_id: str) -> list[str]:
        return self.members.get(actor_id, [actor_id])


def index(conn: Connection) -> Index:
    canon = canonical(conn)
    rows = {r.id: r for r in conn.execute(select(actors))}
    members: dict[str, list[str]] = defaultdict(list)
    for actor_id in rows:
        root = canon.get(actor_id, actor_id)
        if actor_id == root:
            members[root].insert(0, actor_id)
        else:
            members[root].append(actor_id)
    return Index(canon, rows, dict(members))


def find(conn: Connection, ref: str, ix: Index | None = None) -> str:
    """The canonical actor id for an id, or a name or alias written any way the matcher or the
    name keys accept ("Counterterrorism Department", "Lashkar e Taiba", "Muhammad Usman")."""

    ix = ix or index(conn)
    if ref in ix.rows:
        return ix.canon.get(ref, ref)
    found: set[str] = set()
    written = ref.strip()
    sentence = f"{written} said."  # read as running text reads it: everyday-word aliases need a context
    whole = [m for m in default_matcher().find(sentence) if m.start == 0 and m.end >= len(written) - 1]
    if whole and f"act_{whole[0].actor_id}" in ix.rows:
        found.add(ix.canon.get(f"act_{whole[0].actor_id}", f"act_{whole[0].actor_id}"))
    keys = {person_key(ref), org_key(ref)}
    if not found:
        found = {ix.canon.get(r.id, r.id) for r in ix.rows.values() if r.key in keys}
    if not found:
        low = ref.lower()
        named = conn.execute(
            select(entities.c.actor_id, entities.c.name, entities.c.aliases).where(
                or_(
                    func.lower(entities.c.name) == low,
                    func.lower(cast(entities.c.aliases, Text)).contains(low, autoescape=True),
                )
            )
        )
        found = {
            ix.canon.get(e.actor_id, e.actor_id)
            for e in named
            if e.name.lower() == low or any(str(a["name"]).lower() == low for a in e.aliases or [])
        }
    if not found:
        found = {ix.canon.get(r.id, r.id) for r in ix.rows.values() if r.id.startswith(ref)}
    if not found:
        raise NotFound(f"no actor {ref!r}; list them with `dossier actors`")
    if len(found) > 1:
        raise NotFound(f"{ref!r} names several actors: {', '.join(sorted(found))}; give the id")
    return str(next(iter(found)))


def members(conn: Connection, ref: str) -> tuple[str, list[str]]:
    """The canonical id of the actor `ref` names (id, name or alias) and its stored actor ids."""
    ix = index(conn)
    actor_id = find(conn, ref, ix)
    return actor_id, ix.ids(actor_id)


# -- reading ------------------------------------------------------------------------------------
def canonical(conn: Connection) -> dict[str, str]:
    """Stored actor id -> canonical actor id, computed once per store generation."""
    box = kept(conn)
    if "canonical" not in box:
        box["canonical"] = compute_canonical(conn)
    canon: dict[str, str] = box["canonical"]  # shared: read, never changed
    return canon
