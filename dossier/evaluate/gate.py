"""The quality gate: scores measured now against the floors committed in eval/baseline.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.evaluate.corpus import run_corpus
from dossier.evaluate.golden import run_golden
from dossier.evaluate.muc4 import run_muc4


@dataclass(frozen=True)
class Check:
    name: str
    floor: float
    score: float | None  # None: the data to measure it is absent

    @property
    def passed(self) -> bool:
        return self.score is None or self.score >= self.floor


def run_gate(baseline_path: str, root: str = ".") -> list[Check]:
    """Measure every score the baseline names. A suite whose data folder is absent is reported
    as skipped (score None), so a checkout without ../shared still passes, visibly."""
    baseline: dict[str, Any] = json.loads(Path(baseline_path).read_text(encoding="utf-8"))
    checks: list[Check] = []
    muc = baseline.get("muc4_dev")
    if muc:
        data = Path(root) / muc["data"]
        scores = None
        if (data / f"grit_{muc['split']}.jsonl").is_file():
            scores = run_muc4(str(data), muc["split"], None)["scores"]
        for name, floor in muc["floors"].items():
            role = "micro_avg" if name == "micro_f1" else name.removesuffix("_f1")
            value = None if scores is None else round(100 * float(scores[role]["f1"]), 2)
            checks.append(Check(f"muc4_{muc['split']}.{name}", float(floor), value))
    corpus = baseline.get("corpus_dev")
    if corpus:
        shared = Path(root) / corpus["shared"]
        scores_c = None
        if (shared / "data" / "news").is_dir():
            scores_c = run_corpus(str(Path(root) / corpus["corpus"]), str(shared), corpus["split"])
        for name, floor in corpus["floors"].items():
            checks.append(Check(f"corpus_{corpus['split']}.{name}", float(floor), _metric(scores_c, name)))
    golden = baseline.get("golden")
    if golden:
        root_path = Path(root)
        scores_g = run_golden(
            str(root_path / golden["path"]), str(root_path / golden["shared"]), str(root_path / golden["seeds"])
        )
        for name, floor in golden["floors"].items():
            part, _, metric = name.partition(".")
            field_scores = scores_g.get(part)
            value = None if field_scores is None else float(field_scores[metric.removesuffix("_f1")]["f1"])
            checks.append(Check(f"golden.{name}", float(floor), value))
    return checks


def _metric(scores: dict[str, Any] | None, name: str) -> float | None:
    """A corpus score by its gate name: `FIELD_f1`, `all_fields_right`, `incident_precision`,
    `main_recall`."""
    if scores is None:
        return None
    if name.endswith("_f1"):
        return float(scores["fields"][name.removesuffix("_f1")]["f1"])
    return float(
        {
            "all_fields_right": scores["all_fields_right"]["of_gold_main"],
            "incident_precision": scores["incidents"]["precision"],
            "main_recall": scores["incidents"]["recall_main"],
        }[name]
    )
