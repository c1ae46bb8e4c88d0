"""The quality gate compares measured scores with committed floors."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.evaluate.gate import Check, run_gate


def test_a_score_below_its_floor_fails_and_absent_data_is_skipped(tmp_path: Path) -> None:
    assert Check("x", 40.0, 39.99).passed is False
    assert Check("x", 40.0, 40.0).passed is True
    assert Check("x", 40.0, None).passed is True  # no data to measure: skipped, visibly
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"muc4_dev": {"data": "nowhere", "split": "dev", "floors": {"micro_f1": 40.0}}}))
    assert run_gate(str(baseline), root=str(tmp_path)) == [Check("muc4_dev.micro_f1", 40.0, None)]


def test_the_committed_baseline_names_the_muc4_floors() -> None:
    baseline = json.loads((Path(__file__).parent.parent / "eval" / "baseline.json").read_text())
    assert set(baseline["muc4_dev"]["floors"]) == {
        "micro_f1",
        "PerpInd_f1",
        "PerpOrg_f1",
        "Target_f1",
        "Victim_f1",
        "Weapon_f1",
    }
