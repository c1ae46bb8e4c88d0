"""What every command shares: the consoles, the --db and --json options, and how values print."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Annotated, Any

import typer
from rich.console import Console

from dossier.records import Count
from dossier.store import Store, default_db

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database file or SQLAlchemy URL [env DOSSIER_DB, default ./dossier.db]")
]


JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def open_store(db: str | None) -> Store:
    return Store(db or default_db())


def dump(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str, indent=2) + "\n")


def fact_value(value: Any) -> str:
    if isinstance(value, dict) and "best" in value:
        return fig({"low": value.get("low"), "best": value["best"], "high": value.get("high")})
    if isinstance(value, dict):
        return str(value.get("name") or value.get("start") or value)
    return str(value)


def fig(v: Count, full: bool = False) -> str:
    if v.get("best") is None:
        return "" if not full else "not stated"
    if not full or (v["low"] == v["best"] == v["high"]):
        return str(v["best"])
    low = "?" if v["low"] is None else v["low"]
    high = "?" if v["high"] is None else v["high"]
    return f"{v['best']} (low {low}, high {high})"


def date_text(d: Mapping[str, Any]) -> str:
    if not d.get("start") and not d.get("end"):
        return "undated"
    if d.get("start") == d.get("end") or d.get("precision") == "day":
        return str(d.get("start") or d.get("end"))
    return f"{d.get('start') or '?'}..{d.get('end') or '?'}"
