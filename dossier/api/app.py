"""One FastAPI app serving the REST API under /api and the web UI (dossier/web/static) at /.

It only assembles the parts: access (api/access.py), the error shape (api/errors.py), the time
limit (api/limits.py) and the routes (api/routes.py)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from dossier import __version__
from dossier.api import access, errors
from dossier.api.access import Settings
from dossier.api.limits import QueryTimeout, open_store
from dossier.api.routes import router
from dossier.errors import InputError

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


def create_app(settings: Settings) -> FastAPI:
    if not settings.loopback and not settings.tokens:
        raise InputError(
            f"serving on {settings.host} needs a token: set DOSSIER_TOKENS or pass --token-file "
            "(on 127.0.0.1 reading is open without one)"
        )
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
    app.middleware("http")(access.middleware(settings))
    errors.install(app, QueryTimeout)
    app.include_router(router, prefix="/api")
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

        @app.get("/", include_in_schema=False)
        def index() -> FileResponse:
            return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    return app
