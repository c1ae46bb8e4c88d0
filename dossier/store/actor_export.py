"""The contract's `actor` and `relation` records (docs/design.md), for the JSON Lines export."""

from __future__ import annotations

from collections import defaultdict
from typing import cast

from sqlalchemy import Connection

from dossier.records import ActorRecord, ProfileRelation, RelationRecord
from dossier.store.actor_index import index
from dossier.store.actor_reads import designations, list_actors
from dossier.store.relation_reads import all_relations


def export_records(conn: Connection) -> list[ActorRecord | RelationRecord]:
    """Every named actor with aliases and designations, then every relation: the contract's
    `actor` and `relation` records, computed in one pass."""
    ix = index(conn)
    rels = all_relations(conn, ix)
    by_subject: dict[str, list[ProfileRelation]] = defaultdict(list)
    for r in rels:
        by_subject[r["subject"]].append(r)
    out: list[ActorRecord | RelationRecord] = []
    for actor in list_actors(conn, ix=ix)[1]:
        own = by_subject[actor["id"]]
        out.append(
            {
                "kind": "actor",
                "id": actor["id"],
                "actor_kind": actor["kind"],
                "name": actor["name"],
                "aliases": actor["aliases"],
                "designations": designations(actor["id"], ix, own),
                "first_seen": actor["first_seen"],
                "last_seen": actor["last_seen"],
            }
        )
    out += [
        cast(RelationRecord, {k: v for k, v in r.items() if k not in ("subject_name", "object_name")}) for r in rels
    ]
    return out
