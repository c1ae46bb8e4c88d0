"""API latency on a large store: median and p95 per kind of request, over HTTP against a real
`dossier serve` (uvicorn) in another process, one request at a time.

    python benchmarks/make_store.py --incidents 100000 --db /tmp/big.db
    taskset -c 1 python benchmarks/api_latency.py --db /tmp/big.db

The baseline, timed in the same run, is GET /api/config (the framework's own cost: routing,
middleware, JSON); each median is also printed as a ratio of it. The server is started fresh, so
"first ms" is what the first request of each kind costs after a write (or a restart)."""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(client: httpx.Client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        start = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url}: {r.status_code} {r.text[:300]}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("-n", type=int, default=200, help="requests per kind (network and stats: n / 5)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    port = free_port()
    dossier = os.path.join(os.path.dirname(sys.executable), "dossier")
    cmd = [dossier, "serve", "--db", args.db, "--port", str(port)]
    server = subprocess.Popen(cmd, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            started = time.perf_counter()
            for _ in range(1200):
                try:
                    client.get("/api/config")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            print(f"server ready in {time.perf_counter() - started:.1f} s (a store without its read model builds it)")
            start = time.perf_counter()
            first = client.get("/api/incidents", params={"limit": 1}).json()
            print(f"store: {first['total']:,} incidents; first read {time.perf_counter() - start:.2f} s")
            stats = client.get("/api/stats").json()
            types = [t["type"] for t in stats["by_type"]]
            provinces = [p["province"] for p in stats["by_province"]]
            actors = [a["actor_id"] for a in stats["by_actor"]]
            months = [m["month"] for m in stats["by_month"]]
            ids = [i["id"] for off in (0, 5000, 20000) for i in
                   client.get("/api/incidents", params={"limit": 500, "offset": off}).json()["items"]]  # fmt: skip

            def filtered() -> str:
                pick: list[Callable[[], str]] = [
                    lambda: f"type={rng.choice(types)}",
                    lambda: f"place={rng.choice(provinces)}",
                    lambda: f"actor={rng.choice(actors)}",
                    lambda: (m := rng.choice(months)) and f"since={m}&until={m}",
                    lambda: "bbox=69,33,72,35",
                    lambda: f"q={rng.choice(['police', 'checkpost', 'market', 'convoy', 'school'])}",
                ]
                parts = [f() for f in rng.sample(pick, rng.randint(1, 3))]
                return f"/api/incidents?{'&'.join(parts)}&limit=50&offset={rng.choice([0, 0, 50, 500])}"

            n = args.n
            kinds = {
                "config (baseline)": ["/api/config"] * n,
                "incident list, filtered": [filtered() for _ in range(n)],
                "incident list, no filter": [
                    f"/api/incidents?limit=50&offset={rng.randint(0, 1000)}" for _ in range(n)
                ],
                "one incident": [f"/api/incidents/{rng.choice(ids)}" for _ in range(n)],
                "network (500 actors)": ["/api/network"] * (n // 5),
                "network + 200 incidents": ["/api/network?incidents=200"] * (n // 5),
                "stats, filtered": [f"/api/stats?type={rng.choice(types)}" for _ in range(n // 5)],
                "actor profile": [f"/api/actors/{rng.choice(actors)}" for _ in range(n // 5)],
            }
            # the first request of a kind pays for what the server keeps until the next write
            # (canonical actors, actor statistics, the network): printed apart as "first ms"
            first = {name: timed(client, urls[:1])[0] for name, urls in kinds.items()}
            base_median = 0.0
            print(f"{'request':28} {'n':>5} {'first ms':>9} {'median ms':>10} {'p95 ms':>9} {'x baseline':>11}")
            for name, urls in kinds.items():
                ms = sorted(timed(client, urls))
                median, p95 = statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
                base_median = base_median or median
                row = (
                    f"{name:28} {len(ms):5d} {first[name]:9.1f} {median:10.1f} {p95:9.1f} {median / base_median:11.1f}"
                )
                print(row)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
