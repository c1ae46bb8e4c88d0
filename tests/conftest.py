from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "examples" / "seeds"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder must sit beside the repository")
    return path


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


_SEEDED: dict[Path, Path] = {}  # the session's one ingest of the seeds, by the session's temp folder


def ingest_seeds(tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """A fresh store holding the bundled seed pages (each test module that changes it gets its own).
    The seeds are ingested once per session, through the CLI; every caller gets a copy of that store."""
    from typer.testing import CliRunner

    from dossier.cli.main import app

    base = tmp_path_factory.getbasetemp()
    if base not in _SEEDED:
        master = tmp_path_factory.mktemp("seeded") / "seeds.db"
        result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", str(master), "--json"])
        assert result.exit_code == 0, result.output
        _SEEDED[base] = master
    db = tmp_path_factory.mktemp(name) / "seeds.db"
    copy_store(_SEEDED[base], db)
    return str(db)


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite store, write-ahead log included (SQLite's backup API)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a PostgreSQL server started for this session (see tests/postgres.py)."""
    from tests.postgres import server

    yield from server(tmp_path_factory.mktemp("postgres"))
