"""Content-hash identifiers: the same input gives the same id on any machine."""

import hashlib


def digest(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def make_id(prefix: str, *parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x1f")
    return f"{prefix}_{h.hexdigest()[:16]}"
