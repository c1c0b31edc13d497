"""The first answer after an ingest: each main endpoint's latency on the first request after a real
`pandawatch ingest` wrote to the served file (what no cache can hide), beside the same request again (warm).

    .venv/bin/python bench/first_read_bench.py [--events 1000000] [--rounds 3] [--articles 50] [--db PATH]

The knowledge base is bench/api_bench.py's (built once, reused while the file exists; the ingests add to it:
give a copy). The server is `pandawatch serve` on 127.0.0.1 in its own process; each round ingests a fresh
folder of generated articles with the real extractor (bench/load_bench.py's), then requests every path once
(first after the write) and once more (warm). Figures go in the issue's notes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_bench import build  # noqa: E402
from load_bench import PANDAWATCH, Ingesting, start_server  # noqa: E402

from pandawatch.settings import load_settings  # noqa: E402

PATHS = ["/api/alerts", "/api/alerts?as_of=2020-06-01", "/api/timeline?country=JPN", "/api/countries/JPN",
         "/api/relations?country=JPN", "/api/where?date=2020-06-01", "/api/events?country=JPN", "/",
         "/country/JPN", "/alerts"]  # fmt: skip


def timed(client: httpx.Client, path: str) -> float:
    began = time.perf_counter()
    response = client.get(path)
    response.raise_for_status()
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=50, help="articles per ingest")
    parser.add_argument("--db", default="/tmp/pw_bench.sqlite")
    args = parser.parse_args()
    build(Path(args.db), args.events, load_settings(db=args.db))
    server, base = start_server(args.db)
    ingest = Ingesting(args.db, args.articles)
    first: dict[str, list[float]] = {path: [] for path in PATHS}
    warm: dict[str, list[float]] = {path: [] for path in PATHS}
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for path in PATHS:  # the server's own start-up (registry, catalogue) is not what is measured
                timed(client, path)
            for _ in range(args.rounds):
                ingest.poll()
                if ingest.process.wait() != 0:
                    raise SystemExit(f"the ingest failed: {PANDAWATCH} ... exit {ingest.process.returncode}")
                for path in PATHS:
                    first[path].append(timed(client, path))
                for path in PATHS:
                    warm[path].append(timed(client, path))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{args.rounds} ingests of {args.articles} articles; ms per request (each round's, then the median)")
    print(f"{'path':32} {'first after the ingest':>30} {'warm':>22}")
    for path in PATHS:
        print(f"{path:32} {_cells(first[path]):>30} {_cells(warm[path]):>22}")


def _cells(values: list[float]) -> str:
    return " ".join(f"{value:.0f}" for value in values) + f"  | {sorted(values)[len(values) // 2]:.0f}"


if __name__ == "__main__":
    main()
