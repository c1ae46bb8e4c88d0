"""Actors as users see them: entities grouped under their canonical actor, with their names,
aliases, designations and the articles that name them."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, Text, cast, func, or_, select

from dossier.db.schema import (
    articles,
    documents,
    entities,
)
from dossier.records import ActorProfile, ActorSummary, AliasInText, Designation, ProfileRelation
from dossier.reference.actor_table import load_actor_table
from dossier.reference.designations import listings
from dossier.store.actor_index import Index, find, index
from dossier.store.cache import kept
from dossier.store.relation_reads import all_relations

LIST_AUTHORITY = {
    "UN-1267": "UN Security Council (1267 ISIL and al-Qaida sanctions list)",
    "UN-1988": "UN Security Council (1988 Taliban sanctions list)",
    "US-FTO": "US Department of State (Foreign Terrorist Organization)",
    "US-SDGT": "US Department of the Treasury (Specially Designated Global Terrorist)",
    "NACTA": "Pakistan Ministry of Interior / NACTA (proscribed organisation)",
}


def _mention_stats(conn: Connection) -> list[Any]:
    """Per stored actor: articles, mentions, first and last seen (one pass over every entity)."""
    box = kept(conn)
    if "mention_stats" not in box:
        seen = func.coalesce(articles.c.published, func.substr(documents.c.crawled, 1, 10))
        box["mention_stats"] = conn.execute(
            select(
                entities.c.actor_id,
                func.count(func.distinct(entities.c.article_id)),
                func.sum(func.json_array_length(entities.c.mentions)),
                func.min(seen),
                func.max(seen),
            )
            .join(articles, articles.c.id == entities.c.article_id)
            .join(documents, documents.c.id == articles.c.document_id)
            .group_by(entities.c.actor_id)
        ).all()
    return list(box["mention_stats"])


def list_actors(
    conn: Connection,
    kind: str | None = None,
    query: str | None = None,
    ix: Index | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[ActorSummary]]:
    """Actors named in the store, most-named first (articles, then mentions, then name): how many
    there are, and one page of them with their other names."""
    ix = ix or index(conn)
    groups: dict[str, list[Any]] = defaultdict(list)
    for stat in _mention_stats(conn):
        groups[ix.canon.get(str(stat[0]), str(stat[0]))].append(stat)
    wanted = _matching(conn, ix, query) if query else None
    out: list[ActorSummary] = []
    for actor_id, rows in groups.items():
        row = ix.rows.get(actor_id)
        if row is None or (kind and row.kind != kind) or (wanted is not None and actor_id not in wanted):
            continue
        firsts, lasts = [r[3] for r in rows if r[3]], [r[4] for r in rows if r[4]]
        out.append(
            {
                "id": actor_id,
                "kind": row.kind,
                "name": row.name,
                "aliases": [],
                "articles": sum(r[1] for r in rows),
                "mentions": int(sum(r[2] or 0 for r in rows)),
                "first_seen": min(firsts) if firsts else None,
                "last_seen": max(lasts) if lasts else None,
            }
        )
    out.sort(key=lambda a: (-a["articles"], -a["mentions"], a["name"]))
    page = out[offset : None if limit is None else offset + limit]
    names = _names(conn, ix, [a["id"] for a in page])
    for a in page:
        a["aliases"] = names[a["id"]]
        if len(ix.ids(a["id"])) > 1:  # one article may name a merged actor by two of its names
            a["articles"] = int(
                conn.execute(
                    select(func.count(func.distinct(entities.c.article_id))).where(
                        entities.c.actor_id.in_(ix.ids(a["id"]))
                    )
                ).scalar()
                or 0
            )
    return len(out), page


def _matching(conn: Connection, ix: Index, query: str) -> set[str]:
    """Canonical ids of actors with `query` in their id, a name, an alias the texts gave or a
    table alias."""
    low = query.lower()
    hits = {a for a, r in ix.rows.items() if low in a.lower() or low in r.name.lower()}
    named = conn.execute(  # the JSON text also holds the alias's sentence: candidates, checked below
        select(entities.c.actor_id, entities.c.name, entities.c.aliases).where(
            or_(
                func.lower(entities.c.name).contains(low, autoescape=True),
                func.lower(cast(entities.c.aliases, Text)).contains(low, autoescape=True),
            )
        )
    )
    hits |= {
        e.actor_id
        for e in named
        if low in e.name.lower() or any(low in str(a["name"]).lower() for a in e.aliases or [])
    }
    table = load_actor_table()
    hits |= {a for a, r in ix.rows.items() if r.table_id and any(low in x.lower() for x in table[r.table_id].aliases)}
    return {ix.canon.get(a, a) for a in hits}


def _names(conn: Connection, ix: Index, actor_ids: list[str]) -> dict[str, list[str]]:
    """Other names of each actor, commonest first: the merged actors' names, the names the
    articles used, the aliases the texts gave, and the table's aliases."""
    known = kept(conn).setdefault("names", {})
    todo = [a for a in actor_ids if a not in known]
    if todo:
        known.update(_read_names(conn, ix, todo))
    return {a: known[a] for a in actor_ids}


def _read_names(conn: Connection, ix: Index, actor_ids: list[str]) -> dict[str, list[str]]:
    counts: dict[str, Counter[str]] = {a: Counter() for a in actor_ids}
    stored = {m: a for a in actor_ids for m in ix.ids(a)}
    for i in range(0, len(stored), 500):
        part = list(stored)[i : i + 500]
        for actor, name, n in conn.execute(
            select(entities.c.actor_id, entities.c.name, func.count())
            .where(entities.c.actor_id.in_(part))
            .group_by(entities.c.actor_id, entities.c.name)
        ):
            counts[stored[actor]][name] += n
    for actor_id in actor_ids:
        for _, given in _aliased(conn, ix.ids(actor_id)):
            for a in given:
                counts[actor_id][a["name"]] += 1
    out: dict[str, list[str]] = {}
    table = load_actor_table()
    for actor_id, names in counts.items():
        row = ix.rows[actor_id]
        for other in ix.members.get(actor_id, [])[1:]:
            names[ix.rows[other].name] += 1
        for alias in table[row.table_id].aliases if row.table_id else ():
            names[alias] += 0
        seen = {row.name.lower()}
        out[actor_id] = []
        for n, _ in names.most_common():
            if n.lower() not in seen:
                seen.add(n.lower())
                out[actor_id].append(n)
    return out


def profile(conn: Connection, ref: str, sources: int = 200) -> ActorProfile:
    """One actor with everything known about it; `sources`: the latest articles naming it to list
    (`sources_total` says how many there are)."""
    ix = index(conn)
    actor_id = find(conn, ref, ix)
    row = ix.rows[actor_id]
    ids = ix.ids(actor_id)
    mine = entities.c.actor_id.in_(ids)
    rels = [r for r in all_relations(conn, ix, actor_id) if actor_id in (r["subject"], r["object"])]
    aliases: list[AliasInText] = []
    seen_alias: set[str] = set()
    for article_id, given in _aliased(conn, ids):
        for a in given:
            if a["name"].lower() not in seen_alias:
                seen_alias.add(a["name"].lower())
                aliases.append(
                    {
                        "name": a["name"],
                        "start": a["start"],
                        "end": a["end"],
                        "quote": a["quote"],
                        "article_id": article_id,
                    }
                )
    seen = func.coalesce(articles.c.published, func.substr(documents.c.crawled, 1, 10))
    joined = (
        select(func.count(), func.min(seen), func.max(seen))
        .select_from(entities)
        .join(articles, articles.c.id == entities.c.article_id)
        .join(documents, documents.c.id == articles.c.document_id)
        .where(mine)
    )
    total, first, last = conn.execute(joined).one()
    latest = conn.execute(
        select(entities.c.article_id, entities.c.name, articles.c.headline, articles.c.published, documents.c.url)
        .join(articles, articles.c.id == entities.c.article_id)
        .join(documents, documents.c.id == articles.c.document_id)
        .where(mine)
        .order_by(articles.c.published.desc().nulls_last(), entities.c.article_id.desc())
        .limit(sources)
    ).all()
    descriptions = conn.execute(
        select(entities.c.description).where(mine, entities.c.description.isnot(None)).distinct()
    ).scalars()
    return {
        "kind": "actor",
        "id": actor_id,
        "actor_kind": row.kind,
        "name": row.name,
        "aliases": _names(conn, ix, [actor_id])[actor_id] if total else [],
        "aliases_in_text": aliases,
        "descriptions": sorted(d for d in descriptions if d),
        "designations": designations(actor_id, ix, rels),
        "relations": rels,
        "merged": sorted(ix.members.get(actor_id, [])[1:]),
        "first_seen": first,
        "last_seen": last,
        "sources": [
            {"article_id": e.article_id, "title": e.headline, "published": e.published, "url": e.url, "name": e.name}
            for e in sorted(latest, key=lambda e: (e.published or "", e.article_id))
        ],
        "sources_total": int(total),
    }


def _aliased(conn: Connection, ids: list[str]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(article id, aliases) of these stored actors' entities that were given aliases."""
    box = kept(conn).setdefault("aliased", {})
    if tuple(ids) not in box:
        rows = conn.execute(
            select(entities.c.article_id, entities.c.aliases)
            .where(entities.c.actor_id.in_(ids), func.json_array_length(entities.c.aliases) > 0)
            .order_by(entities.c.article_id)
        )
        box[tuple(ids)] = [(r.article_id, list(r.aliases)) for r in rows]
    return list(box[tuple(ids)])


def designations(actor_id: str, ix: Index, rels: list[ProfileRelation]) -> list[Designation]:
    """From the curated table (the reference lists) and from the texts (designated_by relations)."""
    out: list[Designation] = []
    row = ix.rows[actor_id]
    table_ids = [ix.rows[m].table_id for m in ix.members.get(actor_id, []) if ix.rows[m].table_id]
    table = load_actor_table()
    for tid in dict.fromkeys(table_ids):
        for lst, date in table[tid].designations:
            out.append({"by": lst, "authority": LIST_AUTHORITY[lst], "date": date or None, "source": "list"})
    if not table_ids and row.kind != "person":  # not in the curated table: the lists themselves, by name
        for listing in listings(row.name):
            out.append(
                {
                    "by": listing.list,
                    "authority": LIST_AUTHORITY[listing.list],
                    "date": listing.date or None,
                    "source": "list",
                    "listed_as": listing.name,
                    "record_id": listing.record_id or None,
                    "url": listing.source_url or None,
                }
            )
    for r in rels:
        if r["predicate"] == "designated_by" and r["subject"] == actor_id:
            out.append(
                {
                    "by": str(r["object_name"]),
                    "date": r["start"],
                    "source": "text",
                    "status": r["status"],
                    "sources": r["sources"],
                }
            )
    return out
