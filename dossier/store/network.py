"""The actor network: actors and their relations (and, on request, the incidents that link them)
as nodes and edges, and the cut of it that a screen can show."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from sqlalchemy import Connection

from dossier.ids import make_id
from dossier.records import IncidentRecord, Network
from dossier.store.actor_index import index
from dossier.store.relation_reads import all_relations

INCIDENT_LINKS = {"perpetrator_in", "victim_in"}  # drawn with incidents; relation filters leave them be


def graph(conn: Connection, incidents: list[IncidentRecord] | None = None) -> dict[str, Any]:
    """The network: actors that take part in a relation (or, with incidents, in an incident) as
    nodes; relations (and, with incidents, perpetrator/victim links) as edges."""
    ix = index(conn)
    rels = [r for r in all_relations(conn, ix) if r["object"]]
    used: set[str] = {r["subject"] for r in rels} | {r["object"] or "" for r in rels}
    edges: list[dict[str, Any]] = [
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
    nodes: list[dict[str, Any]] = []
    incident_nodes: list[dict[str, Any]] = []
    for inc in incidents or []:
        linked = False
        for role, parties in (("perpetrator", inc["perpetrators"]), ("victim", inc["victims"])):
            for p in parties:
                aid = p.get("actor_id")
                if aid and aid in ix.rows:
                    used.add(aid)
                    linked = True
                    edges.append(
                        {  # an incident link: its sources are the incident's
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
    for actor_id in sorted(used - {""}):
        row = ix.rows[actor_id]
        nodes.append({"id": actor_id, "kind": "actor", "actor_kind": row.kind, "label": row.name})
    return {"nodes": nodes + incident_nodes, "edges": edges}


def network(full: dict[str, Any], kinds: set[str] | None, predicates: set[str] | None, limit: int) -> Network:
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
    return cast(Network, {"nodes": nodes, "edges": edges, "truncated": len(actors_linked) > limit})
