"""The extractor's vocabularies (triggers, weapons, targets, ranks, attribution cues), kept as TSV
data beside the code and compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from dossier.tsv import read_rows


def _rows(name: str) -> list[dict[str, str]]:
    return [row for _, row in read_rows("dossier.extract", name, optional_last=True)]


@dataclass(frozen=True)
class Trigger:
    type: str
    priority: int
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Label:
    """A category (weapon, target, status) and the words that signal it."""

    label: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    return tuple(Trigger(r["type"], int(r["priority"]), re.compile(r["pattern"], re.I)) for r in _rows("triggers.tsv"))


@lru_cache(maxsize=1)
def any_trigger() -> re.Pattern[str]:
    """All triggers in one pattern: the cheap relevance gate run before any NLP."""
    return re.compile("|".join(f"(?:{t.pattern.pattern})" for t in triggers()), re.I)


@cache
def labels(name: str, column: str) -> tuple[Label, ...]:
    return tuple(Label(r[column], re.compile(r["pattern"], re.I)) for r in _rows(name))


@lru_cache(maxsize=1)
def ranks() -> dict[str, str]:
    return {r["abbreviation"]: r["title"] for r in _rows("ranks.tsv")}


@lru_cache(maxsize=1)
def type_cues() -> dict[str, re.Pattern[str]]:
    """Cues that decide between the types an incident's trigger words allow (type_cues.tsv)."""
    return {r["cue"]: re.compile(r["pattern"], re.I) for r in _rows("type_cues.tsv")}


@dataclass(frozen=True)
class ScopeRule:
    reason: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None


@lru_cache(maxsize=1)
def scope_rules() -> tuple[ScopeRule, ...]:
    """What the coding manual leaves out although it uses incident words (scope.tsv)."""
    return tuple(
        ScopeRule(
            r["reason"], re.compile(r["pattern"], re.I), re.compile(r["unless"], re.I) if r.get("unless") else None
        )
        for r in _rows("scope.tsv")
    )
