"""SQLite and PostgreSQL give the same answers: every list has a total order, NULLs placed
explicitly, so the seeds' exports (incidents, actors, relations; the network graph) are
byte-identical on both."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli.main import app
from tests.conftest import SEEDS, ingest_seeds
from tests.postgres import create_database


def export(db: str, fmt: str, out: Path) -> bytes:
    command = ["graph", "--incidents"] if fmt in ("graphml", "gexf", "json") else ["export"]
    result = CliRunner().invoke(app, [*command, "--format", fmt, "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_the_seeds_export_the_same_from_both_backends(
    postgres: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    lite = ingest_seeds(tmp_path_factory, "backends")
    pg = create_database(postgres, "seeds")
    result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", pg, "--json"])
    assert result.exit_code == 0, result.output
    for fmt in ("jsonl", "csv", "geojson", "graphml", "gexf", "json"):
        same = export(pg, fmt, tmp_path / f"pg.{fmt}") == export(lite, fmt, tmp_path / f"lite.{fmt}")
        assert same, f"{fmt}: see {tmp_path}"
