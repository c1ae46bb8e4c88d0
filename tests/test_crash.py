"""kill -9 at random moments of an ingest, then the same command again: the store ends as an
uninterrupted run leaves it, and each killed run is shown as abandoned."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.store import Store
from tests.conftest import SEEDS, ingest_seeds

KILLS = 3


def dossier(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "dossier", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def documents(db: str) -> int:
    """Documents stored so far (0 before the store exists), read as another process would."""
    if not Path(db).exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the tables are being created


def exported(db: str, out: Path) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "dossier", "export", "--format", "jsonl", "--out", str(out), "--db", db]
    )
    assert done.returncode == 0
    return out.read_bytes()


def test_killed_ingests_then_a_rerun_give_the_store_of_a_clean_run(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    clean = ingest_seeds(tmp_path_factory, "crash-clean")
    db = str(tmp_path / "killed.db")
    rng = random.Random(14)
    for stored in range(1, KILLS + 1):  # the seeds are 5 documents: each run stores one or more, then dies
        proc = dossier("ingest", str(SEEDS), "--db", db)
        while documents(db) < stored:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.4))  # somewhere in the next document: cleaning, extracting or writing
        proc.kill()
        proc.wait()
    rerun = dossier("ingest", str(SEEDS), "--db", db)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert exported(db, tmp_path / "killed.jsonl") == exported(clean, tmp_path / "clean.jsonl")
    statuses = [r["status"] for r in Store(db).runs()]
    assert statuses[0] == "finished" and statuses[1:] == ["abandoned"] * KILLS
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "runs", "--json", "--db", db], capture_output=True, text=True, check=True
    )
    assert [r["status"] for r in json.loads(result.stdout)] == statuses


INGEST = """
import sys
from dossier.ingest import resolve_inputs
from dossier.runner import ingest
from dossier.store import Store
ingest(resolve_inputs(sys.argv[3:]), Store(sys.argv[1]), workers=int(sys.argv[2]))
"""


def test_sigterm_stops_an_ingest_as_ctrl_c_does(tmp_path: Path) -> None:
    db = str(tmp_path / "term.db")
    proc = subprocess.Popen([sys.executable, "-c", INGEST, db, "1", str(SEEDS)], stderr=subprocess.PIPE)
    while documents(db) < 1:
        assert proc.poll() is None
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) != 0
    assert proc.stderr is not None and b"Terminated" in proc.stderr.read()
    (run,) = Store(db).runs()
    assert run["status"] == "interrupted" and run["stats"]["documents_new"] >= 1


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[-1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker processes")
def test_workers_die_with_their_killed_parent(tmp_path: Path) -> None:
    db = str(tmp_path / "workers.db")
    proc = subprocess.Popen([sys.executable, "-c", INGEST, db, "2", str(SEEDS)], stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    while len(workers) < 2:
        assert proc.poll() is None
        workers = children(proc.pid)
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    while any(running(w) for w in workers):
        assert time.monotonic() < deadline, f"workers {workers} outlived their parent"
        time.sleep(0.1)
