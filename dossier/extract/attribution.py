"""Who did it, to whom, and who says so: perpetrators with their status, victims with their titles,
and the source a statement is attributed to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from dossier.extract.tables import labels, ranks

REPORTING_VERBS = {
    "said",
    "says",
    "say",
    "told",
    "tell",
    "believe",
    "believes",
    "believed",
    "claimed",
    "claims",
    "claim",
    "accused",
    "accuses",
    "suspect",
    "suspects",
    "suspected",
    "alleged",
    "alleges",
    "stated",
    "states",
    "confirmed",
    "confirms",
    "added",
    "maintained",
    "blamed",
    "blames",
    "reported",
    "announced",
    "revealed",
}
GENERIC_PERPETRATORS = re.compile(
    r"\b((?:unidentified|unknown|armed|masked|suspected) )?(gunm[ae]n|attackers?|assailants?|militants?|terrorists?|"
    r"khwarij|khawarij|suicide bombers?|bombers?|miscreants|insurgents?|separatists?|dacoits?|mob)\b",
    re.I,
)
VICTIM_CUE = re.compile(
    r"\b(killed|martyred|shot|injured|wounded|abducted|kidnapped|targeted|attack(ed)? on|assassinat\w+|"
    r"escaped|died|succumbed|gunned down|slain|body|gunshot|bullets?|wounds|injuries)\b",
    re.I,
)


@dataclass(frozen=True)
class Speaker:
    text: str
    start: int  # offsets into the sentence text
    end: int


def speaker(sent: Span) -> Speaker | None:
    """The source a sentence attributes its content to: the subject of 'said', 'believe', ... or
    the object of 'according to'."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to":
            objs = [c for c in sent.doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return _phrase(objs[0], sent)
        if tok.lower_ in REPORTING_VERBS and tok.pos_ in ("VERB", "AUX"):
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if subj and subj[0].pos_ != "PRON":
                return _phrase(subj[0], sent)
    return None


def _phrase(head: Token, sent: Span) -> Speaker:
    left, right = head.left_edge.i, head.right_edge.i
    if right - left > 8:  # keep the noun and what sits right before it, not a whole relative clause
        left = max(left, head.i - 4)
        right = head.i
    span = sent.doc[left : right + 1]
    return Speaker(span.text, span.start_char - sent.start_char, span.end_char - sent.start_char)


def status_of(sentence: str) -> str | None:
    """The epistemic status the sentence gives an attribution, by the first cue that matches."""
    for label in labels("attribution.tsv", "status"):
        if label.pattern.search(sentence):
            return label.label
    return None


def status_near(sentence: str, start: int, end: int) -> str | None:
    """The status a sentence gives the actor named at [start, end). A denial or a claim must sit
    next to the name ('claimed by IS', 'the TTP denied'); hedges count when they come before it or
    right after it ('investigators believe ... LeJ', 'LeJ is suspected'); then accusations; then
    plain assertions. 'No group has claimed responsibility' makes it unknown."""
    cues = {
        label.label: [m.span() for m in label.pattern.finditer(sentence)]
        for label in labels("attribution.tsv", "status")
    }

    def near(status: str, window: int) -> bool:
        return any(a - end <= window and start - b <= window for a, b in cues.get(status, []))

    def before(status: str, after_window: int = 30) -> bool:
        return any(b <= start or a - end <= after_window for a, b in cues.get(status, []))

    if cues.get("unknown"):
        return "unknown"
    for status in ("denied", "claimed"):
        if near(status, 40):
            return status
    for status in ("suspected", "accused"):
        if before(status):
            return status
    if cues.get("confirmed"):
        return "confirmed"
    return None


VICTIM_SUBJECT_VERBS = re.compile(r"^(died|succumbed|escaped|survived|sustained|received|suffered|lost)$")


@dataclass(frozen=True)
class Victim:
    name: str
    description: str | None
    start: int
    end: int


@lru_cache(maxsize=1)
def _rank_pattern() -> re.Pattern[str]:
    """A rank or title (full or abbreviated, optionally with its abbreviation in brackets) that ends
    right before a name."""
    names = sorted(set(ranks()) | set(ranks().values()), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?:^|\W)(?P<rank>{alt})\.?(?: \((?P<abbr>[A-Z]{{2,5}})\))? $")


def victims(sent: Span, exclude: list[tuple[int, int]]) -> list[Victim]:
    """Named people the sentence says were harmed, with the rank or title written before the name."""
    if not VICTIM_CUE.search(sent.text):
        return []
    out: list[Victim] = []
    for ent in sent.ents:
        if ent.label_ != "PERSON" or len(ent.text) < 3:
            continue
        start = ent.start_char - sent.start_char
        if any(s <= start < e for s, e in exclude):
            continue
        if ent.root.dep_ == "nsubj" and not VICTIM_SUBJECT_VERBS.match(ent.root.head.lower_):
            continue  # the one who speaks, condemns or acts is not the one harmed
        before = sent.text[max(0, start - 60) : start]
        m = _rank_pattern().search(before)
        title = None
        if m:
            rank = m.group("rank")
            title = ranks().get(rank, rank)
        name = re.sub(r"[’']s$", "", ent.text.strip(" .,;:’'\""))
        if len(name.split()) == 1 and not title:
            continue  # a lone first or last name is too ambiguous to report as a victim
        out.append(Victim(name, title, start, start + len(name)))
    return out


def generic_perpetrator(text: str) -> re.Match[str] | None:
    return GENERIC_PERPETRATORS.search(text)
