"""Incidents end to end on the bundled seed pages: list, show, export, merge and unmerge."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli.main import app

from .conftest import ingest_seeds

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_seeds(tmp_path_factory, "seeds")


def incidents(db: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["incidents", "--db", db, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_the_incidents_a_careful_reader_finds_in_the_seeds(seeded: str) -> None:
    karimabad = incidents(seeded, "--place", "Karimabad")
    assert len(karimabad) == 1
    k = karimabad[0]
    assert (k["type"], k["date"]["start"], k["place"]["city"], k["killed"]["best"]) == (
        "targeted_killing",
        "2024-07-07",
        "Karachi",
        2,
    )
    assert k["victims"][0]["name"] == "Ali Raza"
    bus = [i for i in incidents(seeded, "--actor", "lej") if i["type"] == "massacre"]
    assert len(bus) == 1
    assert bus[0]["killed"]["best"] == 45
    assert {(p["actor_id"], p["status"]) for p in bus[0]["perpetrators"]} == {
        ("act_islamic_state", "claimed"),
        ("act_lej", "suspected"),
    }
    strikes = {i["date"]["start"]: i for i in incidents(seeded, "--type", "strike", "--since", "2024-01-01")}
    iran, pakistan = strikes["2024-01-16"], strikes["2024-01-18"]
    assert (iran["place"]["name"], [p["actor_id"] for p in iran["perpetrators"]]) == ("Balochistan", ["act_iran"])
    assert (pakistan["place"]["name"], [p["actor_id"] for p in pakistan["perpetrators"]]) == ("Iran", ["act_pakistan"])


def test_incident_shows_every_field_with_its_evidence(seeded: str) -> None:
    inc = incidents(seeded, "--place", "Karimabad")[0]
    result = runner.invoke(app, ["incident", inc["id"][:12], "--db", seeded])
    assert result.exit_code == 0
    assert "Karimabad, Karachi" in result.output
    assert "two attackers had opened fire on the police officer in Karimabad area" in result.output
    data = json.loads(runner.invoke(app, ["incident", inc["id"], "--db", seeded, "--json"]).output)
    fields = {e["field"] for e in data["evidence"]}
    assert {"type", "date", "place", "killed", "perpetrator", "victim", "target", "weapon"} <= fields


def test_exports_follow_the_contract(seeded: str, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert runner.invoke(app, ["export", "--db", seeded, "--format", "jsonl", "--out", str(out)]).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kinds = {r["kind"] for r in records}
    assert kinds == {"incident", "actor", "relation", "article"}
    inc = next(r for r in records if r["kind"] == "incident")
    for key in (
        "id",
        "type",
        "summary",
        "date",
        "place",
        "killed",
        "injured",
        "perpetrators",
        "victims",
        "targets",
        "weapons",
        "sources",
    ):
        assert key in inc
    assert set(inc["date"]) >= {"start", "end", "precision"} and set(inc["killed"]) == {"low", "best", "high"}
    actor = next(r for r in records if r["kind"] == "actor" and r["id"] == "act_zainabiyoun")
    assert actor["actor_kind"] == "armed_group" and actor["name"] == "Zainabiyoun Brigade"
    assert sum(r["kind"] == "article" for r in records) == 20
    table = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--db", seeded, "--format", "csv"]).output)))
    assert len(table) == sum(r["kind"] == "incident" for r in records)
    geo = json.loads(runner.invoke(app, ["export", "--db", seeded, "--format", "geojson"]).output)
    assert geo["type"] == "FeatureCollection" and all(f["geometry"]["type"] == "Point" for f in geo["features"])


def test_a_persons_merge_and_unmerge_are_recorded_and_reversible(seeded: str) -> None:
    before = incidents(seeded)
    a, b = before[0]["id"], before[1]["id"]
    assert runner.invoke(app, ["merge", a, b, "--db", seeded, "--by", "tester", "--reason", "test"]).exit_code == 0
    merged = incidents(seeded)
    assert len(merged) == len(before) - 1
    both = next(i for i in merged if len(i["reports"]) == 2)
    result = runner.invoke(app, ["unmerge", both["id"], both["reports"][1], "--db", seeded, "--by", "tester"])
    assert result.exit_code == 0, result.output
    assert len(incidents(seeded)) == len(before)
