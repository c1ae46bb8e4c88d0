"""Draw the documents of the hand-coded corpus (eval/corpus/documents.tsv), reproducibly.

    python scripts/draw_corpus.py [--shared ../shared] [--satp 600] [--overlap 120]

- every one of the 500 news articles and the five seed pages;
- `--satp` of the Pakistan-related SATP descriptions, drawn with random.Random(2026) from those
  that name a Pakistani province, district or city of at least 100,000 people (names from the
  packaged gazetteer that no Indian, Afghan or Iranian place shares; "Punjab" is left out because
  India has one too), plus "Khyber Pakhtunkhwa", "FATA" and "Waziristan";
- an overlap set for the second, independent coder: the `--overlap` documents with the smallest
  sha256 of their id, taken from news and SATP in proportion, plus one seed page.
The split of each document is `split_of(id)` (60/20/20 by a hash of the id).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import re
from importlib.resources import files
from pathlib import Path

from dossier.evaluate.corpus_docs import SourceDoc, news, satp, seeds, split_of, text_digest

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "eval" / "corpus" / "documents.tsv"
EXTRA_NAMES = ("Khyber Pakhtunkhwa", "FATA", "Waziristan")


def pakistan_names() -> list[str]:
    path = files("dossier") / "data" / "gazetteer.tsv.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    col = {name: i for i, name in enumerate(rows[0])}
    ours, theirs = set(), set()
    for row in rows[1:]:
        big = row[col["precision"]] in ("province", "district") or (
            row[col["precision"]] == "city" and int(row[col["population"]] or 0) >= 100_000
        )
        if row[col["country"]] == "PK" and big:
            ours.add(row[col["name"]])
        elif row[col["country"]] != "PK":
            theirs.add(row[col["name"]])
    return sorted(ours - theirs - {"Punjab"}) + list(EXTRA_NAMES)


def pakistan_related(docs: list[SourceDoc]) -> list[SourceDoc]:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, pakistan_names())) + r")\b")
    return [d for d in docs if pattern.search(d.text)]


def order(doc_id: str) -> str:
    return hashlib.sha256(("overlap:" + doc_id).encode()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--satp", type=int, default=600)
    ap.add_argument("--overlap", type=int, default=120)
    args = ap.parse_args()
    shared = Path(args.shared)
    news_docs, seed_docs = list(news(shared)), list(seeds(shared))
    candidates = pakistan_related(list(satp(shared)))
    satp_docs = sorted(random.Random(2026).sample(candidates, args.satp), key=lambda d: (d.path, int(d.locator)))
    n_news = round(args.overlap * len(news_docs) / (len(news_docs) + len(satp_docs)))
    overlap = {d.id for d in sorted(news_docs, key=lambda d: order(d.id))[:n_news]}
    overlap |= {d.id for d in sorted(satp_docs, key=lambda d: order(d.id))[: args.overlap - n_news]}
    overlap.add(min(seed_docs, key=lambda d: order(d.id)).id)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("id\tsource\tsplit\toverlap\tpath\tlocator\tdigest\n")
        for d in news_docs + satp_docs + seed_docs:
            row = (d.id, d.source, split_of(d.id), str(int(d.id in overlap)), d.path, d.locator, text_digest(d.text))
            fh.write("\t".join(row) + "\n")
    print(
        f"{OUT.relative_to(ROOT)}: {len(news_docs)} news, {len(satp_docs)} satp (of {len(candidates)} Pakistan-related)"
    )
    print(f"{len(seed_docs)} seed pages; overlap set {len(overlap)}")


if __name__ == "__main__":
    main()
