"""`dossier` command: ingest, articles, show, rejections, runs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dossier.errors import DossierError
from dossier.export import FORMATS
from dossier.export import write as write_export
from dossier.ingest.sources import DEFAULT_MAX_BYTES, resolve_inputs
from dossier.runner import Item
from dossier.runner import ingest as run_ingest
from dossier.store import Store, default_db
from dossier.store.incidents import Filters

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Turn raw news about political violence into evidence-linked data."
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database file or SQLAlchemy URL [env DOSSIER_DB, default ./dossier.db]")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def _store(db: str | None) -> Store:
    return Store(db or default_db())


def _dump(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str, indent=2) + "\n")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, '-' for stdin, or http(s) URLs.")],
    db: DbOption = None,
    max_bytes: Annotated[int, typer.Option(help="Largest single document accepted, in bytes.")] = DEFAULT_MAX_BYTES,
    workers: Annotated[int, typer.Option(help="Cleaning processes (1 = in this process).")] = 1,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Read incidents (needs the NLP model).")
    ] = True,
    as_json: JsonOption = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar [default: on a terminal].")
    ] = None,
) -> None:
    """Read, clean, split and store articles; report what was stored and what was rejected, and why."""
    inputs = resolve_inputs(paths)
    store = _store(db)
    show = err.is_terminal if progress is None else progress
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def tick(item: Item) -> None:
            bar.update(task, advance=1, description=_esc(item.origin[-50:]))

        report = run_ingest(
            inputs,
            store,
            max_bytes=max_bytes,
            workers=workers,
            extract=extract,
            command="ingest " + " ".join(paths),
            on_item=tick,
        )
    data = report.as_dict()
    if as_json:
        _dump(data)
        return
    table = Table(title=f"ingest run {report.run_id}", show_header=False)
    for key in (
        "records",
        "documents_new",
        "documents_unchanged",
        "articles_new",
        "exact_duplicates",
        "near_duplicates",
        "incident_reports",
        "merge_decisions",
        "rejected_total",
        "seconds",
        "articles_per_second",
    ):
        table.add_row(key.replace("_", " "), str(data[key]))
    for reason, n in sorted(report.rejected.items()):
        table.add_row(f"  rejected: {reason}", str(n))
    out.print(table)
    if report.rejected:
        out.print("See why with [bold]dossier rejections[/bold].")


@app.command()
def articles(
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    offset: Annotated[int, typer.Option(help="Rows to skip.")] = 0,
    duplicates: Annotated[bool, typer.Option("--duplicates/--no-duplicates", help="Include duplicates.")] = True,
) -> None:
    """List stored articles (headline, date, dateline, length, duplicate status)."""
    rows = _store(db).list_articles(limit=limit, offset=offset, duplicates=duplicates)
    if as_json:
        _dump(rows)
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=20)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("dateline", no_wrap=True, max_width=12)
    table.add_column("words", justify="right", min_width=5)
    any_dup = any(r["duplicate_of"] for r in rows)
    table.add_column(
        "headline", no_wrap=True, overflow="ellipsis", max_width=max(20, out.width - (84 if any_dup else 60))
    )
    if any_dup:
        table.add_column("duplicate of", no_wrap=True)
    for r in rows:
        cells = [
            r["id"],
            r["published"] or "",
            _esc(r["dateline"] or ""),
            str(r["words"]),
            _esc(r["headline"]) if r["headline"] else "[dim](no headline)[/dim]",
        ]
        if any_dup:
            cells.append(f"{r['duplicate_of']} ({r['similarity']})" if r["duplicate_of"] else "")
        table.add_row(*cells)
    out.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or an unambiguous prefix).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one article: headline, date, dateline, summary and clean body."""
    art = _store(db).get_article(article_id)
    if as_json:
        _dump(art)
        return
    out.print(f"[bold]{_esc(art['headline'] or '(no headline)')}[/bold]")
    facts = [
        ("id", art["id"]),
        ("published", f"{art['published']} ({art['published_source']})" if art["published"] else None),
        ("updated", art["updated"]),
        ("dateline", art["dateline"]),
        ("byline", art["byline"]),
        ("source", f"{art['origin']} {art['locator']}".strip()),
        ("url", art["url"]),
        ("duplicate of", f"{art['duplicate_of']} (similarity {art['similarity']})" if art["duplicate_of"] else None),
        ("offsets", f"{art['start']}-{art['end']} (body {art['body_start']}-{art['body_end']})"),
    ]
    for key, value in facts:
        if value:
            out.print(f"[dim]{key}:[/dim] {_esc(str(value))}")
    for line in art["summary"] or []:
        out.print(f"  • {_esc(line)}")
    out.print()
    out.print(_esc(art["body"]), soft_wrap=True)


@app.command()
def incidents(
    db: DbOption = None,
    as_json: JsonOption = False,
    type_: Annotated[str | None, typer.Option("--type", help="Incident type, e.g. bombing.")] = None,
    since: Annotated[str | None, typer.Option(help="Only incidents on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Only incidents on or before this date (YYYY-MM-DD).")] = None,
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
    filters = Filters(type_, since, until, place, actor, background, q=query)
    rows = _store(db).incident_page(filters, limit or None)[1]
    if as_json:
        _dump(rows)
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
            _date_text(inc["date"]),
            kind,
            _esc(place_.get("name") or ""),
            _fig(inc["killed"]),
            _fig(inc["injured"]),
            _esc(perps),
            str(len(inc["sources"])),
        )
    out.print(table)
    if any(inc["background"] for inc in rows):
        out.print("[dim]* background: mentioned in passing, dated well before the article's news[/dim]")


@app.command()
def incident(
    incident_id: Annotated[str, typer.Argument(help="Incident id (or prefix, or one of its report ids).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one incident: every field with the sentences that support it and their sources."""
    inc = _store(db).incident(incident_id)
    if as_json:
        _dump(inc)
        return
    d, p = inc["date"], inc["place"] or {}
    out.print(f"[bold]{inc['id']}[/bold]  {inc['type']}{'  (background)' if inc['background'] else ''}")
    rows = [
        ("date", f"{_date_text(d)} (precision {d['precision']}, {d['basis']})"),
        (
            "place",
            ", ".join(
                str(x) for x in (p.get("name"), p.get("city"), p.get("admin2"), p.get("admin1"), p.get("country")) if x
            )
            + (f"  [{p.get('lat')}, {p.get('lon')}] precision {p.get('precision')}, {p.get('basis')}" if p else ""),
        ),
        ("killed", _fig(inc["killed"], full=True)),
        ("injured", _fig(inc["injured"], full=True)),
        ("perpetrators killed", _fig(inc["perpetrators_killed"], full=True)),
        (
            "perpetrators",
            "; ".join(
                f"{x['name']} ({x['status']}{', per ' + x['attributed_by'] if x.get('attributed_by') else ''})"
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
        out.print(f"[dim]{key}:[/dim] {_esc(value or '-')}")
    out.print("\n[bold]sources[/bold]")
    for src in inc["sources"]:
        out.print(f"  {src['article_id']}  {src['published'] or '(undated)'}  {_esc(src['title'] or '')}")
    out.print("\n[bold]evidence[/bold]")
    for fact in inc["evidence"]:
        value = _fact_value(fact["value"])
        extra = f" {fact['status']}" if fact["status"] else ""
        extra += f" per {fact['attributed_by']}" if fact["attributed_by"] else ""
        out.print(
            f"  [cyan]{fact['field']}[/cyan] = {_esc(str(value))}{_esc(extra)}  "
            f"[dim]{fact['article_id']}:{fact['start']}-{fact['end']}[/dim]"
        )
        out.print(f"    “{_esc(fact['quote'].strip())}”", soft_wrap=True)


@app.command()
def export(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (the output contract), csv or geojson.")] = "jsonl",
    out_path: Annotated[str | None, typer.Option("--out", help="File to write [default: standard output].")] = None,
) -> None:
    """Export incidents (and, in jsonl, actors and articles) per the output contract."""
    if fmt not in FORMATS:
        raise DossierError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    store = _store(db)
    if out_path is None:
        write_export(store, fmt, sys.stdout)
        return
    with open(out_path, "w", encoding="utf-8", newline="") as fh:
        n = write_export(store, fmt, fh)
    err.print(f"wrote {n} records to {out_path}")


@app.command()
def merge(
    first: Annotated[str, typer.Argument(help="Incident id, or actor id / name.")],
    second: Annotated[str, typer.Argument(help="Incident (or actor) to merge with the first.")],
    db: DbOption = None,
    by: Annotated[str, typer.Option(help="Who decides (recorded with the decision).")] = "user",
    reason: Annotated[str, typer.Option(help="Why (recorded with the decision).")] = "",
) -> None:
    """Record a person's judgement that two incidents (or two actors) are one. It survives re-runs and can be undone."""
    out.print(_store(db).merge(first, second, f"user:{by}", reason))


@app.command()
def unmerge(
    first: Annotated[str, typer.Argument(help="Incident id, or actor id / name.")],
    second: Annotated[str, typer.Argument(help="Report to take out of the incident, or stored actor id to split off.")],
    db: DbOption = None,
    by: Annotated[str, typer.Option(help="Who decides (recorded with the decision).")] = "user",
    reason: Annotated[str, typer.Option(help="Why (recorded with the decision).")] = "",
) -> None:
    """Record a person's judgement that a report is not part of an incident (or a stored actor is
    not the same as the actor it was merged into); undoes the merges that joined them."""
    out.print(_store(db).unmerge(first, second, f"user:{by}", reason))


@app.command()
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
    rows = _store(db).actors(kind, query)
    rows = rows[:limit] if limit else rows
    if as_json:
        _dump(rows)
        return
    table = Table(box=box.SIMPLE)
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("name", overflow="fold", min_width=18)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("seen", overflow="fold", min_width=10)
    for a in rows:
        seen = " .. ".join(dict.fromkeys(d for d in (a["first_seen"], a["last_seen"]) if d))
        table.add_row(a["id"], a["kind"], _esc(a["name"]), str(a["articles"]), seen)
    out.print(table)


@app.command()
def actor(
    ref: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one actor: kind, aliases, designations, relations with their evidence, incidents, sources."""
    p = _store(db).actor(ref)
    if as_json:
        _dump(p)
        return
    out.print(f"[bold]{_esc(p['name'])}[/bold]  {p['id']}  ({p['actor_kind']})")
    out.print(f"seen {p['first_seen'] or '?'} .. {p['last_seen'] or '?'} in {len(p['sources'])} article(s)")
    if p["aliases"]:
        out.print("aliases: " + _esc(", ".join(p["aliases"])))
    for a in p["aliases_in_text"]:
        out.print(f"  alias {_esc(a['name'])!r} — “{_esc(a['quote'][:200])}”")
    if p["descriptions"]:
        out.print("described as: " + _esc(", ".join(p["descriptions"])))
    if p["merged"]:
        out.print("merged from: " + ", ".join(p["merged"]))
    if p["designations"]:
        out.print("[bold]designations[/bold]")
        for d in p["designations"]:
            out.print(f"  {_esc(str(d['by']))} {d.get('date') or 'date unknown'} ({d['source']})")
    if p["relations"]:
        out.print("[bold]relations[/bold]")
        for r in p["relations"]:
            when = f" {r['start']}" if r["start"] else ""
            out.print(
                f"  {_esc(r['subject_name'])} [cyan]{r['predicate']}[/cyan] {_esc(str(r['object_name']))}"
                f"  \\[{r['status']}{when}]"
            )
            for src in r["sources"][:3]:
                quote = src.get("quote") or src.get("note") or ""
                by = f" per {src['attributed_by']}" if src.get("attributed_by") else ""
                out.print(f"      “{_esc(quote[:220])}”{_esc(by)} ({src.get('article_id') or src.get('table')})")
    if p.get("incidents"):
        out.print("[bold]incidents[/bold]")
        for i in p["incidents"]:
            out.print(f"  {i['id']} {i['role']} {i['type']} {_date_text(i['date'])}: {_esc(i['summary'][:100])}")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; any but loopback makes every request need a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token_file: Annotated[
        str | None, typer.Option(help="File with one access token per line [also env DOSSIER_TOKENS, comma-separated].")
    ] = None,
    tiles: Annotated[
        str | None,
        typer.Option(help="Online map tile URL template ({z}/{x}/{y}) [env DOSSIER_TILES]; default: none, offline."),
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Seconds one request's queries may run.")] = 10.0,
    host_name: Annotated[
        list[str] | None, typer.Option(help="A name clients reach this server by (a reverse proxy's); repeatable.")
    ] = None,
) -> None:
    """Serve the REST API (/api, schema at /api/openapi.json) and the web UI (/) with uvicorn."""
    import uvicorn

    from dossier.api.app import Settings, create_app, tokens_from

    settings = Settings(
        db=db or default_db(),
        host=host,
        tokens=tokens_from(file=token_file),
        tiles=tiles or os.environ.get("DOSSIER_TILES"),
        tiles_attribution=os.environ.get("DOSSIER_TILES_ATTRIBUTION"),
        time_limit=time_limit,
        host_names=host_name or [],
    )
    api = create_app(settings)
    err.print(f"dossier: http://{host}:{port}/  (API docs: /api/docs; store {settings.db})")
    uvicorn.run(api, host=host, port=port, log_level="warning")


@app.command()
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
    data = _store(db).graph(with_incidents=incidents)
    if out_path is None:
        write_graph(data, fmt, sys.stdout.buffer)
        return
    with open(out_path, "wb") as fh:
        write_graph(data, fmt, fh)
    err.print(f"wrote {len(data['nodes'])} nodes and {len(data['edges'])} edges to {out_path}")


def _fact_value(value: Any) -> str:
    if isinstance(value, dict) and "best" in value:
        return _fig(value)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("start") or value)
    return str(value)


def _fig(v: dict[str, int | None], full: bool = False) -> str:
    if v.get("best") is None:
        return "" if not full else "not stated"
    if not full or (v["low"] == v["best"] == v["high"]):
        return str(v["best"])
    low = "?" if v["low"] is None else v["low"]
    high = "?" if v["high"] is None else v["high"]
    return f"{v['best']} (low {low}, high {high})"


def _date_text(d: dict[str, Any]) -> str:
    if not d.get("start") and not d.get("end"):
        return "undated"
    if d.get("start") == d.get("end") or d.get("precision") == "day":
        return str(d.get("start") or d.get("end"))
    return f"{d.get('start') or '?'}..{d.get('end') or '?'}"


eval_app = typer.Typer(no_args_is_help=True, help="Measure quality against annotated data.")
app.add_typer(eval_app, name="eval")


@eval_app.command("muc4")
def eval_muc4(
    data: Annotated[str, typer.Option("--data", help="Folder holding grit_SPLIT.jsonl (e.g. ../shared/data/muc4).")],
    split: Annotated[str, typer.Option("--split", help="train, dev, or a held-out split such as test.")] = "dev",
    predictions_out: Annotated[
        str | None, typer.Option(help="Write predictions (one JSON object per document).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """MUC-4 role-filler extraction scored with CEAF-REE (GRIT): P/R/F1 per role and micro-averaged."""
    from dossier.evaluate.muc4 import format_scores, run_muc4

    path = Path(data) / f"grit_{split}.jsonl"
    if not path.is_file():
        raise DossierError(f"{path} not found; --data must be a folder with grit_{split}.jsonl")
    scores = run_muc4(data, split, predictions_out)
    if as_json:
        _dump(scores)
        return
    out.print(format_scores(scores), markup=False, highlight=False)


@eval_app.command("golden")
def eval_golden(
    golden: Annotated[str, typer.Option(help="Folder of the golden set.")] = "eval/golden",
    shared: Annotated[str, typer.Option(help="The shared data folder (news articles).")] = "../shared",
    seeds: Annotated[str, typer.Option(help="The bundled seed pages.")] = "examples/seeds",
    as_json: JsonOption = False,
) -> None:
    """Score incidents (found, type, date, place, killed, injured, perpetrator and status), relations
    and actor merges against the hand-made golden set: precision, recall, F1 per field."""
    from dossier.evaluate.golden import format_scores, run_golden

    if not Path(golden).is_dir():
        raise DossierError(f"{golden} not found; --golden must be the golden set folder (eval/golden)")
    scores = run_golden(golden, shared, seeds)
    if as_json:
        _dump(scores)
        return
    out.print(format_scores(scores), markup=False, highlight=False)


@eval_app.command("gate")
def eval_gate(
    baseline: Annotated[str, typer.Option(help="The committed floors.")] = "eval/baseline.json",
) -> None:
    """Fail (exit 1) when any score falls below its committed floor; suites without their data are skipped."""
    from dossier.evaluate.gate import run_gate

    checks = run_gate(baseline)
    table = Table("check", "floor", "score", "result", box=box.SIMPLE_HEAD)
    for c in checks:
        result = "skipped (data absent)" if c.score is None else ("ok" if c.passed else "[red]BELOW FLOOR[/red]")
        table.add_row(c.name, f"{c.floor:.2f}", "-" if c.score is None else f"{c.score:.2f}", result)
    out.print(table)
    if not all(c.passed for c in checks):
        raise typer.Exit(1)


@app.command()
def reextract(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Read every stored article again with this version's extractor (after an upgrade): replaces
    its incident reports, actors and relations; merge decisions are recomputed, a person's are kept."""
    from dossier.runner import reextract as run_reextract

    store = _store(db)
    with Progress(TextColumn("{task.description}"), MofNCompleteColumn(), TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("re-extracting", total=store.counts()["articles"])
        rep = run_reextract(store, on_article=lambda _id: bar.advance(task))
    if as_json:
        _dump(rep.as_dict())
        return
    out.print(
        f"re-extracted {rep.articles} articles in {rep.seconds:.1f} s: {rep.incident_reports} incident reports, "
        f"{rep.entities} actors named, {rep.relations} relations, {rep.merge_decisions} merge decisions"
    )
    for article_id, why in rep.failed.items():
        out.print(f"  [red]failed[/red] {article_id}: {_esc(why)} (its earlier reading is kept)")


@app.command()
def rejections(
    db: DbOption = None, as_json: JsonOption = False, limit: Annotated[int, typer.Option(help="Rows to show.")] = 100
) -> None:
    """List rejected inputs with the reason for each."""
    rows = _store(db).list_rejections(limit)
    if as_json:
        _dump(rows)
        return
    table = Table("reason", "input", "detail")
    for r in rows:
        table.add_row(r["reason"], _esc(f"{r['origin']} {r['locator']}".strip()), _esc(r["detail"] or ""))
    out.print(table)


@app.command()
def runs(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List ingest runs with their status and counts."""
    rows = _store(db).runs()
    if as_json:
        _dump(rows)
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col, width in (("run", 20), ("started", 16), ("status", 11), ("docs", 5), ("arts", 5), ("rej.", 4)):
        table.add_column(col, no_wrap=True, min_width=width)
    table.add_column("command", overflow="ellipsis", no_wrap=True, max_width=max(10, out.width - 76))
    for r in rows:
        s = r["stats"] or {}
        table.add_row(
            r["id"],
            str(r["started_at"])[:16],
            r["status"],
            str(s.get("documents_new", "")),
            str(s.get("articles_new", "")),
            str(s.get("rejected_total", "")),
            _esc(r["command"] or ""),
        )
    out.print(table)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def main() -> None:
    try:
        app()
    except DossierError as exc:
        err.print(f"[red]error:[/red] {_esc(str(exc))}", soft_wrap=True, highlight=False)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: what was stored so far is kept; run the same command again to go on.")
        raise SystemExit(130) from None
