"""The `dossier` command line: the app, its commands (one module per group) and the error exit."""

from __future__ import annotations

import logging

import typer
from rich.markup import escape

from dossier.cli import actor_commands, document_commands, eval_commands, incident_commands, serve_command
from dossier.cli.common import err
from dossier.errors import DossierError
from dossier.settings import LOG_LEVEL

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Turn raw news about political violence into evidence-linked data."
)
for command in (
    document_commands.ingest,
    document_commands.articles,
    document_commands.show,
    incident_commands.incidents,
    incident_commands.incident,
    incident_commands.export,
    incident_commands.merge,
    incident_commands.unmerge,
    actor_commands.actors,
    actor_commands.actor,
    serve_command.serve,
    actor_commands.graph,
    document_commands.reextract,
    document_commands.rejections,
    document_commands.runs,
):
    app.command()(command)
app.add_typer(eval_commands.eval_app, name="eval")


def main() -> None:
    logging.basicConfig(level=LOG_LEVEL.get() or "WARNING", format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except DossierError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: what was stored so far is kept; run the same command again to go on.")
        raise SystemExit(130) from None
