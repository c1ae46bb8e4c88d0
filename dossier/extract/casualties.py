"""Killed and injured counts in a sentence, split between victims and perpetrators."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from dossier.extract.numbers import NUMBER, Count, parse_count

KILLED = (
    r"killed|martyred|dead|died|slain|shot dead|gunned down|lost (?:their|his|her) lives|sent to hell|"
    r"neutrali[sz]ed|eliminated|perished|succumbed(?: to (?:his|her|their) (?:injuries|wounds))?|bodies|"
    r"embraced martyrdom|embraced shahadat"
)
INJURED = r"injured|wounded|hurt|sustained (?:serious |critical |minor )?injuries|critically injured"
PERPETRATOR_NOUNS = re.compile(
    r"\b(militants?|terr?or+ists?|khwar\w*|khawar\w*|kharij\w*|kharji\w*|insurgents?|attackers?|assailants?|"
    r"gunm[ae]n|suicide bombers?|bombers?|dacoits?|miscreants|outlaws|fighters|rebels|separatists|extremists|"
    r"infiltrators|intruders|commanders?|hideouts?)\b",
    re.I,
)
# Who falls on the side of the state or among bystanders, whoever killed them.
VICTIM_NOUNS = re.compile(
    r"\b(soldiers?|troops|personnel|jawans?|sepoys?|officers?|policem[ae]n|police|cops?|constables?|levies|civilians?|"
    r"children|child|kids?|women|woman|girls?|boys?|students?|passers?-?by|bystanders?|labou?rers?|workers?|"
    r"passengers?|villagers?|tribesmen|elders?|worshippers?|pilgrims?|sons of (the )?soil|martyrs?|shaheeds?|"
    r"majors?|captains?|lieutenants?|havaldars?|naiks?|subedars?|sons|brothers?|family)\b",
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
    for m in OF_NOUN.finditer(text):
        count = parse_count(m.group("num"))
        noun = m.group("noun")
        if count is None or _a_year(m.group("num")) or NOT_PEOPLE.match(noun):
            continue
        kind = "injured" if m.group("verb").lower() == "injuries" else "killed"
        who = "perpetrators" if PERPETRATOR_NOUNS.search(noun) and not VICTIM_NOUNS.search(noun) else "victims"
        out.append(Casualty(kind, who, count, m.start(), m.end()))
    for m in NONE.finditer(text):
        out.append(Casualty(_kind(m.group("verb")), "victims", Count(0, 0, 0), m.start(), m.end()))
    for m in NO_CASUALTIES.finditer(text):
        out += [Casualty(kind, "victims", Count(0, 0, 0), m.start(), m.end()) for kind in ("killed", "injured")]
    return out


KILL_WORDS = frozenset(
    "killed kill kills killing martyred martyring martyr slain murdered murdering assassinated executed beheaded "
    "slaughtered massacred eliminated eliminating neutralised neutralized neutralising neutralizing perished died "
    "dies succumbed".split()
)
# "the martyrdom of 12 security personnel", "the killing of nine innocent people", "the elimination of seven"
OF_NOUN = re.compile(
    rf"\b(?P<verb>martyrdom|killings?|deaths?|murders?|elimination|neutrali[sz]ation|loss of (?:the )?lives|injuries) "
    rf"(?:to |of )(?:the )?(?P<num>{NUMBER}) (?P<noun>(?:[\w’'-]+ ?){{1,4}})",
    re.I,
)
INJURE_WORDS = frozenset("injured injuring injures injure wounded wounding wounds hurt".split())
INTRANSITIVE = frozenset({"died", "dies", "perished", "succumbed"})
_OTHERS = frozenset({"more", "other", "others", "another"})
_NOT_COUNTED = frozenset({"himself", "herself", "themselves", "who", "which", "that", "them", "him", "her", "it"})


def read(sent: Span) -> list[Casualty]:
    """Every casualty figure of one sentence: read off the parse where a casualty verb's subject or
    object is a noun phrase ("Two persons, riding a motorcycle, were killed", "killed two suspects",
    "two policemen and a civilian were martyred"), and by the text patterns for what the parse
    does not show ("death toll rose to 9", "no casualties", "sent 5 to hell")."""
    parsed = from_parse(sent)
    taken = [(c.start, c.end) for c in parsed]
    return parsed + [
        c for c in from_text(sent.text) if not any(a <= c.start < b or c.start <= a < c.end for a, b in taken)
    ]


def from_parse(sent: Span) -> list[Casualty]:
    out: list[Casualty] = []
    for tok in sent:
        word = tok.lower_
        after = sent.doc[tok.i + 1] if tok.i + 1 < len(sent.doc) else None
        shot_dead = word == "shot" and (
            any(c.lower_ == "dead" for c in tok.children) or (after is not None and after.lower_ == "dead")
        )
        gunned = word == "gunned" and any(c.lower_ == "down" for c in tok.children)
        martyrdom = word in ("embraced", "embracing") and any(
            c.lower_ in ("martyrdom", "shahadat") for c in tok.children
        )
        lives = word == "lost" and any(c.lower_ in ("lives", "life") for c in tok.children)
        lives = lives or (word == "paid" and any(c.lower_ == "sacrifice" for c in tok.children))
        if word in INJURE_WORDS:
            kind = "injured"
        elif word in KILL_WORDS or shot_dead or gunned or martyrdom or lives:
            kind = "killed"
        else:
            continue
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            continue  # "the injured", "a killing": a noun, no figure of its own
        by_side: dict[str, list[tuple[Token, Count]]] = {}
        for head in _one_subject(_patients(tok, intransitive=word in INTRANSITIVE or martyrdom or lives)):
            for noun in _listed(head):
                count = _count(noun)
                if count is not None:
                    by_side.setdefault(_side(noun), []).append((noun, count))
        for who, nouns in by_side.items():  # 'a policeman and a passer-by were killed': one figure, two
            first = sent.doc[min(n.left_edge.i for n, _ in nouns)]
            last = max(n.right_edge.i for n, _ in nouns)  # "45 members of the Ismaili community"
            start = min(first.idx, tok.idx) - sent.start_char
            end = max(sent.doc[last].idx + len(sent.doc[last].text), tok.idx + len(tok.text)) - sent.start_char
            additive = all(n.lower_ in _OTHERS or any(c.lower_ in _OTHERS for c in n.children) for n, _ in nouns)
            this = kind
            total_count = _sum([c for _, c in nouns])
            if this == "injured" and DIED_LATER.search(sent.text) and total_count.best == 1:
                this = "killed"  # 'was injured ... and succumbed to his injuries'
            out.append(Casualty(this, who, total_count, start, end, additive))
    return out


def _side(noun: Token) -> str:
    militant = PERPETRATOR_NOUNS.search(noun.text) or noun.lower_ in ("suspects", "suspect")
    return "perpetrators" if militant else "victims"


def _sum(counts: list[Count]) -> Count:
    if len(counts) == 1:
        return counts[0]

    def add(values: list[int | None]) -> int | None:
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    low = sum(c.low or c.best or 0 for c in counts)
    return Count(low, add([c.best for c in counts]), add([c.high for c in counts]))


def _patients(verb: Token, intransitive: bool) -> list[Token]:
    """The noun phrases a casualty verb says were killed or hurt: its passive subject, its object, or
    (for "died", "succumbed", "embraced martyrdom") its subject; a verb coordinated with another
    ("were killed and 30 wounded") takes its own subject first, else the first verb's."""
    kids = list(verb.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) or (
        verb.tag_ == "VBN" and verb.dep_ == "conj" and not any(c.dep_ == "dobj" for c in kids)
    )
    if intransitive:
        own = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
        if not own and verb.dep_ == "conj":  # "twelve sons of soil fought and embraced martyrdom"
            own = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return own
    if passive:
        own = [c for c in kids if c.dep_ in ("nsubjpass", "nsubj")]
        if own:
            return own
        if verb.dep_ == "conj":
            return [c for c in verb.head.children if c.dep_ == "nsubjpass"]
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return [verb.head]  # "the soldier killed in the attack"
        return []
    return [c for c in kids if c.dep_ in ("dobj", "obj")]


def _one_subject(heads: list[Token]) -> list[Token]:
    """Two subjects the parser split at a comma, a description then a name ("An independent candidate
    of NA 198, Akhtar Abbasi was killed"), are one person."""
    out = heads[:1]
    for h in heads[1:]:
        before = h.doc[h.left_edge.i - 1] if h.left_edge.i > 0 else None
        if not (h.pos_ == "PROPN" and before is not None and before.text == "," and out[0].tag_ == "NN"):
            out.append(h)
    return out


def _listed(head: Token) -> list[Token]:
    """A noun and the nouns coordinated with it ("two policemen and a civilian"); an apposition
    ("Two Policemen, Khurram and Junaid Akram", "another pedestrian, Saddam") names the same people."""
    out = [head]
    for child in head.children:
        if child.dep_ != "conj" or child.pos_ not in ("NOUN", "PROPN", "NUM"):
            continue
        before = head.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        if child.pos_ == "PROPN" and head.pos_ == "NOUN" and before is not None and before.text == ",":
            continue
        out.extend(_listed(child))
    return out


def _count(noun: Token) -> Count | None:
    """How many people a noun of a casualty phrase counts: its number ("at least 12 people"), the
    number it is ("and 30 wounded"), one for a singular noun or a name, and "at least two" for a
    plural with no number."""
    if noun.lower_ in _NOT_COUNTED or noun.pos_ == "PRON" or NOT_PEOPLE.match(noun.text):
        return None
    if noun.like_num or noun.pos_ == "NUM":
        return None if _a_year(noun.text) else parse_count(_number_text(noun))
    numbers = [  # "eight levies security officials": the number may sit on a compound before the noun
        t
        for t in noun.subtree
        if t.i < noun.i
        and t.dep_ == "nummod"
        and parse_count(t.text) is not None
        and (t.head == noun or (t.head.dep_ == "compound" and t.head.head == noun))
    ]
    if numbers:
        return None if _a_year(numbers[0].text) else parse_count(_number_text(numbers[0]))
    plural = noun.tag_ in ("NNS", "NNPS") or noun.lower_ in ("others", "people", "police", "personnel")
    return Count(2, None, None) if plural else Count(1, 1, 1)


def _number_text(number: Token) -> str:
    """A number with its qualifier ("at least 12", "more than 30", "nearly 100")."""
    words = [t.text for t in number.subtree if t.dep_ in ("advmod", "quantmod", "nummod", "compound") or t == number]
    text = " ".join(words)
    return text if parse_count(text) is not None else number.text


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
