"""Precision, recall and F1 as percentages: what every scorer here reports."""

from __future__ import annotations


def prf(system_right: int, system: int, gold_right: int, gold: int) -> dict[str, float]:
    """P = right system values / system values, R = right gold values / gold values (the two
    "right" counts differ only where one side's value can match several of the other's)."""
    p = system_right / system if system else 0.0
    r = gold_right / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1)}
