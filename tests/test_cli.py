"""The command line, end to end, on the bundled seed pages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from dossier.cli.main import app

from .conftest import ROOT, SEEDS

runner = CliRunner()


def cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.output


def test_ingest_articles_show_on_the_seeds(db: str) -> None:
    code, output = cli("ingest", str(SEEDS), "--db", db, "--json")
    assert code == 0, output
    report = json.loads(output)
    assert (report["records"], report["documents_new"], report["articles_new"], report["rejected_total"]) == (
        5,
        5,
        20,
        0,
    )
    code, output = cli("articles", "--db", db, "--json", "--limit", "100")
    rows = json.loads(output)
    assert len(rows) == 20
    karimabad = next(r for r in rows if r["headline"].startswith("Senior counter-terrorism official"))
    code, output = cli("show", karimabad["id"][:10], "--db", db)
    assert code == 0
    assert "published: 2024-07-07 (updated_stamp)" in output and "dateline: KARACHI" in output
    assert "two attackers had opened fire on the police officer in Karimabad area" in output
    assert "Short Url" not in output and "(AFP/File)" not in output


def test_stdin_and_rejections(db: str) -> None:
    code, output = cli("ingest", "-", "--db", db, "--json", stdin="")
    assert code == 0 and json.loads(output)["rejected"] == {"empty": 1}
    code, output = cli("rejections", "--db", db, "--json")
    assert [(r["origin"], r["reason"]) for r in json.loads(output)] == [("<stdin>", "empty")]


def test_user_errors_are_one_line_with_exit_code_2(db: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "ingest", str(tmp_path / "nope.txt"), "--db", db],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: no such file or directory: '{tmp_path / 'nope.txt'}'"]
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "show", "art_missing", "--db", db], capture_output=True, text=True
    )
    assert (proc.returncode, proc.stderr.strip()) == (
        2,
        "error: no article 'art_missing'; list them with `dossier articles`",
    )


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    documented = set(re.findall(r"dossier (\w+)", readme))
    assert commands <= documented, f"undocumented commands: {sorted(commands - documented)}"


def test_input_text_in_the_progress_bar_is_not_markup(db: str, tmp_path: Path) -> None:
    story = "Police said gunmen opened fire on a van near the market, killing two people and injuring three. " * 3
    (tmp_path / "rows.jsonl").write_text(json.dumps({"id": "[/]", "text": story}) + "\n", encoding="utf-8")
    code, output = cli("ingest", str(tmp_path / "rows.jsonl"), "--db", db, "--progress", "--no-extract", "--json")
    assert code == 0, output
    assert json.loads(output[output.index("{") :])["documents_new"] == 1


def test_every_environment_variable_is_documented_in_the_readme() -> None:
    from dossier import settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [s.name for s in settings.ALL if f"`{s.name}`" not in readme] == []
