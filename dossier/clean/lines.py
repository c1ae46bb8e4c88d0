"""Classify each line of a page: blank, boilerplate, stamp, byline, bullet, date, headline-like, text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.clean.dateline import parse_dateline, parse_place_line
from dossier.clean.dates import is_date_line
from dossier.clean.rules import match_line, strip_inline

BULLET = re.compile(r"^[•●▪◦·*]\s*(?P<text>\S.*)$|^[-–]\s+(?P<text2>\S.*)$")
TEASER_END = ("...", "…")
TERMINAL = tuple(".!?\"”’')]…")


@dataclass
class Line:
    index: int
    text: str
    kind: str  # blank drop end stamp byline bullet place date cand text
    rule: str | None = None  # the boilerplate rule that matched, or the stamp's action
    value: str | None = None  # a stamp's date, a byline's name, a bullet's text

    @property
    def words(self) -> int:
        return len(self.text.split())


def classify(index: int, raw: str, counts: dict[str, int]) -> Line:
    text = strip_inline(raw, counts) if "adsbygoogle" in raw else raw.strip()
    if not text:
        return Line(index, "", "blank" if not raw.strip() else "drop", "inline_only")
    m = match_line(text)
    if m is not None:
        kind = {"drop": "drop", "caption": "drop", "end": "end", "byline": "byline"}.get(m.action, "stamp")
        return Line(index, text, kind, m.name if kind != "stamp" else m.action, m.value)
    b = BULLET.match(text)
    if b:
        return Line(index, text, "bullet", value=(b.group("text") or b.group("text2")).strip())
    if parse_place_line(text):
        return Line(index, text, "place", value=text)
    if is_date_line(text):
        return Line(index, text, "date", value=text)
    return Line(index, text, "cand" if headline_like(text) else "text")


def headline_like(text: str) -> bool:
    """Short, unpunctuated at the end, capitalised: could be a headline (or a stray line)."""
    words = text.split()
    if not 3 <= len(words) <= 30 or len(text) > 220:
        return False
    if text.endswith(TEASER_END) or text.endswith((".", ",", ";", ":")):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "“\"‘'"):
        return False
    return parse_dateline(text) is None


def title_cased(text: str) -> bool:
    long_words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if len(w) >= 4]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.5


def ends_sentence(text: str) -> bool:
    return text.endswith(TERMINAL) and not text.endswith(TEASER_END)
