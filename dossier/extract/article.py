"""Everything read from one article, on one parse: incident reports, the actors it names and the
relations it states. The pipeline's entry point into `extract/`."""

from __future__ import annotations

import re
from functools import lru_cache

from dossier.extract import entities, relations
from dossier.extract.reports import context, parsed, renumber, reports_of
from dossier.extract.tables import any_trigger
from dossier.model import Article, Entity, IncidentReport, Relation
from dossier.reference.actor_matcher import default_matcher
from dossier.reference.names import person_key

NON_STATE = ("armed_group", "political_party", "organization")


@lru_cache(maxsize=1)
def _gate() -> re.Pattern[str]:
    """Relation cues ('alias', 'backed', 'banned', 'leader of')."""
    cues = (
        r"\b(alias|aka|also known as|formerly known|rebranded|renamed|front|offshoot|splinter|allegiance|affiliate|"
        r"allied|backed|sponsored|recruited|founded|founder|leader|chief|banned|proscribed|blacklist|designated|"
        r"member of)\b"
    )
    return re.compile(cues, re.I)


def _wanted(text: str) -> bool:
    """Worth parsing: an incident trigger, or a relation cue with a group or party named."""
    if any_trigger().search(text):
        return True
    return bool(_gate().search(text)) and any(m.kind in NON_STATE for m in default_matcher().find(text))


def read(
    doc_text: str, article: Article, published: str | None = None, crawled: str | None = None
) -> tuple[list[IncidentReport], list[Entity], list[Relation]]:
    reports: list[IncidentReport] = []
    named: list[Entity] = []
    found: list[Relation] = []
    pieces = 0
    for nlp_doc, part, text in parsed(doc_text, article, _wanted):
        pieces += 1
        table_mentions = default_matcher().find(text)
        ctx = context(nlp_doc, doc_text, part, published, crawled)
        part_reports = reports_of(nlp_doc, part, ctx, text)
        part_entities = entities.entities(nlp_doc, table_mentions, part, text)
        found += relations.extract(list(nlp_doc.sents), part_entities, ctx.places, part, ctx.anchor)
        found += relations.victims_killed_by(part_reports, part_entities, part)
        _link_victims(part_reports, part_entities)
        reports += part_reports
        named += part_entities
    found = _unique(found)
    return (renumber(reports, article) if pieces > 1 else reports), _worth_keeping(named, found, reports), found


def _worth_keeping(entities: list[Entity], found: list[Relation], reports: list[IncidentReport]) -> list[Entity]:
    """Actors an analyst would look up: table actors, groups, agencies and parties, people named in
    full, and any other name that takes part in a relation, has an alias or is a victim. The rest
    ("AFP", "Reuters", a lone "Khan") are names, not actors."""
    used = {r.subject for r in found} | {r.object for r in found if r.object}
    used |= {str(v["entity_id"]) for r in reports for v in r.victims if v.get("entity_id")}
    return [
        e
        for e in entities
        if e.table_id
        or e.id in used
        or e.aliases
        or e.kind in ("armed_group", "state_agency", "political_party")
        or (e.kind == "person" and len(person_key(e.name).split()) >= 2)
    ]


def _link_victims(reports: list[IncidentReport], entities: list[Entity]) -> None:
    """A report's named victims point at the article's entity for that person."""
    persons = {person_key(e.name): e for e in entities if e.kind == "person"}
    for r in reports:
        for v in r.victims:
            ent = persons.get(person_key(str(v.get("name") or "")))
            if ent is not None:
                v["entity_id"] = ent.id


def _unique(found: list[Relation]) -> list[Relation]:
    out: dict[str, Relation] = {}
    for r in found:
        out.setdefault(r.id, r)
    return list(out.values())
