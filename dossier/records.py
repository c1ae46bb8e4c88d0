"""The records of the output contract (docs/design.md), as types: what the export writes, what the
API answers, what readers build. Pure types, no behaviour.

Evidence has one shape everywhere: offsets into the stored document text and the quoted text
(`text[start:end] == quote`). Sources, facts and aliases extend it."""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import TypedDict  # pydantic reads these on Python 3.11 only from typing_extensions


class Evidence(TypedDict):
    start: int
    end: int
    quote: str


class DateRecord(TypedDict):
    start: str | None
    end: str | None
    precision: str  # day | week | month | season | year | range | unknown
    basis: str | None  # stated | reported | publication | document | crawl | unknown


class PlaceRecord(TypedDict, total=False):
    name: str
    admin2: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: str  # point | neighbourhood | city | district | province | country | unknown
    city: str | None
    id: str | None  # the gazetteer row
    basis: str  # stated | dateline


class Count(TypedDict):
    low: int | None
    best: int | None
    high: int | None


class AttributionStep(TypedDict):
    status: str | None
    attributed_by: str | None
    article_id: str
    published: str | None


class Perpetrator(TypedDict, total=False):
    actor_id: str | None
    name: str
    status: str  # vocab.PERPETRATOR_STATUSES
    attributed_by: str | None
    history: list[AttributionStep]  # every report's attribution, oldest first


class Victim(TypedDict, total=False):
    actor_id: str | None
    name: str
    description: str | None


class IncidentSource(TypedDict):
    """One report of the incident: its article, and the sentence that says what happened (an
    Evidence; offsets are null only for a report stored before schema 5 whose sentence was not found)."""

    quote: str
    start: int | None
    end: int | None
    article_id: str
    report_id: str
    title: str | None
    published: str | None
    url: str | None


class IncidentRecord(TypedDict):
    kind: Literal["incident"]
    id: str
    type: str
    summary: str
    date: DateRecord
    place: PlaceRecord | None
    killed: Count
    injured: Count
    perpetrators_killed: Count
    perpetrators: list[Perpetrator]
    victims: list[Victim]
    targets: list[str]
    weapons: list[str]
    background: bool
    reports: list[str]
    sources: list[IncidentSource]


class Fact(Evidence):
    """One field of one report as a sentence states it (the incident page's evidence)."""

    id: str
    report_id: str
    article_id: str
    field: str
    value: Any
    status: str | None
    attributed_by: str | None
    extractor: str | None
    incident_id: str | None


class IncidentDetail(IncidentRecord):
    """An incident with the evidence of every field (`GET /api/incidents/{id}`)."""

    evidence: list[Fact]


class RelationSource(TypedDict, total=False):
    """A sentence that states the relation (Evidence plus its article), or the curated table row."""

    article_id: str
    title: str | None
    published: str | None
    quote: str
    start: int
    end: int
    status: str | None
    attributed_by: str | None
    table: str
    row: str
    note: str


class Designation(TypedDict, total=False):
    by: str
    authority: str
    date: str | None
    source: Literal["list", "text"]
    listed_as: str
    record_id: str | None
    url: str | None
    status: str
    sources: list[RelationSource]


class ActorRecord(TypedDict):
    kind: Literal["actor"]
    id: str
    actor_kind: str  # vocab.ACTOR_KINDS
    name: str
    aliases: list[str]
    designations: list[Designation]
    first_seen: str | None
    last_seen: str | None


class RelationRecord(TypedDict):
    kind: Literal["relation"]
    id: str
    subject: str
    predicate: str
    object: str | None
    place: str | None
    status: str  # vocab.RELATION_STATUSES
    attributed_by: str | None
    start: str | None
    end: str | None
    sources: list[RelationSource]


class ArticleRecord(TypedDict):
    kind: Literal["article"]
    id: str
    document_id: str
    title: str | None
    published: str | None
    dateline: str | None
    start: int
    end: int


# -- what the API answers besides the contract records --------------------------------------------
class ActorSummary(TypedDict):
    """One row of the actor list, most-named first."""

    id: str
    kind: str
    name: str
    aliases: list[str]
    articles: int
    mentions: int
    first_seen: str | None
    last_seen: str | None


class AliasInText(Evidence):
    name: str
    article_id: str


class ProfileRelation(RelationRecord):
    subject_name: str
    object_name: str | None


class ProfileSource(TypedDict):
    article_id: str
    title: str | None
    published: str | None
    url: str | None
    name: str


class ProfileIncident(TypedDict):
    id: str
    role: str  # perpetrator | victim
    type: str
    date: DateRecord
    summary: str


class ActorProfile(TypedDict, total=False):
    kind: Literal["actor"]
    id: str
    actor_kind: str
    name: str
    aliases: list[str]
    aliases_in_text: list[AliasInText]
    descriptions: list[str]
    designations: list[Designation]
    relations: list[ProfileRelation]
    merged: list[str]  # stored actor ids merged into this one
    first_seen: str | None
    last_seen: str | None
    sources: list[ProfileSource]
    sources_total: int
    incidents: list[ProfileIncident]
    incidents_total: int


class MonthCount(TypedDict):
    month: str
    count: int
    by_type: dict[str, int]


class TypeCount(TypedDict):
    type: str
    count: int


class ProvinceCount(TypedDict):
    province: str
    country: str | None
    count: int


class ActorCount(TypedDict):
    actor_id: str
    name: str
    count: int


class Stats(TypedDict):
    total: int
    killed: int
    injured: int
    by_month: list[MonthCount]
    by_type: list[TypeCount]
    by_province: list[ProvinceCount]
    by_actor: list[ActorCount]


class NetworkNode(TypedDict, total=False):
    id: str
    kind: Literal["actor", "incident"]
    actor_kind: str
    label: str


class NetworkEdge(TypedDict):
    id: str
    source: str
    target: str
    predicate: str
    status: str | None
    attributed_by: str | None
    start: str | None
    end: str | None


class Network(TypedDict):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool


class Span(TypedDict):
    """Where a fact, an entity mention or a relation sits in an article (offsets into its text)."""

    start: int
    end: int
    kind: Literal["fact", "entity", "relation"]
    field: str
    label: str
    report_id: str | None
    incident_id: str | None
    actor_id: str | None


class ArticleSpans(TypedDict):
    id: str
    document_id: str
    headline: str | None
    published: str | None
    published_source: str | None
    dateline: str | None
    byline: str | None
    url: str | None
    origin: str
    locator: str
    duplicate_of: str | None
    words: int | None
    text: str
    spans: list[Span]
