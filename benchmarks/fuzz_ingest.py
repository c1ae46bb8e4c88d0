"""A mutation fuzzer for the readers and the cleaners: inputs made from the hostile corpus
(tests/hostile.py) and the example pages (examples/seeds), mutated, through dossier.ingest's expand
and dossier.pipeline.process, for a bounded time.

    python benchmarks/fuzz_ingest.py [--seconds 60] [--extract] [--seed 1] [--save DIR]

expand must never raise (every fault is a rejection) and process must give a document or a
rejection: anything else is a crash. An input taking longer than --slow seconds is stopped and
counted as slow. Prints the inputs tried, the crashes (distinct by exception and the place it was
raised), the first few tracebacks, and the slow inputs; with --save, writes each crashing input.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import random
import sys
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/hostile.py

from dossier.ingest.containers import Limits, expand  # noqa: E402
from dossier.model import Document, RawRecord, Rejection  # noqa: E402
from dossier.pipeline import process  # noqa: E402
from dossier.runner import RecordTimeout, time_limit  # noqa: E402

EXTENSIONS = ["", ".txt", ".html", ".htm", ".jsonl", ".json", ".xml", ".warc", ".warc.gz", ".gz", ".zip", ".arc"]
TOKENS = [
    b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x1f\x8b\x08", b"PK\x03\x04", b"PK\x05\x06", b"WARC/1.0\r\n",
    b"Content-Length: 99999999\r\n", b"\r\n\r\n", b"<html>", b"<body>", b"<p>", b"</p>", b"<rss>", b"<item>",
    b"<![CDATA[", b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", b"&a;", b"&#0;", b"&#xD800;", b"{", b"}", b"[", b"]",
    b'"text": "', b'\\u0000', b'\\ud800', b"\n", b"\r", b"\t", b"\xc3\x28", b"\xed\xa0\x80", "\u202e".encode(),
    "😀".encode(), b"QUETTA: ", b"By Staff Reporter\n", b"Updated 2 hours ago\n", b"January 18, 2024\n",
]  # fmt: skip


def seeds() -> list[tuple[str, bytes]]:
    from tests import hostile

    out = [(name, data) for name, data in hostile.samples()]
    out += [(p.name, p.read_bytes()) for p in sorted((ROOT / "examples" / "seeds").iterdir()) if p.is_file()]
    return out


def mutate(data: bytes, rng: random.Random, pool: list[tuple[str, bytes]]) -> bytes:
    """One to four random edits: flips, inserts, deletions, repeats, splices, truncations, wrappings."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        n = len(buf)
        at = rng.randint(0, n)
        op = rng.randrange(11)
        if op == 0 and n:
            for _ in range(rng.randint(1, 8)):
                buf[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[at:at] = rng.choice(TOKENS) * rng.choice([1, 1, 2, 10, 100, 1000])
        elif op == 2 and n:
            del buf[at : at + rng.randint(1, max(1, n // 4))]
        elif op == 3 and n:
            end = min(n, at + rng.randint(1, 64))
            buf[at:at] = bytes(buf[at:end]) * rng.randint(2, 500)
        elif op == 4:
            other = rng.choice(pool)[1]
            start = rng.randint(0, len(other))
            buf[at:at] = other[start : start + rng.randint(0, 4096)]
        elif op == 5 and n:
            del buf[rng.randint(0, n) :]
        elif op == 6:
            buf = bytearray(gzip.compress(bytes(buf), mtime=0))
        elif op == 7:
            zipped = io.BytesIO()
            with zipfile.ZipFile(zipped, "w", rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])) as zf:
                zf.writestr("member" + rng.choice(EXTENSIONS), bytes(buf))
            buf = bytearray(zipped.getvalue())
        elif op == 8 and n:
            buf[at : at + 1] = bytes([rng.randrange(256)])
        elif op == 9:
            buf[at:at] = rng.randbytes(rng.randint(1, 64))
        else:
            codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "latin-1"])
            buf = bytearray(bytes(buf).decode("utf-8", "replace").encode(codec, "replace"))
    return bytes(buf[: 8 << 20])


def rename(name: str, rng: random.Random) -> str:
    if rng.random() < 0.7:
        return name
    stem = name.split(".", 1)[0] or "x"
    return stem + rng.choice(EXTENSIONS)


def attempt(data: bytes, name: str, limits: Limits, extract: bool) -> None:
    """Raises whatever expand or process raise, or AssertionError for a wrong kind of result."""
    for item in expand(io.BytesIO(data), name, len(data), limits.max_bytes, limits=limits):
        if isinstance(item, Rejection):
            assert len(item.detail) <= 300, f"a detail of {len(item.detail)} characters"
            continue
        assert isinstance(item, RawRecord), type(item)
        result = process(item, extract=extract)
        assert isinstance(result, Document | Rejection), type(result)


def where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/dossier/" in f.filename] or traceback.extract_tb(
        exc.__traceback__
    )
    last = frames[-1] if frames else None
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}" if last else type(exc).__name__


def fuzz(
    seconds: float, extract: bool, rng: random.Random, slow: float, on_crash: Callable[[str, bytes], None]
) -> tuple[int, Counter[str], dict[str, str], int]:
    pool = seeds()
    limits = Limits(max_bytes=256 << 10, max_expanded=64 << 20)  # small: limits are reached more often
    tried, slow_inputs = 0, 0
    crashes: Counter[str] = Counter()
    first: dict[str, str] = {}
    deadline = time.monotonic() + seconds
    queue = list(pool)  # every seed once as it is, then mutants
    while time.monotonic() < deadline:
        if queue:
            name, data = queue.pop()
        else:
            name, base = rng.choice(pool)
            name, data = rename(name, rng), mutate(base if len(base) < (1 << 20) else base[: 1 << 20], rng, pool)
        tried += 1
        try:
            with time_limit(slow):  # the last input may run past the deadline by this much
                attempt(data, name, limits, extract)
        except RecordTimeout:
            slow_inputs += 1
        except Exception as exc:
            key = where(exc)
            crashes[key] += 1
            if key not in first:
                first[key] = f"input {name!r} ({len(data)} bytes)\n" + "".join(traceback.format_exception(exc))
                on_crash(key, data)
    return tried, crashes, first, slow_inputs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz [60]")
    ap.add_argument("--extract", action="store_true", help="read incidents too (needs the NLP model)")
    ap.add_argument("--seed", type=int, default=1, help="random seed [1]")
    ap.add_argument("--slow", type=float, default=20.0, help="seconds after which one input is stopped [20]")
    ap.add_argument("--save", type=Path, help="a folder to write each crashing input to")
    ap.add_argument("--show", type=int, default=3, help="tracebacks printed [3]")
    args = ap.parse_args()

    def save(key: str, data: bytes) -> None:
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"crash-{hashlib.sha256(data).hexdigest()[:12]}.bin").write_bytes(data)

    started = time.monotonic()
    tried, crashes, first, slow = fuzz(args.seconds, args.extract, random.Random(args.seed), args.slow, save)
    elapsed = time.monotonic() - started
    print(f"inputs tried: {tried} in {elapsed:.0f} s ({tried / elapsed:.0f}/s), extract={args.extract}")
    print(f"crashes: {sum(crashes.values())} ({len(crashes)} distinct); slow (> {args.slow:g} s): {slow}")
    for key, n in crashes.most_common():
        print(f"  {n:5d}  {key}")
    for key in list(first)[: args.show]:
        print(f"\n--- {key}\n{first[key]}")


if __name__ == "__main__":
    main()
