"""Peak memory of ingesting the hostile corpus (tests/hostile.py: bombs of 300 MB, a 13 MB JSON
row, a 1 MB attribute, ...) against ingesting the bundled example pages, each in a fresh process.

    python benchmarks/hostile_rss.py [--extract] [--repeat 1]

Each ingest runs in its own subprocess into a new SQLite file; the figure is that process's peak
resident set (getrusage ru_maxrss), with its time and counts. Without --extract no incidents are
read (no NLP model is loaded), which is where the readers' and cleaners' memory shows. The bombs
decompress to more than 1.5 GB in all: a peak near the baseline is the point.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, resource, sys, time
from dossier.ingest.sources import resolve_inputs
from dossier.runner import ingest
from dossier.store import Store
db, extract, args = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
start = time.perf_counter()
report = ingest(resolve_inputs(args), Store(db), extract=extract).as_dict()
print(json.dumps({
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "seconds": time.perf_counter() - start,
    "records": report["records"],
    "documents_new": report["documents_new"],
    "rejected": report["rejected_total"],
    "status": report["status"],
}))
"""


def measure(args: list[str], extract: bool, tmp: Path, label: str) -> dict[str, Any]:
    db = tmp / f"{label}.db"
    db.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), "1" if extract else "0", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{label}: the ingest failed\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--extract", action="store_true", help="read incidents too (loads the NLP model)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each, the largest peak kept [1]")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests import hostile

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        corpus = tmp / "corpus"
        cases = hostile.write_corpus(corpus)
        size = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file() and not p.is_symlink())
        runs = {
            "baseline: examples/seeds": [str(ROOT / "examples" / "seeds")],
            f"hostile corpus ({len(cases)} cases, {size / 1e6:.0f} MB on disk)": hostile.arguments(corpus),
        }
        print(f"peak RSS of one ingest process, extract={args.extract}")
        try:
            for label, inputs in runs.items():
                runs_of = [measure(inputs, args.extract, tmp, f"run{i}") for i in range(args.repeat)]
                best = max(runs_of, key=lambda r: float(r["rss_mb"]))
                print(
                    f"  {label:<45} {best['rss_mb']:7.0f} MB  {best['seconds']:6.1f} s  "
                    f"records {best['records']}, stored {best['documents_new']}, rejected {best['rejected']} "
                    f"({best['status']})"
                )
        finally:
            hostile.unlock(corpus)


if __name__ == "__main__":
    main()
