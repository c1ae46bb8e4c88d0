"""The output contract (docs/design.md, "Stable output contract"): every record `dossier export
--format jsonl` writes for the seeds has exactly the fields the documented lines show, nested the
same way, and every offset points at its quote."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dossier.cli.main import app
from dossier.store import Store

from .conftest import ROOT, ingest_seeds

# Fields docs/design.md names as carried by some records only (see the paragraph under the lines).
SOMETIMES = {
    "actor.designations[]": {"authority", "listed_as", "record_id", "url", "status", "sources"},
    "relation.sources[]": {
        "article_id",
        "title",
        "published",
        "quote",
        "start",
        "end",
        "status",
        "attributed_by",
        "table",
        "row",
        "note",
    },
    "actor.designations[].sources[]": {
        "article_id",
        "title",
        "published",
        "quote",
        "start",
        "end",
        "status",
        "attributed_by",
    },
}


def documented() -> dict[str, dict[str, Any]]:
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    block = re.search(r"## Stable output contract.*?```json\n(.*?)```", text, re.S)
    assert block, "docs/design.md lost its contract block"
    return {rec["kind"]: rec for rec in map(json.loads, block.group(1).strip().splitlines())}


def shape(value: Any, path: str, out: dict[str, set[str]]) -> None:
    """Every dict's keys by path (list items as `path[]`)."""
    if isinstance(value, dict):
        out.setdefault(path, set()).update(value)
        for key, item in value.items():
            shape(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        for item in value:
            shape(item, f"{path}[]", out)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_seeds(tmp_path_factory, "contract")


@pytest.fixture(scope="module")
def exported(seeds_db: str) -> list[dict[str, Any]]:
    db = seeds_db
    out = Path(db).with_suffix(".jsonl")
    result = CliRunner().invoke(app, ["export", "--format", "jsonl", "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_every_record_kind_has_the_documented_fields(exported: list[dict[str, Any]]) -> None:
    docs = documented()
    assert {r["kind"] for r in exported} == set(docs) == {"incident", "actor", "relation", "article"}
    for kind, example in docs.items():
        want: dict[str, set[str]] = {}
        shape(example, kind, want)
        for record in (r for r in exported if r["kind"] == kind):
            got: dict[str, set[str]] = {}
            shape(record, kind, got)
            for path, keys in got.items():
                extra = keys - want.get(path, set()) - SOMETIMES.get(path, set())
                assert extra == set(), f"{path} has fields the contract does not list: {sorted(extra)}"
            for path in (p for p in want if p in got and p not in SOMETIMES):
                assert want[path] <= got[path], f"{path} lacks {sorted(want[path] - got[path])}"


def test_incident_sources_point_at_their_quote(exported: list[dict[str, Any]], seeds_db: str) -> None:
    articles = {r["id"]: r for r in exported if r["kind"] == "article"}
    incidents = [r for r in exported if r["kind"] == "incident"]
    store = Store(seeds_db)
    assert len(incidents) == 39
    for inc in incidents:
        for source in inc["sources"]:
            article = store.get_article(source["article_id"])
            offset = articles[source["article_id"]]["start"]
            assert article["text"][source["start"] - offset : source["end"] - offset] == source["quote"]
