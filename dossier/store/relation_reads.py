"""Relations between canonical actors, one per (subject, predicate, object), every sentence that
states it a source; table parents (a wing, branch or front) are relations too."""

from __future__ import annotations

from sqlalchemy import Connection, or_, select

from dossier.db.schema import (
    articles,
    entities,
    relations,
)
from dossier.ids import make_id
from dossier.records import ProfileRelation
from dossier.reference.actor_table import load_actor_table
from dossier.store.actor_index import Index, index
from dossier.vocab import RELATION_STATUSES


def all_relations(conn: Connection, ix: Index | None = None, actor_id: str | None = None) -> list[ProfileRelation]:
    """Relations between canonical actors, one per (subject, predicate, object): every sentence
    that states it is a source; the status is the strongest any source gives. Table parents (a
    wing, branch or front) are relations too, with the table as their source. With `actor_id`,
    read only the relations that may involve that actor."""
    ix = ix or index(conn)
    subj, obj_ent = entities.alias("subj"), entities.alias("obj")
    q = (
        select(
            relations,
            articles.c.published,
            articles.c.headline,
            subj.c.actor_id.label("subject_actor"),
            obj_ent.c.actor_id.label("object_actor"),
        )
        .join(articles, articles.c.id == relations.c.article_id)
        .join(subj, subj.c.id == relations.c.subject)
        .outerjoin(obj_ent, obj_ent.c.id == relations.c.object)
        .order_by(articles.c.published.asc().nulls_first(), relations.c.id)  # NULLs placed alike on every backend
    )
    if actor_id is not None:
        ids = ix.ids(actor_id)
        q = q.where(or_(subj.c.actor_id.in_(ids), obj_ent.c.actor_id.in_(ids)))
    grouped: dict[tuple[str, str, str], ProfileRelation] = {}
    for r in conn.execute(q):
        subject = ix.canon.get(r.subject_actor, r.subject_actor)
        obj = ix.canon.get(r.object_actor, r.object_actor) if r.object_actor else None
        if (r.object and obj is None) or subject == obj:
            continue
        target = obj or f"place:{r.place}"
        rel = grouped.setdefault((subject, r.predicate, target), _relation(ix, subject, r.predicate, obj, r.place))
        rel["sources"].append(
            {
                "article_id": r.article_id,
                "title": r.headline,
                "published": r.published,
                "quote": r.quote,
                "start": r.start,
                "end": r.end,
                "status": r.status,
                "attributed_by": r.attributed_by,
            }
        )
        if RELATION_STATUSES.index(r.status or "reported") >= RELATION_STATUSES.index(rel["status"]):
            rel["status"], rel["attributed_by"] = r.status or "reported", r.attributed_by
        if r.date_start and (rel["start"] is None or r.date_start < rel["start"]):
            cut = {"year": 4, "month": 7}.get(r.date_precision or "", 10)
            rel["start"], rel["end"] = r.date_start[:cut], (r.date_end or "")[:cut] or None
    table = load_actor_table()
    for actor_id, row in ix.rows.items():
        entry = table.get(row.table_id) if row.table_id else None
        if entry is None or entry.parent is None or f"act_{entry.parent}" not in ix.rows:
            continue
        subject, obj = ix.canon.get(actor_id, actor_id), ix.canon.get(f"act_{entry.parent}", f"act_{entry.parent}")
        predicate = entry.parent_relation
        if subject == obj or (subject, predicate, obj) in grouped:
            continue
        rel = _relation(ix, subject, predicate, obj, None)
        rel["status"] = "confirmed"
        rel["sources"].append({"table": "dossier/data/actors.tsv", "row": entry.id, "note": entry.source})
        grouped[(subject, predicate, obj)] = rel
    return list(grouped.values())


def _relation(ix: Index, subject: str, predicate: str, obj: str | None, place: str | None) -> ProfileRelation:
    return {
        "kind": "relation",
        "id": make_id("rel", subject, predicate, obj or f"place:{place}"),
        "subject": subject,
        "subject_name": ix.name(subject),
        "predicate": predicate,
        "object": obj,
        "object_name": ix.name(obj) if obj else place,
        "place": place,
        "status": "reported",
        "attributed_by": None,
        "start": None,
        "end": None,
        "sources": [],
    }
