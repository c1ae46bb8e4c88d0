"""The read model (store.readmodel): refreshed incrementally after ingests and decisions, it must hold
exactly what a rebuild from scratch holds, and rebuild only the incidents a change reaches."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete
from typer.testing import CliRunner

from dossier.cli.main import app
from dossier.db.schema import meta
from dossier.store import Store

from .conftest import SEEDS, ingest_seeds

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest_seeds(tmp_path_factory, "views")


@pytest.fixture
def seeds_db(seeded: str, tmp_path: Path) -> str:
    """A copy of a store holding the seed pages, for a test to change (made once, copied)."""
    db = str(tmp_path / "seeds.db")
    with sqlite3.connect(seeded) as source, sqlite3.connect(db) as target:
        source.backup(target)
    return db


def ingest(db: str, *paths: Path) -> None:
    result = runner.invoke(app, ["ingest", *map(str, paths), "--db", db])
    assert result.exit_code == 0, result.output


def from_scratch(store: Store) -> list[dict[str, object]]:
    with store.engine.begin() as conn:
        conn.execute(delete(meta).where(meta.c.key == "views_built"))
    return store.incidents()


def test_incremental_refresh_equals_a_rebuild(db: str) -> None:
    seeds = sorted(SEEDS.iterdir())
    ingest(db, *seeds[:2])
    store = Store(db)
    assert len(store.incidents()) == 7  # the first read builds the model
    ingest(db, *seeds[2:])
    incremental = store.incidents()
    assert len(incremental) == 39
    assert from_scratch(store) == incremental


def test_a_decision_rebuilds_only_the_incidents_it_touches(seeds_db: str) -> None:
    store = Store(seeds_db)
    assert store.refresh() == 0  # the ingest brought the model up to date before it committed
    a, b = (i["id"] for i in store.incidents()[:2])
    store.merge(a, b, "user:test")
    assert store.refresh() == 1  # the two became one
    merged = store.incidents()
    assert len(merged) == 38 and from_scratch(store) == merged
    second = store.incident(a)["reports"][1]
    store.unmerge(a, second, "user:test")
    assert store.refresh() == 2
    assert len(store.incidents()) == 39


def test_a_new_reading_of_stored_articles_reaches_the_model(seeds_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dossier.extract import article as article_reader
    from dossier.runner import reextract

    store = Store(seeds_db)
    before = store.incidents()
    real = article_reader.read

    def upgraded(*args: Any, **kwargs: Any) -> Any:  # an "upgrade" that reads every type as other
        reports, entities, relations = real(*args, **kwargs)
        for r in reports:
            r.type = "other"
        return reports, entities, relations

    monkeypatch.setattr(article_reader, "read", upgraded)
    reextract(store)
    after = store.incidents()  # the report ids stay (article, position): only their content changed
    assert {i["type"] for i in before} != {"other"}
    assert {i["type"] for i in after} == {"other"}
    assert from_scratch(store) == after


def test_merged_actors_count_each_incident_once(seeds_db: str) -> None:
    store = Store(seeds_db)
    taqi, amir = store.actor("act_taqi_usmani"), store.actor("act_amir_shahabulah")
    shared = {i["id"] for i in taqi["incidents"]} & {i["id"] for i in amir["incidents"]}
    assert shared == {"inc_07da33d9effb5be2"}  # both named as victims of one attack
    store.merge("act_taqi_usmani", "act_amir_shahabulah", "user:test")
    merged = store.actor("act_taqi_usmani")
    ids = [i["id"] for i in merged["incidents"]]
    assert (
        len(ids) == len(set(ids)) == merged["incidents_total"] == taqi["incidents_total"] + amir["incidents_total"] - 1
    )


def test_a_write_racing_a_read_leaves_no_stale_answer_kept(seeds_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(seeds_db)
    first, second = (i["id"] for i in store.actor("act_islamic_state")["incidents"][:2])
    checked = Store.ensure_fresh

    def then_a_write(self: Store) -> None:  # a merge lands after the read's check, before its query
        checked(self)
        monkeypatch.setattr(Store, "ensure_fresh", checked)
        self.merge(first, second, "user:test")

    monkeypatch.setattr(Store, "ensure_fresh", then_a_write)
    store.actor("act_islamic_state")  # may answer from before the merge
    assert store.actor("act_islamic_state")["incidents_total"] == 3  # but what it kept is not served again


def test_a_reader_does_not_wait_for_a_writer_holding_the_store(seeds_db: str) -> None:
    from sqlalchemy import update

    store = Store(seeds_db)
    first, second = (i["id"] for i in store.incidents()[:2])
    store.merge(first, second, "user:test")  # marked, not yet folded into the model
    with store.writer() as writer:
        writer.conn.execute(update(meta).where(meta.c.key == "views_refreshing").values(value="-"))  # holds the lock
        assert len(store.incidents()) == 39  # the model as it was: no error, no 30 s wait
    assert len(store.incidents()) == 38  # the writer is done: the reader catches up
