"""Where an incident happened: place mentions in its sentences, geocoded with the packaged gazetteer,
the most specific one chosen; the dateline only as a fallback."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from dossier.extract.when import MONTHS, WEEKDAYS
from dossier.reference.gazetteer import Gazetteer, Place

SPECIFICITY = {"point": 0, "neighbourhood": 1, "city": 2, "district": 3, "province": 4, "country": 5}
STREET_WORDS = {"road", "street", "highway", "bypass", "chowk", "bazaar", "market", "colony", "gate", "cantt"}
UNIT_WORDS = {"district", "districts", "tehsil", "area", "city", "province", "region", "agency", "valley", "town"}
CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"eid", "ramadan", "muharram", "christmas"}
NOT_HERE = re.compile(
    r"\b(resident of|residents of|hail(ed|ing|s)? from|native of|belong(ed|ing|s)? to|originally from|"
    r"born in|moved to|fled to|returned (to|from)|recruited from|travel(l)?ed to|deported to)\s*$",
    re.I,
)


@dataclass(frozen=True)
class PlaceMention:
    start: int  # offsets into the sentence text
    end: int
    text: str
    place: Place | None = None


def mentions(sent: Span, gaz: Gazetteer, exclude: Iterable[tuple[int, int]] = ()) -> list[PlaceMention]:
    """Capitalised word runs (with a trailing 'district', 'area', ...) that the gazetteer knows."""
    blocked = list(exclude)
    out: list[PlaceMention] = []
    toks = list(sent)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if (
            not (tok.text[:1].isupper() and tok.is_alpha)
            or tok.ent_type_ == "PERSON"
            or (tok.ent_type_ == "DATE" and tok.lower_ in CALENDAR_WORDS)  # spaCy also tags "Turbat" as a DATE
            or (tok.is_upper and len(tok) > 3)
        ):  # capitalised headings ('DISSIDENTS FROM HONG KONG') are labels, not running text
            i += 1
            continue
        taken = 0
        for n in range(min(5, len(toks) - i), 0, -1):
            words = toks[i : i + n]
            if not all(w.text[:1].isupper() or w.lower_ in UNIT_WORDS or w.text in "-" for w in words):
                continue
            start = words[0].idx - sent.start_char
            end = words[-1].idx + len(words[-1].text) - sent.start_char
            if any(s < end and start < e for s, e in blocked):
                continue
            text = sent.text[start:end]
            after = [t.lower_ for t in toks[i + n : i + n + 2]]
            street = bool(after) and (
                after[0] in STREET_WORDS
                or (len(after) > 1 and toks[i + n].text[:1].isupper() and after[1] in STREET_WORDS)
            )  # "Charsadda Road", "Sheikhupura Faisalabad Road"
            if gaz.is_place(text) and not street and not _metonym(toks, i + n - 1):
                if i + n < len(toks) and toks[i + n].lower_ in UNIT_WORDS:
                    unit = toks[i + n]
                    with_unit = sent.text[start : unit.idx + len(unit.text) - sent.start_char]
                    if gaz.is_place(with_unit):
                        text, end, n = with_unit, start + len(with_unit), n + 1
                if not NOT_HERE.search(sent.text[max(0, start - 30) : start]):
                    out.append(PlaceMention(start, end, text))
                taken = n
                break
        i += taken or 1
    return out


AREA_NOUNS = {
    "area",
    "district",
    "province",
    "city",
    "region",
    "capital",
    "neighbourhood",
    "neighborhood",
    "outskirts",
    "suburbs",
    "town",
    "village",
    "border",
    "borderlands",
    "soil",
    "territory",
    "tehsil",
    "valley",
    "southwest",
    "northwest",
    "south",
    "north",
    "east",
    "west",
    "port",
    "metropolis",
}


def _metonym(toks: list[Token], last: int) -> bool:
    """'Tehran condemned', 'Iran's strikes', 'Islamabad banned': a place name standing for its
    government is an actor, not where something happened."""
    tok = toks[last]
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        return True
    if last + 1 < len(toks) and toks[last + 1].text in ("’s", "'s"):
        head = tok.head
        return head.lower_ not in AREA_NOUNS and head.pos_ != "PROPN" and not head.text[:1].isupper()
    return False


def within(inner: Place, outer: Place) -> bool:
    if inner.country != outer.country:
        return False
    if outer.precision == "country":
        return True
    if outer.precision == "province":
        return inner.admin1 == outer.admin1
    return outer.name in (inner.city, inner.admin2) or (outer.admin2 is not None and outer.admin2 == inner.admin2)


def choose(
    cands: list[tuple[int, PlaceMention]], gaz: Gazetteer, context: list[str]
) -> tuple[int, PlaceMention] | None:
    """The most specific resolvable place; among equals, the earliest in the incident's first sentence.
    `cands` pairs each mention with the rank of its sentence in the incident (0 = trigger sentence)."""
    resolved = [
        (rank, order, PlaceMention(m.start, m.end, m.text, p))
        for order, (rank, m) in enumerate(cands)
        if (p := gaz.resolve(m.text, context)) is not None
    ]
    first = [
        (SPECIFICITY.get(m.place.precision, 9), order, m.place) for rank, order, m in resolved if rank == 0 and m.place
    ]
    anchor_place = min(first, key=lambda r: (r[0], r[1]))[2] if first else None
    best: tuple[tuple[int, int, int], int, PlaceMention] | None = None
    for rank, order, m in resolved:
        assert m.place is not None
        if rank > 0 and anchor_place is not None and not within(m.place, anchor_place):
            continue  # a later sentence may narrow the place down, not move it elsewhere
        key = (SPECIFICITY.get(m.place.precision, 9), rank, order)
        if best is None or key < best[0]:
            best = (key, rank, m)
    return (best[1], best[2]) if best else None


def as_dict(place: Place) -> dict[str, Any]:
    return {
        "name": place.name,
        "admin2": place.admin2,
        "admin1": place.admin1,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
        "city": place.city,
        "id": place.id,
    }
