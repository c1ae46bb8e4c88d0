"""Incident reports from one article: trigger sentences grouped into events, each event's fields
read from its sentences, every field with the sentence it came from.

A pure function of the article text and the packaged reference data, so it runs anywhere."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import date as date_t
from typing import Any

from spacy.tokens import Doc, Span

from dossier.extract import casualties, localities, participants, parties, where
from dossier.extract.events import FAMILY, Event, evidence, group_events, iso_day, sentence_dates
from dossier.extract.numbers import Count
from dossier.extract.tables import any_trigger, labels, scope_rules, type_cues
from dossier.extract.when import Anchor, document_anchor
from dossier.ids import make_id
from dossier.model import Article, Fact, IncidentReport
from dossier.nlp.model import load_nlp
from dossier.reference.actor_matcher import ActorMatcher, default_matcher
from dossier.reference.gazetteer import Gazetteer, Place, load_gazetteer

EXTRACTOR = "incidents/0.1"


def extract(
    doc_text: str, article: Article, published: str | None = None, crawled: str | None = None
) -> list[IncidentReport]:
    """Incident reports only (the MUC-4 evaluation's entry point); `read_article` does everything."""
    reports: list[IncidentReport] = []
    pieces = 0
    for nlp_doc, part, text in parsed(doc_text, article, lambda t: bool(any_trigger().search(t))):
        ctx = context(nlp_doc, doc_text, part, published, crawled)
        reports += reports_of(nlp_doc, part, ctx, text)
        pieces += 1
    return renumber(reports, article) if pieces > 1 else reports


def parsed(
    doc_text: str, article: Article, wanted: Callable[[str], bool] | None = None
) -> Iterator[tuple[Doc, Article, str]]:
    """The article's body parsed by spaCy, with the article narrowed to each parsed piece and the
    piece's text: a huge body is read in paragraph-aligned pieces, within spaCy's limits. Only
    pieces `wanted` accepts are parsed: irrelevant text costs a regex scan, no NLP."""
    body = doc_text[article.body_start : article.body_end]
    for start, end in _chunks(body) if len(body) > CHUNK else [(0, len(body))]:
        text = body[start:end]
        if wanted is None or wanted(text):
            part = dc_replace(article, body_start=article.body_start + start, body_end=article.body_start + end)
            yield load_nlp()(text), part, text


def renumber(reports: list[IncidentReport], article: Article) -> list[IncidentReport]:
    """Report ids by position in the whole article, once its pieces' reports are put together."""
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


@dataclass
class Context:
    """What every reader of one parsed piece shares: the date the text is anchored to, and the
    places each sentence names (with all the article's place names, which disambiguate them)."""

    anchor: Anchor
    place_names: list[str]
    places: PlaceCache
    published: str | None


def context(nlp_doc: Doc, doc_text: str, article: Article, published: str | None, crawled: str | None) -> Context:
    anchor = document_anchor(published or article.published, doc_text)
    if anchor.day is None and crawled:  # published on or just before the crawl: a day-precise upper bound
        crawl = document_anchor(crawled, "")
        anchor = Anchor(crawl.day, crawl.precision, "crawl")
    names, cache = _place_context(nlp_doc, load_gazetteer(), article)
    return Context(anchor, names, cache, published)


def reports_of(nlp_doc: Doc, article: Article, ctx: Context, text: str) -> list[IncidentReport]:
    if not any_trigger().search(text):
        return []
    gaz, matcher = load_gazetteer(), default_matcher()

    def places(sent: Span) -> list[Place]:
        found = ctx.places.get((sent.start, sent.end), [])
        return [p for m in found if (p := gaz.resolve(m.text, ctx.place_names)) is not None]

    events = group_events(list(nlp_doc.sents), ctx.anchor, places)
    reports = []
    events = [e for e in events if out_of_scope(e, article.headline) is None]
    for seq, event in enumerate(events):
        report = _report(event, seq, article, ctx.anchor, gaz, matcher, (ctx.place_names, ctx.places), ctx.published)
        if report is not None:
            reports.append(report)
    reports = _fold_repeats(reports)
    _mark_background(reports, ctx.anchor)
    return reports


def out_of_scope(event: Event, headline: str | None = None) -> str | None:
    """Why the manual leaves this event out (a private quarrel, an accident, a tally, a warrant),
    read in its lead sentence; None when it is in scope."""
    lead = event.trigger_types[0][2].text
    whole = " ".join(s.text for s in event.sentences)
    for rule in scope_rules():
        if rule.reason == "crime_arrest":  # an arrest is in scope for political violence only (manual, section 1)
            arrest = FAMILY.get(max(event.trigger_types)[1]) == "arrest"
            if arrest and rule.unless is not None and not rule.unless.search(whole + " " + (headline or "")):
                return rule.reason
        elif rule.reason == "generic":  # talk of many attacks or of the future, with no figure of its own
            if rule.pattern.search(lead) and not casualties.read(event.trigger_types[0][2]) and event.date is None:
                return rule.reason
        elif rule.pattern.search(lead) and not (rule.unless and rule.unless.search(lead)):
            return rule.reason
    return None


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


PlaceCache = dict[tuple[int, int], list[where.PlaceMention]]


def _place_context(nlp_doc: Doc, gaz: Gazetteer, article: Article) -> tuple[list[str], PlaceCache]:
    """Every place the article names (the context that disambiguates each one), and each
    sentence's place mentions, kept so that event sentences are not scanned twice."""
    names = [article.dateline.split(",")[0].title()] if article.dateline else []
    cache: PlaceCache = {}
    for sent in nlp_doc.sents:
        cache[(sent.start, sent.end)] = found = where.mentions(sent, gaz)
        names += [m.text for m in found]
    return names, cache


def _report(
    event: Event,
    seq: int,
    article: Article,
    anchor: Anchor,
    gaz: Gazetteer,
    matcher: ActorMatcher,
    places: tuple[list[str], PlaceCache],
    published: str | None,
) -> IncidentReport | None:
    context, place_cache = places
    trigger_sent = event.trigger_types[0][2]
    facts: list[Fact] = []
    actor_mentions = {id(s): matcher.find(s.text) for s in event.sentences}
    mentions_blocked = {  # names of groups and agencies are not places; a state's name may be one
        id(s): [(m.start, m.end) for m in actor_mentions[id(s)] if m.kind != "state"] for s in event.sentences
    }

    # casualties
    cas: list[tuple[casualties.Casualty, Span]] = []
    for sent in event.sentences:
        cas += [(c, sent) for c in casualties.read(sent)]
    if _operation_like(event):  # people the forces killed in an operation are militants, unless named otherwise
        cas = [(_as_militants(c, sent), sent) for c, sent in cas]
    figures: dict[str, Count | None] = {}
    found_all = [c for c, _ in cas]
    for key, kind, whom in (
        ("killed", "killed", "victims"),
        ("injured", "injured", "victims"),
        ("perpetrators_killed", "killed", "perpetrators"),
    ):
        figures[key] = casualties.total(found_all, kind, whom)
        for c, sent in cas:
            if c.kind == kind and c.who == whom:
                facts.append(Fact(key, c.count.as_dict(), evidence(sent, article)))

    kind = _type(event, figures)
    _zero_when_described(figures, kind, event)
    typed = next((s for _, t, s in event.trigger_types if t == kind), trigger_sent)  # a type the cues settled: the lead
    facts.insert(0, Fact("type", kind, evidence(typed, article)))

    # date
    date_value, basis, date_sent = _date(event, trigger_sent, anchor, published)
    if date_sent is not None:
        facts.append(Fact("date", date_value, evidence(date_sent, article)))

    # place
    cands = []
    for rank, sent in enumerate(event.sentences):
        blocked = mentions_blocked[id(sent)]
        cached = place_cache.get((sent.start, sent.end))
        named = cached if cached is not None and not blocked else where.mentions(sent, gaz, blocked)
        cands += [(rank, m, sent) for m in named]
    picked = where.choose([(r, m) for r, m, _ in cands], gaz, context)
    place = None
    chosen = None if picked is None else picked[1].place
    narrower = _locality(event, chosen, gaz, context, mentions_blocked)
    if narrower is not None:
        place, sent = narrower
        facts.append(Fact("place", place, evidence(sent, article)))
    elif picked is not None:
        rank, m = picked
        assert m.place is not None
        sent = next(s for r, mm, s in cands if r == rank and mm.start == m.start)
        place = where.as_dict(m.place) | {"basis": "stated"}
        facts.append(Fact("place", place, evidence(sent, article)))
    else:
        place = _unknown_place(trigger_sent, mentions_blocked[id(trigger_sent)], article, facts)
        if place is None:
            place = _nearby_place(event, gaz, context, article, facts)
        if place is None and article.dateline:
            resolved = gaz.resolve(article.dateline.split("/")[-1].split(",")[0].strip().title(), context)
            if resolved is not None:
                place = where.as_dict(resolved) | {"basis": "dateline"}

    # perpetrators, victims
    perpetrators, exclude, against = parties.perpetrators(event, kind, actor_mentions, article, facts)
    victims = parties.victims(event, exclude, article, facts) + against

    seized = type_cues()["seizure"]  # "recovered two Kalashnikovs and explosives": not what was used
    for f in participants.of_sentences(event.sentences):  # who and what took part, as written
        start = article.body_start + f.start
        sent = next(s for s in event.sentences if s.start_char <= f.start < s.end_char)
        at = f.start - sent.start_char
        if f.role == "Weapon" and any(m.start() <= at < m.end() for m in seized.finditer(sent.text)):
            continue
        value = {"role": f.role, "text": f.text, "start": start, "end": start + len(f.text), "score": round(f.score, 3)}
        facts.append(Fact("participant", value, evidence(sent, article)))

    targets = _labels(event, "targets.tsv", "target", article, facts, _target_text)
    weapons = _labels(event, "weapons.tsv", "weapon", article, facts, lambda s: seized.sub(" ", s.text))
    if "suicide_vest" in weapons or "vehicle_bomb" in weapons or "ied" in weapons:
        weapons = [w for w in weapons if w != "explosives"]

    summary = trigger_sent.text.strip()[:400]
    summary_start = (
        article.body_start + trigger_sent.start_char + len(trigger_sent.text) - len(trigger_sent.text.lstrip())
    )
    return IncidentReport(
        id=make_id("rep", article.id, str(seq)),
        article_id=article.id,
        seq=seq,
        type=kind,
        extractor=EXTRACTOR,
        summary=summary,
        summary_start=summary_start,
        summary_end=summary_start + len(summary),
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


def _locality(
    event: Event,
    chosen: Place | None,
    gaz: Gazetteer,
    context: list[str],
    blocked: dict[int, list[tuple[int, int]]],
) -> tuple[dict[str, Any], Span] | None:
    """A village, neighbourhood or site the text names inside the chosen place (or inside any place,
    when none was chosen), more specific than it: the manual's "most specific place named"."""
    rank = where.SPECIFICITY
    for n, sent in enumerate(event.sentences):
        for loc in localities.find(sent.text, gaz, context, blocked[id(sent)]):
            outer = loc.within
            lead = n == 0 and (
                chosen is None or chosen.name.lower() in loc.name.lower() or chosen.country != outer.country
            )
            named_in = chosen is not None and (outer.id == chosen.id or outer.name == chosen.name)
            inside = chosen is not None and (named_in or where.within(chosen, outer))
            if chosen is not None and not (inside or lead):
                continue  # a place of the lead sentence, written as "X area of Y", outranks a looser match
            if chosen is not None and inside and not named_in and rank[loc.precision] >= rank.get(chosen.precision, 9):
                continue  # a locality named inside the chosen place itself ("Bihar Colony area of Lyari") is finer
            if loc.place is not None:
                return where.as_dict(loc.place) | {"basis": "stated"}, sent
            return _under(loc.name, loc.precision, outer), sent
    if chosen is not None and chosen.precision in ("district", "city"):
        for sent in event.sentences:
            for _, _, name, precision in localities.bare(sent.text, blocked[id(sent)]):
                if gaz.resolve(name, context) is None and rank[precision] < rank[chosen.precision]:
                    return _under(name, precision, chosen), sent
    return None


def _under(name: str, precision: str, outer: Place) -> dict[str, Any]:
    """A locality the gazetteer lacks, kept by name under the place that holds it."""
    return {
        "name": name,
        "admin2": outer.admin2 or (outer.name if outer.precision == "district" else None),
        "admin1": outer.admin1 or (outer.name if outer.precision == "province" else None),
        "country": outer.country,
        "lat": outer.lat,
        "lon": outer.lon,
        "precision": precision,
        "city": outer.name if outer.precision == "city" else outer.city,
        "id": None,
        "basis": "stated",
    }


def _nearby_place(
    event: Event, gaz: Gazetteer, context: list[str], article: Article, facts: list[Fact]
) -> dict[str, Any] | None:
    """An incident whose sentences name no place: the place of the sentences around it that report
    no other incident ("... commended the forces for the operation. The operation in Zhob district
    ..."), then the headline's, before the dateline, which in statement pieces is where the
    statement was made."""
    sents = list(event.sentences[0].doc.sents)
    first = next(i for i, s in enumerate(sents) if s.start == event.sentences[0].start)
    last = next(i for i, s in enumerate(sents) if s.start == event.sentences[-1].start)
    near = [sents[i] for i in (first - 1, last + 1, first - 2, last + 2) if 0 <= i < len(sents)]
    for sent in near:
        if any_trigger().search(sent.text) and not casualties.read(sent):
            continue
        found = [(0, m) for m in where.mentions(sent, gaz)]
        picked = where.choose(found, gaz, context)
        if picked is not None and _local(picked[1].place):
            assert picked[1].place is not None
            place = where.as_dict(picked[1].place) | {"basis": "stated"}
            facts.append(Fact("place", place, evidence(sent, article)))
            return place
    if article.headline:
        found = [(0, m) for m in where.mentions(load_nlp()(article.headline)[:], gaz)]
        picked = where.choose(found, gaz, context)
        if picked is not None and _local(picked[1].place):
            assert picked[1].place is not None
            return where.as_dict(picked[1].place) | {"basis": "headline"}
    return None


def _local(place: Place | None) -> bool:
    """A district or anything smaller: a province or a country named nearby says little about the site."""
    return place is not None and where.SPECIFICITY.get(place.precision, 9) <= where.SPECIFICITY["district"]


def _operation_like(event: Event) -> bool:
    types = {t for _, t, _ in event.trigger_types}
    text = " ".join(s.text for s in event.sentences)
    return "security_operation" in types and not type_cues()["militant_attack"].search(text)


def _as_militants(c: casualties.Casualty, sent: Span) -> casualties.Casualty:
    """A death the forces caused in an operation is a militant's, unless the text says who fell."""
    if c.who != "victims" or c.kind != "killed":
        return c
    words = sent.text[c.start : c.end]
    if casualties.VICTIM_NOUNS.search(words) or not type_cues()["response"].search(sent.text):
        return c
    return casualties.Casualty(c.kind, "perpetrators", c.count, c.start, c.end, c.additive)


def _zero_when_described(figures: dict[str, Count | None], kind: str, event: Event) -> None:
    """The coding manual's zero rule (section 7): a violent event whose outcome the text describes
    (someone killed or hurt on either side, or "no casualties") has 0 for the victims' deaths or
    injuries it does not mention; an arrest, a designation or a protest that reports no violence
    has no counts at all."""
    if FAMILY.get(kind) is not None:
        for key, value in figures.items():
            if value is not None and value.best == 0:
                figures[key] = None
        return
    if any(v is not None for v in figures.values()):
        for key in ("killed", "injured"):
            if figures[key] is None:
                figures[key] = Count(0, 0, 0)


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
                    "city": None,
                    "id": None,
                    "basis": "stated",
                }
                facts.append(Fact("place", place, evidence(sent, article)))
                return place
    return None


def _type(event: Event, figures: dict[str, Count | None]) -> str:
    """The type the trigger words give (the highest priority among them), settled where they leave
    it open by what the text says happened (type_cues.tsv; the coding manual, section 4)."""
    cue = {name: bool(p.search(" ".join(s.text for s in event.sentences))) for name, p in type_cues().items()}
    types = {t for _, t, _ in event.trigger_types}
    if cue["seizure"] and "bombing" in types and not _exploded(event):
        types.discard("bombing")  # explosives recovered in a raid are no bombing
    ranked = [t for _, t, _ in sorted(event.trigger_types, key=lambda x: -x[0]) if t in types]
    kind = ranked[0] if ranked else event.trigger_types[0][1]
    hurt = any(f is not None and (f.best or f.low or 0) > 0 for f in figures.values())
    if kind == "kidnapping" and cue["rescue"] and ({"security_operation", "arrest"} & types or cue["operation"]):
        kind = "security_operation" if hurt or cue["firefight"] else "arrest"  # a raid that freed hostages
    if kind in ("armed_assault", "other", "security_operation") and (
        "security_operation" in types or cue["operation"] or cue["response"]
    ):
        attacked = cue["militant_attack"] and not cue["operation"]  # forces that kill attackers answer an attack
        kind = "armed_assault" if attacked and kind in ("armed_assault", "security_operation") else "security_operation"
    if kind == "armed_assault" and cue["shooting"] and not cue["forces_target"] and _named_few(event, figures):
        kind = "targeted_killing"  # gunmen who shot one to three people the text names (manual 4.3)
    if kind == "security_operation" and "arrest" in types and not hurt and not cue["firefight"]:
        kind = "arrest"  # a raid that ended in arrests, no shot fired (manual 4.10)
    return kind


NAMED = re.compile(
    r"\b(identified as|named|[A-Z][a-z]+ \(\d{1,2}\)|(leader|worker|activist|member|cleric|elder|"
    r"journalist|doctor|lawyer|teacher|official|officer|councillor|professor|chief|head) (of|identified))"
)


def _named_few(event: Event, figures: dict[str, Count | None]) -> bool:
    """One to three people hurt, named or described as individuals ("identified as Yasir (35)")."""
    hurt = sum((f.best or 0) for k, f in figures.items() if k in ("killed", "injured") and f is not None)
    return 1 <= hurt <= 3 and any(NAMED.search(s.text) for s in event.sentences)


EXPLODED = re.compile(
    r"\b(blast|explo(ded|sion)|went off|detonat(ed|ion|e)|ripped through|hurled|lobbed|hit by|struck by)\b", re.I
)


def _exploded(event: Event) -> bool:
    return any(EXPLODED.search(s.text) for s in event.sentences)


def _date(
    event: Event, trigger_sent: Span, anchor: Anchor, published: str | None
) -> tuple[dict[str, str | None], str, Span | None]:
    if event.date is not None:
        return event.date.value.as_dict(), "stated", event.date_sentence
    reported = [d for d in sentence_dates(trigger_sent, anchor) if d.reporting]
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


TARGET_WINDOW = re.compile(
    r"\b(?:attack(?:ed|s)? on|attacked|fire on|fired (?:at|on)|firing on|targeting|targeted|stormed|ambushed|struck"
    r"|hit|(?:blast|explosion|bomb) (?:at|near|outside|in)|abducted|kidnapped|killing|killed|injuring|wounding)"
    r"\s+((?:\S+\s+){0,7}\S+)",
    re.I,
)


def _target_text(sent: Span) -> str:
    """The words naming who or what was hit: the subjects of casualty phrases, the objects of attack verbs."""
    parts = [sent.text[c.start : c.end] for c in casualties.read(sent)]
    parts += [m.group(1) for m in TARGET_WINDOW.finditer(sent.text)]
    return " | ".join(parts)


def _labels(
    event: Event,
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
                    facts.append(Fact(column, label.label, evidence(sent, article)))
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
    return iso_day(iso).toordinal()
