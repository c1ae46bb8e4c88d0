"""Incident reports from one article: trigger sentences grouped into events, each event's fields
read from its sentences, every field with the sentence it came from.

A pure function of the article text and the packaged reference data, so it runs anywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from datetime import date as date_t
from typing import Any

from spacy.tokens import Doc, Span

from dossier.annotate.actors import ActorEntry, ActorMatcher, ActorMention, default_matcher, load_actor_table
from dossier.annotate.gazetteer import Gazetteer, load_gazetteer
from dossier.annotate.nlp import load_nlp
from dossier.extract import casualties, where, who
from dossier.extract.numbers import Count
from dossier.extract.tables import any_trigger, labels, triggers
from dossier.extract.when import Anchor, DateValue, TimeExpr, document_anchor, find_dates
from dossier.ids import make_id
from dossier.model import Article, Evidence, Fact, IncidentReport

EXTRACTOR = "incidents/0.1"
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
OPERATION = re.compile(
    r"\b(intelligence[- ]based operations?|IBOs?|search operation|sent to hell"
    r"|(security forces|troops) (killed|neutrali[sz]ed))\b",
    re.I,
)
STATE_KINDS = {"state", "state_agency"}
FAMILY = {"arrest": "arrest", "designation": "designation", "protest": "protest"}  # everything else: violence
STATE_LED = {"strike", "security_operation", "arrest", "designation"}


@dataclass
class _Event:
    sentences: list[Span] = field(default_factory=list)
    trigger_types: list[tuple[int, str, Span]] = field(default_factory=list)  # (priority, type, sentence)
    date: TimeExpr | None = None
    date_sentence: Span | None = None
    recent: bool = False  # dated only relative to the news ("on Sunday", "last month"), maybe unresolved


def extract(
    doc_text: str, article: Article, published: str | None = None, crawled: str | None = None
) -> list[IncidentReport]:
    body = doc_text[article.body_start : article.body_end]
    if not any_trigger().search(body):
        return []  # irrelevant articles cost one regex scan, no NLP
    if len(body) <= CHUNK:
        return _extract(load_nlp()(body), doc_text, article, published, crawled)
    reports: list[IncidentReport] = []  # a huge body is read in paragraph-aligned pieces, within spaCy's limits
    for start, end in _chunks(body):
        part = dc_replace(article, body_start=article.body_start + start, body_end=article.body_start + end)
        if any_trigger().search(body[start:end]):
            reports += _extract(load_nlp()(body[start:end]), doc_text, part, published, crawled)
    for seq, r in enumerate(reports):
        r.seq, r.id = seq, make_id("rep", article.id, str(seq))
    return reports


CHUNK = 100_000  # characters of body parsed at once (spaCy refuses texts over 1,000,000)


def _chunks(body: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while start < len(body):
        end = min(len(body), start + CHUNK)
        if end < len(body):
            cut = body.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        spans.append((start, end))
        start = end
    return spans


def _extract(
    nlp_doc: Doc, doc_text: str, article: Article, published: str | None, crawled: str | None = None
) -> list[IncidentReport]:
    anchor = document_anchor(published or article.published, doc_text)
    if anchor.day is None and crawled:  # published on or just before the crawl: a day-precise upper bound
        crawl = document_anchor(crawled, "")
        anchor = Anchor(crawl.day, crawl.precision, "crawl")
    gaz, matcher = load_gazetteer(), default_matcher()
    events = _group(list(nlp_doc.sents), anchor)
    context = _place_context(nlp_doc, gaz, article)
    reports = []
    for seq, event in enumerate(events):
        report = _report(event, seq, article, anchor, gaz, matcher, context, published)
        if report is not None:
            reports.append(report)
    reports = _fold_repeats(reports)
    _mark_background(reports, anchor)
    return reports


def _same_event(a: IncidentReport, b: IncidentReport) -> bool:
    """Same type, and the later report dates itself to exactly the same stated day or interval."""
    if a.type != b.type or b.date.get("basis") != "stated" or not b.date.get("start"):
        return False
    return bool(a.date.get("start") == b.date.get("start") and a.date.get("end") == b.date.get("end"))


def _fold_repeats(reports: list[IncidentReport]) -> list[IncidentReport]:
    """An article that comes back to an event it already described ('the Jan. 3 bombing') gets one
    report. The first report keeps its fields; the later one adds its facts."""
    out: list[IncidentReport] = []
    for r in reports:
        same = next((o for o in out if _same_event(o, r)), None)
        if same is None:
            out.append(r)
            continue
        same.facts += r.facts
        for key in ("killed", "injured", "perpetrators_killed"):
            mine, theirs = getattr(same, key), getattr(r, key)
            if (theirs.get("best") or 0) > (mine.get("best") or 0):
                setattr(same, key, theirs)
        known = {p.get("actor_id") or p.get("name") for p in same.perpetrators}
        same.perpetrators += [p for p in r.perpetrators if (p.get("actor_id") or p.get("name")) not in known]
        if same.place is None or (r.place and r.place.get("basis") == "stated" and same.place.get("basis") != "stated"):
            same.place = r.place
    for seq, r in enumerate(out):
        r.seq = seq
    return out


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


def _group(sents: list[Span], anchor: Anchor) -> list[_Event]:
    """Consecutive sentences about one event stay together; a sentence that dates itself apart from
    the current event, or says 'in another incident', starts a new one."""
    events: list[_Event] = []
    current: _Event | None = None
    for sent in sents:
        found = _triggers_in(sent)
        dates = [d for d in _dates(sent, anchor) if not d.reporting]
        if found:
            at = min(pos for _, _, pos in found)
            own_date = min(dates, key=lambda d: abs(d.start - at)) if dates else None
            if own_date is None and current is not None and current.date is not None:
                own_date = _later(sent.text, current.date)
            recent = bool(RELATIVE_WORDS.search(sent.text))
            family = FAMILY.get(max(found)[1], "violence")
            if (
                current is None
                or NEW_EVENT.match(sent.text)
                or _dated_apart(current, own_date, anchor)
                or family != FAMILY.get(max(current.trigger_types)[1], "violence")
            ):
                current = _earlier(events, family, own_date, anchor) or _Event()
                if current not in events:
                    events.append(current)
            current.sentences.append(sent)
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


def _dates(sent: Span, anchor: Anchor) -> list[TimeExpr]:
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


def _earlier(events: list[_Event], family: str, own: TimeExpr | None, anchor: Anchor) -> _Event | None:
    """An earlier event of the same kind that a dated sentence returns to (after a digression)."""
    if own is None:
        return None
    for event in reversed(events):
        same_family = FAMILY.get(max(event.trigger_types)[1], "violence") == family
        if same_family and event.date is not None and not _dated_apart(event, own, anchor):
            return event
    return None


LATER = re.compile(r"\b(?P<n>a|one|two|three|four|five|six|seven|\d+) (?P<unit>day|days|week|weeks) later\b", re.I)
SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _later(text: str, base: TimeExpr) -> TimeExpr | None:
    """'Two days later' dates a sentence from the event before it."""
    m = LATER.search(text)
    if m is None or base.value.precision != "day" or not base.value.start:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else SMALL[m.group("n").lower()]
    day = date_t.fromordinal(_iso(base.value.start).toordinal() + n * (7 if m.group("unit").startswith("week") else 1))
    return TimeExpr(m.start(), m.end(), m.group(0), DateValue(day.isoformat(), day.isoformat(), "day"), False)


def _dated_apart(event: _Event, date: TimeExpr | None, anchor: Anchor) -> bool:
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
        return (anchor.day - _iso(b.end)).days > 7
    a = event.date.value
    if not (a.start and a.end and b.start and b.end):
        return False
    return b.end < a.start or a.end < b.start


def _iso(value: str) -> date_t:
    return date_t.fromisoformat(value[:10])


def _worth_reporting(event: _Event) -> bool:
    """A lone generic verb ('killed', 'injured') is an incident only with a count of people."""
    if {t for _, t, _ in event.trigger_types} != {"other"}:
        return True
    return any(c.count.best for s in event.sentences for c in casualties.from_text(s.text))


def _place_context(nlp_doc: Doc, gaz: Gazetteer, article: Article) -> list[str]:
    names = [article.dateline.split(",")[0].title()] if article.dateline else []
    for sent in nlp_doc.sents:
        names += [m.text for m in where.mentions(sent, gaz)]
    return names


def _evidence(sent: Span, article: Article) -> Evidence:
    start = article.body_start + sent.start_char
    text = sent.text.rstrip()
    return Evidence(start, start + len(text), text)


def _report(
    event: _Event,
    seq: int,
    article: Article,
    anchor: Anchor,
    gaz: Gazetteer,
    matcher: ActorMatcher,
    context: list[str],
    published: str | None,
) -> IncidentReport | None:
    trigger_sent = event.trigger_types[0][2]
    facts: list[Fact] = []
    actor_mentions = {id(s): matcher.find(s.text) for s in event.sentences}
    mentions_blocked = {  # names of groups and agencies are not places; a state's name may be one
        id(s): [(m.start, m.end) for m in actor_mentions[id(s)] if m.kind != "state"] for s in event.sentences
    }

    # casualties
    cas: list[tuple[casualties.Casualty, Span]] = []
    for sent in event.sentences:
        found = casualties.from_text(sent.text)
        covered = [(c.start, c.end) for c in found]
        found += [c for c in casualties.from_parse(sent) if not any(s <= c.start < e for s, e in covered)]
        cas += [(c, sent) for c in found]
    figures: dict[str, Count | None] = {}
    for key, kind, whom in (
        ("killed", "killed", "victims"),
        ("injured", "injured", "victims"),
        ("perpetrators_killed", "killed", "perpetrators"),
    ):
        chosen = [c for c, _ in cas]
        figures[key] = casualties.total(chosen, kind, whom)
        for c, sent in cas:
            if c.kind == kind and c.who == whom:
                facts.append(Fact(key, c.count.as_dict(), _evidence(sent, article)))

    kind = _type(event, figures)
    facts.insert(0, Fact("type", kind, _evidence(next(s for p, t, s in event.trigger_types if t == kind), article)))

    # date
    date_value, basis, date_sent = _date(event, trigger_sent, anchor, published)
    if date_sent is not None:
        facts.append(Fact("date", date_value, _evidence(date_sent, article)))

    # place
    cands = []
    for rank, sent in enumerate(event.sentences):
        for m in where.mentions(sent, gaz, mentions_blocked[id(sent)]):
            cands.append((rank, m, sent))
    picked = where.choose([(r, m) for r, m, _ in cands], gaz, context)
    place = None
    if picked is not None:
        rank, m = picked
        assert m.place is not None
        sent = next(s for r, mm, s in cands if r == rank and mm.start == m.start)
        place = where.as_dict(m.place) | {"basis": "stated"}
        facts.append(Fact("place", place, _evidence(sent, article)))
    else:
        place = _unknown_place(trigger_sent, mentions_blocked[id(trigger_sent)], article, facts)
        if place is None and article.dateline:
            resolved = gaz.resolve(article.dateline.split("/")[-1].split(",")[0].strip().title(), context)
            if resolved is not None:
                place = where.as_dict(resolved) | {"basis": "dateline"}

    # perpetrators, victims
    perpetrators, exclude, against = _perpetrators(event, kind, actor_mentions, article, facts)
    victims = _victims(event, exclude, article, facts) + against

    targets = _labels(event, "targets.tsv", "target", article, facts, _target_text)
    weapons = _labels(event, "weapons.tsv", "weapon", article, facts)
    if "suicide_vest" in weapons or "vehicle_bomb" in weapons or "ied" in weapons:
        weapons = [w for w in weapons if w != "explosives"]

    return IncidentReport(
        id=make_id("rep", article.id, str(seq)),
        article_id=article.id,
        seq=seq,
        type=kind,
        extractor=EXTRACTOR,
        summary=trigger_sent.text.strip()[:400],
        date=date_value | {"basis": basis},
        place=place,
        killed=(figures["killed"] or Count(None, None, None)).as_dict(),
        injured=(figures["injured"] or Count(None, None, None)).as_dict(),
        perpetrators_killed=(figures["perpetrators_killed"] or Count(None, None, None)).as_dict(),
        perpetrators=perpetrators,
        victims=victims,
        targets=targets,
        weapons=weapons,
        facts=facts,
    )


def _unknown_place(
    sent: Span, blocked: list[tuple[int, int]], article: Article, facts: list[Fact]
) -> dict[str, Any] | None:
    """A place the text names that the gazetteer does not know ('Kokorou town of Niger'): kept by
    name, ungeocoded, rather than replaced by the dateline."""
    for ent in sent.ents:
        start = ent.start_char - sent.start_char
        if ent.label_ in ("GPE", "LOC", "FAC") and not any(s <= start < e for s, e in blocked):
            prev = sent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if prev in ("in", "at", "near", "of", "outside", "from"):
                place = {
                    "name": ent.text,
                    "admin2": None,
                    "admin1": None,
                    "country": None,
                    "lat": None,
                    "lon": None,
                    "precision": "unknown",
                    "basis": "stated",
                }
                facts.append(Fact("place", place, _evidence(sent, article)))
                return place
    return None


def _type(event: _Event, figures: dict[str, Count | None]) -> str:
    types = {t for _, t, _ in event.trigger_types}
    ranked = sorted(event.trigger_types, key=lambda x: -x[0])
    kind = ranked[0][1]
    if "security_operation" in types and kind in ("armed_assault", "other"):
        victims, militants = figures.get("killed"), figures.get("perpetrators_killed")
        text = " ".join(s.text for s in event.sentences)
        if not (victims and victims.best) or (militants and militants.best) or OPERATION.search(text):
            kind = "security_operation"
    return kind


def _date(
    event: _Event, trigger_sent: Span, anchor: Anchor, published: str | None
) -> tuple[dict[str, str | None], str, Span | None]:
    if event.date is not None:
        return event.date.value.as_dict(), "stated", event.date_sentence
    reported = [d for d in _dates(trigger_sent, anchor) if d.reporting]
    if reported:
        return reported[0].value.as_dict(), "reported", trigger_sent
    if anchor.day is not None:
        day = anchor.day.isoformat()
        if anchor.source == "crawl":
            before = date_t.fromordinal(anchor.day.toordinal() - 1).isoformat()
            return {"start": before, "end": day, "precision": "range"}, "crawl", None
        if anchor.precision == "day":
            return {"start": day, "end": day, "precision": "day"}, anchor.source, None
        return {"start": None, "end": day, "precision": "unknown"}, anchor.source, None
    return {"start": None, "end": None, "precision": "unknown"}, "unknown", None


TARGETED = re.compile(
    r"\b(against|(attacks?|strikes?|raids?|operations?|assaults?|crackdown) on|targeting|targeted|struck|hit|bases? of|"
    r"hideouts? of|camps? of|positions? of|fight(ing)? against|war (on|against)|killed|arrested|detained)"
    r"\s+(\S+\s+){0,3}$",
    re.I,
)


def _agent_of(sent: Span, m: ActorMention, trigger_at: list[int]) -> bool:
    """A state named as the doer: the subject of a verb whose clause holds the trigger ('Iran sent
    shockwaves with a missile strike', 'Pakistan attacked'), or the agent after 'by'."""
    span = sent.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        return True
    if root.dep_ not in ("nsubj", "compound"):
        return False
    head = root.head if root.dep_ == "nsubj" else root.head.head
    if head.dep_ == "nsubj":
        head = head.head
    if head.lower_ in who.REPORTING_VERBS or head.lower_ in ("asked", "condemned", "denounced", "discussed", "refused"):
        return False
    lo, hi = head.left_edge.idx - sent.start_char, head.right_edge.idx + len(head.right_edge.text) - sent.start_char
    return any(lo <= t < hi for t in trigger_at)


def _perpetrators(
    event: _Event, kind: str, actor_mentions: dict[int, list[ActorMention]], article: Article, facts: list[Fact]
) -> tuple[list[dict[str, object]], dict[int, list[tuple[int, int]]], list[dict[str, object]]]:
    """Armed groups the event's sentences tie to it (not those it targets), states and agencies only
    as the doers of strikes, operations, arrests and bans; each with the status the first sentence
    that hedges or asserts it gives, and who says so."""
    table = load_actor_table()
    out: dict[str, dict[str, object]] = {}
    opponents: dict[str, ActorMention] = {}
    exclude: dict[int, list[tuple[int, int]]] = {}
    for sent in event.sentences:
        spk = who.speaker(sent)
        trigger_at = [
            m.start()
            for t in triggers()
            if FAMILY.get(t.type, "violence") == FAMILY.get(kind, "violence")
            for m in t.pattern.finditer(sent.text)
        ]
        exclude[id(sent)] = [(spk.start, spk.end)] if spk else []
        targeted: set[str] = set()
        for m in actor_mentions[id(sent)]:
            exclude[id(sent)].append((m.start, m.end))
            if spk and spk.start <= m.start < spk.end:
                continue  # the source of the statement, not the doer
            if m.actor_id in targeted or TARGETED.search(sent.text[max(0, m.start - 60) : m.start]):
                targeted.add(m.actor_id)  # 'Jaish al-Adl (or the Army of Justice)': its alias too
                continue  # the object of the violence
            status = who.status_near(sent.text, m.start, m.end)
            if m.kind == "armed_group":
                if FAMILY.get(kind) in ("arrest", "designation"):
                    continue  # the arrested or banned group, not the one doing it
                if kind == "security_operation":
                    opponents.setdefault(m.actor_id, m)
                    continue  # state forces operate against it: the other party, not the doer
            elif m.kind in STATE_KINDS and kind in STATE_LED and _agent_of(sent, m, trigger_at):
                status = status if status in ("claimed", "denied") else "confirmed"
            else:
                continue
            entry = table.get(m.actor_id)
            name: str = entry.name if entry else m.text
            st = status or ("accused" if m.kind == "armed_group" else "unknown")  # named as the doer, unhedged
            by = name if st == "claimed" else (spk.text if spk else None)
            prior = out.get(m.actor_id)
            if prior is None or (prior["status"] == "unknown" and st != "unknown"):
                out[m.actor_id] = {"actor_id": m.actor_id, "name": name, "status": st, "attributed_by": by}
            facts.append(Fact("perpetrator", m.actor_id, _evidence(sent, article), st, by))
    if kind == "security_operation" and not any(
        p["actor_id"] in table and table[p["actor_id"]].kind in STATE_KINDS for p in out.values()
    ):
        _operating_force(event, actor_mentions, table, article, facts, out)
    if not out:
        for sent in event.sentences:
            if who.status_of(sent.text) == "unknown":
                facts.append(Fact("perpetrator", None, _evidence(sent, article), "unknown", None))
            g = who.generic_perpetrator(sent.text)
            if g and kind not in STATE_LED and "generic" not in out:
                label = g.group(0).lower()
                out["generic"] = {"actor_id": None, "name": label, "status": "unknown", "attributed_by": None}
                facts.append(Fact("perpetrator", label, _evidence(sent, article), "unknown", None))
    against: list[dict[str, object]] = [
        {
            "actor_id": aid,
            "name": table[aid].name if aid in table else m.text,
            "description": "party the operation targeted",
        }
        for aid, m in opponents.items()
    ]
    return list(out.values()), exclude, against


def _operating_force(
    event: _Event,
    actor_mentions: dict[int, list[ActorMention]],
    table: dict[str, ActorEntry],
    article: Article,
    facts: list[Fact],
    out: dict[str, dict[str, object]],
) -> None:
    """An operation is by definition carried out by state forces: the agency the event's sentences
    name ('paid tribute to the Security Forces for eliminating ...') is its doer."""
    for sent in event.sentences:
        for m in actor_mentions[id(sent)]:
            if m.kind == "state_agency":
                name = table[m.actor_id].name if m.actor_id in table else m.text
                out[m.actor_id] = {"actor_id": m.actor_id, "name": name, "status": "confirmed", "attributed_by": None}
                facts.append(Fact("perpetrator", m.actor_id, _evidence(sent, article), "confirmed", None))
                return


def _victims(
    event: _Event, exclude: dict[int, list[tuple[int, int]]], article: Article, facts: list[Fact]
) -> list[dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for sent in event.sentences:
        for v in who.victims(sent, exclude.get(id(sent), [])):
            key = v.name.split()[-1].lower()
            prior = found.get(key)
            if prior is None or len(v.name) > len(str(prior["name"])):
                desc = v.description or (prior or {}).get("description")
                found[key] = {"actor_id": None, "name": v.name, "description": desc}
            elif v.description and not prior.get("description"):
                prior["description"] = v.description
            facts.append(Fact("victim", v.name, _evidence(sent, article)))
    return list(found.values())


TARGET_WINDOW = re.compile(
    r"\b(?:attack(?:ed|s)? on|attacked|fire on|fired (?:at|on)|firing on|targeting|targeted|stormed|ambushed|struck"
    r"|hit|(?:blast|explosion|bomb) (?:at|near|outside|in)|abducted|kidnapped|killing|killed|injuring|wounding)"
    r"\s+((?:\S+\s+){0,7}\S+)",
    re.I,
)


def _target_text(sent: Span) -> str:
    """The words naming who or what was hit: the subjects of casualty phrases, the objects of attack verbs."""
    parts = [sent.text[c.start : c.end] for c in casualties.from_text(sent.text) + casualties.from_parse(sent)]
    parts += [m.group(1) for m in TARGET_WINDOW.finditer(sent.text)]
    return " | ".join(parts)


def _labels(
    event: _Event,
    table: str,
    column: str,
    article: Article,
    facts: list[Fact],
    text_of: Callable[[Span], str] = lambda s: s.text,
) -> list[str]:
    out: list[str] = []
    texts = [(sent, text_of(sent)) for sent in event.sentences]
    for label in labels(table, column):
        for sent, text in texts:
            if label.pattern.search(text):
                if label.label not in out:
                    out.append(label.label)
                    facts.append(Fact(column, label.label, _evidence(sent, article)))
                break
    return out


def _mark_background(reports: list[IncidentReport], anchor: Anchor) -> None:
    """An event dated well before the article's own news is background, mentioned in passing: the
    lead event after a month, any later one after a week."""
    if not reports or anchor.day is None:
        return
    for n, report in enumerate(reports):
        end = report.date.get("end")
        limit = anchor.day.toordinal() - (30 if n == 0 else 7)
        if report.date.get("basis") == "stated" and end and _ordinal(str(end)) < limit:
            report.background = True


def _ordinal(iso: str) -> int:
    return _iso(iso).toordinal()
