"""Repair text before anything reads it: mojibake, soft hyphens, odd spaces, line endings."""

from __future__ import annotations

import re

import ftfy

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]+")
_MULTI_SPACE = re.compile(" {2,}")


def normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True, normalization="NFC")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    lines = (_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)
