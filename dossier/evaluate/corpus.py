"""`dossier eval corpus`: the extractor against the hand-coded corpus (eval/corpus/), the figures an
analyst checks first.

Each document of the split is read by the product's own pipeline (`pipeline.process`, what
`dossier ingest` runs on every record) and its incident reports are put in the coded shape of
docs/coding-manual.md. Per document, predicted incidents are matched one-to-one to the gold ones
(the assignment with the highest total affinity, corpus_match.affinity). Then:

- incident precision: matched predictions / predictions; recall: matched gold / gold, for main and
  background incidents apart;
- per field: precision = right values / values predicted, recall = right values / values in gold,
  over all incidents (a missed or an invented incident costs every field it carries), and accuracy
  over the matched main incidents (null = null counts as right);
- all fields right: the share of gold main incidents matched with type, date, place, killed,
  injured and perpetrator with status all right (and the same over matched main incidents);
- duplicates (an unmatched prediction that would match a gold incident another one already took)
  and fusions (an unmatched gold incident that would match a prediction another took);
- the type confusion table over matched pairs.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from dossier.evaluate.corpus_docs import SourceDoc, load
from dossier.evaluate.corpus_match import ALL_RIGHT, FIELDS, Coded, affinity, has_value, right
from dossier.evaluate.prf import prf
from dossier.model import Document, IncidentReport
from dossier.runner import process_safely

Codings = dict[str, list[dict[str, Any]]]  # document id -> its coded incidents


# -- reading --------------------------------------------------------------------------------------------
def manifest(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "documents.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def load_codings(path: Path) -> Codings:
    out: Codings = {}
    for line in path.open(encoding="utf-8"):
        if line.strip():
            row = json.loads(line)
            out[row["doc"]] = row["incidents"]
    return out


def coded(report: IncidentReport, text: str) -> dict[str, Any]:
    """An extracted report in the coding manual's shape, with its evidence as quotes."""
    perpetrators = [
        {
            "name": p.get("name") or "",
            "status": p.get("status") or "unknown",
            "attributed_by": p.get("attributed_by"),
            "actor_key": f"table:{str(p['actor_id']).removeprefix('act_')}" if p.get("actor_id") else None,
        }
        for p in report.perpetrators
    ]
    for p in perpetrators:  # a table actor's key is its row; a name the table lacks is matched as gold is
        if p["actor_key"] is None:
            del p["actor_key"]
    evidence: dict[str, str] = {}
    for f in report.facts:
        name = {"perpetrator": "perpetrators"}.get(f.field, f.field)
        evidence.setdefault(name, text[f.evidence.start : f.evidence.end])
    return {
        "type": report.type,
        "background": report.background,
        "date": {k: report.date.get(k) for k in ("start", "end", "precision")},
        "place": dict(report.place) if report.place else None,
        "killed": _stated(report.killed),
        "injured": _stated(report.injured),
        "perpetrators_killed": _stated(report.perpetrators_killed),
        "perpetrators": perpetrators,
        "evidence": evidence,
        "summary": report.summary,
    }  # fmt: skip


def _stated(count: dict[str, int | None]) -> dict[str, int | None] | None:
    return count if count.get("best") is not None else None


def extract(
    docs: Iterable[SourceDoc], on_doc: Callable[[str], None] | None = None, rejected: Counter[str] | None = None
) -> Codings:
    """The product's reading of each document (the pipeline `dossier ingest` runs, guarded as it
    guards it: a document it rejects, or that breaks it, reports nothing; `rejected` counts why)."""
    out: Codings = {}
    for doc in docs:
        result = process_safely(doc.record(), extract=True)  # a record that breaks is rejected, as in ingest
        if isinstance(result, Document):
            out[doc.id] = [coded(r, result.text) for a in result.articles for r in a.incidents]
        else:
            out[doc.id] = []
            if rejected is not None:
                rejected[result.reason] += 1
        if on_doc:
            on_doc(doc.id)
    return out


# -- scoring -------------------------------------------------------------------------------------------
@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    right: int = 0

    def as_dict(self) -> dict[str, float | int]:
        counts = {"predicted": self.predicted, "gold": self.gold, "right": self.right}
        return prf(self.right, self.predicted, self.right, self.gold) | counts


@dataclass
class Scores:
    documents: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    accuracy: Counter[str] = field(default_factory=Counter)  # field -> right over matched main pairs
    matched_main: int = 0
    gold_main: int = 0
    gold_background: int = 0
    found_main: int = 0
    found_background: int = 0
    predicted: int = 0
    predicted_matched: int = 0
    all_right: int = 0
    duplicates: int = 0
    fusions: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def pct(a: int, b: int) -> float:
            return round(100 * a / b, 1) if b else 0.0

        return {
            "documents": self.documents,
            "incidents": {
                "predicted": self.predicted,
                "precision": pct(self.predicted_matched, self.predicted),
                "recall_main": pct(self.found_main, self.gold_main),
                "recall_background": pct(self.found_background, self.gold_background),
                "gold_main": self.gold_main,
                "gold_background": self.gold_background,
                "duplicates": self.duplicates,
                "fusions": self.fusions,
            },
            "all_fields_right": {
                "of_gold_main": pct(self.all_right, self.gold_main),
                "of_matched_main": pct(self.all_right, self.matched_main),
                "count": self.all_right,
            },
            "fields": {
                f: t.as_dict() | {"accuracy": pct(self.accuracy[f], self.matched_main)} for f, t in self.fields.items()
            },
            "confusion": [{"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.confusion.items())],
        }


def match(gold: Sequence[Coded], pred: Sequence[Coded]) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The one-to-one assignment of predictions to gold incidents with the highest total affinity."""
    scores = np.array([[affinity(g, p) for p in pred] for g in gold], dtype=float).reshape(len(gold), len(pred))
    if not gold or not pred:
        return [], scores
    rows, cols = linear_sum_assignment(-scores)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if scores[i, j] > 0], scores


def score(gold: Codings, pred: Codings, docs: Iterable[str], texts: Mapping[str, str] | None = None) -> Scores:
    out = Scores()
    for doc in docs:
        out.documents += 1
        g, p = gold.get(doc, []), pred.get(doc, [])
        pairs, scores = match(g, p)
        matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
        out.predicted += len(p)
        out.predicted_matched += len(pairs)
        for inc in g:
            key = "background" if inc.get("background") else "main"
            setattr(out, f"gold_{key}", getattr(out, f"gold_{key}") + 1)
        for i, _ in pairs:
            key = "background" if g[i].get("background") else "main"
            setattr(out, f"found_{key}", getattr(out, f"found_{key}") + 1)
        for f, tally in out.fields.items():
            tally.predicted += sum(has_value(f, x) for x in p)
            tally.gold += sum(has_value(f, x) for x in g)
            tally.right += sum(has_value(f, g[i]) and has_value(f, p[j]) and right(f, g[i], p[j]) for i, j in pairs)
        for i, j in pairs:
            out.confusion[(g[i]["type"], p[j]["type"])] += 1
            wrong = [f for f in FIELDS if not right(f, g[i], p[j])]
            if not g[i].get("background"):
                out.matched_main += 1
                out.accuracy.update(f for f in FIELDS if f not in wrong)
                out.all_right += not any(f in wrong for f in ALL_RIGHT)
            if wrong:
                out.errors.append(_error(doc, "wrong", g[i], p[j], wrong, texts))
        for i in set(range(len(g))) - matched_g:
            fused = len(p) > 0 and any(scores[i, j] > 0 and j in matched_p for j in range(len(p)))
            out.fusions += fused
            out.errors.append(_error(doc, "fused" if fused else "missed", g[i], None, [], texts))
        for j in set(range(len(p))) - matched_p:
            dup = len(g) > 0 and any(scores[i, j] > 0 and i in matched_g for i in range(len(g)))
            out.duplicates += dup
            out.errors.append(_error(doc, "duplicate" if dup else "spurious", None, p[j], [], texts))
    return out


def _error(
    doc: str, kind: str, gold: Coded | None, pred: Coded | None, fields: list[str], texts: Mapping[str, str] | None
) -> dict[str, Any]:
    def shown(inc: Coded | None, with_text: bool) -> dict[str, Any] | None:
        if inc is None:
            return None
        out = {k: v for k, v in inc.items() if k != "evidence"}
        ev = inc.get("evidence") or {}
        if with_text and texts is not None and doc in texts:  # gold evidence is offsets into the source text
            out["evidence"] = {k: texts[doc][a:b] for k, (a, b) in ev.items()}
        else:
            out["evidence"] = ev
        return out

    return {"doc": doc, "error": kind, "fields": fields, "gold": shown(gold, True), "predicted": shown(pred, False)}


# -- the command ------------------------------------------------------------------------------------------
def run_corpus(
    corpus: str, shared: str, split: str, errors_out: str | None = None, on_doc: Callable[[str], None] | None = None
) -> dict[str, Any]:
    root = Path(corpus)
    ids = [r["id"] for r in manifest(root) if r["split"] == split]
    docs = load(Path(shared), set(ids))
    missing = [i for i in ids if i not in docs]
    if missing:
        raise FileNotFoundError(f"{len(missing)} corpus documents are not in {shared} (first: {missing[0]})")
    gold = load_codings(root / "incidents.jsonl")
    rejected: Counter[str] = Counter()
    pred = extract((docs[i] for i in ids), on_doc, rejected)
    scores = score(gold, pred, ids, {i: d.text for i, d in docs.items()})
    if errors_out:
        with open(errors_out, "w", encoding="utf-8") as fh:
            for e in scores.errors:
                fh.write(json.dumps({"split": split, **e}, ensure_ascii=False) + "\n")
    return {"split": split, **scores.as_dict(), "rejected": dict(sorted(rejected.items()))}


def format_scores(s: Mapping[str, Any]) -> str:
    inc, every = s["incidents"], s["all_fields_right"]
    lines = [
        f"corpus {s['split']}: {s['documents']} documents, {inc['gold_main']} main and "
        f"{inc['gold_background']} background incidents coded, {inc['predicted']} predicted",
        "documents the pipeline rejected: "
        + (", ".join(f"{n} {reason}" for reason, n in s.get("rejected", {}).items()) or "none"),
        f"incidents: precision {inc['precision']}  recall main {inc['recall_main']}  "
        f"recall background {inc['recall_background']}  duplicates {inc['duplicates']}  fusions {inc['fusions']}",
        f"all fields right: {every['of_gold_main']}% of main incidents ({every['count']}; "
        f"{every['of_matched_main']}% of those found)",
        "",
        f"{'field':20} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6}   (acc: over main incidents found)",
    ]
    for name, f in s["fields"].items():
        lines.append(f"{name:20} {f['precision']:6.1f} {f['recall']:6.1f} {f['f1']:6.1f} {f['accuracy']:6.1f}")
    types = sorted({c["gold"] for c in s["confusion"]} | {c["predicted"] for c in s["confusion"]})
    cell = {(c["gold"], c["predicted"]): c["count"] for c in s["confusion"]}
    short = {t: t[:5] for t in types}
    lines += ["", "type confusion (rows gold, columns predicted; matched incidents):"]
    lines.append(f"{'':20}" + "".join(f"{short[t]:>6}" for t in types))
    for g in types:
        lines.append(f"{g:20}" + "".join(f"{cell.get((g, p), 0) or '.':>6}" for p in types))
    return "\n".join(lines)
