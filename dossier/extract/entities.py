"""Actors as one article names them: table matches and named people and organisations, joined into
one entity per real-world actor within the article.

- The curated table (reference/actor_table.py) names groups, agencies and states under any of their names.
- spaCy's PERSON and ORG entities name the rest; titles and ranks are taken off a person's name
  ("DSP Ali Raza" is Ali Raza, Deputy Superintendent of Police).
- A lone first or last name ("Shafiq", "Mengal") joins the one full name in the article that holds
  it; when two full names hold it ("Aslam Raisani", "Siraj Raisani") it joins neither.
- Names the text gives ("X alias Y", "X aka Y", "X (ACRONYM)", "also/formerly known as", "(or the
  Y)") join their entities and are kept as aliases, each with its sentence.
- "the group" / "the outfit" refers to the armed group named last, in the same or the sentence before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from dossier.extract.events import evidence
from dossier.extract.tables import ranks
from dossier.ids import make_id
from dossier.model import Article, Entity, Evidence
from dossier.reference.actor_matcher import ActorMention
from dossier.reference.actor_table import load_actor_table
from dossier.reference.designations import listings
from dossier.reference.gazetteer import Gazetteer, load_gazetteer
from dossier.reference.names import TITLES, person_key, person_words

ARMED = re.compile(
    r"\b(lashkar|jaish|tehr?e?e?k|tahr?e?e?k|sipah|harkat|mujahideen|mujahidin|brigades?|army|front|liberation|militia|"
    r"taliban|jihad|jundallah|fidayeen|death squads?|battalion|islamic state|al-qaeda|qaeda|tanzeem|tanzim)\b",
    re.I,
)
AGENCY = re.compile(
    r"\b(police|department|ministry|agency|forces?|rangers|levies|directorate|intelligence|treasury|military|"
    r"navy|air force|guards?|commission|authority|court|office|bureau|division|constabulary|cell)\b",
    re.I,
)
PARTY = re.compile(r"\b(party|league|awami|jamiat|tehreek-e-insaf)\b", re.I)
OPERATION = re.compile(r"\b(operations?|IBOs?|day|week|summit|conference|session|budget|act|bill|ordinance)\b", re.I)
NOT_AN_ORGANISATION = frozenset(
    """Shias Shia Sunnis Sunni Pashtun Pashtuns Baloch Hazara Hazaras Sindhis Punjabis Muslims Hindus Christians
    Ahmadis MoU Shahadat Interior""".split()
)
NOT_A_PERSON = frozenset(
    """allah god prophet shahadat shaheed khwarij khawarij kharijis jihad quran eid ramadan muharram inshallah
    twitter facebook whatsapp telegram""".split()
)
ANAPHORA = re.compile(
    r"\bits(?= (?:own |suicide |armed |militant |military )?(?:wing|squad|unit|brigade|faction|chief|leader|head|"
    r"founder|spokesman|fighters|members|militants)\b)"
    r"|\b(?:the|this|that) (?:(?:banned|proscribed|outlawed|militant|terrorist|armed|separatist|sectarian|jihadi|"
    r"extremist|insurgent|terror) )*(?:group|outfit|organi[sz]ation|militia|network|faction)\b"
    r"(?!\s+(?:of|that|which|who|called|named|known|(?-i:[A-Z])))",
    re.I,
)
# A name: capitalised words, with the connectives names hold ("Army of Justice", "Zia ul Haq").
_NAME = (
    r"[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|al-\w+|ul|ud|bin|bint|ibn|e|al|of|the|and|for)(?= ?[A-Z(]))*"
    r"(?: [A-Z][\w'’.-]*)?"
)
# "X alias Y", "X, also known as Y", "X (or the Y)", "X (FeF)", "BLF (Balochistan Liberation Front)".
ALIAS = re.compile(
    r",? (?:alias|aka|a\.k\.a\.?|also known as|also called|formerly known as|better known as|nicknamed|, known as)"
    rf" (?:the )?(?P<alias>{_NAME})"
)
ALIAS_IN_BRACKETS = re.compile(
    rf"\s*\((?:also known as|aka|a\.k\.a\.?|alias|or|formerly|formerly known as) (?:the )?(?P<alias>{_NAME})\)"
)
BRACKETED = re.compile(rf"\s*\((?P<alias>{_NAME})\)")
_ENTITY_LABELS = {"PERSON", "ORG", "GPE"}


@dataclass
class _Proto:
    kind: str
    name: str
    spans: list[tuple[int, int]]  # offsets into the body
    table_id: str | None = None
    description: str | None = None
    aliases: list[tuple[str, Evidence]] = field(default_factory=list)
    parent: _Proto | None = None

    def root(self) -> _Proto:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


def _join(a: _Proto, b: _Proto, keep_name: bool = False) -> _Proto:
    """Join b's entity into a's; a table match, else (unless `keep_name`) a person's fuller name,
    wins as the name."""
    ra, rb = a.root(), b.root()
    if ra is rb:
        return ra
    longer = ra.kind == "person" and len(rb.name.split()) > len(ra.name.split()) and not keep_name
    if (rb.table_id and not ra.table_id) or (longer and not ra.table_id):
        ra, rb = rb, ra
    if ra.table_id and rb.table_id and ra.table_id != rb.table_id:
        return ra  # two table actors are never one: the text relates them (a relation), not renames
    rb.parent = ra
    ra.spans += rb.spans
    ra.aliases += rb.aliases
    ra.description = ra.description or rb.description
    return ra


def entities(nlp_doc: Doc, table_mentions: list[ActorMention], article: Article, text: str) -> list[Entity]:
    """Entities of one parsed body, `text` (offsets of `nlp_doc` are relative to `article.body_start`)."""
    table = load_actor_table()
    protos: list[_Proto] = []
    by_table: dict[str, _Proto] = {}
    taken: list[tuple[int, int]] = []
    for m in table_mentions:
        proto = by_table.get(m.actor_id)
        if proto is None:
            entry = table[m.actor_id]
            proto = by_table[m.actor_id] = _Proto(entry.kind, entry.name, [], entry.id)
            protos.append(proto)
        proto.spans.append((m.start, m.end))
        taken.append((m.start, m.end))
    gaz = load_gazetteer()
    found: list[_Proto] = []
    states: dict[str, _Proto] = {}
    for ent in nlp_doc.ents:
        if ent.label_ not in _ENTITY_LABELS or any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        if ent.label_ == "GPE":
            proto = _state(ent, gaz)
            if proto is not None and proto.name in states:
                _join(states[proto.name], proto)
            elif proto is not None:
                states[proto.name] = proto
                protos.append(proto)
            continue
        proto = _person(ent, text, gaz) if ent.label_ == "PERSON" else _organisation(ent)
        if proto is None or proto.name in NOT_AN_ORGANISATION or gaz.is_place(proto.name):
            continue  # "Khuzdar" tagged as a person, "Balochistan" as an organisation
        found.append(proto)
    person_words_seen = {w for p in found if p.kind == "person" for w in person_key(p.name).split()[1:]}
    persons: list[_Proto] = []
    orgs: dict[str, _Proto] = {}
    for proto in found:
        if proto.kind == "organization" and person_key(proto.name) in person_words_seen | {
            person_key(p.name) for p in found if p.kind == "person"
        }:
            proto.kind = "person"  # "Siraj" tagged as an organisation, in an article about Siraj Raisani
        if proto.kind == "person":
            persons.append(proto)
            protos.append(proto)
            continue
        key = proto.name.lower()
        if key in orgs:
            _join(orgs[key], proto)
        else:
            orgs[key] = proto
            protos.append(proto)
    _corefer_persons(persons)
    sents = list(nlp_doc.sents)
    _aliases(sents, protos, article, text)
    _anaphora(sents, protos)
    roots = {id(p.root()): p.root() for p in protos}
    out = []
    for proto in roots.values():
        spans = sorted(set(proto.spans))
        base = article.body_start
        out.append(
            Entity(
                id=make_id("ent", article.id, str(base + spans[0][0])),
                kind=proto.kind,
                name=proto.name,
                mentions=[(base + s, base + e) for s, e in spans],
                table_id=proto.table_id,
                aliases=_unique_aliases(proto),
                description=proto.description,
            )
        )
    out.sort(key=lambda e: e.mentions[0])
    return out


def _unique_aliases(proto: _Proto) -> list[tuple[str, Evidence]]:
    seen = {person_key(proto.name) if proto.kind == "person" else proto.name.lower()}
    out = []
    for name, ev in proto.aliases:
        k = person_key(name) if proto.kind == "person" else name.lower()
        if k not in seen:
            seen.add(k)
            out.append((name, ev))
    return out


def _strip(text: str) -> tuple[int, int]:
    """Offsets within `text` of the name without leading 'the', quotes or a trailing possessive."""
    start, end = 0, len(text)
    m = re.match(r"(?:the\s+|[\"“‘'(]+)+", text, re.I)
    if m:
        start = m.end()
    m = re.search(r"(?:['’]s?|[\"”’.,;:)]+)$", text[start:])
    if m:
        end = start + m.start()
    return start, end


@lru_cache(maxsize=1)
def _ranks() -> tuple[list[str], re.Pattern[str]]:
    """Ranks and titles, longest first, and one pattern for one written right before a name."""
    names = sorted(set(ranks()) | set(ranks().values()), key=len, reverse=True)
    return names, re.compile(r"(?:^|\W)(" + "|".join(re.escape(n) for n in names) + r")\.? $")


def _rank_before(text: str, start: int) -> str | None:
    """A rank or title written right before `start` ("DSP ", "Major "), as its full title."""
    m = _ranks()[1].search(text, max(0, start - 40), start)
    return ranks().get(m.group(1), m.group(1)) if m else None


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([A-Z][\w-]*) $", text[max(0, start - 30) : start])
    return m.group(1) if m else ""


def _person(ent: Span, text: str, gaz: Gazetteer) -> _Proto | None:
    s, e = _strip(ent.text)
    start, end = ent.start_char + s, ent.start_char + e
    name = text[start:end]
    description = None
    for rank in _ranks()[0]:
        if name.startswith(rank + " ") or name.startswith(rank + ". "):
            description = ranks().get(rank, rank)
            start += len(rank) + (2 if name[len(rank)] == "." else 1)
            name = text[start:end]
            break
    if description is None:
        description = _rank_before(text, start)
    if name in ranks() or name in ranks().values() or gaz.is_place(f"{_word_before(text, start)} {name}".strip()):
        return None  # a rank alone ("Naib Subedar"), or the end of a place name ("Dera [Ismail Khan]")
    words = name.split()
    if not words or not all(w[:1].isupper() for w in words if w.lower() not in ("al", "bin", "ul", "ud", "e")):
        return None
    if len(words) > 5 or any(c.isdigit() for c in name) or (name.isupper() and len(name) > 3):
        return None
    core = person_words(name)
    if not core or all(w in NOT_A_PERSON for w in core) or all(w in TITLES for w in name.lower().split()):
        return None
    return _Proto("person", name, [(start, end)], description=description)


def _state(ent: Span, gaz: Gazetteer) -> _Proto | None:
    """A country the table lacks ("Saudi Arabia", "Turkey"), named as a place: a state actor."""
    s, e = _strip(ent.text)
    name = ent.text[s:e]
    country = next((p for p in gaz.candidates(name)[:1] if p.precision == "country"), None)
    if country is None:
        return None
    return _Proto("state", country.name, [(ent.start_char + s, ent.start_char + e)])


def _organisation(ent: Span) -> _Proto | None:
    s, e = _strip(ent.text)
    name = ent.text[s:e]
    if len(name) < 3 or not name[:1].isupper() or any(c.isdigit() for c in name) or OPERATION.search(name):
        return None
    if (
        " " not in name
        and not name.isupper()
        and (ARMED.fullmatch(name) or AGENCY.fullmatch(name) or PARTY.fullmatch(name))
    ):
        return None  # "Front", "Army", "Police" alone name no one in particular
    if ARMED.search(name) or listings(name):
        kind = "armed_group"  # a name the armed-group cues or the designation lists know
    elif AGENCY.search(name):
        kind = "state_agency"
    elif PARTY.search(name):
        kind = "political_party"
    else:
        kind = "organization"
    return _Proto(kind, name, [(ent.start_char + s, ent.start_char + e)])


def _corefer_persons(persons: list[_Proto]) -> None:
    """Join mentions of one full name; a lone first or last name joins the full name holding it
    that was named last before it (news names a person in full first). A lone name with no such
    full name before it joins the other mentions of that lone name."""
    full: dict[str, _Proto] = {}
    lone: dict[str, _Proto] = {}
    for p in sorted(persons, key=lambda p: p.spans[0]):
        k = person_key(p.name)
        if len(p.name.split()) >= 2:  # "Sardar Aziz" names one person, though its key is one word
            full[k] = _join(full[k], p) if k in full else p
            continue
        holders = [f for fk, f in full.items() if k in fk.split()]
        if holders:
            _join(max(holders, key=lambda f: max(s for s, _ in f.root().spans if s < p.spans[0][0])), p)
        elif k in lone:
            _join(lone[k], p)
        else:
            lone[k] = p


def _at(protos: Iterable[_Proto], start: int, end: int) -> _Proto | None:
    """The entity with a mention that covers [start, end)."""
    for p in protos:
        for s, e in p.spans:
            if s <= start and end <= e:
                return p
    return None


def _aliases(sents: list[Span], protos: list[_Proto], article: Article, text: str) -> None:
    for proto in list(protos):
        for s, e in list(proto.spans):
            for pattern in (ALIAS, ALIAS_IN_BRACKETS, BRACKETED):
                m = pattern.match(text, e)
                if m is None:
                    continue
                a_start = m.start("alias")
                alias = _trim_alias(m.group("alias"))
                a_end = a_start + len(alias)
                if not alias or alias.lower() in ("the", "and"):
                    continue
                if pattern is BRACKETED and not (_fits_acronym(alias, proto.name) or _fits_acronym(proto.name, alias)):
                    continue  # "(not related)", "(retd)": a bracket names the actor only as its acronym or expansion
                sent = next((x for x in sents if x.start_char <= s < x.end_char), None)
                if sent is None:
                    continue
                other = _at(protos, a_start, a_end) or _overlapping(protos, a_start, a_end)
                root = proto.root()
                if other is not None:
                    if other.kind == "organization" and not other.table_id and root.kind == "person":
                        other.kind = "person"  # "Deen Mohammad aka Deenu", the alias tagged as an organisation
                    if (other.kind == "person") != (root.kind == "person"):
                        continue
                    root = _join(root, other, keep_name=True)
                else:
                    root.spans.append((a_start, a_end))
                root.aliases.append((alias, evidence(sent, article)))
                break


def _overlapping(protos: Iterable[_Proto], start: int, end: int) -> _Proto | None:
    for p in protos:
        for s, e in p.spans:
            if s < end and start < e:
                return p
    return None


def _trim_alias(alias: str) -> str:
    alias = re.sub(r"['’]s$|[.,;:]+$", "", alias)
    words = alias.split()
    while words and words[-1].lower() in ("al", "ul", "ud", "e", "bin", "ibn", "bint"):
        words.pop()
    return " ".join(words)


def _fits_acronym(acronym: str, name: str) -> bool:
    """ "FeF" for "Falah e Insaniyat Foundation", "BSO" for "Baloch Students Organization": the
    acronym's capitals start the name's words, in order."""
    if len(acronym) > 8 or " " in acronym.strip():
        return False
    caps = [c.lower() for c in acronym if c.isupper()]
    if len(caps) < 2 or 2 * len(caps) < sum(c.isalpha() for c in acronym):
        return False  # "Pakistan" is a word, not an acronym of "Pakistan Stability Day"
    initials = [w[0].lower() for w in re.split(r"[\s-]+", name) if w]
    if not caps or caps[0] != initials[0]:
        return False
    i = 0
    for c in caps:
        while i < len(initials) and initials[i] != c:
            i += 1
        if i == len(initials):
            return False
        i += 1
    return True


def _anaphora(sents: list[Span], protos: list[_Proto]) -> None:
    groups = sorted(((s, e, p) for p in protos if p.kind == "armed_group" for s, e in p.spans), key=lambda x: x[:2])
    for i, sent in enumerate(sents):
        lo = sents[max(0, i - 2)].start_char
        for m in ANAPHORA.finditer(sent.text):
            at = sent.start_char + m.start()
            before = [g for g in groups if lo <= g[0] and g[1] <= at]
            if before:
                target = max(before, key=lambda g: g[1])[2].root()
                span = (at, sent.start_char + m.end())
                target.spans.append(span)
                groups.append((*span, target))
