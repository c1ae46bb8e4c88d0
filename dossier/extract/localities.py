"""Places the gazetteer does not hold, named by the way the text places them inside one it does:
"the Kathan area of Dera Bugti District", "866R village in Sahiwal District", "Spiny Road in
Quetta", "the Iqra Public School in Charganokaly on Charsadda Road in Peshawar", "general area
Hassan Khel, North Waziristan District". The coding manual (section 6) keeps such a village,
neighbourhood or site by name, under the district and province of the place that contains it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dossier.extract.when import MONTHS, WEEKDAYS
from dossier.reference.gazetteer import Gazetteer, Place

# What the words after a name say it is, and the precision that makes it (manual, section 6).
UNITS = {
    **dict.fromkeys(("area", "locality", "mohalla", "neighbourhood", "neighborhood", "colony", "sector", "block",
                     "town", "bazaar", "market", "chowk", "road", "street", "roundabout", "phase"), "neighbourhood"),
    **dict.fromkeys(("village", "hamlet", "mouza", "valley", "tehsil", "subdivision"), "city"),
}  # fmt: skip
SITES = (
    "school", "college", "university", "madrassa", "seminary", "mosque", "masjid", "imambargah", "imam bargah",
    "church", "temple", "shrine", "check post", "checkpost", "check-post", "checkpoint", "police station",
    "police post", "police line", "police lines", "post", "fort", "camp", "cantonment", "headquarters", "base",
    "airport", "railway station", "station", "bridge", "stadium", "hotel", "plaza", "court", "court complex",
    "jail", "prison", "office", "compound", "hospital", "dam", "hideout", "bunker", "tower", "pipeline",
)  # fmt: skip
_NAME = r"(?:[A-Z0-9][\w'’.-]*)(?:[ -](?:e|ul|ud|ur|al|el|i|wal|of|the|[A-Z0-9][\w'’.-]*)){0,5}"
_SITE = "|".join(re.escape(s).replace(r"\ ", r"[ -]") for s in sorted(SITES, key=len, reverse=True))
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
# "[in] the Kathan area of Dera Bugti", "in 866R village in Sahiwal", "in general area Mir Ali, North Waziristan"
_OUTER = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
WITHIN = re.compile(
    rf"(?:\b(?:in|at|near|of|on|from|outside|inside|around|along)\s+)(?:the\s+)?(?:(?:general\s+area|area\s+of)\s+(?P<general>{_NAME})|"
    rf"(?P<name>{_NAME})(?:\s+(?P<unit>{_UNIT}|(?i:{_SITE})))?)"
    rf"(?:\s*,\s*|\s+(?:of|in|near|on|at|,)\s+)(?:the\s+)?(?:(?:outskirts|suburbs|limits) of\s+(?:the\s+)?)?"
    rf"(?:provincial capital,?\s+|federal capital,?\s+|district\s+)?(?P<outer>{_OUTER})"
)
POSSESSIVE = re.compile(rf"\b(?P<outer>{_OUTER})['’]s\s+(?P<name>{_NAME})(?:\s+(?P<unit>{_UNIT}|(?i:{_SITE})))?")
OWNED = re.compile(rf"^['’]s\s+(?P<outer>{_OUTER})")
NEXT_OUTER = re.compile(rf"^[^.;]{{0,60}}?\b(?:in|of)\s+(?:the\s+)?(?P<outer>{_OUTER})")
NOT_HERE = re.compile(
    r"\b(resident of|residents of|hails? from|hailing from|native of|belonging to|son of|born in)\s*$", re.I
)
NOT_A_NAME = frozenset(MONTHS) | frozenset(WEEKDAYS) | {
    "the", "a", "an", "this", "that", "police", "security", "forces", "army", "district", "province", "city",
    "government", "pakistan", "federal", "provincial", "local", "general", "north", "south", "east", "west", "upper",
    "lower", "central", "old", "new", "main", "capital", "hospital", "home", "his", "her", "their", "shia", "shias",
    "sunni", "sunnis", "muslim", "muslims", "hindu", "hindus", "christian", "christians", "sikh", "sikhs", "ahmadi",
    "ahmadis", "hazara", "hazaras", "baloch", "pashtun", "punjabi", "sindhi", "indian", "pakistani", "afghan",
    "iranian", "chinese", "american", "british", "major", "captain", "colonel", "lieutenant", "brigadier",
    "sepoy", "naik", "havildar", "subedar", "constable", "inspector", "sub-inspector", "mr", "dr", "maulana", "mufti",
    "haji", "syed", "malik", "sardar", "nawab", "mir", "commander", "minister", "mr.", "dr.",
}  # fmt: skip
NOT_A_PLACE = re.compile(
    r"\b(express|bus|van|convoy|vehicle|train|car|motorcycle|rickshaw|jeep|truck|party|league)$", re.I
)
TAKEN_TO = re.compile(r"\b(shifted|taken|rushed|moved|brought|referred|admitted|transferred)\s+(?:\w+\s+){0,3}$", re.I)


@dataclass(frozen=True)
class Locality:
    start: int  # offsets into the sentence text
    end: int
    name: str
    precision: str
    within: Place
    place: Place | None = None  # the gazetteer's own row, when the name is a place it knows


def find(
    text: str, gaz: Gazetteer, context: Iterable[str] = (), blocked: Iterable[tuple[int, int]] = ()
) -> list[Locality]:
    """Localities of one sentence, each under the known place the text puts it in."""
    out: list[Locality] = []
    spans = list(blocked)
    matches = [*WITHIN.finditer(text), *POSSESSIVE.finditer(text)]
    for m in sorted(matches, key=lambda m: m.start()):
        general = m.groupdict().get("general")
        name = (general or m.group("name") or "").strip(" ,.")
        start = m.start("general") if general else m.start("name")
        if not name or name.split()[0].lower() in NOT_A_NAME or any(s <= start < e for s, e in spans):
            continue
        if NOT_A_PLACE.search(name) and not m.group("unit"):
            continue  # "the attack on the Jaffar Express in Balochistan": a train, not a place
        if TAKEN_TO.search(text[max(0, start - 40) : start]) or NOT_HERE.search(text[max(0, start - 30) : start]):
            continue  # where the wounded were taken, or where someone lives, is not where it happened
        outer = gaz.resolve(_trimmed(m.group("outer")), context)
        owned = OWNED.match(text[m.end("outer") :])  # "the Rakhni area of Balochistan's Barkhan district"
        if outer is not None and owned and (inner := gaz.resolve(_trimmed(owned.group("outer")), context)) is not None:
            outer = inner if where_within(inner, outer) else outer
        if outer is None:  # "Smagal area of Darel Valley in Gilgit Baltistan": the next place named
            further = NEXT_OUTER.match(text[m.end("outer") :])
            outer = gaz.resolve(_trimmed(further.group("outer")), context) if further else None
        if outer is None or outer.precision == "point":
            continue
        unit = (m.group("unit") or "").lower()
        own = gaz.resolve(name, context) if not unit or unit in UNITS else None
        if own is not None:  # a place the gazetteer knows: a locality only when smaller than the outer one
            finer = SPECIFICITY[own.precision] < SPECIFICITY[outer.precision] or (
                own.precision == outer.precision == "neighbourhood" and own.id != outer.id  # "Bihar Colony of Lyari"
            )
            smaller = own.country == outer.country and finer
            if smaller and own.precision in ("city", "neighbourhood", "point"):
                out.append(Locality(start, start + len(name), own.name, own.precision, outer, own))
            continue  # "Pakistan's Khyber Pakhtunkhwa province" names a province, no locality
        if unit and unit not in UNITS:
            precision, name = "point", f"{name} {m.group('unit')}"
        elif unit:
            precision = UNITS[unit] if outer.precision != "neighbourhood" else "neighbourhood"
        else:
            precision = "neighbourhood" if outer.precision in ("city", "neighbourhood") else "city"
        if outer.precision == "province" and precision == "neighbourhood":
            precision = "city"  # "the Shahreg area of Balochistan": a place of its own in the province
        out.append(Locality(start, start + len(name), name, precision, outer))
    return out


BARE = re.compile(rf"\b(?:in|at|near)\s+(?:the\s+)?(?P<name>{_NAME})\s+(?P<unit>{_UNIT})\b(?!\s+(?:of|in)\s+[A-Z])")


def bare(text: str, blocked: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, str, str]]:
    """Localities named with their unit and no place around them ("in the Lashora village", "in the
    Deza Ghundai area"): (start, end, name, precision), to be placed under the incident's district."""
    out: list[tuple[int, int, str, str]] = []
    spans = list(blocked)
    for m in BARE.finditer(text):
        name, start = m.group("name").strip(" ,."), m.start("name")
        if name.split()[0].lower() in NOT_A_NAME or any(s <= start < e for s, e in spans) or NOT_A_PLACE.search(name):
            continue
        if TAKEN_TO.search(text[max(0, start - 40) : start]) or NOT_HERE.search(text[max(0, start - 30) : start]):
            continue
        out.append((start, start + len(name), name, UNITS[m.group("unit").lower()]))
    return out


def where_within(inner: Place, outer: Place) -> bool:
    """The inner place lies in the outer one (same country; same province or district as it)."""
    if inner.country != outer.country or SPECIFICITY.get(inner.precision, 9) >= SPECIFICITY.get(outer.precision, 9):
        return False
    if outer.precision == "country":
        return True
    return outer.name in (inner.admin1, inner.admin2, inner.city)


SPECIFICITY = {"point": 0, "neighbourhood": 1, "city": 2, "district": 3, "province": 4, "country": 5}


def _trimmed(outer: str) -> str:
    words = outer.split()
    while words and words[-1].lower() in ("district", "agency", "tehsil", "province", "city", "town", "division"):
        words = words[:-1]
    return " ".join(words) or outer
