"""Idempotent re-runs, duplicates, rejections and interrupted runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest import resolve_inputs
from dossier.runner import ingest
from dossier.store import Store

STORY = (
    "PESHAWAR: Three soldiers were martyred and two others injured when militants attacked a check post in "
    "the Bannu district late on Saturday night, the military's media wing said in a statement on Sunday. "
    "Security forces responded effectively and killed four of the attackers in the ensuing exchange of fire, "
    "the statement added. A clearance operation was under way to eliminate any other militants found in the area."
)


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_reingesting_the_same_content_is_a_no_op(tmp_path: Path, db: str) -> None:
    page = write(tmp_path / "a.txt", "Three soldiers martyred in Bannu attack\n\n" + STORY)
    store = Store(db)
    first = ingest(resolve_inputs([page]), store).as_dict()
    second = ingest(resolve_inputs([page]), store).as_dict()
    assert (first["documents_new"], first["articles_new"]) == (1, 1)
    assert (second["documents_new"], second["documents_unchanged"], second["articles_new"]) == (0, 1, 0)
    assert store.counts() == {"documents": 1, "articles": 1, "duplicates": 0, "rejections": 0}
    assert Store(db).counts()["articles"] == 1  # the same ids from a fresh connection


def test_the_same_story_from_another_scrape_is_a_near_duplicate(tmp_path: Path, db: str) -> None:
    a = write(tmp_path / "a.txt", "Three soldiers martyred in Bannu attack\n\n" + STORY)
    variant = STORY.replace("late on Saturday night", "on Saturday night") + " Funeral prayers were offered."
    b = write(tmp_path / "b.txt", "Soldiers martyred as militants attack Bannu post\n\n" + variant)
    c = write(tmp_path / "c.txt", "Exact copy\n\n" + STORY)
    store = Store(db)
    report = ingest(resolve_inputs([a, b, c]), store).as_dict()
    assert (report["articles_new"], report["near_duplicates"], report["exact_duplicates"]) == (3, 1, 1)
    rows = {Path(r["origin"]).name: r for r in store.list_articles()}
    original = rows["a.txt"]["id"]
    assert rows["a.txt"]["duplicate_of"] is None
    assert rows["b.txt"]["duplicate_of"] == original and 0.7 <= rows["b.txt"]["similarity"] < 1.0
    assert (rows["c.txt"]["duplicate_of"], rows["c.txt"]["similarity"]) == (original, 1.0)
    assert len(store.list_articles(duplicates=False)) == 1


def test_an_interrupted_run_keeps_what_was_stored_and_can_be_rerun(tmp_path: Path, db: str) -> None:
    pages = [
        write(
            tmp_path / f"{i}.txt", f"Story number {i} about the Bannu attack\n\n" + STORY.replace("Three", str(i + 3))
        )
        for i in range(3)
    ]
    store = Store(db)
    seen: list[str] = []

    def crash_after_two(item: object) -> None:
        seen.append(getattr(item, "origin", ""))
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(resolve_inputs(pages), store, on_item=crash_after_two)
    assert store.counts()["documents"] == 2
    assert store.runs()[0]["status"] == "interrupted"
    report = ingest(resolve_inputs(pages), store).as_dict()
    assert (report["documents_new"], report["documents_unchanged"]) == (1, 2)
    assert store.counts()["documents"] == 3


def test_rejections_are_recorded_once_and_counted_per_run(tmp_path: Path, db: str) -> None:
    empty = write(tmp_path / "empty.txt", "")
    store = Store(db)
    for _ in range(2):
        assert ingest(resolve_inputs([empty]), store).as_dict()["rejected"] == {"empty": 1}
    assert [(r["reason"], r["detail"]) for r in store.list_rejections()] == [("empty", "the input has no content")]


def test_parallel_cleaning_gives_the_same_ids(tmp_path: Path) -> None:
    pages = [
        write(
            tmp_path / f"{i}.txt", f"Report {i} on the attack in Bannu district\n\n" + STORY.replace("four", str(i + 4))
        )
        for i in range(6)
    ]
    one, two = Store(str(tmp_path / "one.db")), Store(str(tmp_path / "two.db"))
    ingest(resolve_inputs(pages), one)
    ingest(resolve_inputs(pages), two, workers=2)
    assert [r["id"] for r in one.list_articles()] == [r["id"] for r in two.list_articles()]


def test_a_record_that_breaks_the_pipeline_is_rejected_and_the_batch_goes_on(
    tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dossier.runner as runner_module

    real = runner_module.process

    def flaky(raw: object, extract: bool = True) -> object:
        if str(getattr(raw, "origin", "")).endswith("bad.txt"):
            raise RuntimeError("boom")
        return real(raw, extract)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_module, "process", flaky)
    good = write(tmp_path / "good.txt", "Three soldiers martyred in Bannu attack\n\n" + STORY)
    bad = write(tmp_path / "bad.txt", "Another page about the Bannu attack\n\n" + STORY.replace("Three", "Four"))
    report = ingest(resolve_inputs([bad, good]), Store(db), extract=False).as_dict()
    assert (report["rejected"], report["documents_new"]) == ({"error": 1}, 1)
    assert [(r["reason"], r["detail"]) for r in Store(db).list_rejections()] == [("error", "RuntimeError: boom")]


def test_a_record_that_stalls_is_stopped_and_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import dossier.runner as runner_module
    from dossier.model import RawRecord, Rejection

    monkeypatch.setattr(runner_module, "process", lambda raw, extract=True: time.sleep(5))
    started = time.perf_counter()
    result = runner_module.process_safely(RawRecord(b"text", "slow.txt"), extract=False, seconds=0.2)
    assert isinstance(result, Rejection) and (result.reason, result.detail) == ("timeout", "took more than 0.2 s")
    assert time.perf_counter() - started < 2


def test_a_rejection_caused_by_an_exception_logs_its_traceback_at_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    import dossier.runner as runner_module
    from dossier.model import RawRecord

    def broken(raw: object, extract: bool = True) -> object:
        raise ValueError("no such field")

    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("dossier.runner")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)  # setLevel, not the attribute: it clears the logger's level cache
    monkeypatch.setattr(runner_module, "process", broken)
    try:
        runner_module.process_safely(RawRecord(b"text", "broken.txt"), extract=False)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert [(r.levelname, r.getMessage()) for r in records] == [("DEBUG", "record rejected after an exception")]
    assert records[0].exc_info is not None and records[0].exc_info[0] is ValueError
