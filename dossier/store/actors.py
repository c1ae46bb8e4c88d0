"""Actors as users see them: entities grouped under their canonical actor (merge decisions applied
when reading), with aliases, designations, relations and incidents, each with its evidence."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Text, cast, func, or_, select

from dossier.annotate.actors import load_actor_table
from dossier.annotate.designations import listings
from dossier.ids import make_id
from dossier.store.schema import actors, articles, documents, entities, relations
from dossier.store.views import kept

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
    from dossier.store.views import canonical

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
) -> tuple[int, list[dict[str, Any]]]:
    """Actors named in the store, most-named first (articles, then mentions, then name): how many
    there are, and one page of them with their other names."""
    ix = ix or index(conn)
    groups: dict[str, list[Any]] = defaultdict(list)
    for stat in _mention_stats(conn):
        groups[ix.canon.get(str(stat[0]), str(stat[0]))].append(stat)
    wanted = _matching(conn, ix, query) if query else None
    out = []
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
            a["articles"] = conn.execute(
                select(func.count(func.distinct(entities.c.article_id))).where(entities.c.actor_id.in_(ix.ids(a["id"])))
            ).scalar()
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


def profile(conn: Connection, ref: str, sources: int = 200) -> dict[str, Any]:
    """One actor with everything known about it; `sources`: the latest articles naming it to list
    (`sources_total` says how many there are)."""
    ix = index(conn)
    actor_id = find(conn, ref, ix)
    row = ix.rows[actor_id]
    ids = ix.ids(actor_id)
    mine = entities.c.actor_id.in_(ids)
    rels = [r for r in all_relations(conn, ix, actor_id) if actor_id in (r["subject"], r["object"])]
    aliases = []
    seen_alias: set[str] = set()
    for article_id, given in _aliased(conn, ids):
        for a in given:
            if a["name"].lower() not in seen_alias:
                seen_alias.add(a["name"].lower())
                aliases.append({**a, "article_id": article_id})
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


def all_relations(conn: Connection, ix: Index | None = None, actor_id: str | None = None) -> list[dict[str, Any]]:
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
        .order_by(articles.c.published, relations.c.id)
    )
    if actor_id is not None:
        ids = ix.ids(actor_id)
        q = q.where(or_(subj.c.actor_id.in_(ids), obj_ent.c.actor_id.in_(ids)))
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
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
    out += [{k: v for k, v in r.items() if k not in ("subject_name", "object_name")} for r in rels]
    return out


def network(full: dict[str, Any], kinds: set[str] | None, predicates: set[str] | None, limit: int) -> dict[str, Any]:
    """The graph (as `graph` makes it) cut down: actors of `kinds`, relations with `predicates`
    (incident links, `perpetrator_in` / `victim_in`, stay), then the `limit` actors with most
    links. The graph itself is left as it was."""
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
