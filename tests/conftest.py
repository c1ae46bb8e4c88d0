from __future__ import annotations

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


def ingest_seeds(tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """A fresh store holding the bundled seed pages (each test module that changes it gets its own)."""
    from typer.testing import CliRunner

    from dossier.cli.main import app

    db = str(tmp_path_factory.mktemp(name) / "seeds.db")
    result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return db
