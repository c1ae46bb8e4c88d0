"""Relations between actors, read from the sentences that state them: patterns over the text
between two names (`relations.tsv`), each relation with its sentence, the status the sentence gives
it ("reportedly" -> suspected) and who says so. Victims named in an incident report are linked to
the report's named perpetrators (`killed_by`).

The patterns are data: a sentence is rewritten once per pair of nearby names, the pair as @A and @B
and every other name as @X, and the first pattern found gives the relation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from dossier.extract import attribution
from dossier.extract.events import evidence
from dossier.extract.parties import STATE_LED
from dossier.extract.when import Anchor, find_dates
from dossier.extract.where import PlaceMention
from dossier.ids import make_id
from dossier.model import Article, Entity, Evidence, IncidentReport, Relation
from dossier.reference.actor_table import load_actor_table
from dossier.reference.names import person_key
from dossier.tsv import read_rows

KIND_CODES = {
    "P": "person",
    "G": "armed_group",
    "O": "organization",
    "Y": "political_party",
    "A": "state_agency",
    "S": "state",
    "L": "place",
}
_NOT_A_MODIFIER = (
    r"(?!(?:and|or|but|while|with|as|on|in|at|by|for|to|from|of|against|targeting|were|was|is|are|"
    r"affiliated|linked|aligned|associated|backed|sponsored)\b)"
)
FILL = {
    "{adj}": rf"(?:{_NOT_A_MODIFIER}[\w'’-]+ ){{0,3}}?",
    "{words}": r"(?:[@\w'’-]+ ){0,8}?",
    "{appos}": r"(?: ?\([^)@]{1,40}\))?(?:, [^,;@]{1,80},)?",
}
DATED = {"designated_by", "founded", "rebranded_as", "pledged_allegiance_to", "arrested_by", "killed_by", "offshoot_of"}
# Capitals and demonyms stand for their state when a relation needs an actor ("Islamabad banned the
# group", "Indian-sponsored"); they become an actor only then.
STATE_WORDS = {
    "Islamabad": "pakistan",
    "Pakistani": "pakistan",
    "Tehran": "iran",
    "Iranian": "iran",
    "Kabul": "afghanistan",
    "New Delhi": "india",
    "Delhi": "india",
    "Indian": "india",
    "Washington": "united_states",
    "American": "united_states",
    "Beijing": "china",
    "Chinese": "china",
}
_STATE_WORD = re.compile(r"\b(" + "|".join(sorted(STATE_WORDS, key=len, reverse=True)) + r")\b")
KILLED = re.compile(
    r"\b(killed|martyred|shot dead|assassinated|slain|gunned down|murdered|died|lost (his|her|their) li)", re.I
)
DENIAL = re.compile(
    r"\b(denied|denies|deny|rejected|rejects|dismissed|refuted) (the |any )?"
    r"(claims?|reports?|allegations?|suggestions?)? ?that\b",
    re.I,
)
NEAR = 3  # a name is paired with the next three names of its sentence
EXTRACTOR = "relations/0.1"


@dataclass(frozen=True)
class Rule:
    predicate: str
    subject: str  # A | B
    subjects: frozenset[str]
    objects: frozenset[str]
    pattern: re.Pattern[str]


def _kinds(codes: str) -> frozenset[str]:
    return frozenset(KIND_CODES.values()) - {"place"} if codes == "*" else frozenset(KIND_CODES[c] for c in codes)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    out = []
    for n, row in read_rows("dossier.extract", "relations.tsv"):
        pattern = row["pattern"]
        for token, fill in FILL.items():
            pattern = pattern.replace(token, fill)
        try:
            compiled = re.compile(pattern, re.I)
        except re.error as exc:
            raise ValueError(f"relations.tsv line {n}: {exc}") from exc
        out.append(Rule(row["predicate"], row["subject"], _kinds(row["subjects"]), _kinds(row["objects"]), compiled))
    return tuple(out)


@dataclass(frozen=True)
class _Name:
    start: int  # offsets into the sentence text
    end: int
    entity: Entity | None  # None: a place
    place: str | None = None


def extract(
    sents: list[Span],
    entities: list[Entity],
    places: dict[tuple[int, int], list[PlaceMention]],
    article: Article,
    anchor: Anchor,
) -> list[Relation]:
    """Relations stated in the sentences. `entities` may grow: a state named by its capital or
    demonym in a relation ("Islamabad banned ...") becomes an entity of the article."""
    base = article.body_start
    spans = sorted(((s - base, e - base, ent) for ent in entities for s, e in ent.mentions), key=lambda m: m[0])
    out: dict[tuple[str, str, str | None, str | None], Relation] = {}
    for sent in sents:
        names = _names(sent, spans, places.get((sent.start, sent.end), []))
        if len(names) < 2:
            continue
        for i, a in enumerate(names):
            for b in names[i + 1 : i + 1 + NEAR]:
                if a.entity is not None and a.entity is b.entity:
                    continue
                found = _relation(sent, names, a, b, entities, article, anchor)
                if found is not None:
                    key = (found.subject, found.predicate, found.object, found.place)
                    out.setdefault(key, found)
    return list(out.values())


def _names(sent: Span, spans: list[tuple[int, int, Entity]], places: list[PlaceMention]) -> list[_Name]:
    lo, hi = sent.start_char, sent.end_char
    names = [_Name(s - lo, e - lo, ent) for s, e, ent in spans if lo <= s and e <= hi]
    taken = [(n.start, n.end) for n in names]
    for p in places:
        if not any(s < p.end and p.start < e for s, e in taken):
            names.append(_Name(p.start, p.end, None, p.text))
            taken.append((p.start, p.end))
    for m in _STATE_WORD.finditer(sent.text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            names.append(_Name(m.start(), m.end(), None, "state:" + STATE_WORDS[m.group(1)]))
    names.sort(key=lambda n: n.start)
    merged: list[_Name] = []  # "ISKP/IS-KP", "IMU (IMU)": one name
    for n in names:
        prev = merged[-1] if merged else None
        same = prev is not None and n.entity is not None and prev.entity is n.entity
        if same and prev is not None and re.fullmatch(r"[\s/(),-]*", sent.text[prev.end : n.start]):
            merged[-1] = _Name(prev.start, n.end if sent.text[n.end : n.end + 1] != ")" else n.end + 1, n.entity)
            continue
        merged.append(n)
    return merged


def _kind(name: _Name) -> str:
    if name.entity is not None:
        return name.entity.kind
    return "state" if (name.place or "").startswith("state:") else "place"


def _masked(text: str, names: list[_Name], a: _Name, b: _Name) -> str:
    parts, pos = [], 0
    for n in names:
        parts.append(text[pos : n.start])
        parts.append("@A" if n is a else "@B" if n is b else "@X")
        pos = n.end
    parts.append(text[pos:])
    return "".join(parts)


def _relation(
    sent: Span, names: list[_Name], a: _Name, b: _Name, entities: list[Entity], article: Article, anchor: Anchor
) -> Relation | None:
    masked = _masked(sent.text, names, a, b)
    ka, kb = _kind(a), _kind(b)
    for rule in rules():
        subj, obj = (a, b) if rule.subject == "A" else (b, a)
        ks, ko = (ka, kb) if rule.subject == "A" else (kb, ka)
        if ks not in rule.subjects or ko not in rule.objects or not rule.pattern.search(masked):
            continue
        subject = _entity(subj, entities, article)
        if subject is None:
            return None
        obj_entity = _entity(obj, entities, article) if _kind(obj) != "place" else None
        if obj_entity is None and _kind(obj) != "place":
            return None
        spk = attribution.speaker(sent)
        lo, hi = min(a.start, b.start), max(a.end, b.end)
        status = (
            "denied" if DENIAL.search(sent.text, 0, lo) else attribution.status_near(sent.text, lo, hi) or "reported"
        )
        if status == "unknown":
            status = "reported"
        date = None
        if rule.predicate in DATED:  # the date written closest to the pair
            dates = [d for d in find_dates(sent.text, anchor) if not d.reporting]
            if dates:
                near = min(dates, key=lambda d: max(0, d.start - hi, lo - d.end))
                date = near.value.as_dict()
        ev = evidence(sent, article)
        place = sent.text[obj.start : obj.end] if obj_entity is None else None
        return Relation(
            id=make_id("rel", article.id, subject.id, rule.predicate, obj_entity.id if obj_entity else place or ""),
            subject=subject.id,
            predicate=rule.predicate,
            object=obj_entity.id if obj_entity else None,
            evidence=ev,
            status=status,
            attributed_by=spk.text if spk else None,
            place=place,
            date=date,
        )
    return None


def _entity(name: _Name, entities: list[Entity], article: Article) -> Entity | None:
    """The entity a name stands for; a state named by its capital or demonym joins (or becomes)
    the article's entity for that state."""
    if name.entity is not None:
        return name.entity
    if not (name.place or "").startswith("state:"):
        return None
    table_id = (name.place or "")[len("state:") :]
    for e in entities:
        if e.table_id == table_id:
            return e
    entry = load_actor_table()[table_id]
    ent = Entity(make_id("ent", article.id, "state", table_id), entry.kind, entry.name, [], table_id)
    entities.append(ent)
    return ent


def _names_in(entity: Entity, ev: Evidence) -> bool:
    return any(ev.start <= s and e <= ev.end for s, e in entity.mentions)


def _killed_there(victim: Entity, ev: Evidence) -> bool:
    """The sentence says this person was killed: a killing word right after the name ("Siraj was
    killed") or "killing of" right before it, not merely somewhere in a sentence that names them."""
    for s, e in victim.mentions:
        if ev.start <= s and e <= ev.end:
            after = ev.quote[e - ev.start : e - ev.start + 60]
            before = ev.quote[max(0, s - ev.start - 40) : s - ev.start]
            if KILLED.search(after) or re.search(r"\b(killing|murder|assassination|death) of\s+\S*\s*$", before, re.I):
                return True
    return False


def victims_killed_by(reports: list[IncidentReport], entities: list[Entity], article: Article) -> list[Relation]:
    """A named victim of a report whose sentence says they were killed, killed by each named
    perpetrator of the report, with the perpetrator's status and source."""
    by_table = {e.table_id: e for e in entities if e.table_id}
    persons = {person_key(e.name): e for e in entities if e.kind == "person"}
    out = []
    for r in reports:
        named = [
            (by_table.get(str(p["actor_id"]).removeprefix("act_")), p) for p in r.perpetrators if p.get("actor_id")
        ]
        doers = [(e, p) for e, p in named if e is not None]
        if not doers:
            continue
        if r.type in STATE_LED:
            continue  # an operation's or strike's "doer" is the state side: its dead are not its victims
        for f in r.facts:
            if f.field != "victim" or not KILLED.search(f.evidence.quote):
                continue
            victim = persons.get(person_key(str(f.value)))
            if victim is None or not _killed_there(victim, f.evidence):
                continue
            for doer, p in doers:
                if not _names_in(doer, f.evidence):
                    continue  # the victim's sentence must name the doer too
                out.append(
                    Relation(
                        id=make_id("rel", article.id, victim.id, "killed_by", doer.id),
                        subject=victim.id,
                        predicate="killed_by",
                        object=doer.id,
                        evidence=f.evidence,
                        status=str(p.get("status") or "reported"),
                        attributed_by=p.get("attributed_by"),
                        date={k: r.date.get(k) for k in ("start", "end", "precision")},
                    )
                )
    return out
