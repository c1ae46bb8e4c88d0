"""CEAF-REE, the entity-level metric of document-level role-filler extraction (Du, Rush and Cardie,
EACL 2021, "GRIT"), written from its definition so that the project's numbers are comparable with the
published ones.

The rule, as in GRIT's reference scorer (`eval.py`, `phi_strict`):

- Every mention string is normalised first: lower-cased, ASCII punctuation removed, the articles
  a/an/the removed as words, whitespace collapsed (SQuAD's normalisation).
- phi(gold, pred) = 1 when *every* normalised mention of the predicted entity is one of the gold
  entity's normalised mentions (pred is a subset of gold), else 0. With the usual one-mention
  predictions this reads "the predicted string equals one of the gold mentions"; a predicted entity
  that adds a mention the gold does not list matches nothing.
- Per document and role, predicted and gold entities are aligned one-to-one so that the summed phi is
  maximal (Kuhn-Munkres): a predicted entity matches at most one gold entity, and a second prediction
  of the same gold entity counts against precision.
- Per role, the matched sum, the number of predicted and of gold entities are added over documents;
  P = matched / predicted, R = matched / gold; micro = the same sums over the five roles.

Two choices where the reference code is silent: entities with no mention left (after dropping empty
strings) are ignored on both sides (the reference drops empty gold entities; an empty prediction would
otherwise match anything), and a document missing from the predictions counts as predicting nothing.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)

Entity = Sequence[str]


def normalize(mention: str) -> str:
    """The reference normalisation; order matters ("the-bomb" loses its hyphen before "the" goes)."""
    return " ".join(_ARTICLES.sub(" ", mention.lower().translate(_PUNCT)).split())


def phi(gold: Iterable[str], pred: Iterable[str]) -> int:
    """1 when every predicted mention is one of the gold mentions (both already normalised)."""
    gold_set = set(gold)
    return int(all(m in gold_set for m in pred))


def clean(entities: Iterable[Entity]) -> list[list[str]]:
    """Normalised mention lists, empty mentions and empty entities dropped."""
    out = []
    for entity in entities:
        mentions = [n for n in (normalize(m) for m in entity) if n]
        if mentions:
            out.append(mentions)
    return out


def align(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> float:
    """The largest total phi of a one-to-one alignment of predicted with gold entities."""
    if not gold or not pred:
        return 0.0
    scores = np.array([[phi(g, p) for p in pred] for g in gold], dtype=float)
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return float(scores[rows, cols].sum())


@dataclass
class Tally:
    """Sums for one role (or the micro average): matched similarity, predicted and gold entity counts."""

    matched: float = 0.0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold

    def scores(self) -> dict[str, float]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f1": f, "matched": self.matched, "predicted": self.predicted, "gold": self.gold}


def score_document(gold: Sequence[Entity], pred: Sequence[Entity]) -> Tally:
    g, p = clean(gold), clean(pred)
    return Tally(align(g, p), len(p), len(g))


def ceaf_ree(
    gold_docs: Mapping[str, Mapping[str, Sequence[Entity]]],
    pred_docs: Mapping[str, Mapping[str, Sequence[Entity]]],
    roles: Sequence[str] = ROLES,
) -> dict[str, dict[str, float]]:
    """Per-role and micro ("micro_avg") P/R/F1 over the gold documents, keyed by docid then role.

    Predictions for documents absent from the gold are ignored, as in the reference scorer, which
    iterates over the gold docids."""
    tallies = {role: Tally() for role in roles}
    for docid, gold in gold_docs.items():
        pred = pred_docs.get(docid, {})
        for role in roles:
            tallies[role].add(score_document(gold.get(role, []), pred.get(role, [])))
    micro = Tally()
    for tally in tallies.values():
        micro.add(tally)
    result = {role: tally.scores() for role, tally in tallies.items()}
    result["micro_avg"] = micro.scores()
    return result
