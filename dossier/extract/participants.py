"""Who and what took part in an event, as the text writes them: perpetrators (individuals and
organisations), victims, targets and weapons, each a phrase with its offsets, read off the
dependency parse of the event's sentences.

Built to work where named-entity recognition is weak (lower-cased or translated newswire): a trigger
word (an attack, harm or explosion verb, or a noun like "attack on") gives its neighbours a role by
their syntactic position (subject or "by"-agent: perpetrator; object or passive subject: victim or
target; "with"/"using": weapon). Which of the two roles of a position a phrase takes (individual or
organisation; person or thing) is decided by head-noun counts learned from the MUC-4 training split
(`dossier/data/muc4_roles.json`, built by `scripts/learn_muc4_lexicon.py`), never by hand-written
lists of groups or places. The roles are MUC-4's: PerpInd, PerpOrg, Target, Victim, Weapon.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from dossier.extract.tables import any_trigger

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")

# Trigger verbs and nouns (surface forms: the pipeline runs without a lemmatizer) and the event class
# each opens. attack: the object is a target or a victim; harm: the object is a person; explode: the
# subject is the weapon and "at"/"in" the target. Sources: the MUC-4 incident definitions (attack,
# bombing, kidnapping, arson) and the verbs the task brief lists.
TRIGGERS: dict[str, str] = {
    **dict.fromkeys(
        "attack attacks attacked attacking bombed bombing dynamited dynamiting burned burning burnt torched "
        "destroyed destroying damaged damaging raided stormed sabotaged blew blown machinegunned machine-gunned "
        "fired firing hit struck set looted assaulted ambushed ambush claimed".split(),
        "attack",
    ),
    **dict.fromkeys(
        "killed kill killing kills murdered murder murdering assassinated assassinate assassination kidnapped "
        "kidnap kidnapping abducted abduct abduction shot shooting wounded wounding injured injuring massacred "
        "massacre executed slain tortured seized detained hijacked murders killings captured hostage hostages held "
        "threatened threats death disappeared disappearance seizure".split(),
        "harm",
    ),
    **dict.fromkeys("exploded explode explosion explosions detonated went".split(), "explode"),
}
AGENT_DEPS = frozenset({"nsubj"})
PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "obj"})
PREPOSITIONS: dict[str, dict[str, str]] = {  # trigger class -> preposition -> slot of its object
    "attack": {"against": "patient", "on": "patient", "with": "instrument", "using": "instrument", "by": "agent"},
    "harm": {"of": "patient", "against": "patient", "with": "instrument", "by": "agent", "on": "patient"},
    "explode": {"at": "patient", "in": "patient", "near": "patient", "outside": "patient", "by": "agent"},
}
NOUN_PATIENT_PREPS = frozenset({"of", "on", "against"})
MODIFIER_DEPS = frozenset(
    {"det", "amod", "compound", "nummod", "nmod", "poss", "quantmod", "case", "punct", "npadvmod"}
)
DROP_LEADING = frozenset(
    "a an the this that these those his her their its our my your some several any another such "
    "said same other ( , \" ' -".split()
)
SKIP_ENTITIES = frozenset({"DATE", "TIME", "GPE", "LOC", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
PRONOUNS = frozenset("he she it they them him her we i you who which that this those these one".split())


@dataclass(frozen=True)
class Lexicon:
    """What was learned from the training split: per head word, documents where it heads a filler of
    each role, and documents where it occurs at all."""

    heads: dict[str, tuple[int, ...]]
    of_heads: frozenset[str]
    titles: frozenset[str]
    strings: dict[str, dict[str, tuple[int, int]]]

    def counts(self, head: str) -> dict[str, int]:
        row = self.heads.get(head)
        return dict(zip(ROLES, row[:5], strict=True)) if row else {}

    def docs(self, head: str) -> int:
        row = self.heads.get(head)
        return row[5] if row else 0


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(resources.files("dossier").joinpath("data/muc4_roles.json").read_text("utf-8"))
    return Lexicon(
        heads={h: tuple(v) for h, v in raw["heads"].items()},
        of_heads=frozenset(raw["of_heads"]),
        titles=frozenset(raw["titles"]),
        strings={r: {s: (v[0], v[1]) for s, v in d.items()} for r, d in raw["strings"].items()},
    )


@dataclass(frozen=True)
class Filler:
    """One mention given a role: character span in the document and how sure the rule is."""

    role: str
    start: int
    end: int
    text: str
    head: str
    score: float


def _trigger_tokens(sent: Span) -> Iterator[tuple[Token, str]]:
    for token in sent:
        kind = TRIGGERS.get(token.lower_)
        if kind == "attack" and token.lower_ == "set" and not any(c.lower_ == "fire" for c in token.subtree):
            continue
        if token.lower_ == "claimed" and not any(c.lower_ == "responsibility" for c in token.children):
            continue
        if kind == "explode" and token.lower_ == "went" and not any(c.lower_ == "off" for c in token.children):
            continue
        if kind:
            yield token, kind


def _conjuncts(token: Token) -> list[Token]:
    """The token and the nouns coordinated or in apposition with it ("x, y and z")."""
    out = [token]
    for child in token.children:
        if child.dep_ in ("conj", "appos") and child.pos_ in ("NOUN", "PROPN", "NUM"):
            out.extend(_conjuncts(child))
    return out


def _subject(verb: Token) -> Token | None:
    """The verb's own subject, or the one it shares with the verb it is coordinated with."""
    while True:
        for child in verb.children:
            if child.dep_ in AGENT_DEPS:
                return child
        if verb.dep_ != "conj" or verb.head is verb:
            return None
        verb = verb.head


def slots(trigger: Token, kind: str) -> Iterator[tuple[Token, str]]:
    """(head noun, slot) pairs around one trigger; slot is agent, patient or instrument. A relative
    pronoun stands for the noun its clause hangs on ("peasants, who were captured"); a "with" phrase
    the parser hangs on the object still names the instrument ("attacked the farm with rifles")."""
    for head, slot in _slots(trigger, kind):
        if head.lower_ in RELATIVE and trigger.dep_ == "relcl":
            head = trigger.head
        yield head, slot
        if slot == "patient":
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "with":
                    yield from ((obj, "instrument") for obj in prep.children if obj.dep_ == "pobj")


def _slots(trigger: Token, kind: str) -> Iterator[tuple[Token, str]]:
    is_verb = trigger.pos_ in ("VERB", "AUX") or trigger.tag_.startswith("VB")
    preps = PREPOSITIONS[kind]
    if is_verb:
        subject = _subject(trigger)
        if subject is not None:
            yield subject, "instrument" if kind == "explode" else "agent"
    for child in trigger.children:
        if is_verb and child.dep_ in PATIENT_DEPS:
            yield child, "patient"
        elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in preps):
            slot = "agent" if child.dep_ == "agent" else preps[child.lower_]
            if not is_verb and child.lower_ in NOUN_PATIENT_PREPS:
                slot = "patient"
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield obj, slot
        elif not is_verb and child.dep_ in ("poss", "compound") and child.pos_ in ("NOUN", "PROPN"):
            yield child, "agent" if kind == "attack" else "patient"
        elif is_verb and child.dep_ in ("xcomp", "advcl") and child.lower_ == "using":
            for obj in child.children:
                if obj.dep_ == "dobj":
                    yield obj, "instrument"


def phrase(head: Token, lex: Lexicon) -> tuple[int, int]:
    """Token bounds [start, end) of the noun phrase headed by `head`, trimmed the way the gold is:
    no leading determiners or pronoun possessives, an "of" phrase kept only after heads that keep it."""
    start = head.i
    for left in reversed(list(head.lefts)):
        if left.dep_ not in MODIFIER_DEPS or left.right_edge.i < start - 1:  # a gap: not part of the phrase
            break
        start = left.left_edge.i if left.dep_ in ("compound", "nmod", "poss", "amod") else left.i
    end = head.i + 1
    if head.lower_ in lex.of_heads:
        for right in head.rights:
            if right.dep_ == "prep" and right.lower_ == "of" and right.i == end:
                end = right.right_edge.i + 1
                break
    doc = head.doc
    while start < head.i and _droppable(doc, start, end):
        start += 1
    while end - 1 > head.i and doc[end - 1].is_punct:
        end -= 1
    # a parenthesised acronym or a clause inside the span is cut off
    for i in range(start, end):
        if i > head.i and doc[i].text in ("(", ",", ";"):
            end = i
            break
    return start, end


def _droppable(doc: Doc, start: int, end: int) -> bool:
    """A leading word the gold leaves out: a determiner, a possessive pronoun, stray punctuation (an
    opening quote stays when its closing one is inside the phrase: '"santo tomas" presidential farm')."""
    token = doc[start]
    if token.text == '"':
        return not any(t.text == '"' for t in doc[start + 1 : end])
    return token.lower_ in DROP_LEADING or token.lower_ in PRONOUNS or token.is_punct


def _strip_title(doc: Doc, start: int, end: int, head: Token, lex: Lexicon) -> int:
    """Titles before a name ("presidential candidate luis carlos galan") are not part of the gold victim
    string: a name keeps only the run of proper nouns that ends at its head."""
    if _is_name(head):
        first = head.i
        while first > start and _is_name(doc[first - 1]) and doc[first - 1].lower_ not in lex.titles:
            first -= 1
        return first
    while end - start > 1 and doc[start].lower_ in lex.titles and doc[start] is not head:
        start += 1
    return start


def _is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ == "PERSON"


def decide(head: Token, slot: str, kind: str, lex: Lexicon) -> tuple[str, float] | None:
    """The role of a noun phrase in a slot: learned head counts first, then the part of speech."""
    word = head.lower_
    counts = lex.counts(word)
    docs = max(lex.docs(word), 1)
    if counts.get("Weapon", 0) >= 2 and counts["Weapon"] == max(counts.values()):
        return "Weapon", counts["Weapon"] / docs
    allowed = {
        "agent": ("PerpInd", "PerpOrg"),
        "patient": ("Victim",) if kind == "harm" else ("Target", "Victim"),
        "instrument": ("Weapon",),
    }[slot]
    known = {r: counts.get(r, 0) for r in allowed if counts.get(r, 0)}
    if known:
        role = max(known, key=lambda r: known[r])
        return role, known[role] / docs
    if counts:  # a head the training data knows, but never in the roles of this slot
        return None
    name = head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "NORP")
    if slot == "agent":
        if head.ent_type_ == "ORG":
            return "PerpOrg", 0.2
        return ("PerpInd", 0.2) if name else None
    if slot == "patient":
        if kind == "harm" or head.ent_type_ == "PERSON":
            return ("Victim", 0.3) if name else None
        return ("Victim", 0.2) if name else None
    return None


def _candidate_heads(sentences: Iterable[Span]) -> Iterator[tuple[Token, str, str]]:
    gate = any_trigger()
    for sent in sentences:
        triggers = list(_trigger_tokens(sent))
        if not triggers and not gate.search(sent.text):
            continue
        for trigger, kind in triggers:
            for head, slot in slots(trigger, kind):
                for noun in _conjuncts(head):
                    yield noun, slot, kind


def fillers(sentences: list[Span], lex: Lexicon) -> list[Filler]:
    """Every role mention found in these sentences of one parsed text, in text order (offsets into
    the parsed text)."""
    found: dict[tuple[int, int, str], Filler] = {}
    if not sentences:
        return []
    doc = sentences[0].doc
    for head, slot, kind in _candidate_heads(sentences):
        if head.lower_ in PRONOUNS or head.pos_ == "PRON" or head.ent_type_ in SKIP_ENTITIES or not head.is_alpha:
            continue
        decision = decide(head, slot, kind, lex)
        if decision is None:
            continue
        role, score = decision
        start, end = phrase(head, lex)
        if role == "PerpInd":  # "terrorists of the fmln", "eln guerrillas": the group is named inside
            for org in _organisations(head, lex):
                org_start, org_end = phrase(org, lex)
                span = doc[org_start:org_end]
                found.setdefault((span.start_char, span.end_char, "PerpOrg"), _filler("PerpOrg", span, org, 0.3))
        if role == "Victim":
            start = _strip_title(doc, start, end, head, lex)
        span = doc[start:end]
        key = (span.start_char, span.end_char, role)
        if span.text and key not in found:
            found[key] = _filler(role, span, head, score)
    return sorted(found.values(), key=lambda f: (f.start, f.role))


def _filler(role: str, span: Span, head: Token, score: float) -> Filler:
    return Filler(role, span.start_char, span.end_char, span.text, head.lower_, score)


def _organisations(person: Token, lex: Lexicon) -> Iterator[Token]:
    """Group names inside a perpetrator phrase: its compound modifiers and the object of its "of"."""
    for child in person.children:
        candidates = [child] if child.dep_ in ("compound", "nmod") else []
        if child.dep_ == "prep" and child.lower_ == "of":
            candidates = [c for c in child.children if c.dep_ == "pobj"]
        for token in candidates:
            counts = lex.counts(token.lower_)
            if counts.get("PerpOrg", 0) > counts.get("PerpInd", 0) or (not counts and token.ent_type_ == "ORG"):
                yield from _conjuncts(token)


# A string the training data fills a role with is a filler where it occurs when it filled the role in
# >= 40% of the train documents that contain it (chosen on MUC-4 dev among 0.2, 0.3, 0.4, 0.5).
MEMORY_MIN_RATIO = 0.4


def memorised(sentences: list[Span], lex: Lexicon, min_ratio: float = MEMORY_MIN_RATIO) -> list[Filler]:
    """Strings the training data fills a role with ("fmln", "car bomb"), where these sentences hold
    them: a learned lexicon, kept apart so that its share can be measured."""
    out = []
    for sent in sentences:
        text, base = sent.text, sent.start_char
        for role in ROLES:
            for string, (filled, occurs) in lex.strings.get(role, {}).items():
                if occurs and filled / occurs >= min_ratio:
                    at = _find_word(text, string)
                    if at >= 0:
                        head = string.split()[-1]
                        out.append(Filler(role, base + at, base + at + len(string), string, head, filled / occurs))
    return out


def of_sentences(sentences: list[Span], memory: bool = True) -> list[Filler]:
    """The participants these sentences name: parse-based fillers, and with `memory` the learned
    strings, one filler per span and role, in text order."""
    lex = lexicon()
    found = fillers(sentences, lex) + (memorised(sentences, lex) if memory else [])
    unique: dict[tuple[int, int, str], Filler] = {}
    for f in found:
        unique.setdefault((f.start, f.end, f.role), f)
    return sorted(unique.values(), key=lambda f: (f.start, f.role))


def _find_word(text: str, string: str) -> int:
    at = text.find(string)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(string)] if at + len(string) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return at
        at = text.find(string, at + 1)
    return -1


def group(found: Iterable[Filler], text: str = "") -> dict[str, list[list[Filler]]]:
    """Coreferent mentions of one role in one document: same words, one inside the other, or an
    acronym in brackets right after a phrase ("guatemalan national revolutionary unity (urng)")."""
    out: dict[str, list[list[Filler]]] = {role: [] for role in ROLES}
    for filler in sorted(found, key=lambda f: (f.start, -f.end)):
        words = _words(filler.text)
        for entity in out[filler.role]:
            if any(_same(words, _words(other.text)) or _bracketed(text, other, filler) for other in entity):
                entity.append(filler)
                break
        else:
            out[filler.role].append([filler])
    return out


def _bracketed(text: str, first: Filler, then: Filler) -> bool:
    """`then` is the bracketed short form written right after `first` (or after its first occurrence)."""
    if not text:
        return False
    at = text.find(first.text + " (" + then.text + ")")
    return at >= 0 or text[first.end : first.end + len(then.text) + 3] == f" ({then.text})"


def _words(text: str) -> tuple[str, ...]:
    return tuple(
        w for w in "".join(c if c.isalnum() else " " for c in text.lower()).split() if w not in ("a", "an", "the")
    )


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))
