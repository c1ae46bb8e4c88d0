"""What every request and every answer passes at the outer edge of the app, outside everything else
(the error handlers' answers, the static files and the 500 page included): a path or query holding
a NUL byte is refused with 422 (dossier.validate), and every answer carries the security headers
(a Content-Security-Policy by kind of page, nosniff, no referrer, no framing)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dossier import validate
from dossier.api.errors import error

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# JSON, errors and files: nothing in them may load or run anything, nor be framed.
STRICT = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
_HOST_SOURCE = re.compile(r"(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:(\d{1,5}|\*))?")


def page_policy(scripts: tuple[str, ...] = (), images: tuple[str, ...] = ()) -> str:
    """The policy of an HTML page of this server: everything from 'self' only, plus the `scripts`
    and `images` sources named (a script's hash, an online tile server)."""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(("'self'", *scripts)),
        "style-src": "'self' 'unsafe-inline'",  # Leaflet and Swagger UI position elements with style attributes
        "img-src": " ".join(("'self'", "data:", *images)),
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def tile_source(template: str | None) -> str | None:
    """Where an online tile URL template ('https://{s}.tile.example.org/{z}/{x}/{y}.png') loads
    from, as a CSP source: its scheme and host, a placeholder in the first label read as '*'; the
    scheme alone when the host cannot be written as a source."""
    if not template:
        return None
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https"):
        return None
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc.rsplit("@", 1)[-1])
    return f"{parts.scheme}://{host}" if _HOST_SOURCE.fullmatch(host) else f"{parts.scheme}:"


@dataclass
class Policies:
    """The Content-Security-Policy of each kind of answer, by path."""

    ui: str = field(default_factory=page_policy)  # "/" and the UI's files
    pages: dict[str, str] = field(default_factory=dict)  # other HTML pages by exact path (the API docs)
    other: str = STRICT

    def of(self, path: str) -> str:
        if path in self.pages:
            return self.pages[path]
        if path == "/" or path.startswith("/static/"):
            return self.ui
        return self.other


class Edge:
    """ASGI middleware, outermost: the NUL check on the way in, the headers on the way out."""

    def __init__(self, app: ASGIApp, policies: Policies) -> None:
        self.app = app
        self.policies = policies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.policies.of(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in (("Content-Security-Policy", policy), *HEADERS.items()):
                    if name not in headers:
                        headers[name] = value
            await send(message)

        refusal = _nul_refusal(scope)
        if refusal is not None:
            await error(422, refusal)(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _nul_refusal(scope: Scope) -> str | None:
    """Why the request's path or query is refused (a NUL byte in it), or None."""
    try:
        validate.text("the path", scope["path"])
        query = scope.get("query_string", b"").decode("latin-1")
        for name, value in parse_qsl(query, keep_blank_values=True):
            validate.text("a parameter's name", name)
            validate.text(name, value)
    except validate.InvalidValue as exc:
        return str(exc)
    return None
