"""Fetch URLs, only when the user names them. The transport is injectable for tests.

Only http and https, and only from public addresses: a host name is resolved and every address it
has is checked (no loopback, private, link-local, multicast, reserved or unspecified one), on every
redirect again, and the connection is made to an address so checked (a name re-pointed between the
check and the connection gains nothing). `private_urls(True)` (`--allow-private-urls`) lifts that.
However a fetch fails before an answer (refused, unreachable, timed out, unknown name) it is the same
rejection, so that the server cannot be used to map a network; an answer's HTTP status is kept."""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpcore
import httpx

from dossier.model import RawRecord, Rejection

USER_AGENT = "dossier/0.1 (+offline news-to-evidence pipeline)"
SCHEMES = ("http", "https")
FAILED = "could not fetch the page"  # the one detail of every failure before an answer
log = logging.getLogger(__name__)

_allow_private: ContextVar[bool] = ContextVar("dossier_allow_private_urls", default=False)


@contextmanager
def private_urls(allowed: bool) -> Iterator[None]:
    """Within it, clients made by make_client may (or may not) fetch from non-public addresses."""
    token = _allow_private.set(allowed)
    try:
        yield
    finally:
        _allow_private.reset(token)


def public(address: str) -> bool:
    """Whether an IP address is one of the public internet's (an IPv6 form of an IPv4 one judged as that)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:  # a scoped IPv6 address ('fe80::1%eth0') or worse
        return False
    embedded: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        embedded += [a for a in (ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())) if a is not None]
    return all(
        a.is_global
        and not (a.is_private or a.is_loopback or a.is_link_local or a.is_multicast or a.is_reserved)
        and not a.is_unspecified
        for a in embedded
    )


def public_addresses(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, when all are public; raises ConnectionRefusedError otherwise
    (or when it resolves to none)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ConnectionRefusedError(f"cannot resolve {host!r}: {exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses or not all(public(a) for a in addresses):
        raise ConnectionRefusedError(f"{host!r} is not a public address ({', '.join(addresses) or 'none'})")
    return addresses


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Connects only to checked public addresses: the name is resolved and checked here, where the
    connection is made, and the socket opened to one of those very addresses."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = public_addresses(host, port)
        except ConnectionRefusedError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure


class _PublicOnlyTransport(httpx.HTTPTransport):
    """httpx's own transport, its connection pool on the backend above (and no proxy from the
    environment: a proxy would connect where this cannot check)."""

    def __init__(self) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),  # SSL_CERT_FILE and SSL_CERT_DIR still count
            keepalive_expiry=5.0,
            network_backend=_PublicOnlyBackend(),
        )


class _Guard(httpx.BaseTransport):
    """Every request the client sends (the first and each redirect's) is checked before it is passed
    on: an http(s) URL whose host has public addresses only."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in SCHEMES:
            raise httpx.UnsupportedProtocol(f"{url.scheme!r} URLs are not fetched", request=request)
        try:
            public_addresses(url.raw_host.decode("ascii"), url.port or (443 if url.scheme == "https" else 80))
        except ConnectionRefusedError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def make_client(
    transport: httpx.BaseTransport | None = None, timeout: float = 20.0, allow_private: bool | None = None
) -> httpx.Client:
    """A client for fetch(); `allow_private` None reads private_urls()'s setting (default: public only)."""
    allowed = _allow_private.get() if allow_private is None else allow_private
    if not allowed:
        transport = _Guard(transport or _PublicOnlyTransport())
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": USER_AGENT},
        trust_env=allowed,
    )


def fetch(url: str, client: httpx.Client, max_bytes: int) -> RawRecord | Rejection:
    """Stream the body so that an oversized page is refused without being held in memory."""
    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                return Rejection(url, "", "fetch_error", f"HTTP {resp.status_code}")
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                return Rejection(url, "", "too_large", f"{int(declared)} bytes > limit {max_bytes}")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    return Rejection(url, "", "too_large", f"more than {max_bytes} bytes")
                chunks.append(chunk)
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            charset = resp.charset_encoding
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, ValueError) as exc:
        log.info("fetching %s failed: %s: %s", url, type(exc).__name__, exc)  # for the operator, not the caller
        return Rejection(url, "", "fetch_error", FAILED)
    hints: dict[str, object] = {"url": str(resp.url), "content_type": ctype}
    if charset:
        hints["charset"] = charset
    return RawRecord(b"".join(chunks), url, "", hints)
