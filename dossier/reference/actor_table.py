"""The curated actor table (`dossier/data/actors.tsv`): armed groups, agencies, states and parties
with their aliases, parents and designations, each row citing its source.

Why a table and not a model: the actors that matter (TTP, BLA, ISKP, CTD, ...) are few, are renamed
on purpose (TTP -> "Fitna al-Khawarij") and are spelled a dozen ways ("Lashkar-e-Taiba",
"Lashkar e Toiba", "LashkareToiba"); a cited alias list resolves them exactly and offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dossier.vocab import ACTOR_KINDS

DATA_FILE = "data/actors.tsv"
COLUMNS = ("id", "name", "kind", "aliases", "parent", "country", "designations", "source")
KINDS = frozenset(ACTOR_KINDS)
LISTS = frozenset({"UN-1267", "UN-1988", "US-FTO", "US-SDGT", "NACTA"})


@dataclass(frozen=True)
class ActorEntry:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    parent: str | None
    parent_relation: str  # how the row relates to its parent: affiliate_of | front_of | member_of | offshoot_of
    country: str | None
    designations: tuple[tuple[str, str], ...]  # (list, date); date "" where the listing is known but not its date
    source: str


@lru_cache(maxsize=1)
def load_actor_table() -> dict[str, ActorEntry]:
    """The packaged table by id, parsed once per process. Treat it as read-only: it is shared."""
    return parse_actor_table(resources.files("dossier").joinpath(DATA_FILE).read_text("utf-8"))


def parse_actor_table(text: str) -> dict[str, ActorEntry]:
    """Parse and check the TSV (lines starting with "#" are comments); a bad row fails loudly at
    start-up and names its line."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and line[0] != "#"]
    if not lines or tuple(lines[0][1].split("\t")) != COLUMNS:
        raise ValueError(f"actors.tsv: the header must be the tab-separated columns {', '.join(COLUMNS)}")
    table: dict[str, ActorEntry] = {}
    for n, line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise ValueError(f"actors.tsv line {n}: {len(fields)} fields, expected {len(COLUMNS)}")
        entry = _entry(fields, n)
        if entry.id in table:
            raise ValueError(f"actors.tsv line {n}: duplicate id {entry.id!r}")
        table[entry.id] = entry
    for entry in table.values():
        if entry.parent is not None and entry.parent not in table:
            raise ValueError(f"actors.tsv: {entry.id!r} has unknown parent {entry.parent!r}; add that row first")
    return table


def _entry(fields: list[str], n: int) -> ActorEntry:
    id_, name, kind, aliases, parent, country, designations, source = (f.strip() for f in fields)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", id_):
        raise ValueError(f"actors.tsv line {n}: id {id_!r} must be a lower-case slug")
    if kind not in KINDS:
        raise ValueError(f"actors.tsv line {n}: unknown kind {kind!r}; use one of {sorted(KINDS)}")
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"actors.tsv line {n}: country {country!r} must be an ISO 3166-1 alpha-2 code")
    if not name or not source:
        raise ValueError(f"actors.tsv line {n}: name and source are required")
    return ActorEntry(
        id=id_,
        name=name,
        kind=kind,
        aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
        parent=parent.partition(":")[0] or None,
        parent_relation=_parent_relation(parent, kind, n),
        country=country or None,
        designations=tuple(_designation(d, n) for d in designations.split("|") if d.strip()),
        source=source,
    )


PARENT_RELATIONS = frozenset({"affiliate_of", "front_of", "member_of", "offshoot_of"})


def _parent_relation(parent: str, kind: str, n: int) -> str:
    relation = parent.partition(":")[2] or ("member_of" if kind == "state_agency" else "affiliate_of")
    if relation not in PARENT_RELATIONS:
        raise ValueError(f"actors.tsv line {n}: parent relation {relation!r} must be one of {sorted(PARENT_RELATIONS)}")
    return relation


def _designation(value: str, n: int) -> tuple[str, str]:
    """`LIST:YYYY-MM-DD`, `LIST:YYYY-MM`, or `LIST` alone when only the listing is known."""
    name, _, date = value.strip().partition(":")
    if name not in LISTS:
        raise ValueError(f"actors.tsv line {n}: unknown designation list {name!r}; use one of {sorted(LISTS)}")
    if date and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date):
        raise ValueError(f"actors.tsv line {n}: designation date {date!r} must be YYYY-MM-DD or YYYY-MM")
    return name, date
