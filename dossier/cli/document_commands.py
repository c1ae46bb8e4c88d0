"""Commands on what goes in: ingest, re-extraction, the stored articles, rejections and runs."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dossier.cli.common import DbOption, JsonOption, dump, err, open_store, out
from dossier.ingest.fetch import private_urls
from dossier.ingest.sources import DEFAULT_MAX_BYTES, resolve_inputs
from dossier.runner import Item
from dossier.runner import ingest as run_ingest
from dossier.runner import reextract as run_reextract


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
    allow_private_urls: Annotated[
        bool, typer.Option("--allow-private-urls", help="Fetch URLs on loopback and private networks too.")
    ] = False,
) -> None:
    """Read, clean, split and store articles; report what was stored and what was rejected, and why."""
    inputs = resolve_inputs(paths)
    store = open_store(db)
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
            bar.update(task, advance=1, description=escape(item.origin[-50:]))

        with private_urls(allow_private_urls):
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
        dump(data)
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


def articles(
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    offset: Annotated[int, typer.Option(help="Rows to skip.")] = 0,
    duplicates: Annotated[bool, typer.Option("--duplicates/--no-duplicates", help="Include duplicates.")] = True,
) -> None:
    """List stored articles (headline, date, dateline, length, duplicate status)."""
    rows = open_store(db).list_articles(limit=limit, offset=offset, duplicates=duplicates)
    if as_json:
        dump(rows)
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
            escape(r["dateline"] or ""),
            str(r["words"]),
            escape(r["headline"]) if r["headline"] else "[dim](no headline)[/dim]",
        ]
        if any_dup:
            cells.append(f"{r['duplicate_of']} ({r['similarity']})" if r["duplicate_of"] else "")
        table.add_row(*cells)
    out.print(table)


def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or an unambiguous prefix).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one article: headline, date, dateline, summary and clean body."""
    art = open_store(db).get_article(article_id)
    if as_json:
        dump(art)
        return
    out.print(f"[bold]{escape(art['headline'] or '(no headline)')}[/bold]")
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
            out.print(f"[dim]{key}:[/dim] {escape(str(value))}")
    for line in art["summary"] or []:
        out.print(f"  • {escape(line)}")
    out.print()
    out.print(escape(art["body"]), soft_wrap=True)


def reextract(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Read every stored article again with this version's extractor (after an upgrade): replaces
    its incident reports, actors and relations; merge decisions are recomputed, a person's are kept."""
    store = open_store(db)
    with Progress(TextColumn("{task.description}"), MofNCompleteColumn(), TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("re-extracting", total=store.counts()["articles"])
        rep = run_reextract(store, on_article=lambda _id: bar.advance(task))
    if as_json:
        dump(rep.as_dict())
        return
    out.print(
        f"re-extracted {rep.articles} articles in {rep.seconds:.1f} s: {rep.incident_reports} incident reports, "
        f"{rep.entities} actors named, {rep.relations} relations, {rep.merge_decisions} merge decisions"
    )
    for article_id, why in rep.failed.items():
        out.print(f"  [red]failed[/red] {article_id}: {escape(why)} (its earlier reading is kept)")


def rejections(
    db: DbOption = None, as_json: JsonOption = False, limit: Annotated[int, typer.Option(help="Rows to show.")] = 100
) -> None:
    """List rejected inputs with the reason for each."""
    rows = open_store(db).list_rejections(limit)
    if as_json:
        dump(rows)
        return
    table = Table("reason", "input", "detail")
    for r in rows:
        table.add_row(r["reason"], escape(f"{r['origin']} {r['locator']}".strip()), escape(r["detail"] or ""))
    out.print(table)


def runs(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List ingest runs with their status and counts."""
    rows = open_store(db).runs()
    if as_json:
        dump(rows)
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
            escape(r["command"] or ""),
        )
    out.print(table)
