"""The documents of the hand-coded corpus (eval/corpus/): where each one's text lives in
../shared, its id, and the split it belongs to. The texts are never copied into the repository;
they are read from ../shared here, by id, for the coders and for the scorer.

Ids: a news row keeps its own `id`; an SATP description is `satp-` plus the first 12 hex digits of
the SHA-1 of its text; a seed page is `seed-` plus its file stem. The split is a fixed function of
the id (see `split_of`), so adding documents never moves one between splits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.model import RawRecord

SPLITS = (("train", 60), ("dev", 80), ("test", 100))  # by sha256(id) mod 100: < 60 train, < 80 dev, rest test


def split_of(doc_id: str) -> str:
    bucket = int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % 100
    return next(name for name, bound in SPLITS if bucket < bound)


def satp_id(text: str) -> str:
    return "satp-" + hashlib.sha1(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class SourceDoc:
    """One corpus document as it sits in ../shared: its text, and the metadata a reader gets with it."""

    id: str
    source: str  # news | satp | seed
    path: str  # relative to the shared folder
    locator: str  # line number for JSONL and TSV rows, "" for a file
    text: str
    published: str | None = None
    crawled: str | None = None
    title: str | None = None

    def record(self) -> RawRecord:
        """The raw record `dossier ingest` would make of it (same bytes, same hints)."""
        if self.source == "seed":
            return RawRecord(self.text.encode("utf-8"), self.path, "", {"format": "text"})
        hints: dict[str, Any] = {"format": "text", "id": self.id}
        for key in ("title", "published", "crawled"):
            if getattr(self, key):
                hints[key] = getattr(self, key)
        return RawRecord(self.text.encode("utf-8"), self.path, self.locator, hints)


def news(shared: Path) -> Iterator[SourceDoc]:
    for path in sorted((shared / "data" / "news").glob("*.jsonl")):
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            row = json.loads(line)
            yield SourceDoc(
                row["id"],
                "news",
                str(path.relative_to(shared)),
                str(n),
                row["text"],
                published=row.get("published"),
                crawled=row.get("retrieved_at") or row.get("scraped_on"),
                title=row.get("title"),
            )


def satp(shared: Path) -> Iterator[SourceDoc]:
    """Every SATP description (first column of the TSV), in file order; a repeated text is skipped."""
    seen: set[str] = set()
    for name in ("train", "dev"):
        path = shared / "data" / "satp" / f"{name}.tsv"
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            text = line.rstrip("\n").split("\t")[0].strip()
            doc_id = satp_id(text)
            if text and doc_id not in seen:
                seen.add(doc_id)
                yield SourceDoc(doc_id, "satp", str(path.relative_to(shared)), str(n), text)


def seeds(shared: Path) -> Iterator[SourceDoc]:
    for path in sorted((shared / "seeds").glob("*.txt")):
        yield SourceDoc(
            "seed-" + path.stem, "seed", str(path.relative_to(shared)), "", path.read_text(encoding="utf-8")
        )


def all_documents(shared: Path) -> Iterator[SourceDoc]:
    yield from news(shared)
    yield from satp(shared)
    yield from seeds(shared)


def load(shared: Path, ids: set[str] | None = None) -> dict[str, SourceDoc]:
    """The corpus documents by id (only `ids`, when given)."""
    return {d.id: d for d in all_documents(shared) if ids is None or d.id in ids}


def text_digest(text: str) -> str:
    """Recorded in the manifest: a changed source text is caught before its offsets are trusted."""
    return hashlib.sha1(text.encode()).hexdigest()[:16]
