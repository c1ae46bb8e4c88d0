"""The MUC-4 role-filler benchmark (GRIT version): read a split, read every document with the
product's pipeline (`pipeline.process`, what `dossier ingest` runs), map the participants of its
incident reports to the five roles, score with CEAF-REE (published on test: GRIT 54.5, TempGen 57.8).

The library never prints: `run_muc4` returns the scores and `format_scores` makes the table the CLI shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dossier.errors import DossierError
from dossier.evaluate.ceaf import ROLES, ceaf_ree
from dossier.extract.participants import Filler, group
from dossier.model import Document, Fact, RawRecord
from dossier.runner import process_safely

__all__ = ["ROLES", "format_scores", "load_grit", "memorising_baseline", "predict", "run_muc4", "score"]

Extracts = dict[str, list[list[str]]]


def load_grit(path: str | Path) -> list[dict[str, Any]]:
    """Documents of a GRIT JSON Lines file, checked enough that a wrong file fails with a clear message."""
    file = Path(path)
    if not file.is_file():
        raise DossierError(f"{file}: no such file; expected grit_<split>.jsonl in the MUC-4 data folder")
    docs = []
    for n, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DossierError(f"{file}:{n}: not JSON ({exc.msg}); expected one GRIT document per line") from exc
        if not isinstance(doc, dict) or "docid" not in doc or "doctext" not in doc:
            raise DossierError(f"{file}:{n}: a GRIT document needs 'docid' and 'doctext'")
        docs.append(doc)
    return docs


def gold_extracts(doc: dict[str, Any]) -> Extracts:
    """Gold entities as lists of mention strings (offsets dropped: the metric compares strings)."""
    extracts = doc.get("extracts") or {}
    return {role: [[m[0] for m in entity] for entity in extracts.get(role, [])] for role in ROLES}


def predict(docs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predictions, one per document, in the order given: `{"docid", "extracts": {role: [[mention]]}}`.

    Each document goes through the pipeline as a plain-text record; every incident report's
    participants (extract/participants.py) fill the roles, coreferent mentions grouped into one
    entity. Each entity is written with one mention, its longest: CEAF-REE only credits a predicted
    entity whose every mention is in the gold list, so listing more mentions can only lose matches."""
    out = []
    for doc in docs:
        raw = RawRecord(str(doc["doctext"]).encode("utf-8"), f"muc4:{doc['docid']}", "", {"format": "text"})
        result = process_safely(raw, extract=True)
        found: list[Filler] = []
        if isinstance(result, Document):
            for article in result.articles:
                for report in article.incidents:
                    found += [_filler(f) for f in report.facts if f.field == "participant"]
        entities = group(found, result.text if isinstance(result, Document) else "")
        extracts = {role: [[_representative(e)] for e in entities[role]] for role in ROLES}
        out.append({"docid": doc["docid"], "extracts": extracts})
    return out


def _filler(fact: Fact) -> Filler:
    v = fact.value
    return Filler(v["role"], v["start"], v["end"], v["text"], v["text"].split()[-1], v["score"])


def _representative(entity: list[Filler]) -> str:
    return max(entity, key=lambda f: (f.score, len(f.text), -f.start)).text


def memorising_baseline(
    train_docs: Sequence[dict[str, Any]], docs: Sequence[dict[str, Any]], min_ratio: float = 0.0
) -> list[dict[str, Any]]:
    """The floor any extractor should clear: for each role, every string that fills it somewhere in
    train and occurs (as whole words) in the document, one entity per string. With `min_ratio`, only
    strings that fill the role in at least that share of the train documents containing them."""
    strings: dict[str, set[str]] = {role: set() for role in ROLES}
    filled: dict[tuple[str, str], int] = {}
    for doc in train_docs:
        seen = {(role, m) for role, ents in gold_extracts(doc).items() for ent in ents for m in ent}
        for role, mention in seen:
            strings[role].add(mention)
            filled[role, mention] = filled.get((role, mention), 0) + 1
    occurs: dict[str, int] = {}
    if min_ratio > 0:
        train_texts = [str(d["doctext"]) for d in train_docs]
        for s in set().union(*strings.values()):
            occurs[s] = sum(1 for t in train_texts if _contains(t, s))
    out = []
    for doc in docs:
        text = str(doc["doctext"])
        extracts = {
            role: [
                [s]
                for s in sorted(strings[role])
                if _contains(text, s) and (not min_ratio or filled[role, s] / max(occurs[s], 1) >= min_ratio)
            ]
            for role in ROLES
        }
        out.append({"docid": doc["docid"], "extracts": extracts})
    return out


def _contains(text: str, string: str) -> bool:
    return string in text and re.search(r"(?<!\w)" + re.escape(string) + r"(?!\w)", text) is not None


def score(gold_docs: Sequence[dict[str, Any]], predictions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """CEAF-REE per role and micro-averaged ("micro_avg"), each with p, r, f1 and the raw counts."""
    gold = {str(d["docid"]): gold_extracts(d) for d in gold_docs}
    pred = {str(p["docid"]): p.get("extracts", {}) for p in predictions}
    return ceaf_ree(gold, pred)


def run_muc4(data_dir: str, split: str, predictions_out: str | None = None) -> dict[str, Any]:
    """Read DIR/grit_SPLIT.jsonl, predict, optionally write the predictions (JSON Lines), and score."""
    docs = load_grit(Path(data_dir) / f"grit_{split}.jsonl")
    predictions = predict(docs)
    if predictions_out:
        with open(predictions_out, "w", encoding="utf-8") as f:
            for p in predictions:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    result = score(docs, predictions)
    return {"split": split, "documents": len(docs), "scores": result}


def format_scores(scores: dict[str, Any]) -> str:
    """A plain-text table (percentages) of what `run_muc4` or `score` returns."""
    table = scores.get("scores", scores)
    lines = [f"{'role':<10}{'P':>8}{'R':>8}{'F1':>8}{'matched':>9}{'pred':>6}{'gold':>6}"]
    for key in (*ROLES, "micro_avg"):
        s = table[key]
        lines.append(
            f"{key:<10}{s['p'] * 100:8.2f}{s['r'] * 100:8.2f}{s['f1'] * 100:8.2f}"
            f"{s['matched']:9.0f}{s['predicted']:6d}{s['gold']:6d}"
        )
    if "split" in scores:
        lines.insert(0, f"MUC-4 {scores['split']} ({scores['documents']} documents), CEAF-REE")
    return "\n".join(lines)
