"""Absolute dates in stamps, datelines and date lines, as ISO strings."""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as dateparser

_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?", re.I)
_CLOCK = re.compile(r"\b[ap]\.?m\.?\b|\b(PKT|GMT|UTC|PST)\b", re.I)
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.I)


def parse_date(text: str, ref_year: int | None = None) -> str | None:
    """ISO date (YYYY-MM-DD) of an absolute date expression, or None.

    Without a year in the text, `ref_year` supplies it; without either, nothing is guessed.
    """
    text = _ORDINAL.sub(r"\1", text.strip())
    if not _MONTH.search(text) and not re.search(r"\d{4}-\d{2}-\d{2}", text):
        return None
    has_year = bool(_YEAR.search(text))
    if not has_year and ref_year is None:
        return None
    try:
        default = datetime(ref_year or 1900, 1, 1)  # a year out of 1..9999 is a ValueError
        parsed = dateparser.parse(text, default=default, fuzzy=True, dayfirst=False)
    except (ValueError, OverflowError):
        return None
    return str(parsed.date().isoformat())


def is_date_line(line: str) -> bool:
    """A line that is nothing but a date ('Fri 25 Dec, 2020', 'January 18, 2024')."""
    if not 2 <= len(line.replace(",", " ").split()) <= 7 or not _YEAR.search(line) or not _MONTH.search(line):
        return False
    rest = _CLOCK.sub("", _WEEKDAY.sub("", _MONTH.sub("", line)))
    return not re.search(r"[A-Za-z]{2,}", rest) and parse_date(line) is not None


def iso_or_none(value: str | None) -> str | None:
    """Normalise a metadata date (ISO timestamp, RFC 822, '2024-07-07') to YYYY-MM-DD."""
    if not value:
        return None
    try:
        return str(dateparser.parse(value).date().isoformat())
    except (ValueError, OverflowError, TypeError):
        return parse_date(value)
