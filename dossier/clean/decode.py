"""Bytes to text: UTF-8 first, then a detected charset; refuse what is not text."""

from __future__ import annotations

from charset_normalizer import from_bytes


class DecodeFailure(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Raises DecodeFailure('undecodable', ...) when no encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:  # from a server's header, so anything: "undefined", "utf-8\x00", "unicode_escape"
        try:
            text = data.decode(declared)
            text.encode("utf-8")  # some codecs (utf-7, unicode_escape) make lone surrogates
            return text, declared
        except (LookupError, ValueError):  # UnicodeError is a ValueError
            pass
    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.encoding is None:
        raise DecodeFailure("undecodable", "no text encoding fits these bytes")
    return data.decode(best.encoding, errors="replace"), best.encoding
