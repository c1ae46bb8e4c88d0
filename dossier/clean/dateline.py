"""Datelines that open a story: 'KARACHI:', 'DUBAI/ISLAMABAD:', 'PESHAWAR, Jan 3 (APP):', 'PARIS, France'."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACE = r"[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2}"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE}(?:\s*/\s*{_PLACE})*)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"(?:,?\s*\((?P<agency>[A-Za-z]{2,12})\))?"
    r"\s*(?::|\s[—–-])\s*"
)
_PLACE_LINE = re.compile(r"^(?P<place>[A-Z][A-Z.'’\- ]{2,30}),\s+(?P<country>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})$")
# Kickers in capitals look like datelines but are labels of the headline.
KICKERS = {"EXCLUSIVE", "BREAKING", "UPDATE", "WATCH", "OPINION", "EDITORIAL", "ANALYSIS", "VIDEO", "LIVE", "PHOTOS"}


@dataclass(frozen=True)
class Dateline:
    place: str
    date: str | None  # as written, e.g. 'Jan 3'
    agency: str | None
    length: int  # characters of the line taken by the dateline


def parse_dateline(line: str) -> Dateline | None:
    m = _DATELINE.match(line)
    if not m:
        return None
    place = m.group("place").strip()
    if place.replace(" ", "") in KICKERS or len(place.replace(" ", "").replace("/", "")) < 3:
        return None
    return Dateline(place, m.group("date"), m.group("agency"), m.end())


def parse_place_line(line: str) -> str | None:
    """A line holding only a dateline place ('PARIS, France')."""
    m = _PLACE_LINE.match(line)
    return line if m else None
