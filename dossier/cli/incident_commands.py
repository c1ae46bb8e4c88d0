"""Commands on incidents: list, show, export, and a person's merge and unmerge decisions (incidents or actors)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from dossier import validate
from dossier.cli.common import DbOption, JsonOption, date_text, dump, err, fact_value, fig, open_store, out
from dossier.errors import DossierError
from dossier.export import FORMATS
from dossier.export import write as write_export
from dossier.vocab import INCIDENT_TYPES


def incidents(
    db: DbOption = None,
    as_json: JsonOption = False,
    type_: Annotated[str | None, typer.Option("--type", help=f"Incident type: {', '.join(INCIDENT_TYPES)}.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only incidents on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only incidents on or before this date (a year or month: to its end).")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Place, district, province or country (substring).")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor id, name or alias (perpetrator or victim).")] = None,
    query: Annotated[
        str | None, typer.Option("--q", help="Words that must all occur (summary, headlines, ...).")
    ] = None,
    background: Annotated[
        bool, typer.Option("--background/--no-background", help="Include incidents mentioned in passing.")
    ] = True,
    limit: Annotated[int, typer.Option(help="Rows to show (0 = all).")] = 100,
) -> None:
    """List incidents (merged across articles) with date, type, place, casualties and perpetrators."""
    names = ("--type", "--since", "--until", "--place", "--actor", "--q")
    filters = validate.incident_filters(type_, since, until, place, actor, background, q=query, names=names)
    rows = open_store(db).incident_page(filters, limit or None)[1]
    if as_json:
        dump(rows)
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=20)
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("place", no_wrap=True, overflow="ellipsis", max_width=16)
    table.add_column("killed", justify="right")
    table.add_column("inj.", justify="right")
    table.add_column("perpetrators", no_wrap=True, overflow="ellipsis", max_width=max(12, out.width - 112))
    table.add_column("src", justify="right")
    for inc in rows:
        place_ = inc["place"] or {}
        perps = ", ".join(f"{p['name']} ({p['status']})" for p in inc["perpetrators"])
        kind = inc["type"] + ("*" if inc["background"] else "")
        table.add_row(
            inc["id"],
            date_text(inc["date"]),
            kind,
            escape(place_.get("name") or ""),
            fig(inc["killed"]),
            fig(inc["injured"]),
            escape(perps),
            str(len(inc["sources"])),
        )
    out.print(table)
    if any(inc["background"] for inc in rows):
        out.print("[dim]* background: mentioned in passing, dated well before the article's news[/dim]")


def incident(
    incident_id: Annotated[str, typer.Argument(help="Incident id (or prefix, or one of its report ids).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one incident: every field with the sentences that support it and their sources."""
    inc = open_store(db).incident(incident_id)
    if as_json:
        dump(inc)
        return
    d, p = inc["date"], inc["place"] or {}
    out.print(f"[bold]{inc['id']}[/bold]  {inc['type']}{'  (background)' if inc['background'] else ''}")
    rows = [
        ("date", f"{date_text(d)} (precision {d['precision']}, {d['basis']})"),
        (
            "place",
            ", ".join(
                str(x) for x in (p.get("name"), p.get("city"), p.get("admin2"), p.get("admin1"), p.get("country")) if x
            )
            + (f"  [{p.get('lat')}, {p.get('lon')}] precision {p.get('precision')}, {p.get('basis')}" if p else ""),
        ),
        ("killed", fig(inc["killed"], full=True)),
        ("injured", fig(inc["injured"], full=True)),
        ("perpetrators killed", fig(inc["perpetrators_killed"], full=True)),
        (
            "perpetrators",
            "; ".join(
                f"{x['name']} ({x['status']}{', per ' + str(x['attributed_by']) if x.get('attributed_by') else ''})"
                for x in inc["perpetrators"]
            ),
        ),
        (
            "victims",
            "; ".join(
                f"{v['name']}" + (f" ({v['description']})" if v.get("description") else "") for v in inc["victims"]
            ),
        ),
        ("targets", ", ".join(inc["targets"])),
        ("weapons", ", ".join(inc["weapons"])),
    ]
    for key, value in rows:
        out.print(f"[dim]{key}:[/dim] {escape(value or '-')}")
    out.print("\n[bold]sources[/bold]")
    for src in inc["sources"]:
        out.print(f"  {src['article_id']}  {src['published'] or '(undated)'}  {escape(src['title'] or '')}")
    out.print("\n[bold]evidence[/bold]")
    for fact in inc["evidence"]:
        value = fact_value(fact["value"])
        extra = f" {fact['status']}" if fact["status"] else ""
        extra += f" per {fact['attributed_by']}" if fact["attributed_by"] else ""
        out.print(
            f"  [cyan]{fact['field']}[/cyan] = {escape(str(value))}{escape(extra)}  "
            f"[dim]{fact['article_id']}:{fact['start']}-{fact['end']}[/dim]"
        )
        out.print(f"    “{escape(fact['quote'].strip())}”", soft_wrap=True)


def export(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (the output contract), csv or geojson.")] = "jsonl",
    out_path: Annotated[str | None, typer.Option("--out", help="File to write [default: standard output].")] = None,
) -> None:
    """Export incidents (and, in jsonl, actors and articles) per the output contract."""
    if fmt not in FORMATS:
        raise DossierError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    store = open_store(db)
    if out_path is None:
        write_export(store, fmt, sys.stdout)
        return
    with open(out_path, "w", encoding="utf-8", newline="") as fh:
        n = write_export(store, fmt, fh)
    err.print(f"wrote {n} records to {out_path}")


def merge(
    first: Annotated[str, typer.Argument(help="Incident id, or actor id / name.")],
    second: Annotated[str, typer.Argument(help="Incident (or actor) to merge with the first.")],
    db: DbOption = None,
    by: Annotated[str, typer.Option(help="Who decides (recorded with the decision).")] = "user",
    reason: Annotated[str, typer.Option(help="Why (recorded with the decision).")] = "",
) -> None:
    """Record a person's judgement that two incidents (or two actors) are one. It survives re-runs and can be undone."""
    out.print(open_store(db).merge(first, second, f"user:{by}", reason))


def unmerge(
    first: Annotated[str, typer.Argument(help="Incident id, or actor id / name.")],
    second: Annotated[str, typer.Argument(help="Report to take out of the incident, or stored actor id to split off.")],
    db: DbOption = None,
    by: Annotated[str, typer.Option(help="Who decides (recorded with the decision).")] = "user",
    reason: Annotated[str, typer.Option(help="Why (recorded with the decision).")] = "",
) -> None:
    """Record a person's judgement that a report is not part of an incident (or a stored actor is
    not the same as the actor it was merged into); undoes the merges that joined them."""
    out.print(open_store(db).unmerge(first, second, f"user:{by}", reason))
