"""`dossier eval golden`: how a hand-made expected record is matched and scored."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from dossier.cli.main import app
from dossier.evaluate.golden import _date_right, _interval, _match

from .conftest import SEEDS


def report(type_: str, start: str | None, end: str | None, place: str | None = None, killed: int | None = None) -> dict:  # type: ignore[type-arg]
    return {
        "type": type_,
        "date_start": start,
        "date_end": end,
        "place": {"name": place} if place else None,
        "killed": {"best": killed},
    }


def test_golden_dates_are_intervals() -> None:
    assert _interval("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert _interval("2023-09/2024-02") == (date(2023, 9, 1), date(2024, 2, 29))
    assert _interval("2025") == (date(2025, 1, 1), date(2025, 12, 31))


def test_a_system_date_is_right_when_it_overlaps_and_is_no_vaguer() -> None:
    assert _date_right(report("bombing", "2025-03-04", "2025-03-04"), {"date": "2025-03-04"})
    assert _date_right(report("bombing", "2025-03-03", "2025-03-04"), {"date": "2025-03-04"})  # two days
    assert not _date_right(report("bombing", "2025-03-01", "2025-03-31"), {"date": "2025-03-04"})  # vaguer
    assert _date_right(report("bombing", "2025-03-04", "2025-03-04"), {"date": "2025-03"})  # more precise


def test_reports_pair_with_expected_incidents_one_to_one() -> None:
    reports = [report("bombing", "2025-03-04", "2025-03-04", "Bannu", 5), report("arrest", "2025-03-05", "2025-03-05")]
    gold = [
        {"type": "suicide_bombing", "date": "2025-03-04", "place": "Bannu", "killed": 5},
        {"type": "bombing", "date": "2025-02-01", "place": "Quetta"},
    ]
    pairs = _match(reports, gold)
    assert [(r["type"], g["type"]) for r, g in pairs] == [("bombing", "suicide_bombing")]


def test_eval_golden_on_one_seed_article(tmp_path: Path) -> None:
    golden = tmp_path / "golden"
    golden.mkdir()
    article = {
        "file": "000_67f18fc0f0e2eb18.txt",
        "headline": "Pakistan accuses Iran-backed militants of 17 sectarian killings",
        "incidents": [
            {"type": "targeted_killing", "date": "2023-09/2024-02", "place": "Karachi", "killed": 17, "injured": None,
             "perpetrators": [{"name": "Zainabiyoun Brigade", "status": "accused"}]}
        ],
        "relations": [
            {"subject": "Zainabiyoun Brigade", "predicate": "backed_by", "object": "Iran"},
            {"subject": "Zainabiyoun Brigade", "predicate": "designated_by", "object": "US Treasury"},
        ],
    }  # fmt: skip
    (golden / "seeds.jsonl").write_text(json.dumps(article) + "\n")
    (golden / "actors.jsonl").write_text(
        json.dumps({"name": "Counter Terrorism Department", "names": ["CTD", "Counterterrorism Department"]}) + "\n"
    )
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "golden",
            "--golden",
            str(golden),
            "--shared",
            str(tmp_path / "none"),
            "--seeds",
            str(SEEDS),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["news"] is None
    seeds = scores["seeds"]
    assert seeds["missing"] == []
    assert {k: (seeds[k]["gold"], seeds[k]["right"]) for k in ("found", "type", "date", "place", "killed")} == {
        "found": (1, 1), "type": (1, 1), "date": (1, 1), "place": (1, 1), "killed": (1, 1),
    }  # fmt: skip
    assert (seeds["relations"]["gold"], seeds["relations"]["right"]) == (2, 2)
    assert (scores["all"]["merges"]["gold"], scores["all"]["merges"]["right"]) == (1, 1)
