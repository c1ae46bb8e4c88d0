"""`dossier serve`: the REST API and the web UI."""

from __future__ import annotations

from typing import Annotated

import typer

from dossier.cli.common import DbOption, err
from dossier.db.engine import shown
from dossier.settings import TILES, TILES_ATTRIBUTION
from dossier.store import default_db


def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; any but loopback makes every request need a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token_file: Annotated[
        str | None, typer.Option(help="File with one access token per line [also env DOSSIER_TOKENS, comma-separated].")
    ] = None,
    tiles: Annotated[
        str | None,
        typer.Option(help="Online map tile URL template ({z}/{x}/{y}) [env DOSSIER_TILES]; default: none, offline."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option(help="Seconds all the queries of one request may run together (at least 0.001).")
    ] = 10.0,
    host_name: Annotated[
        list[str] | None, typer.Option(help="A name clients reach this server by (a reverse proxy's); repeatable.")
    ] = None,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls", help="Let POST /api/ingest/urls fetch from loopback and private networks."
        ),
    ] = False,
) -> None:
    """Serve the REST API (/api, schema at /api/openapi.json) and the web UI (/) with uvicorn."""
    import uvicorn  # FastAPI and uvicorn load only to serve

    from dossier.api.access import Settings, tokens_from
    from dossier.api.app import create_app

    settings = Settings(
        db=db or default_db(),
        host=host,
        tokens=tokens_from(file=token_file),
        tiles=tiles or TILES.get(),
        tiles_attribution=TILES_ATTRIBUTION.get(),
        time_limit=time_limit,
        host_names=host_name or [],
        allow_private_urls=allow_private_urls,
    )
    api = create_app(settings)
    err.print(f"dossier: http://{host}:{port}/  (API docs: /api/docs; store {shown(settings.db)})")
    uvicorn.run(api, host=host, port=port, log_level="warning")
