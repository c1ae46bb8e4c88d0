"""How the cost grows with the corpus: ingest (clean + extract) and incident resolution for 100,
1,000 and 5,000 SATP incident descriptions, each into a fresh SQLite store, on one core.

    python benchmarks/scaling.py [--shared ../shared] [--sizes 100 1000 5000]

SATP descriptions are short single-incident texts with no publication date, a realistic volume
source. Prints per size: seconds and articles/s for ingest, seconds for the resolution step
(automatic merge decisions over the new reports), reports and merges, and peak resident memory.
Costs that grow faster than linearly show up as a falling articles/s column.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from dossier.ingest import resolve_inputs
from dossier.runner import ingest
from dossier.store import Store


def descriptions(shared: Path) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    out = []
    for name in ("train.tsv", "dev.tsv"):
        with open(shared / "data" / "satp" / name, encoding="utf-8", newline="") as fh:
            out += [row[0] for row in csv.reader(fh, delimiter="\t") if row and len(row[0].split()) >= 30]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    args = ap.parse_args()
    texts = descriptions(Path(args.shared))
    print(f"{len(texts)} SATP descriptions available")
    print(
        f"{'articles':>8} {'ingest s':>9} {'art/s':>7} {'resolve s':>10} {'reports':>8} {'merges':>7} {'peak MiB':>9}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "satp.jsonl"
            with open(path, "w", encoding="utf-8") as fh:
                for i, text in enumerate(texts[:size]):
                    fh.write(json.dumps({"id": f"satp-{i}", "text": text}) + "\n")
            store = Store(str(Path(tmp) / "bench.db"))
            report = ingest(resolve_inputs([str(path)]), store)
            start = time.perf_counter()
            merges = store.resolve_incidents(report.new_reports)  # a second pass: what resolution alone costs
            resolve_s = time.perf_counter() - start
            n = min(size, len(texts))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{n:8d} {report.seconds:9.1f} {n / report.seconds:7.1f} {resolve_s:10.2f} "
                f"{report.incident_reports:8d} {report.merge_decisions + merges:7d} {peak:9.0f}"
            )


if __name__ == "__main__":
    main()
