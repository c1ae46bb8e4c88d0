"""What one long document costs: cleaning and extraction time and peak memory by text length,
each size in a fresh process, against a normal news article in the same run.

    python benchmarks/big_document.py [--shared ../shared] [--sizes 10000 100000 300000]

The documents are the news rows' texts joined up to each size (`--oneline` joins them without
line breaks, the worst case for sentence splitting). Prints seconds, microseconds per character
(and its ratio to the baseline article's), and peak RSS. The pipeline rejects a document longer
than dossier.pipeline.MAX_TEXT_CHARS after cleaning: this shows what that limit bounds."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE = """
import json, resource, sys, time
from pathlib import Path
from dossier.model import RawRecord, Document
from dossier.pipeline import process
size, oneline, shared = int(sys.argv[1]), sys.argv[2] == "1", Path(sys.argv[3])
texts = [json.loads(l)["text"] for p in sorted((shared / "data" / "news").glob("*.jsonl")) for l in p.open()]
body = ""
for t in texts:
    if len(body) >= size:
        break
    body += t + "\\n\\n"
body = body[:size].replace("\\n", " ") if oneline else body[:size]
process(RawRecord(b"Gunmen shot dead two policemen in Lakki Marwat on Monday, police said.", "warm"))
start = time.perf_counter()
done = process(RawRecord(body.encode(), "big", "", {"format": "text"}))
seconds = time.perf_counter() - start
reports = sum(len(a.incidents) for a in done.articles) if isinstance(done, Document) else done.reason
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"chars": len(body), "seconds": seconds, "rss_mb": rss, "reports": reports}))
"""


def measure(size: int, oneline: bool, shared: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", ONE, str(size), "1" if oneline else "0", shared],
                         capture_output=True, text=True, check=True)  # fmt: skip
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    ap.add_argument("--oneline", action="store_true")
    args = ap.parse_args()
    base = measure(3_000, False, args.shared)
    per_char = base["seconds"] / base["chars"] * 1e6
    print(f"baseline article: {base['chars']:,} chars, {base['seconds']:.2f} s, {per_char:.0f} us/char, "
          f"peak RSS {base['rss_mb']} MB")  # fmt: skip
    for size in args.sizes:
        r = measure(size, args.oneline, args.shared)
        us = r["seconds"] / r["chars"] * 1e6
        print(f"{r['chars']:>9,} chars{' (one line)' if args.oneline else ''}: {r['seconds']:.1f} s, {us:.0f} us/char "
              f"({us / per_char:.2f}x the baseline), peak RSS {r['rss_mb']} MB, reports {r['reports']}")  # fmt: skip


if __name__ == "__main__":
    main()
