"""Actors as users see them: entities grouped under their canonical actor (merge decisions applied
when reading), with aliases, designations, relations and incidents, each with its evidence."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from dossier.annotate.actors import load_actor_table
from dossier.annotate.designations import listings
from dossier.ids import make_id
from dossier.resolve.actors import canonical
from dossier.store.schema import actors, articles, documents, entities, relations

LIST_AUTHORITY = {
    "UN-1267": "UN Security Council (1267 ISIL and al-Qaida sanctions list)",
    "UN-1988": "UN Security Council (1988 Taliban sanctions list)",
    "US-FTO": "US Department of State (Foreign Terrorist Organization)",
    "US-SDGT": "US Department of the Treasury (Specially Designated Global Terrorist)",
    "NACTA": "Pakistan Ministry of Interior / NACTA (proscribed organisation)",
}
INCIDENT_LINKS = {"perpetrator_in", "victim_in"}  # drawn with incidents; relation filters leave them be
STATUS_RANK = ["reported", "suspected", "accused", "claimed", "denied", "confirmed"]


@dataclass
class Index:
    """Everything about actors that readers need, loaded once per request."""

    canon: dict[str, str]  # actor id -> canonical actor id
    rows: dict[str, Any]  # actor id -> actors row
    entities: list[Any]  # entity rows joined with their article's date and headline
    by_entity: dict[str, str]  # entity id -> canonical actor id
    members: dict[str, list[str]]  # canonical actor id -> its stored actor ids, itself first

    def name(self, actor_id: str) -> str:
        return str(self.rows[actor_id].name) if actor_id in self.rows else actor_id


def index(conn: Connection) -> Index:
    canon = canonical(conn)
    rows = {r.id: r for r in conn.execute(select(actors))}
    ents = conn.execute(
        select(
            entities,
            articles.c.published,
            articles.c.headline,
            documents.c.url,
            documents.c.crawled,
        )
        .join(articles, articles.c.id == entities.c.article_id)
        .join(documents, documents.c.id == articles.c.document_id)
    ).all()
    by_entity = {e.id: canon.get(e.actor_id, e.actor_id) for e in ents}
    members: dict[str, list[str]] = defaultdict(list)
    for actor_id in rows:
        root = canon.get(actor_id, actor_id)
        if actor_id == root:
            members[root].insert(0, actor_id)
        else:
            members[root].append(actor_id)
    return Index(canon, rows, list(ents), by_entity, dict(members))


def _seen(e: Any) -> str | None:
    return e.published or (str(e.crawled)[:10] if e.crawled else None)


def list_actors(
    conn: Connection, kind: str | None = None, query: str | None = None, ix: Index | None = None
) -> list[dict[str, Any]]:
    """Actors named in the store, most-mentioned first: one row per canonical actor."""
    ix = ix or index(conn)
    groups: dict[str, list[Any]] = defaultdict(list)
    for e in ix.entities:
        groups[ix.by_entity[e.id]].append(e)
    out = []
    for actor_id, ents in groups.items():
        row = ix.rows.get(actor_id)
        if row is None or (kind and row.kind != kind):
            continue
        names = _names(actor_id, ix, ents)
        if query and not any(query.lower() in n.lower() for n in [row.name, actor_id, *names]):
            continue
        dates = [d for e in ents if (d := _seen(e))]
        out.append(
            {
                "id": actor_id,
                "kind": row.kind,
                "name": row.name,
                "aliases": names,
                "articles": len({e.article_id for e in ents}),
                "mentions": sum(len(e.mentions or []) for e in ents),
                "first_seen": min(dates) if dates else None,
                "last_seen": max(dates) if dates else None,
            }
        )
    out.sort(key=lambda a: (-a["articles"], -a["mentions"], a["name"]))
    return out


def _names(actor_id: str, ix: Index, ents: list[Any]) -> list[str]:
    """Other names of the actor: the merged actors' names, the names the articles used, the
    aliases the texts gave, and the table's aliases."""
    row = ix.rows[actor_id]
    names: Counter[str] = Counter()
    for other in ix.members.get(actor_id, [])[1:]:
        names[ix.rows[other].name] += 1
    for e in ents:
        names[e.name] += 1
        for a in e.aliases or []:
            names[a["name"]] += 1
    if row.table_id:
        for alias in load_actor_table()[row.table_id].aliases:
            names[alias] += 0
    seen = {row.name.lower()}
    out = []
    for n, _ in names.most_common():
        if n.lower() not in seen:
            seen.add(n.lower())
            out.append(n)
    return out


def find(conn: Connection, ref: str, ix: Index | None = None) -> str:
    """The canonical actor id for an id, or a name or alias written any way the matcher or the
    name keys accept ("Counterterrorism Department", "Lashkar e Taiba", "Muhammad Usman")."""
    from dossier.annotate.actors import default_matcher
    from dossier.annotate.names import org_key, person_key
    from dossier.errors import NotFound

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
        found = {
            ix.by_entity[e.id]
            for e in ix.entities
            if e.name.lower() == low or any(str(a["name"]).lower() == low for a in e.aliases or [])
        }
    if not found:
        found = {ix.canon.get(r.id, r.id) for r in ix.rows.values() if r.id.startswith(ref)}
    if not found:
        raise NotFound(f"no actor {ref!r}; list them with `dossier actors`")
    if len(found) > 1:
        raise NotFound(f"{ref!r} names several actors: {', '.join(sorted(found))}; give the id")
    return str(next(iter(found)))


def profile(conn: Connection, ref: str) -> dict[str, Any]:
    ix = index(conn)
    actor_id = find(conn, ref, ix)
    row = ix.rows[actor_id]
    ents = [e for e in ix.entities if ix.by_entity[e.id] == actor_id]
    dates = [d for e in ents if (d := _seen(e))]
    rels = [r for r in all_relations(conn, ix) if actor_id in (r["subject"], r["object"])]
    aliases = []
    seen_alias: set[str] = set()
    for e in ents:
        for a in e.aliases or []:
            if a["name"].lower() not in seen_alias:
                seen_alias.add(a["name"].lower())
                aliases.append({**a, "article_id": e.article_id})
    out: dict[str, Any] = {
        "kind": "actor",
        "id": actor_id,
        "actor_kind": row.kind,
        "name": row.name,
        "aliases": _names(actor_id, ix, ents) if ents else [],
        "aliases_in_text": aliases,
        "descriptions": sorted({e.description for e in ents if e.description}),
        "designations": designations(actor_id, ix, rels),
        "relations": rels,
        "merged": sorted(ix.members.get(actor_id, [])[1:]),
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
        "sources": [
            {"article_id": e.article_id, "title": e.headline, "published": e.published, "url": e.url, "name": e.name}
            for e in sorted(ents, key=lambda e: (e.published or "", e.article_id))
        ],
    }
    return out


def designations(actor_id: str, ix: Index, rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """From the curated table (the reference lists) and from the texts (designated_by relations)."""
    out: list[dict[str, Any]] = []
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
                    "by": r["object_name"],
                    "date": r["start"],
                    "source": "text",
                    "status": r["status"],
                    "sources": r["sources"],
                }
            )
    return out


def all_relations(conn: Connection, ix: Index | None = None) -> list[dict[str, Any]]:
    """Relations between canonical actors, one per (subject, predicate, object): every sentence
    that states it is a source; the status is the strongest any source gives. Table parents (a
    wing, branch or front) are relations too, with the table as their source."""
    ix = ix or index(conn)
    rows = conn.execute(
        select(relations, articles.c.published, articles.c.headline)
        .join(articles, articles.c.id == relations.c.article_id)
        .order_by(articles.c.published, relations.c.id)
    ).all()
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        subject = ix.by_entity.get(r.subject)
        obj = ix.by_entity.get(r.object) if r.object else None
        if subject is None or (r.object and obj is None) or subject == obj:
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
        if STATUS_RANK.index(r.status or "reported") >= STATUS_RANK.index(rel["status"]):
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


def _relation(ix: Index, subject: str, predicate: str, obj: str | None, place: str | None) -> dict[str, Any]:
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


def graph(conn: Connection, incidents: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The network: actors that take part in a relation (or, with incidents, in an incident) as
    nodes; relations (and, with incidents, perpetrator/victim links) as edges."""
    ix = index(conn)
    rels = [r for r in all_relations(conn, ix) if r["object"]]
    used = {r["subject"] for r in rels} | {r["object"] for r in rels}
    edges = [
        {
            "id": r["id"],
            "source": r["subject"],
            "target": r["object"],
            "predicate": r["predicate"],
            "status": r["status"],
            "attributed_by": r["attributed_by"],
            "start": r["start"],
            "end": r["end"],
            "sources": r["sources"],
        }
        for r in rels
    ]
    nodes = []
    incident_nodes = []
    for inc in incidents or []:
        linked = False
        for role, parties in (("perpetrator", inc["perpetrators"]), ("victim", inc["victims"])):
            for p in parties:
                aid = p.get("actor_id")
                if aid and aid in ix.rows:
                    used.add(aid)
                    linked = True
                    edges.append(
                        {
                            "id": make_id("edge", aid, role, inc["id"]),
                            "source": aid,
                            "target": inc["id"],
                            "predicate": f"{role}_in",
                            "status": p.get("status"),
                            "attributed_by": p.get("attributed_by"),
                            "start": inc["date"]["start"],
                            "end": inc["date"]["end"],
                            "sources": inc["sources"],
                        }
                    )
        if linked:
            incident_nodes.append(
                {"id": inc["id"], "kind": "incident", "label": f"{inc['type']} {inc['date']['start'] or ''}".strip()}
            )
    for actor_id in sorted(used):
        row = ix.rows[actor_id]
        nodes.append({"id": actor_id, "kind": "actor", "actor_kind": row.kind, "label": row.name})
    return {"nodes": nodes + incident_nodes, "edges": edges}


def export_records(conn: Connection) -> list[dict[str, Any]]:
    """Every named actor with aliases and designations, then every relation: the contract's
    `actor` and `relation` records, computed in one pass."""
    ix = index(conn)
    rels = all_relations(conn, ix)
    by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rels:
        by_subject[r["subject"]].append(r)
    out: list[dict[str, Any]] = []
    for actor in list_actors(conn, ix=ix):
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
    out += [{k: v for k, v in r.items() if k not in ("subject_name", "object_name")} for r in rels]
    return out


def network(
    conn: Connection,
    kinds: set[str] | None,
    predicates: set[str] | None,
    incidents: list[dict[str, Any]] | None,
    limit: int,
) -> dict[str, Any]:
    """The graph cut down: actors of `kinds`, relations with `predicates` (incident links count as
    `perpetrator_in` / `victim_in`), then the `limit` actors with most links."""
    full = graph(conn, incidents)
    kind_of = {n["id"]: n.get("actor_kind") for n in full["nodes"]}
    edges = [
        e
        for e in full["edges"]
        if (predicates is None or e["predicate"] in predicates or e["predicate"] in INCIDENT_LINKS)
        and all(kinds is None or kind_of.get(x) is None or kind_of[x] in kinds for x in (e["source"], e["target"]))
    ]
    degree: Counter[str] = Counter()
    for e in edges:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    actors_linked = sorted((n for n in degree if kind_of.get(n)), key=lambda n: (-degree[n], n))
    keep = set(actors_linked[:limit]) | {n for n in degree if n in kind_of and kind_of[n] is None}
    edges = [
        {k: v for k, v in e.items() if k != "sources"} for e in edges if e["source"] in keep and e["target"] in keep
    ]
    used = {x for e in edges for x in (e["source"], e["target"])}
    nodes = [n for n in full["nodes"] if n["id"] in used]
    return {"nodes": nodes, "edges": edges, "truncated": len(actors_linked) > limit}
