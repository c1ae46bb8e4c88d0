"""The `dossier` command line: the app, its commands (one module per group) and the error exit."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

import typer
from rich.markup import escape
from typer.models import ArgumentInfo, OptionInfo

from dossier import validate
from dossier.cli import actor_commands, document_commands, eval_commands, incident_commands, serve_command
from dossier.cli.common import err
from dossier.errors import DossierError
from dossier.settings import LOG_LEVEL


def checked(command: Callable[..., None]) -> Callable[..., None]:
    """The command, refusing first (exit 2) any text argument or option that holds a NUL byte,
    named as the user types it (--q, INCIDENT_ID)."""
    shown = {
        name: _shown(name, p.annotation) for name, p in inspect.signature(command, eval_str=True).parameters.items()
    }

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        for name, value in kwargs.items():
            for item in value if isinstance(value, list | tuple) else (value,):
                if isinstance(item, str):
                    validate.text(shown.get(name, name), item)
        command(**kwargs)

    return run


def _shown(name: str, annotation: Any) -> str:
    """A parameter as the command line names it: its first long option, or its argument's name."""
    for info in getattr(annotation, "__metadata__", ()):
        if isinstance(info, OptionInfo):
            decls = [info.default, *(info.param_decls or ())]
            return next((d for d in decls if isinstance(d, str) and d.startswith("--")), "--" + name.replace("_", "-"))
        if isinstance(info, ArgumentInfo):
            return name.upper()
    return "--" + name.replace("_", "-")


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
    app.command()(checked(command))
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
