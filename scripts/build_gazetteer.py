#!/usr/bin/env python3
"""Build dossier/data/gazetteer.tsv.gz, the offline gazetteer, from the reference CSVs.

    .venv/bin/python scripts/build_gazetteer.py [--source DIR] [--out FILE] [--supplement FILE]

The sources (default `../shared/data/reference/gazetteer`, see its README) are GeoNames places and
admin units for PK/AF/IR/IN, the Pakistan census district/tehsil table, Pakistan post-office places and
city localities. This is the only code that reads them; the package ships the derivative. Hand-made
corrections (names, aliases, district seats, the census table's misfiled tehsils, words that are not
places) live in `scripts/gazetteer_supplement.tsv`, each row with its source. A supplement row that
finds nothing to correct stops the build, so the table cannot silently rot.

Admin units carry no coordinates in the sources; they are derived here and the `coordinate` column
says how (seat_city, cities_mean, tehsils_mean, province, parent_city, district, ...).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.reference.gazetteer import COLUMNS, name_tokens  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "reference" / "gazetteer"
DEFAULT_OUT = ROOT / "dossier" / "data" / "gazetteer.tsv.gz"
DEFAULT_SUPPLEMENT = ROOT / "scripts" / "gazetteer_supplement.tsv"
COUNTRIES = ("PK", "AF", "IR", "IN")
KIND_ORDER = ("country", "province", "district", "tehsil", "city", "neighbourhood")
PRECISION = {"tehsil": "district"}
# 'wikipedia' rows are landmarks and people; 'postcode' rows are post offices anywhere in the head office's
# postal region (often 100+ km from the city), not neighbourhoods of it.
LOCALITY_SOURCES = {"osm", "curated"}
SAME_PLACE_KM = 15.0
ADMIN_SUFFIX = re.compile(r"\s+(district|agency|province|county|protected area)$", re.I)
ADMIN_PREFIX = re.compile(r"^(shahrestan-e|district of|state of|(national capital |union )?territory of)\s+", re.I)
CONNECTORS = {"e", "i", "o", "a", "va", "wa", "ul", "ud", "ur", "al", "el", "and", "of", "de", "da", "di", "ka", "ki"}
_FOLD = str.maketrans({"ʿ": "", "ʾ": "", "‘": "", "’": "", "`": "", "´": "", "ı": "i", "ł": "l", "ø": "o"})
PGD_PROVINCES = {"punjab": "Punjab", "sindh": "Sindh", "islamabad-ict": "Islamabad Capital Territory",
                 "kpk": "Khyber Pakhtunkhwa", "balochistan": "Balochistan", "ajk": "Azad Kashmir",
                 "gilgit-baltistan": "Gilgit-Baltistan"}  # fmt: skip


def key(text: str) -> str:
    return "".join(name_tokens(text))


def fold(text: str) -> str:
    """Readable ASCII: diacritics and ayn/hamza marks dropped, case kept."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def slug(text: str) -> str:
    return "-".join(name_tokens(text))


def unit_name(text: str) -> str:
    """'Zhob District' -> 'Zhob', 'Shahrestan-e Kerman' -> 'Kerman'."""
    return ADMIN_PREFIX.sub("", ADMIN_SUFFIX.sub("", fold(text)))


def useful_alternate(alt: str) -> bool:
    """English spellings and transliterations: Latin script, capitalised words, no codes or glosses."""
    text = fold(alt)
    if not text.isascii() or not re.fullmatch(r"[A-Za-z][A-Za-z '.\-]{2,}", text) or text.isupper():
        return False
    words = [w for w in re.split(r"[ \-]", text) if w]
    return len(words) <= 5 and all(w[0].isupper() or w.lower() in CONNECTORS for w in words)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[0] + b[0]) / 2)
    return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(lat))


@dataclass(eq=False)
class Row:
    """A place being built; parents are rows, so a rename reaches every child when written."""

    id: str
    name: str
    kind: str
    country: str
    province: Row | None = None
    district: Row | None = None
    parent_city: Row | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    coordinate: str = "source"
    alternates: list[str] = field(default_factory=list)
    admin2_label: str | None = None  # a district known only by name (Karachi)

    def name_keys(self) -> set[str]:
        return {key(n) for n in (self.name, *self.alternates)} - {""}

    def add_names(self, names: Iterable[str]) -> None:
        have = self.name_keys()
        for name in names:
            k = key(name)
            if k and k not in have:
                self.alternates.append(name)
                have.add(k)

    @property
    def point(self) -> tuple[float, float] | None:
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)

    def tsv(self) -> str:
        admin1 = self.name if self.kind == "province" else (self.province.name if self.province else "")
        admin2 = self.name if self.kind == "district" else (self.district.name if self.district else "")
        city = self.parent_city
        if city is not None:
            admin2 = admin2 or (city.district.name if city.district else city.admin2_label or "")
        admin2 = admin2 or self.admin2_label or ""
        lat = "" if self.lat is None else f"{self.lat:.4f}"
        lon = "" if self.lon is None else f"{self.lon:.4f}"
        cells = (self.id, self.name, "|".join(self.alternates), PRECISION.get(self.kind, self.kind), self.kind,
                 self.country, admin1, admin2, city.name if city else "", lat, lon, str(self.population),
                 self.coordinate)  # fmt: skip
        return "\t".join(c.replace("\t", " ") for c in cells)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_supplement(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


class Build:
    """All rows plus the lookups the steps share; each step is one method, called in order by `run`."""

    def __init__(self, source: Path, supplement: list[dict[str, str]]) -> None:
        self.source = source
        self.sup = supplement
        self.used: set[int] = set()
        self.rows: list[Row] = []
        self.units: dict[str, Row] = {}  # GeoNames admin code -> province/district row
        self.tehsils: list[tuple[Row, str, str]] = []  # (district row, census district name, census tehsil name)
        self.notes: Counter[str] = Counter()

    def supplement(self, *actions: str) -> Iterator[dict[str, str]]:
        for n, row in enumerate(self.sup):
            if row["action"] in actions:
                self.used.add(n)
                yield row

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def find(self, kind: str, country: str, name: str, admin1: str = "") -> list[Row]:
        """Rows of a kind whose name or alternate has the key of `name` (within a province if given)."""
        k = key(name)
        return [r for r in self.rows if r.kind == kind and r.country == country and k in r.name_keys()
                and (not admin1 or (r.province is not None and key(admin1) in r.province.name_keys()))]  # fmt: skip

    def find_one(self, sup: dict[str, str]) -> Row:
        found = self.find(sup["kind"], sup["country"], sup["name"], sup["admin1"])
        own = [r for r in found if key(r.name) == key(sup["name"])]
        found = own or found
        if len(found) != 1:
            raise SystemExit(f"supplement row {sup} matches {len(found)} places, expected 1")
        return found[0]

    # -- steps ------------------------------------------------------------------------------------------------

    def countries(self) -> None:
        for sup in self.supplement("country"):
            self.add(Row(f"iso:{sup['country']}", sup["name"], "country", sup["country"], lat=float(sup["lat"]),
                         lon=float(sup["lon"]), population=int(sup["population"]), coordinate="curated",
                         alternates=[a for a in sup["value"].split("|") if a]))  # fmt: skip

    def admin_units(self) -> None:
        rows = read_csv(self.source / "geonames_admin1_admin2_pk_af_ir_in.csv")
        for level in (1, 2):
            for src in rows:
                code = src["geonames_code"]
                if src["country_code"] not in COUNTRIES or code.count(".") != level:
                    continue
                names = [fold(a) for a in src["alternatenames"].split("|") if useful_alternate(a)]
                english = [n[: -len(" Province")] for n in names if n.endswith(" Province")]
                name = english[0] if english and level == 1 else unit_name(src["name"])
                kind = "province" if level == 1 else "district"
                parent = self.units.get(code.rsplit(".", 1)[0]) if level == 2 else None
                row = self.add(Row(f"gn:{src['geonameid']}", name, kind, src["country_code"], province=parent))
                row.add_names([fold(src["name"]), *(unit_name(n) for n in names)])
                self.units[code] = row
        self.merge_same_units()

    def merge_same_units(self) -> None:
        """GeoNames keeps some units twice (an old and a new id): one row per name per province."""
        seen: dict[tuple[str, str, str, int], Row] = {}
        for code, row in sorted(self.units.items()):
            k = (row.kind, row.country, key(row.name), id(row.province))
            first = seen.setdefault(k, row)
            if first is not row:
                first.add_names([row.name, *row.alternates])
                self.units[code] = first
                self.rows.remove(row)
                self.notes["duplicate admin units merged"] += 1

    def cities(self) -> None:
        for src in read_csv(self.source / "geonames_cities500_pk_af_ir_in.csv"):
            if src["country_code"] not in COUNTRIES:
                continue
            row = Row(f"gn:{src['geonameid']}", fold(src["name"]), "city", src["country_code"],
                      province=self.units.get(src["admin1_code"]), district=self.units.get(src["admin2_code"]),
                      lat=float(src["latitude"]), lon=float(src["longitude"]),
                      population=int(src["population"] or 0))  # fmt: skip
            row.add_names(fold(a) for a in src["alternatenames"].split("|") if useful_alternate(a))
            self.add(row)

    def rename_and_alias(self, kinds: set[str]) -> None:
        for sup in self.supplement("rename"):
            if sup["kind"] in kinds:
                row = self.find_one(sup)
                old, row.name = row.name, sup["value"]
                row.alternates = [a for a in row.alternates if key(a) != key(sup["value"])]
                row.add_names([old])
        for sup in self.supplement("alias"):
            if sup["kind"] in kinds:
                self.find_one(sup).add_names(a for a in sup["value"].split("|") if a)
        for sup in self.supplement("unalias"):
            if sup["kind"] in kinds:
                row = self.find_one(sup)
                row.alternates = [a for a in row.alternates if key(a) != key(sup["value"])]
        for sup in self.supplement("admin2_label"):
            if sup["kind"] in kinds:
                self.find_one(sup).admin2_label = sup["value"]

    def province(self, name: str) -> Row:
        found = self.find("province", "PK", name)
        if len(found) != 1:
            raise SystemExit(f"province {name!r} matches {len(found)} rows; add an alias to the supplement")
        return found[0]

    def census_districts(self) -> None:
        """Census (PBS) districts onto GeoNames admin2 rows; unmatched ones become new rows."""
        same = {(key(s["admin1"]), key(s["name"])): s["value"] for s in self.supplement("same_district")}
        census: dict[tuple[str, str], list[str]] = defaultdict(list)
        for src in read_csv(self.source / "pk_admin_units_province_district_tehsil.csv"):
            census[(src["province"], src["district"])].append(src["tehsil"])
        for (prov_name, name), tehsils in census.items():
            prov = self.province(prov_name)
            target = same.get((key(prov_name), key(name)), name)
            found = [r for r in self.find("district", "PK", target) if r.province is prov]
            if len(found) > 1 or (target != name and not found):
                raise SystemExit(f"census district {name!r} matches {len(found)} GeoNames rows")
            row = found[0] if found else self.add(Row(f"pbs:{slug(prov.name)}:{slug(name)}", name, "district", "PK",
                                                      province=prov))  # fmt: skip
            row.add_names([name])
            self.notes["census districts matched" if found else "census districts added"] += 1
            self.tehsils += [(row, name, t) for t in tehsils if t]

    def curated_places(self) -> None:
        for sup in self.supplement("place"):
            prov = self.find("province", sup["country"], sup["admin1"]) if sup["admin1"] else []
            row = self.add(Row(f"sup:{sup['country'].lower()}:{slug(sup['name'])}", sup["name"], sup["kind"],
                               sup["country"], province=prov[0] if prov else None,
                               alternates=[a for a in sup["value"].split("|") if a]))  # fmt: skip
            if sup["lat"]:
                row.lat, row.lon, row.coordinate = float(sup["lat"]), float(sup["lon"]), "curated"
                row.population = int(sup["population"] or 0)

    def fill_city_districts(self) -> None:
        """A city with no district link takes the same-named district of its province (it is the seat)."""
        districts: dict[tuple[int, str], list[Row]] = defaultdict(list)
        for row in self.rows:
            if row.kind == "district":
                for k in row.name_keys():
                    districts[(id(row.province), k)].append(row)
        for row in self.rows:
            if row.kind == "city" and row.district is None:
                found = districts.get((id(row.province), key(row.name)), [])
                if len(found) == 1:
                    row.district = found[0]
                    self.notes["city districts filled from a same-named district"] += 1

    def postal_towns(self) -> None:
        """GeoNames postal places located by geonameid (accuracy 4): towns that cities500 lacks."""
        towns = self.city_index()
        for src in read_csv(self.source / "geonames_postal_pk.csv"):
            if src["accuracy"] != "4":
                continue
            name = re.sub(r"\s*\(.*?\)|,.*$|\.$", "", src["place_name"]).strip()
            point = (float(src["latitude"]), float(src["longitude"]))
            prov = self.province(src["admin1_name"])
            near = [r for r in towns.get((id(prov), key(name)), []) if r.point and km(r.point, point) < SAME_PLACE_KM]
            if near or not name or any(ch.isdigit() for ch in name):
                continue
            row = self.add(Row(f"gnpc:{src['postal_code']}:{slug(name)}", name, "city", "PK", province=prov,
                               lat=point[0], lon=point[1]))  # fmt: skip
            towns[(id(prov), key(name))].append(row)
            self.notes["postal towns added"] += 1

    def city_index(self) -> dict[tuple[int, str], list[Row]]:
        index: dict[tuple[int, str], list[Row]] = defaultdict(list)
        for row in self.rows:
            if row.kind == "city":
                for k in row.name_keys():
                    index[(id(row.province), k)].append(row)
        return index

    def city_areas(self) -> None:
        """pak-geodata: city rows add names to GeoNames cities (or become towns); the rest are neighbourhoods."""
        towns = self.city_index()
        by_slug: dict[str, Row] = {}
        src_rows = read_csv(self.source / "pk_city_areas_pak_geodata.csv")
        for src in sorted(src_rows, key=lambda s: s["type"] != "city"):
            prov = self.province(PGD_PROVINCES[src["province_id"]])
            names = [a.strip() for a in src["aliases"].split("|") if a.strip() and not a.strip().isdigit()]
            point = (float(src["latitude"]), float(src["longitude"]))
            if src["type"] == "city":
                found = sorted(towns.get((id(prov), key(src["name"])), []), key=lambda r: -r.population)
                row = found[0] if found else self.add(Row(f"pgd:{src['id']}", src["name"], "city", "PK",
                                                          province=prov, lat=point[0], lon=point[1]))  # fmt: skip
                row.add_names([src["name"], *names])
                by_slug[src["id"]] = row
                continue
            city = by_slug[src["city_id"]]
            row = self.add(Row(f"pgd:{src['id']}", src["name"], "neighbourhood", "PK", province=city.province,
                               parent_city=city, lat=point[0], lon=point[1]))  # fmt: skip
            row.add_names(names)

    def localities(self) -> None:
        """Locality names by city: neighbourhoods placed at their city's point (coordinate=parent_city)."""
        towns = self.city_index()
        pk_cities: dict[str, list[Row]] = defaultdict(list)
        for (_prov, k), rows in towns.items():
            pk_cities[k] += [r for r in rows if r.country == "PK" and key(r.name) == k]
        have = {(id(r.parent_city), k) for r in self.rows if r.kind == "neighbourhood" for k in r.name_keys()}
        for src in read_csv(self.source / "pk_localities_by_city.csv"):
            parents = sorted(pk_cities.get(key(src["city"]), []), key=lambda r: (-r.population, r.id))
            name = src["name"] if src["source"] == "curated" else title(src["name"])
            k = key(name)
            if src["source"] not in LOCALITY_SOURCES or not parents:
                self.notes[f"localities skipped: {'source' if parents else 'no such city'}"] += 1
                continue
            city = parents[0]
            if (id(city), k) in have or k in city.name_keys():
                self.notes["localities skipped: already a place"] += 1
                continue
            have.add((id(city), k))
            self.add(Row(f"pkl:{slug(city.name)}:{slug(name)}", name, "neighbourhood", "PK", province=city.province,
                         parent_city=city, coordinate="parent_city"))  # fmt: skip

    def census_tehsils(self) -> None:
        """Tehsils as sub-district rows, after the supplement's corrections to the census table."""
        actions = ("tehsil_move", "tehsil_rename", "tehsil_drop")
        fixes = {(key(s["admin2"]), key(s["name"])): s for s in self.supplement(*actions)}
        towns = self.city_index()
        areas = {(id(r.province), k): r for r in self.rows if r.kind == "neighbourhood" and r.coordinate == "source"
                 for k in r.name_keys()}  # fmt: skip
        done: set[tuple[int, str]] = set()
        for district, census_district, raw in self.tehsils:
            fix = fixes.get((key(census_district), key(raw)), {"action": ""})
            name, extra = clean_tehsil(raw)
            if fix["action"] == "tehsil_drop":
                continue
            if fix["action"] == "tehsil_rename":
                name = fix["value"]
            if fix["action"] == "tehsil_move":
                target = {"kind": "district", "country": "PK", "admin1": fix["admin1"], "name": fix["value"]}
                district = self.find_one(target)
            if key(name) in district.name_keys() or (id(district), key(name)) in done:
                continue
            done.add((id(district), key(name)))
            town = [t for t in towns.get((id(district.province), key(name)), []) if t.district in (None, district)]
            if town:
                town[0].district = town[0].district or district
                self.notes["tehsils that are a town already"] += 1
                continue
            prov = district.province.name if district.province else ""
            row = self.add(Row(f"pbs:{slug(prov)}:{slug(district.name)}:{slug(name)}", name, "tehsil", "PK",
                               province=district.province, district=district))  # fmt: skip
            row.add_names(extra)
            area = areas.get((id(district.province), key(name)))
            if area is not None:
                row.lat, row.lon, row.coordinate = area.lat, area.lon, "neighbourhood"

    def stops(self) -> None:
        """Surface forms that are common words, not places here: never indexed."""
        stop = {key(s["value"]) for s in self.supplement("stop")}
        seen: set[str] = set()
        kept = []
        for row in self.rows:
            seen |= row.name_keys() & stop
            row.alternates = [a for a in row.alternates if key(a) not in stop]
            if key(row.name) in stop and row.kind not in ("country", "province"):
                self.notes[f"places dropped: name is a stop word ({row.kind})"] += 1
                continue
            kept.append(row)
        if stop - seen:
            raise SystemExit(f"stop words that name no place (remove them): {sorted(stop - seen)}")
        self.rows = kept

    def coordinates(self) -> None:
        derive_units(self)
        blocks: dict[int, list[tuple[list[str], Row]]] = defaultdict(list)
        for row in self.rows:
            if row.kind == "neighbourhood" and row.point is not None:
                blocks[id(row.parent_city)].append((name_tokens(row.name), row))
        for row in self.rows:
            if row.point is None and row.kind == "tehsil" and row.district is not None:
                row.lat, row.lon, row.coordinate = row.district.lat, row.district.lon, "district"
            elif row.point is None and row.kind == "neighbourhood" and row.parent_city is not None:
                words = name_tokens(row.name)
                parts = [b for tokens, b in blocks[id(row.parent_city)] if tokens[: len(words)] == words]
                mean = weighted_mean(parts)
                if mean is not None:  # 'Clifton' from 'Clifton Block 1' ... 'Clifton Block 9'
                    row.lat, row.lon, row.coordinate = round(mean[0], 4), round(mean[1], 4), "blocks_mean"
                else:
                    row.lat, row.lon = row.parent_city.lat, row.parent_city.lon

    def run(self) -> list[Row]:
        self.countries()
        self.admin_units()
        self.rename_and_alias({"province", "district"})
        self.census_districts()
        self.curated_places()
        self.cities()
        self.fill_city_districts()
        self.postal_towns()
        self.city_areas()
        self.census_tehsils()
        self.localities()
        self.rename_and_alias({"country", "city", "neighbourhood", "tehsil"})
        self.stops()
        self.coordinates()
        unused = [self.sup[n] for n in range(len(self.sup)) if n not in self.used]
        if unused:
            raise SystemExit(f"supplement rows with an unknown action: {unused[:3]}")
        return sorted(self.rows, key=lambda r: (KIND_ORDER.index(r.kind), r.country, r.id))


def title(name: str) -> str:
    """'gulistan-e-johar' -> 'Gulistan-e-Johar', 'sector 11-l' -> 'Sector 11-L' (sources give lower case)."""

    def part(p: str) -> str:
        return p.upper() if any(ch.isdigit() for ch in p) else p if p in CONNECTORS else p[:1].upper() + p[1:]

    return " ".join("-".join(part(p) for p in word.split("-")) for word in name.split())


def clean_tehsil(raw: str) -> tuple[str, list[str]]:
    """'Mashkai Sub-' -> 'Mashkai' (the source truncates 'Sub-Tehsil'); 'Sonmiani/Winder' -> name + alias."""
    parts = [p.strip() for p in raw.removesuffix(" Sub-").split("/") if p.strip()]
    return parts[0], parts[1:]


def weighted_mean(rows: list[Row]) -> tuple[float, float] | None:
    points = [(r.point, r.population + 1) for r in rows if r.point is not None]
    total = sum(w for _, w in points)
    if not total:
        return None
    return (sum(p[0] * w for p, w in points) / total, sum(p[1] * w for p, w in points) / total)


@dataclass
class UnitIndex:
    """What lies inside each province and district, keyed by id() of the unit row."""

    members: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))  # towns inside
    tehsils: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))  # tehsils with a point
    towns: dict[tuple[int, str], list[Row]] = field(default_factory=lambda: defaultdict(list))  # by province, key

    @classmethod
    def of(cls, rows: list[Row]) -> UnitIndex:
        index = cls()
        for row in rows:
            if row.kind in ("city", "neighbourhood") and row.coordinate == "source":
                index.towns[(id(row.province), key(row.name))].append(row)
            if row.kind == "city":
                index.members[id(row.province)].append(row)
                if row.district is not None:
                    index.members[id(row.district)].append(row)
            elif row.kind == "tehsil" and row.point is not None and row.district is not None:
                index.tehsils[id(row.district)].append(row)
        return index

    def seat(self, unit: Row, sup: dict[str, str] | None) -> Row | None:
        """The supplement's seat town, else a same-named town inside the unit, most populous first."""
        within = unit if unit.kind == "province" else unit.province
        for name in sup["value"].split("|") if sup else [unit.name]:
            found = [t for t in self.towns.get((id(within), key(name)), []) if sup or unit.kind == "province"
                     or t.district in (None, unit)]  # fmt: skip
            if found:
                return max(found, key=lambda t: t.population)
        if sup:
            raise SystemExit(f"seat {sup['value']!r} of {unit.name} is not a town of its province")
        return None


def derive_units(build: Build) -> None:
    """Points and populations of provinces and districts, which the sources do not give: the seat town,
    else the population-weighted mean of the towns inside, else the mean of the tehsils, else the province."""
    seats = {(key(s["name"]), key(s["admin1"])): s for s in build.supplement("seat", "near")}
    index = UnitIndex.of(build.rows)
    for kind in ("province", "district"):
        for row in (r for r in build.rows if r.kind == kind):
            row.population = sum(r.population for r in index.members[id(row)])
            sup = seats.get((key(row.name), key(row.province.name) if row.province else ""))
            seat = index.seat(row, sup)
            point, coordinate = weighted_mean(index.members[id(row)]), "cities_mean"
            if seat is not None:
                point, coordinate = seat.point, "near_town" if sup and sup["action"] == "near" else "seat_city"
            elif point is None:
                point, coordinate = weighted_mean(index.tehsils[id(row)]), "tehsils_mean"
            if point is None and row.province is not None:
                point, coordinate = row.province.point, "province"
            if point is not None:
                row.lat, row.lon, row.coordinate = round(point[0], 4), round(point[1], 4), coordinate


HEADER = """\
# dossier gazetteer: places of PK, AF, IR, IN (provinces, districts, tehsils, cities and towns; Pakistani
# neighbourhoods) and the countries most often named in their news. Built by scripts/build_gazetteer.py;
# sources and licences in dossier/data/README.md. Place data from GeoNames (geonames.org, CC BY 4.0):
# attribute "GeoNames, geonames.org". Census table: pk_address_checker (MIT); neighbourhoods: pak-geodata
# (MIT) and pk_address_checker localities (MIT; OSM-derived names ODbL).
# precision: point|neighbourhood|city|district|province|country; kind adds tehsil (precision district).
# coordinate: source = the place's own point; curated = hand-written (countries, see the supplement);
#   seat_city = the point of the unit's seat town; cities_mean = population-weighted mean of the GeoNames
#   places inside the unit; tehsils_mean = mean of its tehsils' points; province = its province's point;
#   near_town = the point of a town next to the unit (no seat town in the sources; an approximation);
#   district = its district's point; neighbourhood = the point of a same-named neighbourhood;
#   blocks_mean = mean of the points of its named parts ('Clifton' from 'Clifton Block 1'..'9');
#   parent_city = the city's point (the source gives only the name and city).
# population: GeoNames for places; for provinces and districts the sum of the GeoNames places inside.
"""


def write(rows: list[Row], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as raw:
        raw.write(HEADER.encode())
        raw.write(("\t".join(COLUMNS) + "\n").encode())
        for row in rows:
            raw.write((row.tsv() + "\n").encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of the reference CSVs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--supplement", type=Path, default=DEFAULT_SUPPLEMENT)
    args = parser.parse_args(argv)
    if not (args.source / "geonames_cities500_pk_af_ir_in.csv").exists():
        print(f"error: no gazetteer CSVs in {args.source}; pass --source DIR", file=sys.stderr)
        return 2
    build = Build(args.source, read_supplement(args.supplement))
    rows = build.run()
    write(rows, args.out)
    counts = Counter(r.kind for r in rows)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(rows):,} places)")
    print("  " + ", ".join(f"{k}: {counts[k]:,}" for k in KIND_ORDER))
    print("  coordinates: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(Counter(r.coordinate for r in rows).items())))
    for note, n in sorted(build.notes.items()):
        print(f"  {note}: {n:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
