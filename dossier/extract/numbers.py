"""Quantities as news writes them: '17', 'seventeen', 'at least 17', 'nearly 100', 'dozens'."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
VAGUE = {
    "dozens of": (24, 24, None),
    "a dozen": (12, 12, 12),
    "scores of": (40, 40, None),
    "hundreds of": (200, 200, None),
    "several": (2, None, None),  # more than one, no figure
    "a few": (2, None, None),
    "dozen": (12, 12, 12),
}
# qualifier -> how it bends (low, best, high) around the number n
QUALIFIERS = {
    "at least": "low",
    "no fewer than": "low",
    "not less than": "low",
    "more than": "above",
    "over": "above",
    "nearly": "below",
    "almost": "below",
    "up to": "upto",
    "as many as": "upto",
    "around": "about",
    "about": "about",
    "approximately": "about",
    "some": "about",
    "roughly": "about",
    "an estimated": "about",
}
_WORDNUM = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
NUMBER = (
    rf"(?:(?:{'|'.join(QUALIFIERS)})\s+)?"
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(k for k in UNITS if len(k) > 2)}))?"
    rf"|{_WORDNUM}|{'|'.join(VAGUE)})"
)
_QUAL = re.compile(rf"^({'|'.join(QUALIFIERS)})\s+", re.I)


@dataclass(frozen=True)
class Count:
    low: int | None
    best: int | None
    high: int | None

    def as_dict(self) -> dict[str, int | None]:
        return {"low": self.low, "best": self.best, "high": self.high}


def value_of(word: str) -> int | None:
    w = word.lower().replace(",", "").strip()
    if w.isdigit():
        return int(w)
    if w in UNITS:
        return UNITS[w]
    if w in TENS:
        return TENS[w]
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS:
        return TENS[parts[0]] + UNITS[parts[1]]
    return None


def parse_count(text: str) -> Count | None:
    """'at least 17' -> Count(17, 17, None); 'nearly 100' -> Count(None, 100, 100); 'two' -> Count(2, 2, 2)."""
    text = " ".join(text.lower().split())
    qualifier = None
    m = _QUAL.match(text)
    if m:
        qualifier, text = QUALIFIERS[m.group(1)], text[m.end() :]
    if text in VAGUE:
        return Count(*VAGUE[text])
    n = value_of(text)
    if n is None:
        return None
    match qualifier:
        case "low":
            return Count(n, n, None)
        case "above":
            return Count(n + 1, n + 1, None)
        case "below":
            return Count(None, n, n)
        case "upto":
            return Count(None, n, n)
        case "about":
            return Count(None, n, None)
    return Count(n, n, n)
