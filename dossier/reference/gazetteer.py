"""The offline gazetteer: place names to `Place`s, and the choice among same-named places.

The data is `dossier/data/gazetteer.tsv.gz`, a curated derivative of GeoNames, Pakistan census and
locality tables built by `scripts/build_gazetteer.py` (sources, licences and derivations in
`dossier/data/README.md`). Loading reads it once per process; lookups are dictionary hits on a
normalised key, so the extractor can ask about every capitalised word run it sees.

How `resolve` chooses, in order (each step is documented because every one of them is a guess):

1. Candidates: every place whose name or alternate name has the query's key. A trailing (or leading)
   unit word ("Zhob district", "Bannu city", "tehsil Bara") is dropped when the whole phrase is not a
   name itself, and then restricts the candidates to that kind of place.
2. Neighbourhoods need their city: one is kept only when its city (or another neighbourhood of it)
   is in the context; a bare "Karimabad" is the town in Hunza, never a Karachi neighbourhood.
3. A unit and the city of the same own name inside it are one referent in running text ("Bannu",
   "Kabul", "Kerman", "D.I. Khan"): the unit is dropped in favour of the city, which takes the larger
   population of the two, unless a unit word asked for the unit.
4. Context: each other place name in the article adds, at most once, how deeply it shares a lineage
   with the candidate (same city 4, same district 3, same province 2, same country 1).
5. Prior, when context does not decide: log10(population + 1), +2 when the query is the place's own
   name rather than an alternate, + a bonus by country preference (default PK, AF, IR, IN: 2, 1.5,
   1, 0.5; other countries 0). Population of an admin unit is the sum of the GeoNames places in it.
   Ties (many small places have no population) go to the place with more names, a sign of being
   better known, then to the smaller id. How specific a place is plays no part.
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["DEFAULT_COUNTRY_PREFERENCE", "PRECISIONS", "Gazetteer", "Place", "load_gazetteer", "name_tokens"]

PRECISIONS = ("point", "neighbourhood", "city", "district", "province", "country")
DEFAULT_COUNTRY_PREFERENCE = ("PK", "AF", "IR", "IN")
DATA_FILE = "data/gazetteer.tsv.gz"
COLUMNS = (
    "id", "name", "alternates", "precision", "kind", "country", "admin1", "admin2", "city",
    "lat", "lon", "population", "coordinate",
)  # fmt: skip
PRIMARY_NAME_BONUS = 2.0  # an exact own-name match is worth a hundredfold population
PREFERENCE_STEP = 0.5  # bonus per place in the country preference order
# Unit words around a name, and the precisions they restrict to (None: no restriction).
UNIT_WORDS: dict[str, frozenset[str] | None] = {
    "district": frozenset({"district"}),
    "districts": frozenset({"district"}),
    "agency": frozenset({"district"}),
    "tehsil": frozenset({"district"}),
    "tahsil": frozenset({"district"}),
    "taluka": frozenset({"district"}),
    "province": frozenset({"province"}),
    "city": frozenset({"city"}),
    "town": frozenset({"city"}),
    "area": None,
    "areas": None,
    "region": None,
    "valley": None,
    "tribal": None,
}
LEADING_WORDS = {"district": UNIT_WORDS["district"], "tehsil": UNIT_WORDS["tehsil"]}
_FOLD = str.maketrans({"ʿ": "", "ʾ": "", "‘": "", "’": "", "´": "", "ı": "i", "ł": "l", "ø": "o", "đ": "d",
                       "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe"})  # fmt: skip
_ASCII: dict[int, str | int | None] = {i: " " for i in range(128) if not chr(i).isalnum()}
_ASCII.update({ord(c): ord(c.lower()) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_ASCII.update({ord("'"): None, ord("`"): None, ord("&"): " and "})  # one table: case, separators, marks
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_POSSESSIVES = ("'s", "’s")
_ACRONYM_DROP = re.compile(r"[.\s&]")
_LEADING_THE = re.compile(r"^\s*the\s+", re.I)


@dataclass(frozen=True, slots=True)
class Place:
    """One place. `precision` is what the place is (DESIGN vocabulary); `kind` adds `tehsil` (a
    sub-district, precision `district`); `coordinate` says where lat/lon came from (`source`, or a
    derivation such as `parent_city` for a neighbourhood placed at its city's point)."""

    id: str
    name: str
    precision: str  # point|neighbourhood|city|district|province|country
    country: str  # ISO2
    admin1: str | None
    admin2: str | None
    city: str | None
    lat: float | None
    lon: float | None
    population: int
    kind: str = ""
    coordinate: str = "source"


def name_tokens(text: str) -> list[str]:
    """Lower-case ASCII word tokens: diacritics, apostrophes, case, hyphens, dots and spacing folded."""
    text = text.strip()
    if text[-2:] in _POSSESSIVES:
        text = text[:-2]
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        if not text.isascii():
            return _NOT_ALNUM.sub(" ", text.translate(_ASCII).lower()).split()
    return text.translate(_ASCII).split()


def _acronym(text: str) -> str | None:
    """'U.S.', 'KP', 'J&K' -> the capitals; acronyms match case-sensitively so 'us' is not a country."""
    if len(text) > 12 or text[1:2].islower():
        return None
    compact = _ACRONYM_DROP.sub("", text)
    return compact if 2 <= len(compact) <= 6 and compact.isascii() and compact.isalpha() and compact.isupper() else None


@dataclass(frozen=True)
class _Tables:
    """The loaded data, shared read-only by every `Gazetteer` view of it."""

    places: tuple[Place, ...]
    forms: tuple[tuple[str, ...], ...]  # surface forms per place, own name first
    own_keys: tuple[str, ...]  # key of each place's own name
    index: dict[str, tuple[int, ...]]
    acronyms: dict[str, tuple[int, ...]]
    ids: dict[str, int]


class Gazetteer:
    """Read-only lookups over the packaged places; `with_preference` gives a view with another prior."""

    def __init__(self, tables: _Tables, preference: Iterable[str] = DEFAULT_COUNTRY_PREFERENCE) -> None:
        self._t = tables
        order = tuple(preference)
        self.preference = order
        self._bonus = {c: PREFERENCE_STEP * (len(order) - i) for i, c in enumerate(order)}

    def with_preference(self, preference: Iterable[str]) -> Gazetteer:
        return Gazetteer(self._t, preference)

    def __len__(self) -> int:
        return len(self._t.places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._t.places)

    def get(self, place_id: str) -> Place | None:
        i = self._t.ids.get(place_id)
        return None if i is None else self._t.places[i]

    def surface_forms(self) -> Iterator[str]:
        """Every name and alternate, once each, for building a matcher."""
        seen: set[str] = set()
        for forms in self._t.forms:
            for form in forms:
                if form not in seen:
                    seen.add(form)
                    yield form

    def is_place(self, text: str) -> bool:
        return bool(self._lookup(text)[0])

    def candidates(self, name: str) -> list[Place]:
        """Every place the surface form could mean, most likely first by the no-context prior."""
        hits, _hinted, key = self._lookup(name)
        ranked = sorted(hits, key=lambda i: (-self._prior(i, key), -len(self._t.forms[i]), i))
        return [self._t.places[i] for i in ranked]

    def resolve(self, name: str, context: Iterable[str] = ()) -> Place | None:
        """The place meant by `name`, given the other place names of the same article (steps 2-5 above)."""
        hits, hinted, key = self._lookup(name)
        if not hits:
            return None
        named = [
            i
            for i in hits
            if self._t.places[i].precision == "country" and "".join(name_tokens(self._t.places[i].name)) == key
        ]
        if named:  # a country named in full is that country, not a town with it among its alternate names
            return self._t.places[named[0]]
        ctx = [found for other in context for found in [self._lookup(other)] if found[0] and found[2] != key]
        ctx_hits = [h for h, _, _ in ctx]
        eligible = [i for i in hits if self._eligible(i, ctx_hits)]
        weight: dict[int, int] = {}
        if not hinted:
            eligible, weight = self._merge_seats(eligible)
        if not eligible:
            return None
        places, forms = self._t.places, self._t.forms

        def score(i: int) -> tuple[int, float, int, int]:
            return self._context_score(i, ctx_hits), self._prior(i, key, weight.get(i)), len(forms[i]), -i

        return places[max(eligible, key=score)]

    # -- steps --------------------------------------------------------------------------------------------

    def _lookup(self, text: str) -> tuple[list[int], bool, str]:
        """Place indices for a surface form, whether a unit word restricted them, and the key used."""
        text = _LEADING_THE.sub("", text)
        acro = _acronym(text)
        if acro and acro in self._t.acronyms:
            return list(self._t.acronyms[acro]), False, acro
        tokens = name_tokens(text)
        key = "".join(tokens)
        if key in self._t.index:
            return list(self._t.index[key]), False, key
        allowed: frozenset[str] | None = None
        hinted = False
        while len(tokens) > 1 and tokens[-1] in UNIT_WORDS:
            unit = UNIT_WORDS[tokens.pop()]  # pop first: 'Area Districts' has two unit words
            allowed, hinted = allowed or unit, True
        if len(tokens) > 1 and tokens[0] in LEADING_WORDS:
            unit = LEADING_WORDS[tokens.pop(0)]
            allowed, hinted = allowed or unit, True
        key = "".join(tokens)
        hits = list(self._t.index.get(key, ())) if hinted else []
        if allowed is not None:
            kept = [i for i in hits if self._t.places[i].precision in allowed]
            hits, hinted = (kept, True) if kept else (hits, False)
        return hits, hinted, key

    def _eligible(self, i: int, ctx_hits: list[list[int]]) -> bool:
        place = self._t.places[i]
        if place.precision != "neighbourhood":
            return True
        return any(self._link(place, self._t.places[j]) == 4 for group in ctx_hits for j in group)

    def _merge_seats(self, hits: list[int]) -> tuple[list[int], dict[int, int]]:
        """A province/district and the city of the same own name inside it are one referent: keep the
        city, weighted by the larger population of the two (GeoNames gives some towns none)."""
        places, own = self._t.places, self._t.own_keys
        seats = [i for i in hits if places[i].precision == "city"]
        weight: dict[int, int] = {}
        kept = []
        for i in hits:
            inside = [c for c in seats if own[c] == own[i] and _inside(places[c], places[i])]
            for c in inside:
                weight[c] = max(weight.get(c, places[c].population), places[i].population)
            if not inside:
                kept.append(i)
        return kept, weight

    def _context_score(self, i: int, ctx_hits: list[list[int]]) -> int:
        place = self._t.places[i]
        return sum(max(self._link(place, self._t.places[j]) for j in group) for group in ctx_hits)

    @staticmethod
    def _link(a: Place, b: Place) -> int:
        """How deep two places share a lineage: 4 same city, 3 same district, 2 same province, 1 country."""
        if a.country != b.country:
            return 0
        if a.admin1 != b.admin1 or a.admin1 is None:
            return 1
        city_a = a.name if a.precision == "city" else a.city
        city_b = b.name if b.precision == "city" else b.city
        if city_a is not None and city_a == city_b:
            return 4
        return 3 if a.admin2 is not None and a.admin2 == b.admin2 else 2

    def _prior(self, i: int, key: str, population: int | None = None) -> float:
        place = self._t.places[i]
        own = PRIMARY_NAME_BONUS if self._t.own_keys[i] == key else 0.0
        people = place.population if population is None else population
        return math.log10(people + 1) + own + self._bonus.get(place.country, 0.0)


def _inside(city: Place, unit: Place) -> bool:
    if unit.precision not in ("province", "district") or city.country != unit.country:
        return False
    if unit.precision == "province":
        return city.admin1 == unit.name
    return city.admin1 == unit.admin1 and city.admin2 == unit.admin2


def _optional(value: str) -> str | None:
    return value or None


def _coordinate(value: str) -> float | None:
    return float(value) if value else None


def parse_rows(lines: Iterable[str]) -> _Tables:
    """Build the tables from the TSV lines (comments and header skipped); malformed data fails loudly."""
    places: list[Place] = []
    forms: list[tuple[str, ...]] = []
    own_keys: list[str] = []
    index: dict[str, list[int]] = {}
    acronyms: dict[str, list[int]] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("id\t"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != len(COLUMNS) or f[3] not in PRECISIONS:
            raise ValueError(f"gazetteer line {n}: expected {len(COLUMNS)} columns and a known precision; rebuild it")
        place = Place(f[0], f[1], f[3], f[5], _optional(f[6]), _optional(f[7]), _optional(f[8]),
                      _coordinate(f[9]), _coordinate(f[10]), int(f[11] or 0), f[4], f[12])  # fmt: skip
        i = len(places)
        places.append(place)
        names = (f[1], *(a for a in f[2].split("|") if a))
        forms.append(names)
        for form in names:
            acro = _acronym(form)
            table, key = (acronyms, acro) if acro else (index, "".join(name_tokens(form)))
            if form is f[1]:
                own_keys.append(key if not acro else "".join(name_tokens(form)))
            bucket = table.setdefault(key, []) if key else []
            if key and (not bucket or bucket[-1] != i):
                bucket.append(i)
    return _Tables(
        tuple(places),
        tuple(forms),
        tuple(own_keys),
        {k: tuple(v) for k, v in index.items()},
        {k: tuple(v) for k, v in acronyms.items()},
        {p.id: i for i, p in enumerate(places)},
    )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process (read-only afterwards, safe to share)."""
    resource = resources.files("dossier").joinpath(DATA_FILE)
    try:
        tables = parse_rows(gzip.decompress(resource.read_bytes()).decode("utf-8").splitlines())
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"dossier/{DATA_FILE} is missing; rebuild it with `python scripts/build_gazetteer.py`"
        ) from exc
    return Gazetteer(tables)


@lru_cache(maxsize=1)
def basemap(min_population: int = 100_000) -> dict[str, object]:
    """The offline base layer for maps: countries, provinces, districts and the larger cities of
    the packaged gazetteer as GeoJSON points."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {"name": p.name, "level": p.precision, "admin1": p.admin1, "country": p.country},
        }
        for p in load_gazetteer()
        if p.lat is not None
        and p.lon is not None
        and p.kind != "tehsil"
        and (
            p.precision in ("country", "province", "district")
            or (p.precision == "city" and p.population >= min_population)
        )
    ]
    return {"type": "FeatureCollection", "features": features}
