"""One FastAPI app serving the REST API under /api and the web UI (dossier/web/static) at /.

Access: bound to loopback, reading is open and writing needs a token; bound to any other address,
every request needs one, except the static UI shell (code, no data) and the login call. Tokens come
from the settings (DOSSIER_TOKENS, or `dossier serve --token-file`), sent as `Authorization:
Bearer TOKEN` or as the session cookie that POST /api/session sets. Open reads answer only to
loopback host names (and any configured), so a web page whose name is re-pointed at 127.0.0.1
cannot read through the visitor's browser; a write carried by the cookie alone must come from
this server's own pages (Origin or Referer), so another site cannot post a form to it.

Every error, whatever raised it, answers {"error": {"status", "code", "message"}}. Every query a
request runs stops after `time_limit` seconds (a 503 with code "timeout")."""

from __future__ import annotations

import hmac
import ipaddress
import os
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware

from dossier import __version__
from dossier.errors import DossierError, InputError, NotFound
from dossier.ingest.sources import DEFAULT_MAX_BYTES
from dossier.store.sql import Store

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
COOKIE = "dossier_session"
MAX_BODY = DEFAULT_MAX_BYTES + 1024 * 1024  # the largest document ingest takes, and room for the form around it
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    411: "length_required",
    413: "too_large",
    422: "invalid",
    500: "internal",
    503: "timeout",
}


@dataclass
class Settings:
    db: str
    host: str = "127.0.0.1"
    tokens: list[str] = field(default_factory=list)
    tiles: str | None = None  # an online tile URL template, for users who want one
    tiles_attribution: str | None = None
    time_limit: float = 10.0  # seconds any one request's queries may run
    host_names: list[str] = field(default_factory=list)  # names clients may use besides loopback ones

    def names(self) -> set[str]:
        """Host names open reads answer to: loopback's, the bound address, and any configured."""
        return {"127.0.0.1", "localhost", "::1", self.host.lower(), *(n.lower() for n in self.host_names)}

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def tokens_from(env: str | None = None, file: str | None = None) -> list[str]:
    """Tokens from a comma-separated variable and/or a file with one per line (blank lines and
    '#' comments skipped)."""
    out = [t.strip() for t in (env if env is not None else os.environ.get("DOSSIER_TOKENS", "")).split(",")]
    if file:
        out += [line.strip() for line in Path(file).read_text().splitlines() if not line.strip().startswith("#")]
    return [t for t in out if t]


def error(status: int, message: str, code: str | None = None, headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = {"error": {"status": status, "code": code or CODES.get(status, "error"), "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


# -- time limit: a deadline per thread, checked by SQLite while a query runs ----------------------
_deadline = threading.local()


class QueryTimeout(DossierError):
    pass


def _sqlite_progress(dbapi_conn: Any, _record: Any) -> None:
    def check() -> int:
        until = getattr(_deadline, "until", None)
        return 1 if until is not None and time.monotonic() > until else 0

    dbapi_conn.set_progress_handler(check, 20_000)


class Limited:
    """`with Limited(seconds):` around the store calls of one request."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        _deadline.until = time.monotonic() + self.seconds

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        _deadline.until = None
        stopped = isinstance(exc, OperationalError) and "interrupted" in str(exc.orig)  # by _sqlite_progress
        cancelled = isinstance(exc, OperationalError) and "statement timeout" in str(exc.orig)  # by PostgreSQL
        if stopped or cancelled:
            raise QueryTimeout(f"the query took longer than {self.seconds:g} s; narrow the filters") from exc


def open_store(settings: Settings) -> Store:
    store = Store(settings.db)
    if store.engine.dialect.name == "sqlite":
        event.listen(store.engine, "connect", _sqlite_progress)
        store.engine.dispose()  # connections made before the listener lack the handler
    elif store.engine.dialect.name == "postgresql":
        ms = int(settings.time_limit * 1000)

        def statement_timeout(dbapi_conn: Any, _record: Any) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute(f"SET statement_timeout = {ms}")

        event.listen(store.engine, "connect", statement_timeout)
        store.engine.dispose()
    return store


# -- access ---------------------------------------------------------------------------------------
def _token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get(COOKIE)


def _public(request: Request) -> bool:
    """Needs no token anywhere: the UI shell and its assets (code, no data) and logging in."""
    path = request.url.path
    return path in ("/", "/favicon.ico") or path.startswith("/static/") or path in ("/api/session", "/api/logout")


def _host(request: Request) -> str:
    """The Host header's name, without its port."""
    host = request.headers.get("host", "").lower()
    return host[1 : host.index("]")] if host.startswith("[") and "]" in host else host.rsplit(":", 1)[0]


def _same_origin(request: Request) -> bool:
    """Whether a browser says the request comes from a page of this server (Origin, else Referer)."""
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    return bool(source) and urlsplit(source).netloc.lower() == request.headers.get("host", "").lower()


def valid(settings: Settings, token: str | None) -> bool:
    return token is not None and any(hmac.compare_digest(token.encode(), t.encode()) for t in settings.tokens)


def create_app(settings: Settings) -> FastAPI:
    if not settings.loopback and not settings.tokens:
        raise InputError(
            f"serving on {settings.host} needs a token: set DOSSIER_TOKENS or pass --token-file "
            "(on 127.0.0.1 reading is open without one)"
        )
    from dossier.api.routes import router

    app = FastAPI(
        title="dossier",
        version=__version__,
        description="Incidents of political violence, the actors behind them and the evidence for every fact.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.add_middleware(GZipMiddleware, minimum_size=2000)
    app.state.settings = settings
    app.state.store = open_store(settings)
    app.state.store.ensure_fresh()  # a store written by an older version: its read model is built now

    @app.middleware("http")
    async def access(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        writing = request.method not in ("GET", "HEAD", "OPTIONS")
        size = request.headers.get("content-length")
        if writing and size is None and "transfer-encoding" in request.headers:
            return error(411, "send the body with a Content-Length (bodies are capped)")
        if writing and size is not None and (not size.isdigit() or int(size) > MAX_BODY):
            return error(413, f"the request body is larger than {MAX_BODY} bytes")
        if _public(request):
            return await call_next(request)
        if settings.loopback and not writing:
            if _host(request) not in settings.names():  # a page on another site, its name re-pointed at us
                return error(403, f"this server answers to {', '.join(sorted(settings.names()))} (see --host-name)")
            return await call_next(request)
        token = _token(request)
        if not settings.tokens:
            return error(403, "writing needs a token and this server has none: start it with DOSSIER_TOKENS set")
        if token is None:
            return error(401, "this request needs a token: send 'Authorization: Bearer TOKEN' or log in")
        if not valid(settings, token):
            return error(403, "the token is not valid")
        if writing and "authorization" not in request.headers and not _same_origin(request):
            return error(403, "a write with the session cookie must come from this server's own pages")
        return await call_next(request)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail), headers=exc.headers)  # e.g. Allow, with a 405

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path"))
        return error(422, f"{where or 'request'}: {first.get('msg', 'invalid')}")

    def answer(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
        async def handler(_request: Request, exc: Exception) -> JSONResponse:
            return error(status, str(exc))

        return handler

    for raised, status in ((NotFound, 404), (QueryTimeout, 503), (DossierError, 400)):  # the most specific applies
        app.add_exception_handler(raised, answer(status))

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        return error(500, f"internal error ({type(exc).__name__}); see the server log")

    app.include_router(router, prefix="/api")
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

        @app.get("/", include_in_schema=False)
        def index() -> FileResponse:
            return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    return app
