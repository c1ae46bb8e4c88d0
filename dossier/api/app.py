"""One FastAPI app serving the REST API under /api and the web UI (dossier/web/static) at /.

It only assembles the parts: the edge (api/edge.py: NUL checks, security headers), access
(api/access.py), the error shape (api/errors.py), the time limit (api/limits.py), the offline API
docs (api/docs.py) and the routes (api/routes.py)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp

from dossier import __version__
from dossier.api import access, docs, errors
from dossier.api.access import Settings
from dossier.api.edge import Edge, Policies, page_policy, tile_source
from dossier.api.limits import QueryTimeout, check_time_limit, open_store
from dossier.api.routes import router
from dossier.errors import InputError

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
OPENAPI = "/api/openapi.json"


class App(FastAPI):
    """FastAPI with the edge (api/edge.py) around its whole stack, the 500 page included."""

    policies: Policies  # set by create_app before the first request builds the stack

    def build_middleware_stack(self) -> ASGIApp:
        return Edge(super().build_middleware_stack(), self.policies)


def create_app(settings: Settings) -> FastAPI:
    if not settings.loopback and not settings.tokens:
        raise InputError(
            f"serving on {settings.host} needs a token: set DOSSIER_TOKENS or pass --token-file "
            "(on 127.0.0.1 reading is open without one)"
        )
    check_time_limit(settings.time_limit)
    app = App(
        title="dossier",
        version=__version__,
        description="Incidents of political violence, the actors behind them and the evidence for every fact.",
        docs_url=None,  # api/docs.py serves them, from local files
        redoc_url=None,
        openapi_url=OPENAPI,
    )
    tiles = tile_source(settings.tiles)
    app.policies = Policies(ui=page_policy(images=(tiles,) if tiles else ()))
    app.add_middleware(GZipMiddleware, minimum_size=2000)
    app.state.settings = settings
    app.state.store = open_store(settings)
    app.state.store.ensure_fresh()  # a store written by an older version: its read model is built now
    app.middleware("http")(access.middleware(settings))
    errors.install(app, QueryTimeout)
    app.policies.pages[docs.DOCS] = docs.install(app)
    app.include_router(router, prefix="/api")
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

        @app.get("/", include_in_schema=False)
        def index() -> FileResponse:
            return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    return app
