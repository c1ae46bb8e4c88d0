"""The actor network in the formats graph tools read: GraphML (yEd, Gephi, networkx), GEXF
(Gephi) and JSON (nodes and edges, as the API serves them). Sources travel as JSON text in an
edge attribute, since GraphML and GEXF attributes are scalars."""

from __future__ import annotations

import json
from typing import IO, Any

import networkx as nx

FORMATS = ("graphml", "gexf", "json")


def to_networkx(data: dict[str, Any]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in data["nodes"]:
        g.add_node(n["id"], **{k: v for k, v in n.items() if k != "id" and v is not None})
    for e in data["edges"]:
        attrs = {
            "predicate": e["predicate"],
            "status": e["status"] or "",
            "attributed_by": e["attributed_by"] or "",
            "start": e["start"] or "",
            "end": e["end"] or "",
            "n_sources": len(e["sources"]),
            "sources": json.dumps(e["sources"], ensure_ascii=False, default=str),
        }
        g.add_edge(e["source"], e["target"], key=e["id"], **attrs)
    return g


def write(data: dict[str, Any], fmt: str, out: IO[bytes]) -> None:
    if fmt == "json":
        out.write(json.dumps(data, ensure_ascii=False, default=str, indent=1).encode("utf-8") + b"\n")
    elif fmt == "graphml":
        nx.write_graphml(to_networkx(data), out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(to_networkx(data), out, encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
