"""How long a person's decision waits while an ingest writes: merges and unmerges of two incidents,
one every half second, during an ingest of the 500 news rows (another process, same SQLite store).

    python benchmarks/decision_wait.py [--shared ../shared] [--db /tmp/decisions.db]

The baseline, in the same run, is the same decisions on the same store with no ingest running; the
figures are the median and the longest wait, and their ratio to the baseline median. A decision
that fails (for example "database is locked") is counted and its message printed."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dossier.store import Store

ROOT = Path(__file__).resolve().parent.parent
INGEST = """
import sys
from dossier.ingest import resolve_inputs
from dossier.runner import ingest
from dossier.store import Store
report = ingest(resolve_inputs(sys.argv[2:]), Store(sys.argv[1]))
print(report.documents_new, "documents in", round(report.seconds, 1), "s")
"""


def decide(store: Store, a: str, b: str) -> tuple[float, str | None]:
    """Merge a and b, then undo it; (seconds the two took, the error if one failed)."""
    start = time.perf_counter()
    try:
        store.merge(a, b, "user:benchmark")
        second = store.incident(a)["reports"][-1]
        store.unmerge(a, second, "user:benchmark")
    except Exception as exc:  # what a person would see: the message, not a traceback
        return time.perf_counter() - start, f"{type(exc).__name__}: {exc}"[:200]
    return time.perf_counter() - start, None


def waits(store: Store, a: str, b: str, running: subprocess.Popen[bytes] | None, count: int) -> list[float]:
    out, failures = [], []
    while (running is None and len(out) < count) or (running is not None and running.poll() is None):
        seconds, error = decide(store, a, b)
        out.append(seconds)
        if error:
            failures.append(error)
        time.sleep(0.5)
    print(f"  {len(out)} decisions, {len(failures)} failed" + (f": first {failures[0]}" if failures else ""))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    news = sorted(str(p) for p in (Path(args.shared) / "data" / "news").glob("*.jsonl"))
    if not news:
        sys.exit(f"no news rows under {args.shared}/data/news")
    db = args.db or str(Path(tempfile.mkdtemp()) / "decisions.db")
    seeded = subprocess.run([sys.executable, "-c", INGEST, db, str(ROOT / "examples" / "seeds")], check=True)
    assert seeded.returncode == 0
    store = Store(db)
    a, b = (i["id"] for i in store.incidents()[:2])
    print("baseline: no ingest running")
    base = waits(store, a, b, None, 20)
    print("during an ingest of the 500 news rows")
    proc = subprocess.Popen([sys.executable, "-c", INGEST, db, *news])
    busy = waits(store, a, b, proc, 0)
    proc.wait()
    b_med = statistics.median(base)
    for name, xs in (("baseline", base), ("during ingest", busy)):
        med, top = statistics.median(xs), max(xs)
        print(f"{name:>14}: median {med * 1000:.0f} ms, max {top * 1000:.0f} ms "
              f"({med / b_med:.1f}x and {top / b_med:.1f}x the baseline median)")  # fmt: skip


if __name__ == "__main__":
    main()
