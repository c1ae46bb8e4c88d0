"""The boilerplate rule table (boilerplate.tsv), loaded once and applied line by line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dossier.tsv import read_rows

ACTIONS = {"drop", "caption", "strip", "end", "updated", "published", "byline"}


@dataclass(frozen=True)
class Rule:
    action: str
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Match:
    action: str
    name: str
    value: str | None = None


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """Parse the packaged table; a malformed row fails loudly at start-up, not silently mid-run."""
    rules = []
    for n, row in read_rows("dossier.clean", "boilerplate.tsv"):
        if row["action"] not in ACTIONS:
            raise ValueError(f"boilerplate.tsv line {n}: unknown action {row['action']!r}")
        rules.append(Rule(row["action"], row["name"], re.compile(row["pattern"])))
    return tuple(rules)


def strip_inline(line: str, counts: dict[str, int]) -> str:
    for rule in load_rules():
        if rule.action == "strip" and rule.pattern.search(line):
            line, n = rule.pattern.subn("", line)
            counts[rule.name] = counts.get(rule.name, 0) + n
    return line.strip()


def match_line(line: str) -> Match | None:
    """The first whole-line rule that fits, if any."""
    for rule in load_rules():
        if rule.action == "strip":
            continue
        m = rule.pattern.match(line)
        if m:
            value = m.groupdict().get("date") or m.groupdict().get("who")
            return Match(rule.action, rule.name, value.strip() if value else None)
    return None
