"""The REST API: what the store holds, paged and filtered, and the two ways to change it (ingest
and merge decisions). Every route reads through `Store`, under the request's time limit."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import PurePath
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, File, HTTPException, Path, Query, Request, Response, UploadFile
from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from dossier import __version__, validate
from dossier.api.access import COOKIE, Settings, valid
from dossier.api.errors import RESPONSES, error
from dossier.api.limits import Limited
from dossier.ingest.fetch import private_urls
from dossier.ingest.sources import DEFAULT_MAX_BYTES, MAX_UPLOAD, Input
from dossier.model import Document, Rejection
from dossier.records import ActorProfile, ActorSummary, ArticleSpans, IncidentDetail, IncidentRecord, Network, Stats
from dossier.reference.gazetteer import basemap as gazetteer_points
from dossier.runner import ingest
from dossier.store import Store
from dossier.store.filters import Filters
from dossier.vocab import INCIDENT_TYPES

T = TypeVar("T")
MAX_PAGE = 500
MAX_URLS = 20


router = APIRouter(responses=RESPONSES)
_ingesting = threading.Lock()


class Page(BaseModel):
    total: int
    limit: int
    offset: int


class IncidentPage(Page):
    items: list[IncidentRecord]


class ActorPage(Page):
    items: list[ActorSummary]


def _run(request: Request, work: Callable[[Store], T]) -> T:
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    store.ensure_fresh()  # catching up after a write may take longer than one query may
    with Limited(settings.time_limit):
        return work(store)


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"rows per page (at most {MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
NUMBER = r"\s*-?\d{1,3}(\.\d{1,12})?\s*"
BBOX = f"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$"
NO_NUL = r"^[^\x00]*$"  # what api/edge.py lets through, written in the schema
DAY = {"pattern": validate.DAY_PATTERN, "maxLength": 10}  # in the schema; validate.day checks it, in its own words
Day = Annotated[str | None, Query(description=f"{validate.DAY_FORMS}, of the calendar", json_schema_extra=DAY)]
Until = Annotated[
    str | None, Query(description=f"{validate.DAY_FORMS}; a year or month: to its end", json_schema_extra=DAY)
]


def _text(description: str, max_length: int = 200) -> Any:
    return Query(description=description, max_length=max_length, pattern=NO_NUL)


def _filters(
    type: Annotated[str | None, Query(description="incident type (the taxonomy's)", max_length=40,
                                      json_schema_extra={"enum": list(INCIDENT_TYPES)})] = None,
    since: Day = None,
    until: Until = None,
    place: Annotated[str | None, _text("place, district, province or country")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees", pattern=BBOX)] = None,
    actor: Annotated[str | None, _text("actor id, name or alias (either side)")] = None,
    q: Annotated[str | None, _text("words that must all occur")] = None,
    background: Annotated[bool, Query(description="include events mentioned only as background")] = True,
) -> Filters:  # fmt: skip
    box = None
    if bbox:  # four numbers (the pattern): in any order of corners, a box of the two that span it
        west, south, east, north = (float(x) for x in bbox.split(","))
        box = (min(west, east), min(south, north), max(west, east), max(south, north))
    return validate.incident_filters(type, since, until, place, actor, background, box, q)


Filtered = Annotated[Filters, Depends(_filters)]


@router.get("/config", summary="Settings the UI needs")
def config(request: Request) -> dict[str, Any]:
    s: Settings = request.app.state.settings
    return {"tiles": s.tiles, "tiles_attribution": s.tiles_attribution, "read_open": s.loopback, "version": __version__}


@router.get("/incidents", summary="Incidents, latest first, filtered and paged")
def incidents(request: Request, f: Filtered, limit: Limit = 50, offset: Offset = 0) -> IncidentPage:
    total, items = _run(request, lambda s: s.incident_page(f, limit, offset))
    return IncidentPage(total=total, limit=limit, offset=offset, items=items)


@router.get("/incidents/{incident_id}", summary="One incident with its sources and the evidence of every field")
def incident(request: Request, incident_id: Annotated[str, Path(max_length=80, pattern=NO_NUL)]) -> IncidentDetail:
    return _run(request, lambda s: s.incident(incident_id))


@router.get("/stats", summary="Counts by month, type, province and perpetrator, under the incident filters")
def stats(request: Request, f: Filtered) -> Stats:
    return _run(request, lambda s: s.stats(f))


@router.get("/actors", summary="Actors, most-named first")
def actors(
    request: Request,
    kind: Annotated[
        str | None, Query(description="armed_group, person, state_agency, state, ...", max_length=40, pattern=NO_NUL)
    ] = None,
    q: Annotated[str | None, Query(description="text in a name or alias", max_length=200, pattern=NO_NUL)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ActorPage:
    total, items = _run(request, lambda s: s.actor_page(kind, q, limit, offset))
    return ActorPage(total=total, limit=limit, offset=offset, items=items)


@router.get("/actors/{actor_ref}", summary="One actor: aliases, designations, relations, incidents, sources")
def actor(
    request: Request,
    actor_ref: Annotated[str, Path(max_length=200, pattern=NO_NUL, description="actor id, name or alias")],
    incidents: Annotated[int, Query(ge=0, le=MAX_PAGE, description="latest incidents to include")] = 200,
) -> ActorProfile:
    return _run(request, lambda s: s.actor(actor_ref, incidents))


@router.get("/network", summary="Actors and the relations between them (optionally incidents)")
def network(
    request: Request,
    kinds: Annotated[
        str | None, Query(description="comma-separated actor kinds to keep", max_length=400, pattern=NO_NUL)
    ] = None,
    predicates: Annotated[
        str | None, Query(description="comma-separated relations to keep", max_length=800, pattern=NO_NUL)
    ] = None,
    incidents: Annotated[int, Query(ge=0, le=2000, description="link the latest N incidents to their actors")] = 0,
    limit: Annotated[int, Query(ge=1, le=5000, description="most actors to return, best connected first")] = 500,
) -> Network:
    keep_kinds = {k.strip() for k in kinds.split(",") if k.strip()} if kinds else None
    keep_predicates = {p.strip() for p in predicates.split(",") if p.strip()} if predicates else None
    return _run(request, lambda s: s.network(keep_kinds, keep_predicates, incidents, limit))


@router.get("/articles/{article_id}", summary="One article: its text and the span of every fact drawn from it")
def article(request: Request, article_id: Annotated[str, Path(max_length=80, pattern=NO_NUL)]) -> ArticleSpans:
    art = _run(request, lambda s: s.article_with_spans(article_id))
    origin = art.get("origin") or ""
    if not origin.startswith(("http://", "https://", "api:", "upload:", "<")):
        art["origin"] = PurePath(origin).name  # a file's name, not where it lies on the server
    return art


@router.get("/basemap", summary="Places of the shipped gazetteer as GeoJSON points (the offline base layer)")
def basemap() -> dict[str, Any]:
    return gazetteer_points()


# -- changing the store ---------------------------------------------------------------------------
def _no_nul(value: str) -> str:
    if "\x00" in value:  # as validate.text refuses it in a query (api/edge.py) or a command's option
        raise PydanticCustomError("nul_byte", validate.NUL_MESSAGE)
    return value


Text = Annotated[str, AfterValidator(_no_nul), Field(json_schema_extra={"pattern": NO_NUL})]


class TextIn(BaseModel):
    text: Text = Field(min_length=1, max_length=DEFAULT_MAX_BYTES, description="the article (plain text or HTML)")
    title: Text | None = Field(None, max_length=1000)
    url: Text | None = Field(None, max_length=4000)
    published: Text | None = Field(None, max_length=40, description="publication date, any common format")


class UrlsIn(BaseModel):
    urls: list[Annotated[str, AfterValidator(_no_nul), Field(pattern=r"^https?://", max_length=4000)]] = Field(
        min_length=1, max_length=MAX_URLS
    )


class DecisionIn(BaseModel):
    action: Literal["merge", "unmerge"]
    first: Text = Field(min_length=1, max_length=200, description="incident id, or actor id or name")
    second: Text = Field(
        min_length=1, max_length=200, description="merge: the other; unmerge: the report or actor to take out"
    )
    by: str = Field("api", max_length=80, pattern=r"^[\w.@-]+$")
    reason: Text = Field("", max_length=2000)


class SessionIn(BaseModel):
    token: Text = Field(min_length=1, max_length=400)


def _ingest(request: Request, inputs: list[Input]) -> dict[str, Any]:
    stored: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    unchanged: list[str] = []

    def seen(item: Any) -> None:
        if isinstance(item, Rejection):
            rejected.append(
                {"origin": item.origin, "locator": item.locator, "reason": item.reason, "detail": item.detail}
            )
        elif isinstance(item, Document):
            stored.extend({"article_id": a.id, "headline": a.headline, "published": a.published,
                           "reports": [r.id for r in a.incidents]} for a in item.articles)  # fmt: skip
        else:
            unchanged.append(item.origin)

    store: Store = request.app.state.store
    with _ingesting:  # one ingest at a time: the pipeline holds the write lock while it runs
        report = ingest(inputs, store, command="api ingest", on_item=seen)
    for entry in stored:
        entry["incidents"] = store.incidents_of_reports(entry.pop("reports"))
    return {"run": report.as_dict(), "stored": stored, "unchanged": unchanged, "rejected": rejected}


@router.post("/ingest/text", summary="Ingest one article given as text; returns what was stored or rejected")
def ingest_text(request: Request, body: TextIn) -> dict[str, Any]:
    row = {"text": body.text, "title": body.title, "url": body.url, "published": body.published}
    data = json.dumps({k: v for k, v in row.items() if v}).encode()
    return _ingest(request, [Input("bytes", body.url or "api:text", data + b"\n")])


@router.post("/ingest/file", summary="Ingest an uploaded file (HTML, text, JSONL, feed, WARC, zip, ...)")
def ingest_file(request: Request, file: Annotated[UploadFile, File()]) -> dict[str, Any]:
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:  # refused whole: a container cut short would read as a broken one
        raise HTTPException(413, f"the file is larger than {MAX_UPLOAD} bytes; ingest it with `dossier ingest`")
    name = f"upload:{file.filename or 'file'}"
    return _ingest(request, [Input("bytes", name, data)])


@router.post(
    "/ingest/urls", summary="Fetch these pages and ingest them (public addresses only, unless the server allows more)"
)
def ingest_urls(request: Request, body: UrlsIn) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    with private_urls(settings.allow_private_urls):
        return _ingest(request, [Input("url", u) for u in body.urls])


@router.post("/decisions", summary="Record a person's merge or unmerge of incidents or actors")
def decide(request: Request, body: DecisionIn) -> dict[str, str]:
    store: Store = request.app.state.store
    act = store.merge if body.action == "merge" else store.unmerge
    return {"message": act(body.first, body.second, f"user:{body.by}", body.reason)}


@router.post("/session", status_code=204, summary="Log in: checks the token and keeps it in a session cookie")
def login(request: Request, body: SessionIn) -> Response:
    settings: Settings = request.app.state.settings
    if not valid(settings, body.token):
        return error(403, "the token is not valid")
    response = Response(status_code=204)
    response.set_cookie(COOKIE, body.token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/logout", status_code=204, summary="Log out: forget the session cookie")
def logout() -> Response:
    response = Response(status_code=204)
    response.delete_cookie(COOKIE)
    return response
