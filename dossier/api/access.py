"""Who may do what. Bound to loopback, reading is open and writing needs a token; bound to any
other address, every request needs one, except the static UI shell (code, no data) and the login
call. Tokens come from the settings (DOSSIER_TOKENS, or `dossier serve --token-file`), sent as
`Authorization: Bearer TOKEN` or as the session cookie that POST /api/session sets. Open reads
answer only to loopback host names (and any configured), so a web page whose name is re-pointed at
127.0.0.1 cannot read through the visitor's browser; a write carried by the cookie alone must come
from this server's own pages (Origin or Referer), so another site cannot post a form to it."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Request, Response

from dossier.api.errors import error
from dossier.errors import InputError
from dossier.ingest.sources import MAX_UPLOAD
from dossier.settings import TOKENS

COOKIE = "dossier_session"
MAX_BODY = MAX_UPLOAD + 1024 * 1024  # the largest upload ingest takes, and room for the form around it
Handler = Callable[[Request], Awaitable[Response]]


@dataclass
class Settings:
    db: str
    host: str = "127.0.0.1"
    tokens: list[str] = field(default_factory=list)
    tiles: str | None = None  # an online tile URL template, for users who want one
    tiles_attribution: str | None = None
    time_limit: float = 10.0  # seconds any one request's queries may run
    host_names: list[str] = field(default_factory=list)  # names clients may use besides loopback ones
    allow_private_urls: bool = False  # POST /api/ingest/urls may fetch from loopback and private networks

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
    out = [t.strip() for t in (env if env is not None else TOKENS.get() or "").split(",")]
    if file:
        try:
            lines = Path(file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise InputError(
                f"cannot read the token file {file!r}: {why}; give a file with one token per line"
            ) from None
        out += [line.strip() for line in lines if not line.strip().startswith("#")]
    return [t for t in out if t]


# -- access ---------------------------------------------------------------------------------------
def _token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get(COOKIE)


def _public(request: Request) -> bool:
    """Needs no token anywhere: the UI shell, its assets and the API docs' files (code, no data) and logging in."""
    path = request.url.path
    return (
        path in ("/", "/favicon.ico", "/api/session", "/api/logout")
        or path.startswith(("/static/", "/api/docs-static/"))  # the UI's and the API docs' files
    )


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


def middleware(settings: Settings) -> Callable[[Request, Handler], Awaitable[Response]]:
    """The access check every request passes before its route: body size first, then the rules above."""

    async def access(request: Request, call_next: Handler) -> Response:
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

    return access
