"""The interactive API docs (Swagger UI 5) at /api/docs, served offline: its files come from the
swagger-ui-bundle-v2 package under /api/docs-static, and the page's one inline script is allowed
by its hash, so the page's policy needs nothing but 'self'."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from dossier.api.edge import page_policy

DOCS = "/api/docs"
ASSETS = "/api/docs-static"


def install(app: FastAPI) -> str:
    """Serve the docs page, its files and its schema; returns the page's Content-Security-Policy."""
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/api/openapi.json",
        title=f"{app.title} API",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
    )
    html = bytes(page.body).decode()
    scripts = tuple(f"'sha256-{_digest(s)}'" for s in re.findall(r"<script>(.*?)</script>", html, re.DOTALL))
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-static")

    @app.get(DOCS, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    return page_policy(scripts=scripts)


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
