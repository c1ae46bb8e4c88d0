"""Fetch URLs, only when the user names them. The transport is injectable for tests."""

from __future__ import annotations

import httpx

from dossier.model import RawRecord, Rejection

USER_AGENT = "dossier/0.1 (+offline news-to-evidence pipeline)"


def make_client(transport: httpx.BaseTransport | None = None, timeout: float = 20.0) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": USER_AGENT},
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
    except httpx.HTTPError as exc:
        return Rejection(url, "", "fetch_error", f"{type(exc).__name__}: {exc}")
    hints: dict[str, object] = {"url": str(resp.url), "content_type": ctype}
    if charset:
        hints["charset"] = charset
    return RawRecord(b"".join(chunks), url, "", hints)
