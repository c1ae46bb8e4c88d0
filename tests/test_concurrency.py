"""Two writers on one SQLite store: overlapping ingests both finish (the second finds the first's
documents stored), a person's merge goes through while an ingest writes, and readers read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.store import Store
from tests.conftest import SEEDS, ingest_seeds

INGEST = """
import json, sys
from dossier.ingest import resolve_inputs
from dossier.runner import ingest
from dossier.store import Store
report = ingest(resolve_inputs(sys.argv[2:]), Store(sys.argv[1]))
print(json.dumps(report.as_dict()))
"""


def ingesting(db: str, *inputs: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", INGEST, db, *inputs], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finished(proc: subprocess.Popen[str]) -> dict[str, object]:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-2000:]
    report: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return report


def test_overlapping_ingests_both_finish_and_store_each_document_once(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = str(tmp_path / "two.db")
    Store(db).close()  # the tables exist before the two race
    first, second = ingesting(db, str(SEEDS)), ingesting(db, str(SEEDS))
    reports = [finished(first), finished(second)]
    assert [r["status"] for r in reports] == ["finished", "finished"]
    assert sum(int(r["documents_new"]) for r in reports) == 5  # type: ignore[call-overload]
    assert all(int(r["documents_new"]) + int(r["documents_unchanged"]) == 5 for r in reports)  # type: ignore[call-overload]
    store, clean = Store(db), Store(ingest_seeds(tmp_path_factory, "concurrency-clean"))
    assert store.incidents() == clean.incidents()
    assert len(store.list_articles(limit=100)) == len(clean.list_articles(limit=100)) == 20


def test_a_merge_and_reads_go_through_while_an_ingest_writes(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = ingest_seeds(tmp_path_factory, "concurrency-merge")
    store = Store(db)
    a, b = (i["id"] for i in store.incidents()[:2])
    more = tmp_path / "more"
    more.mkdir()
    for n, page in enumerate(sorted(SEEDS.iterdir())):  # the seed pages again, as new documents
        (more / f"copy{n}.txt").write_bytes(page.read_bytes() + f"\n\nCopy {n} for the concurrency test.\n".encode())
    proc = ingesting(db, str(more))
    decisions = reads = 0
    while proc.poll() is None:
        store.merge(a, b, "user:test")
        second = store.incident(a)["reports"][-1]
        store.unmerge(a, second, "user:test")
        decisions += 2
        reads += store.incident_page(None, 5)[0] > 0
    report = finished(proc)
    assert report["status"] == "finished" and report["documents_new"] == 5
    assert decisions >= 2 and reads == decisions // 2
    assert a in {i["id"] for i in store.incidents()}  # the last decision (an unmerge) holds


def test_a_document_stored_by_another_writer_after_the_check_is_unchanged(tmp_path: Path) -> None:
    from dossier.model import Document, RawRecord, Rejection
    from dossier.pipeline import process

    doc = process(RawRecord(b"Gunmen shot dead two policemen in Lakki Marwat on Monday, police said.", "brief"))
    assert isinstance(doc, Document)
    store = Store(str(tmp_path / "race.db"))
    rejection = Rejection("bad.bin", "", "binary", "x" * 5000, "abc")
    with store.writer("run-1") as first, store.writer("run-2") as second:
        second.has_document = lambda _id: False  # type: ignore[method-assign]  # it looked before the first wrote
        assert first.add_document(doc).new is True
        assert second.add_document(doc).new is False
        first.add_rejection(rejection)
        second.add_rejection(rejection)
    (row,) = store.list_rejections()
    assert (row["reason"], len(row["detail"]), row["run_id"]) == ("binary", 300, "run-2")
