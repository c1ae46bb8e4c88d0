"""Which sentences of an article report which event: triggers, statement dates versus event dates,
and the rules that start a new event or return to an earlier one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from datetime import date as date_t

from spacy.tokens import Span

from dossier.extract import casualties
from dossier.extract.numbers import UNITS
from dossier.extract.tables import any_trigger, triggers
from dossier.extract.when import Anchor, DateValue, TimeExpr, find_dates
from dossier.model import Article, Evidence
from dossier.reference.gazetteer import Place

NOT_AN_EVENT = re.compile(
    r"\b(would|will|could|should|must|might|to|not|never|prevent(ing)?|against|counter(ing)?|combat(ing)?|fight(ing)?|"
    r"war on|threats? of|risk of|fears? of|wave of|menace of|surge in|rise in|history of|cases? of|policy|"
    r"involved in|responsible for)\s+(\w+\s+){0,2}$",
    re.I,
)
NEW_EVENT = re.compile(
    r"^\W*(In (another|a separate|a similar|a second|the second|the third|a third) "
    r"(incident|attack|development|engagement|encounter|operation|exchange of fire)|Separately|Meanwhile|Elsewhere"
    r"|Another (IBO|intelligence[- ]based operation|operation|engagement|encounter|attack|incident))\b",
    re.I,
)
FOLLOW_UP = re.compile(
    r"\b(the (attack|blast|explosion|incident|attackers|assailants|victims?|deceased|injured|bodies|killing|"
    r"shooting|bombing|strike|raid|operation|slaughter|massacre)|responsibility|succumbed|funeral|gunshot|"
    r"bullets?|postmortem|wounds|injuries)\b",
    re.I,
)
FAMILY = {"arrest": "arrest", "designation": "designation", "protest": "protest"}  # everything else: violence


@dataclass
class Event:
    sentences: list[Span] = field(default_factory=list)
    trigger_types: list[tuple[int, str, Span]] = field(default_factory=list)  # (priority, type, sentence)
    date: TimeExpr | None = None
    date_sentence: Span | None = None
    recent: bool = False  # dated only relative to the news ("on Sunday", "last month"), maybe unresolved
    places: list[Place] = field(default_factory=list)  # the places its sentences name


def _triggers_in(sent: Span) -> list[tuple[int, str, int]]:
    """(priority, type, position) of each trigger type the sentence uses as a reported event."""
    if not any_trigger().search(sent.text):
        return []
    found = []
    for trig in triggers():
        for m in trig.pattern.finditer(sent.text):
            if not NOT_AN_EVENT.search(sent.text[: m.start()]):
                found.append((trig.priority, trig.type, m.start()))
                break
    return found


RELATIVE_WORDS = re.compile(
    r"\b(yesterday|today|tonight|last night|this (week|month|morning)|last (week|month)|on (Mon|Tues|Wednes|Thurs|Fri|"
    r"Satur|Sun)day|(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day (night|morning|evening))\b",
    re.I,
)


def group_events(sents: list[Span], anchor: Anchor, places: Callable[[Span], list[Place]] | None = None) -> list[Event]:
    """Consecutive sentences about one event stay together; a sentence that dates itself apart from
    the current event, says 'in another incident', or places itself elsewhere (a district the
    event's places do not contain, and no word that returns to the event) starts a new one."""
    events: list[Event] = []
    current: Event | None = None
    for sent in sents:
        found = _triggers_in(sent)
        dates = [d for d in sentence_dates(sent, anchor) if not d.reporting]
        if found and current is not None and _reaction(sent):
            current.sentences.append(sent)  # "the PM condemned the attack": the event it reacts to, not another
            continue
        if found:
            at = min(pos for _, _, pos in found)
            own_date = min(dates, key=lambda d: abs(d.start - at)) if dates else None
            if own_date is None and current is not None and current.date is not None:
                own_date = _later(sent.text, current.date)
            recent = bool(RELATIVE_WORDS.search(sent.text))
            family = FAMILY.get(max(found)[1], "violence")
            here = places(sent) if places is not None else []
            if (
                current is None
                or NEW_EVENT.match(sent.text)
                or ANOTHER_ACT.search(sent.text)
                or _dated_apart(current, own_date, anchor)
                or family != FAMILY.get(max(current.trigger_types)[1], "violence")
                or (_placed_apart(current, here) and not FOLLOW_UP.search(sent.text))
            ):
                current = _earlier(events, family, own_date, anchor) or Event()
                if current not in events:
                    events.append(current)
            current.sentences.append(sent)
            current.places += here
            current.trigger_types += [(p, t, sent) for p, t, _ in found]
            if current.date is None and own_date is not None:
                current.date, current.date_sentence = own_date, sent
            undated_lead = len(events) == 1 and own_date is None
            current.recent = current.recent or (recent and own_date is None) or undated_lead
        elif (
            current is not None
            and (FOLLOW_UP.search(sent.text) or casualties.from_text(sent.text))
            and (not dates or not _dated_apart(current, dates[0], anchor))
        ):
            current.sentences.append(sent)
    return [e for e in events if _worth_reporting(e)]


REACTION_VERBS = {
    "condemned",
    "commended",
    "paid",
    "praised",
    "lauded",
    "expressed",
    "said",
    "told",
    "stated",
    "announced",
    "visited",
    "appreciated",
    "saluted",
    "denounced",
    "offered",
    "added",
    "informed",
    "confirmed",
    "claimed",
    "reported",
    "prayed",
    "termed",
    "urged",
    "called",
    "vowed",
    "met",
    "chaired",
    "briefed",
    "resolved",
}


REACTING = (
    frozenset(  # the parser's root verb, as written (the pipeline runs no lemmatizer)
        f"{base}{end}"
        for base in "condemn commend laud express offer visit term vow pray acknowledge hail applaud".split()
        for end in ("", "s", "ed", "ing")
    )
    | frozenset(
        f"{base}{end}"
        for base in "prais appreciat salut denounc urg felicitat congratulat".split()
        for end in ("e", "es", "ed", "ing")
    )
    | {"paid", "pays", "pay"}
)
REFERRING = re.compile(r"\b(the|this|these|such|today's|yesterday's)\s+(\w+\s+){0,3}?(attacks?|blasts?|incidents?|"
                       r"operations?|encounters?|killings?|bombings?|martyrdom|act of terror(ism)?|strikes?|raids?|"
                       r"explosions?|assaults?)\b", re.I)  # fmt: skip


def _reaction(sent: Span) -> bool:
    """A sentence whose verb reacts to an act it refers back to ("Prime Minister Shehbaz Sharif strongly
    condemned the cowardly attack"; "appreciated the security forces for the successful operation")."""
    return sent.root.lower_ in REACTING and bool(REFERRING.search(sent.text))


def sentence_dates(sent: Span, anchor: Anchor) -> list[TimeExpr]:
    """Date expressions of a sentence; those that date a statement or a reaction ('the PM on
    Tuesday commended ...', 'condemned on Sunday the attack') are marked as reporting dates."""
    out = []
    root = sent.root
    for e in find_dates(sent.text, anchor):
        span = sent.char_span(e.start, e.end, alignment_mode="expand")
        head = span.root.head if span is not None else None
        if head is not None and head.pos_ == "ADP":
            head = head.head
        before_reaction = root.lower_ in REACTION_VERBS and e.start < root.idx - sent.start_char
        if (head is not None and head.lower_ in REACTION_VERBS) or before_reaction:
            e = dc_replace(e, reporting=True)
        out.append(e)
    return out


ANOTHER_ACT = re.compile(
    r"\b(also|further|separately|likewise|in addition) (condemned|commended|lauded|praised|paid tribute|appreciated|"
    r"expressed|saluted|denounced)\b",
    re.I,
)
PLACE_RANK = {"point": 0, "neighbourhood": 1, "city": 2, "district": 3, "province": 4, "country": 5}


def _placed_apart(event: Event, here: list[Place]) -> bool:
    """The sentence names districts or towns and none of them lies in, or holds, the event's places."""
    local = [p for p in here if PLACE_RANK.get(p.precision, 9) <= 3]
    theirs = [p for p in event.places if PLACE_RANK.get(p.precision, 9) <= 3]
    if not local or not theirs:
        return False
    return not any(_same_area(a, b) for a in local for b in theirs)


def _same_area(a: Place, b: Place) -> bool:
    if a.id == b.id:
        return True
    if a.country != b.country:
        return False
    districts_a = {a.admin2, a.name if a.precision == "district" else None} - {None}
    districts_b = {b.admin2, b.name if b.precision == "district" else None} - {None}
    return bool(districts_a & districts_b) or a.city == b.name or b.city == a.name


def _earlier(events: list[Event], family: str, own: TimeExpr | None, anchor: Anchor) -> Event | None:
    """An earlier event of the same kind that a dated sentence returns to (after a digression)."""
    if own is None:
        return None
    for event in reversed(events):
        same_family = FAMILY.get(max(event.trigger_types)[1], "violence") == family
        if same_family and event.date is not None and not _dated_apart(event, own, anchor):
            return event
    return None


LATER = re.compile(r"\b(?P<n>a|one|two|three|four|five|six|seven|\d+) (?P<unit>day|days|week|weeks) later\b", re.I)


def _later(text: str, base: TimeExpr) -> TimeExpr | None:
    """'Two days later' dates a sentence from the event before it."""
    m = LATER.search(text)
    if m is None or base.value.precision != "day" or not base.value.start:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else UNITS[m.group("n").lower()]
    day = date_t.fromordinal(
        iso_day(base.value.start).toordinal() + n * (7 if m.group("unit").startswith("week") else 1)
    )
    return TimeExpr(m.start(), m.end(), m.group(0), DateValue(day.isoformat(), day.isoformat(), "day"), False)


def _dated_apart(event: Event, date: TimeExpr | None, anchor: Anchor) -> bool:
    """Does a sentence dated `date` describe another event than `event`? Dates that cannot overlap
    say so; an event of the news itself (dated relative to the article) is apart from anything
    the text dates more than a few days before the anchor, or by a bare year."""
    if date is None:
        return False
    b = date.value
    if event.date is None:
        if not event.recent or not b.end:
            return False
        if anchor.day is None:
            return b.precision in ("year", "season", "range") or bool(re.search(r"(19|20)\d\d", date.text))
        return (anchor.day - iso_day(b.end)).days > 7
    a = event.date.value
    if not (a.start and a.end and b.start and b.end):
        return False
    return b.end < a.start or a.end < b.start


def iso_day(value: str) -> date_t:
    """A `YYYY-MM-DD` date; a month and day with no year (`--MM-DD`) is read as in 2000, a leap year,
    which keeps day arithmetic within the month and year it names."""
    return date_t.fromisoformat("2000" + value[1:10] if value.startswith("--") else value[:10])


def _worth_reporting(event: Event) -> bool:
    """A lone generic verb ('killed', 'injured') is an incident only with a count of people."""
    if {t for _, t, _ in event.trigger_types} != {"other"}:
        return True
    return any(c.count.best for s in event.sentences for c in casualties.from_text(s.text))


def evidence(sent: Span, article: Article) -> Evidence:
    start = article.body_start + sent.start_char
    text = sent.text.rstrip()
    return Evidence(start, start + len(text), text)
