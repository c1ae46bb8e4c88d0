"""The designation lists (UN 1267/1988, US FTO/SDGT, NACTA) by organisation name key, for actors the
curated table does not hold: `dossier/data/designations.tsv.gz`, built by scripts/build_designations.py."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dossier.reference.names import org_key


@dataclass(frozen=True)
class Listing:
    name: str  # as the list writes it
    list: str  # UN-1267 | UN-1988 | US-FTO | US-SDGT | NACTA
    date: str  # YYYY-MM-DD, YYYY-MM or "" when the list gives none
    record_id: str
    source_url: str


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Listing]]:
    raw = resources.files("dossier").joinpath("data/designations.tsv.gz").read_bytes()
    index: dict[str, list[Listing]] = {}
    lines = [ln for ln in gzip.decompress(raw).decode("utf-8").splitlines() if ln and not ln.startswith("#")]
    for line in lines[1:]:
        key, name, lst, date, record_id, url = line.split("\t")
        index.setdefault(key, []).append(Listing(name, lst, date, record_id, url))
    return index


def listings(name: str) -> list[Listing]:
    """The listings of the organisation this name (or its key) names; [] when none."""
    return _index().get(org_key(name), [])
