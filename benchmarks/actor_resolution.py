"""What resolving actors costs, on the 500 news articles: the store is built once (clean + extract
+ write), then each step of actor resolution is timed alone, against bare spaCy en_core_web_sm on
the same article texts in the same run, on one core.

    python benchmarks/actor_resolution.py [--shared ../shared]

Steps: the automatic merge decisions for every actor and alias of the store, recomputed from
scratch (what ingest does batch by batch); the canonical ids under all decisions; and the reads a
user makes: the actor list, every relation, one profile, the whole network, the jsonl actor and
relation records.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, select

from dossier.db.schema import actor_aliases, actors, decisions, entities
from dossier.ingest import resolve_inputs
from dossier.resolve.actor_merge import auto_merge_actors, canonical
from dossier.runner import ingest
from dossier.store import Store, actor_export, actor_reads, relation_reads


def timed(label: str, fn, baseline: float) -> object:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    s = time.perf_counter() - start
    print(f"{label:<58} {s:8.3f} s   {s / baseline:6.1%} of bare spaCy")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = ap.parse_args()
    news = sorted((Path(args.shared) / "data" / "news").glob("*.jsonl"))
    from corpus import news_records  # benchmarks/corpus.py (scripts run from this folder)

    from dossier.nlp.model import load_nlp

    texts = [r.data.decode() for r in news_records(Path(args.shared))]
    nlp = load_nlp()
    nlp("warm up")
    start = time.perf_counter()
    for t in texts:
        nlp(t)
    spacy_s = time.perf_counter() - start
    print(f"{len(texts)} articles; bare spaCy over their texts: {spacy_s:.2f} s ({len(texts) / spacy_s:.1f} art/s)")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "news.db"))
        start = time.perf_counter()
        ingest(resolve_inputs([str(p) for p in news]), store)
        print(f"ingest (clean + extract + write + resolve), for reference: {time.perf_counter() - start:.2f} s")
        with store.engine.begin() as conn:
            n_actors = conn.execute(select(actors.c.id)).all()
            n_entities = len(conn.execute(select(entities.c.id)).all())
            aliases = [(r.actor_id, r.key, "") for r in conn.execute(select(actor_aliases))]
            conn.execute(delete(decisions).where(decisions.c.kind == "actor"))
            print(f"{n_entities} entities, {len(n_actors)} actors, {len(aliases)} aliases from text")
            merges = timed(
                "automatic merge decisions, all actors from scratch",
                lambda: auto_merge_actors(conn, [r.id for r in n_actors], aliases),
                spacy_s,
            )
            print(f"  ({merges} merge decisions)")
        with store.engine.connect() as conn:
            timed("canonical ids under all decisions", lambda: canonical(conn), spacy_s)
            timed("actor list (dossier actors)", lambda: actor_reads.list_actors(conn), spacy_s)
            timed("all relations, grouped, with sources", lambda: relation_reads.all_relations(conn), spacy_s)
            timed("jsonl actor + relation records", lambda: actor_export.export_records(conn), spacy_s)
        timed("one profile (dossier actor TTP), incidents included", lambda: store.actor("TTP"), spacy_s)
        timed("the network with incidents (dossier graph --incidents)", lambda: store.graph(True), spacy_s)
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
