"""Killed and injured counts in a sentence, split between victims and perpetrators."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from dossier.extract.numbers import NUMBER, Count, parse_count

KILLED = (
    r"killed|martyred|dead|died|slain|shot dead|gunned down|lost (?:their|his|her) lives|sent to hell|"
    r"neutrali[sz]ed|eliminated|perished|succumbed(?: to (?:his|her|their) (?:injuries|wounds))?|bodies|"
    r"embraced martyrdom|embraced shahadat"
)
INJURED = r"injured|wounded|hurt|sustained (?:serious |critical |minor )?injuries|critically injured"
PERPETRATOR_NOUNS = re.compile(
    r"\b(militants?|terrorists?|khwarij|khawarij|kharjis?|khwarji|insurgents?|attackers?|assailants?|gunm[ae]n|"
    r"suicide bombers?|bombers?|dacoits?|miscreants|outlaws|fighters|rebels|separatists|extremists)\b",
    re.I,
)
NOT_PEOPLE = re.compile(
    r"^(years?|months?|days?|hours?|minutes?|km|kilometres?|kilograms?|kg|per ?cent|%|rupees|rs)\b", re.I
)
_NOUNS = r"(?P<noun>(?:(?!(?:and|or|with|in|of|on|at|that|which|who)\b)[\w’'-]+ ){0,4}?)"
_AUX = (
    r"(?:(?:were|was|have been|has been|had been|are|is|got|being|been) )?"
    r"(?:also |reportedly |allegedly |later |subsequently )?"
)
_NOT_AFTER = r"(?<!\bno )(?<!\bJan\. )(?<!\bFeb\. )(?<!\bAug\. )(?<!\bSept\. )(?<!\bOct\. )(?<!\bNov\. )(?<!\bDec\. )"
PASSIVE = re.compile(
    rf"{_NOT_AFTER}\b(?P<num>{NUMBER}) {_NOUNS}(?:who |that |which )?{_AUX}(?P<verb>{KILLED}|{INJURED})\b", re.I
)
ACTIVE = re.compile(
    rf"\b(?P<verb>killing|killed|martyring|martyred|injuring|injured|wounding|wounded|leaving|neutrali[sz]ed|"
    rf"neutrali[sz]ing|eliminated|eliminating) (?P<num>{NUMBER}) "
    rf"(?P<noun>(?:[\w’'-]+ ?){{0,6}})",
    re.I,
)
TO_HELL = re.compile(rf"\b(?:sending|sent|send|sends) (?P<num>{NUMBER}) (?:\S+ ){{0,5}}?to hell\b", re.I)
KILLINGS = re.compile(rf"\b(?P<num>{NUMBER}) (?:\w+ )?(?:killings|murders|assassinations)\b", re.I)
TOLL = re.compile(rf"\bdeath toll (?:\w+ ){{0,3}}(?:to|at|reached|stands at) (?P<num>{NUMBER})\b", re.I)
NONE = re.compile(rf"\b(?:no one|nobody|none) (?:\w+ ){{0,2}}?(?P<verb>{INJURED}|{KILLED})\b", re.I)
NO_CASUALTIES = re.compile(r"\bno (?:casualties|loss of (?:life|lives)|one was hurt)\b", re.I)
DIED_LATER = re.compile(r"\b(succumbed|later died|died (of|from) (his|her|their) (injuries|wounds))\b", re.I)
_RANK = (
    r"(?:Lieutenant Colonel|Lieutenant General|Major General|Lt\.? ?Col\.?|Lieutenant|Colonel|Major|Captain|Capt\.?|"
    r"Brigadier|Subedar|Naib Subedar|Havaldar|Naik|Lance Naik|Sepoy|Constable|Head Constable|Inspector|Sub-Inspector|"
    r"SHO|ASI|DSP|SP)"
)
RANKED = re.compile(rf"\b{_RANK} [A-Z][\w’'-]+(?: [A-Z][\w’'-]+){{0,3}}")
NAMED_BEFORE = re.compile(rf"(?:{RANKED.pattern}(?: \([^)]*\))?,? )+and $")
NAMED_DEAD = re.compile(
    rf"(?P<names>(?:(?:Shaheed |late )?{RANKED.pattern}(?:,| and|, and) )*(?:Shaheed |late )?{RANKED.pattern}),? "
    rf"who (?:embraced martyrdom|were martyred|was martyred|died|lost (?:their|his) li(?:fe|ves))"
)
ADDITIVE = re.compile(r"\b(more|another|other|others|also)\b", re.I)


@dataclass(frozen=True)
class Casualty:
    kind: str  # killed | injured
    who: str  # victims | perpetrators
    count: Count
    start: int  # offsets into the sentence text
    end: int
    additive: bool = False  # "two more", "another three": adds to counts already given


def _a_year(number: str) -> bool:
    """'between 2001 and 2024 ... killed': four digits in the range of years are a year, not a count."""
    digits = number.split()[-1]
    return digits.isdigit() and 1900 <= int(digits) <= 2100


def _kind(verb: str) -> str:
    return "injured" if re.fullmatch(INJURED, verb.lower()) else "killed"


_CUE = re.compile(
    rf"\b({KILLED}|{INJURED}|killing|killings|murders|assassinations|death toll|no one|nobody|no casualties"
    r"|martyring|wounding|leaving|to hell|martyrdom|martyred|eliminat\w*|neutrali\w*)\b",
    re.I,
)


def from_text(text: str) -> list[Casualty]:
    if not _CUE.search(text):
        return []  # most sentences name no casualty: one scan and out
    return _from_text(text)


@lru_cache(maxsize=4096)
def _from_text_cached(text: str) -> tuple[Casualty, ...]:
    return tuple(_scan(text))


def _from_text(text: str) -> list[Casualty]:
    return list(_from_text_cached(text))


def _scan(text: str) -> list[Casualty]:
    out: list[Casualty] = []
    for m in PASSIVE.finditer(text):
        noun = m.group("noun").strip()
        if NOT_PEOPLE.match(noun) or re.search(r"[,;:]", noun):
            continue
        count = parse_count(m.group("num"))
        if count is None or _a_year(m.group("num")):
            continue
        if m.group("num").lower() in ("a", "an") and re.search(r"(\band|,)\s*$", text[: m.start()]):
            continue  # 'an official and a passerby were killed': the parse counts the conjoined subjects
        who = "perpetrators" if PERPETRATOR_NOUNS.search(noun) else "victims"
        extra = bool(ADDITIVE.search(noun + " " + text[m.start() - 12 if m.start() >= 12 else 0 : m.start()]))
        named = NAMED_BEFORE.search(text[max(0, m.start() - 200) : m.start()])
        if named and count.best is not None:  # 'Lt Col Junaid, Major Tayyab and nine soldiers were martyred'
            n = len(RANKED.findall(named.group(0)))
            count = Count(*(None if v is None else v + n for v in (count.low, count.best, count.high)))
        out.append(Casualty(_kind(m.group("verb")), who, count, m.start(), m.end(), extra))
    for m in ACTIVE.finditer(text):
        if any(c.start <= m.start("num") < c.end for c in out):
            continue
        noun = m.group("noun").strip()
        count = parse_count(m.group("num"))
        if count is None or NOT_PEOPLE.match(noun) or _a_year(m.group("num")):
            continue
        verb = m.group("verb").lower()
        kind = "injured" if verb.startswith(("injur", "wound")) else "killed"
        if verb == "leaving":
            kind = "injured" if re.search(INJURED, noun, re.I) else "killed"
        head = " ".join(noun.split()[:3])
        them = noun.lower().startswith(("of them", "of those")) and PERPETRATOR_NOUNS.search(text[: m.start()])
        who = "perpetrators" if PERPETRATOR_NOUNS.search(head) or them else "victims"
        out.append(Casualty(kind, who, count, m.start(), m.end(), bool(ADDITIVE.match(noun))))
    for m in TO_HELL.finditer(text):  # the military's idiom for militants killed
        count = parse_count(m.group("num"))
        if count is not None and not any(c.start <= m.start() < c.end for c in out):
            out.append(Casualty("killed", "perpetrators", count, m.start(), m.end()))
    for m in NAMED_DEAD.finditer(text):  # 'Shaheed Major X and Shaheed Lance Naik Y, who embraced martyrdom'
        out.append(
            Casualty("killed", "victims", Count(*[len(RANKED.findall(m.group("names")))] * 3), m.start(), m.end())
        )
    for m in KILLINGS.finditer(text):
        count = parse_count(m.group("num"))
        if count is not None and not any(c.start <= m.start() < c.end for c in out):
            out.append(Casualty("killed", "victims", count, m.start(), m.end()))
    for m in TOLL.finditer(text):
        count = parse_count(m.group("num"))
        if count is not None:
            out.append(Casualty("killed", "victims", count, m.start(), m.end()))
    for m in NONE.finditer(text):
        out.append(Casualty(_kind(m.group("verb")), "victims", Count(0, 0, 0), m.start(), m.end()))
    for m in NO_CASUALTIES.finditer(text):
        out += [Casualty(kind, "victims", Count(0, 0, 0), m.start(), m.end()) for kind in ("killed", "injured")]
    return out


def from_parse(sent: Span) -> list[Casualty]:
    """'A senior official and a passerby were killed' has no number: count the conjoined subjects."""
    out: list[Casualty] = []
    for tok in sent:
        if tok.tag_ != "VBN" or not re.fullmatch(rf"{KILLED}|{INJURED}|shot", tok.text, re.I):
            continue
        subjects = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
        if not subjects:
            continue
        head = subjects[0]
        if head.pos_ == "PRON" or head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in head.children):
            continue
        singular = [head, *[c for c in head.conjuncts if c.pos_ in ("NOUN", "PROPN")]]
        people = [
            p for p in singular if p.tag_ not in ("NNS", "NNPS") and not any(c.dep_ == "nummod" for c in p.children)
        ]
        who = "perpetrators" if PERPETRATOR_NOUNS.search(head.text) else "victims"
        kind = "killed" if re.fullmatch(KILLED + "|shot", tok.text, re.I) and tok.text.lower() != "shot" else "injured"
        if tok.text.lower() == "shot" and any(t.text.lower() == "dead" for t in tok.rights):
            kind = "killed"
        if kind == "injured" and DIED_LATER.search(sent.text):
            kind = "killed"  # 'was injured ... and succumbed to his injuries'
        start = min(p.left_edge.idx for p in people) - sent.start_char
        out.append(
            Casualty(
                kind,
                who,
                Count(len(people), len(people), len(people)),
                start,
                tok.idx + len(tok.text) - sent.start_char,
            )
        )
    return out


STATISTIC = 5000  # 'killing over 70,000 Kashmiris', '36,000 terrorists since 2001': a tally, not one incident


def total(mentions: list[Casualty], kind: str, who: str) -> Count | None:
    """One figure for an event from its mentions: the largest single count, or the first count plus
    its 'more'/'another' additions when that is larger. Tallies of a whole conflict are left out."""
    chosen = [m for m in mentions if m.kind == kind and m.who == who and (m.count.best or 0) < STATISTIC]
    if not chosen:
        return None
    best = max(chosen, key=lambda m: (m.count.best or 0, m.count.low == m.count.high))
    base = [m for m in chosen if not m.additive]
    chain = sum(m.count.best or 0 for m in base[:1]) + sum(m.count.best or 0 for m in chosen if m.additive)
    if base and chain > (best.count.best or 0):
        return Count(chain, chain, chain)
    return best.count
