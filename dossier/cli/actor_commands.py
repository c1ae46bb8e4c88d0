"""Commands on actors: the list, one profile, and the network as a graph file."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from dossier.cli.common import DbOption, JsonOption, date_text, dump, err, open_store, out
from dossier.errors import DossierError


def actors(
    db: DbOption = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Only this kind: armed_group, person, state_agency, state, political_party, organization."),
    ] = None,
    query: Annotated[str | None, typer.Option("--q", help="Only actors with this text in a name or alias.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to print (0 = all).")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List actors (merged across articles), most-named first, with kind and when seen (aliases: --json or `actor`)."""
    rows = open_store(db).actors(kind, query)
    rows = rows[:limit] if limit else rows
    if as_json:
        dump(rows)
        return
    table = Table(box=box.SIMPLE)
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("name", overflow="fold", min_width=18)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("seen", overflow="fold", min_width=10)
    for a in rows:
        seen = " .. ".join(dict.fromkeys(d for d in (a["first_seen"], a["last_seen"]) if d))
        table.add_row(a["id"], a["kind"], escape(a["name"]), str(a["articles"]), seen)
    out.print(table)


def actor(
    ref: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one actor: kind, aliases, designations, relations with their evidence, incidents, sources."""
    p = open_store(db).actor(ref)
    if as_json:
        dump(p)
        return
    out.print(f"[bold]{escape(p['name'])}[/bold]  {p['id']}  ({p['actor_kind']})")
    out.print(f"seen {p['first_seen'] or '?'} .. {p['last_seen'] or '?'} in {len(p['sources'])} article(s)")
    if p["aliases"]:
        out.print("aliases: " + escape(", ".join(p["aliases"])))
    for a in p["aliases_in_text"]:
        out.print(f"  alias {escape(a['name'])!r} — “{escape(a['quote'][:200])}”")
    if p["descriptions"]:
        out.print("described as: " + escape(", ".join(p["descriptions"])))
    if p["merged"]:
        out.print("merged from: " + ", ".join(p["merged"]))
    if p["designations"]:
        out.print("[bold]designations[/bold]")
        for d in p["designations"]:
            out.print(f"  {escape(str(d['by']))} {d.get('date') or 'date unknown'} ({d['source']})")
    if p["relations"]:
        out.print("[bold]relations[/bold]")
        for r in p["relations"]:
            when = f" {r['start']}" if r["start"] else ""
            out.print(
                f"  {escape(r['subject_name'])} [cyan]{r['predicate']}[/cyan] {escape(str(r['object_name']))}"
                f"  \\[{r['status']}{when}]"
            )
            for src in r["sources"][:3]:
                quote = src.get("quote") or src.get("note") or ""
                by = f" per {src['attributed_by']}" if src.get("attributed_by") else ""
                out.print(f"      “{escape(quote[:220])}”{escape(by)} ({src.get('article_id') or src.get('table')})")
    if p.get("incidents"):
        out.print("[bold]incidents[/bold]")
        for i in p["incidents"]:
            out.print(f"  {i['id']} {i['role']} {i['type']} {date_text(i['date'])}: {escape(i['summary'][:100])}")


def graph(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf or json.")] = "json",
    incidents: Annotated[
        bool, typer.Option("--incidents", help="Add incidents as nodes, linked to their perpetrators and victims.")
    ] = False,
    out_path: Annotated[str | None, typer.Option("--out", help="File to write [default: standard output].")] = None,
) -> None:
    """Export the actor network: actors as nodes, relations as edges with status, dates and sources."""
    from dossier.graph import FORMATS as GRAPH_FORMATS
    from dossier.graph import write as write_graph

    if fmt not in GRAPH_FORMATS:
        raise DossierError(f"unknown format {fmt!r}; use one of: {', '.join(GRAPH_FORMATS)}")
    data = open_store(db).graph(with_incidents=incidents)
    if out_path is None:
        write_graph(data, fmt, sys.stdout.buffer)
        return
    with open(out_path, "wb") as fh:
        write_graph(data, fmt, fh)
    err.print(f"wrote {len(data['nodes'])} nodes and {len(data['edges'])} edges to {out_path}")
