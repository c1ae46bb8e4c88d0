"""The benchmark corpora read from ../shared/data, as raw records (shared by the benchmark scripts)."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.model import RawRecord


def news_records(shared: Path) -> list[RawRecord]:
    """The 500 news articles' `text` fields, with their title and publication date as hints."""
    out = []
    for path in sorted((shared / "data" / "news").glob("*.jsonl")):
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            row = json.loads(line)
            hints = {"format": "text", "title": row.get("title"), "published": row.get("published")}
            out.append(RawRecord(row["text"].encode(), str(path), f"line {n}", hints))
    return out
