"""`dossier` command: ingest, articles, show, rejections, runs."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dossier.errors import DossierError
from dossier.ingest.sources import DEFAULT_MAX_BYTES, resolve_inputs
from dossier.runner import Item
from dossier.runner import ingest as run_ingest
from dossier.store import Store, default_db

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
            bar.update(task, advance=1, description=item.origin[-50:])

        report = run_ingest(
            inputs, store, max_bytes=max_bytes, workers=workers, command="ingest " + " ".join(paths), on_item=tick
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
    table = Table("run", "started", "status", "documents", "articles", "rejected", "command")
    for r in rows:
        s = r["stats"] or {}
        table.add_row(
            r["id"],
            str(r["started_at"])[:19],
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
