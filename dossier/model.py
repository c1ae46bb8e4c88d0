"""The objects that flow through the pipeline. Pure data: no I/O, no imports from the package."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawRecord:
    """Bytes as they arrived, plus where they came from.

    `locator` pins a record inside a container (a JSONL line, a feed entry, a WARC record);
    `hints` carries metadata the container already knew (title, published, url, format).
    """

    data: bytes
    origin: str
    locator: str = ""
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    """Input that could not be used, and why. A value, never an exception."""

    origin: str
    locator: str
    reason: str  # a code from REASONS
    detail: str
    sha256: str = ""


REASONS = {
    "empty": "no content",
    "binary": "binary data, not text or HTML",
    "undecodable": "text encoding could not be determined",
    "too_large": "larger than the size limit",
    "not_english": "language is not English",
    "too_short": "too little prose to be an article",
    "too_long": "more text after cleaning than one document may hold: split it",
    "not_article": "no article text found",
    "parse_error": "container could not be parsed",
    "fetch_error": "URL could not be fetched",
    "unreadable": "file could not be read",
    "error": "the pipeline failed on this record (a bug: please report it with the input)",
    "timeout": "the pipeline took too long on this record (a bug: please report it with the input)",
    "unsupported": "format not supported",
}


@dataclass
class Article:
    """One story inside a cleaned document; offsets index into `Document.text`."""

    seq: int
    start: int
    end: int
    body_start: int
    body_end: int
    headline: str | None = None
    summary: list[str] = field(default_factory=list)
    dateline: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date
    published_source: str | None = None  # meta | stamp | dateline | dateline_line | document
    updated: str | None = None
    id: str = ""
    words: int = 0
    body_hash: str = ""  # sha256 of the whitespace-normalised body: exact duplicates
    signature: bytes = b""  # MinHash of the body's word shingles: near duplicates
    incidents: list[IncidentReport] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


@dataclass
class Document:
    """A cleaned input: one page, one JSONL row, one feed entry, one WARC response."""

    id: str
    origin: str
    locator: str
    format: str  # text | html | jsonl | feed | warc | url
    sha256: str
    size: int
    text: str
    language: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    crawled: str | None = None
    extractor: str = ""  # how the text was obtained: plain | trafilatura | baseline
    articles: list[Article] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # boilerplate removed, by rule name


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: offsets into the cleaned document text, and the sentence itself."""

    start: int
    end: int
    quote: str


@dataclass
class Fact:
    """One field of an incident report as the text states it, with its provenance."""

    field: str  # type | date | place | killed | injured | perpetrators_killed | perpetrator | victim | target | weapon
    # | participant (value {"role", "text", "start", "end", "score"}: a MUC-4 role, the words that fill
    # it and how sure the reader is)
    value: Any
    evidence: Evidence
    status: str | None = None  # perpetrators: claimed | accused | suspected | confirmed | denied | unknown
    attributed_by: str | None = None  # who says so, as written ("the CTD", "investigators", "IS")


@dataclass
class IncidentReport:
    """An incident as one article reports it. Incidents are assembled from reports when reading."""

    id: str
    article_id: str
    seq: int
    type: str
    summary: str
    date: dict[str, Any]  # start, end, precision, basis
    place: dict[str, Any] | None
    killed: dict[str, int | None]
    injured: dict[str, int | None]
    perpetrators_killed: dict[str, int | None]
    perpetrators: list[dict[str, Any]] = field(default_factory=list)
    victims: list[dict[str, Any]] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    background: bool = False  # mentioned in passing, not the article's news
    extractor: str = ""  # name/version of the code that read it
    summary_start: int | None = None  # where `summary` sits in the document text
    summary_end: int | None = None


@dataclass
class Entity:
    """An actor as one article names it: its mentions (coreferent within the article), the names
    the text gives it, and the table actor it matched, if any. Resolved to actors when stored."""

    id: str  # ent_…, stable for the article
    kind: str  # armed_group | person | state_agency | state | political_party | organization
    name: str  # the fullest name the article uses
    mentions: list[tuple[int, int]]  # document offsets
    table_id: str | None = None  # the row of the curated actor table it matched
    aliases: list[tuple[str, Evidence]] = field(default_factory=list)  # other names the text gives it
    description: str | None = None  # rank or title written before a person's name


@dataclass
class Relation:
    """A statement that links two actors (or an actor and a place), with who makes it and how sure."""

    id: str
    subject: str  # entity id
    predicate: str
    object: str | None  # entity id; None when the object is a place
    evidence: Evidence
    status: str = "reported"  # reported | claimed | accused | suspected | confirmed | denied
    attributed_by: str | None = None
    place: str | None = None  # based_in / operates_in: the place as written
    date: dict[str, Any] | None = None  # start, end, precision
