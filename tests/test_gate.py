"""The quality gate compares measured scores with committed floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def _floors(baseline: dict) -> dict[str, float]:  # type: ignore[type-arg]
    out = {}
    for suite, spec in baseline.items():
        if isinstance(spec, dict):
            out.update({f"{suite}.{name}": float(v) for name, v in spec.get("floors", {}).items()})
    return out


def test_a_floor_lowered_since_any_commit_is_explained_in_the_changelog() -> None:
    """Raising a floor is a commit; lowering one needs CHANGELOG.md to name the floor (e.g.
    "lowered golden.seeds.found_f1 from 40 to 38 because ...")."""
    import shutil
    import subprocess

    root = Path(__file__).parent.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout: no history of eval/baseline.json to compare with")
    log = subprocess.run(
        ["git", "log", "--format=%H", "--", "eval/baseline.json"], cwd=root, capture_output=True, text=True, check=True
    )
    current = _floors(json.loads((root / "eval" / "baseline.json").read_text()))
    changelog = (root / "CHANGELOG.md").read_text()
    for commit in log.stdout.split():
        shown = subprocess.run(
            ["git", "show", f"{commit}:eval/baseline.json"], cwd=root, capture_output=True, text=True
        )
        if shown.returncode != 0:
            continue
        for name, floor in _floors(json.loads(shown.stdout)).items():
            if name in current and current[name] < floor:
                assert name in changelog, (
                    f"{name} was {floor} at {commit[:8]}, is {current[name]}: say why in CHANGELOG.md"
                )
