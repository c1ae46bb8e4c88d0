"""The coded records of the corpus (docs/coding-manual.md, section 10): their vocabulary, a check
of one document's coding, and the conversion of a coder's evidence quotes into offsets.

Coders write evidence as quotes copied from the text; the corpus stores offsets only, so that no
article text enters the repository. `locate` finds a quote in the text even when the coder's copy
differs in spacing or in the shape of quotes and dashes."""

from __future__ import annotations

import re
from typing import Any

from dossier.vocab import DATE_PRECISIONS, INCIDENT_TYPES, PERPETRATOR_STATUSES, PLACE_PRECISIONS

COUNT_FIELDS = ("killed", "injured", "perpetrators_killed", "perpetrators_injured")
EVIDENCE_FIELDS = ("type", "date", "place", *COUNT_FIELDS, "perpetrators")
DAY = re.compile(r"^(\d{4}|--)-\d{2}-\d{2}$|^--\d{2}-\d{2}$")
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _folded(text: str) -> tuple[str, list[int]]:
    """The text with runs of spaces collapsed and quotes/dashes unified, and for every character
    of it the offset it came from."""
    out, where, space = [], [], False
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\u00ad":
            if not space and ch != "\u00ad":
                out.append(" ")
                where.append(i)
            space = space or ch != "\u00ad"
            continue
        space = False
        out.append(ch.translate(_FOLD))
        where.append(i)
    return "".join(out), where


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`: exact first, then ignoring spacing, quote shapes and case."""
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    folded, where = _folded(text)
    needle, _ = _folded(quote.strip())
    for hay, pin in ((folded, needle), (folded.lower(), needle.lower())):
        at = hay.find(pin)
        if at >= 0:
            return where[at], where[at + len(pin) - 1] + 1
    return None


def _check_count(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"low", "best", "high"}:
        return "a count is null or {low, best, high}"
    if any(v is not None and (not isinstance(v, int) or v < 0) for v in value.values()):
        return "counts are non-negative integers or null"
    return None


def problems(coding: dict[str, Any], text: str) -> list[str]:
    """What is wrong with one document's coding, as messages (empty: it is well formed)."""
    out: list[str] = []
    if not isinstance(coding.get("incidents"), list):
        return ["`incidents` must be a list"]
    for n, inc in enumerate(coding["incidents"], 1):

        def bad(msg: str, n: int = n) -> None:
            out.append(f"incident {n}: {msg}")

        if inc.get("type") not in INCIDENT_TYPES:
            bad(f"type {inc.get('type')!r} is not in the taxonomy")
        if not isinstance(inc.get("background"), bool):
            bad("background must be true or false")
        date = inc.get("date")
        if date is not None:
            if not isinstance(date, dict) or date.get("precision") not in DATE_PRECISIONS:
                bad("date is null or {start, end, precision} with a known precision")
            elif not all(isinstance(date.get(k), str) and DAY.match(date[k]) for k in ("start", "end")):
                bad("date start/end are YYYY-MM-DD (or --MM-DD without a year)")
        place = inc.get("place")
        if place is not None and (not isinstance(place, dict) or place.get("precision") not in PLACE_PRECISIONS):
            bad("place is null or {name, admin2, admin1, country, precision} with a known precision")
        for key in COUNT_FIELDS:
            msg = _check_count(inc.get(key))
            if msg:
                bad(f"{key}: {msg}")
        for p in inc.get("perpetrators") or []:
            if not isinstance(p, dict) or not p.get("name") or p.get("status") not in PERPETRATOR_STATUSES:
                bad(f"perpetrator {p!r} needs a name and a status from {PERPETRATOR_STATUSES}")
        evidence = inc.get("evidence") or {}
        for key in EVIDENCE_FIELDS:
            value = inc.get(key)
            if value in (None, []):
                continue
            ev = evidence.get(key)
            if ev is None:
                bad(f"no evidence for {key}")
            elif isinstance(ev, str) and locate(text, ev) is None:
                bad(f"evidence for {key} is not in the text: {ev[:80]!r}")
            elif isinstance(ev, list) and not (len(ev) == 2 and 0 <= ev[0] < ev[1] <= len(text)):
                bad(f"evidence offsets for {key} are out of range")
    return out


def with_offsets(coding: dict[str, Any], text: str) -> dict[str, Any]:
    """The coding with every evidence quote replaced by its [start, end] in the text."""
    incidents = []
    for inc in coding["incidents"]:
        ev = {}
        for key, quote in (inc.get("evidence") or {}).items():
            span = locate(text, quote) if isinstance(quote, str) else quote
            if span is not None:
                ev[key] = list(span)
        incidents.append({**inc, "evidence": ev})
    return {**coding, "incidents": incidents}
