"""Load on the main endpoints at concurrency 1, 8 and 32, with and without an ingest writing to the same file.

    .venv/bin/python bench/load_bench.py [--events 1000000] [--requests 400] [--seconds 60] [--db PATH]

Loopback only and bounded: the server is `pandawatch serve` on 127.0.0.1 (its own process, so the clients do not
share its interpreter), each round sends at most ``--requests`` requests or runs ``--seconds``, whichever ends
first. The knowledge base is bench/api_bench.py's (built once, reused while the file exists). The concurrent
ingest is the real CLI storing generated articles with the real extractor, again and again (each round a new
folder) until the load ends. Prints per round: throughput, p50/p95/p99 in ms, errors (non-200s and
timeouts), and the server's peak resident memory. Figures go in the issue's notes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_bench import COUNTRIES, build  # noqa: E402  (the 1M-event store)

from pandawatch.settings import load_settings  # noqa: E402

PANDAWATCH = [sys.executable, "-m", "pandawatch"]
TIMEOUT = 30.0


def paths(rng: random.Random, max_id: int) -> list[str]:
    """The main endpoints, one request each, in a shuffled order per use."""
    country = rng.choice(COUNTRIES)
    chosen = [
        f"/api/where?date={rng.randint(1975, 2026)}-06-01", "/api/events", f"/api/events?country={country}",
        f"/api/events/{rng.randint(1, max_id)}", f"/api/countries/{country}", f"/api/relations?country={country}",
        f"/api/timeline?country={country}", "/api/alerts", "/api/search?q=shin", "/", f"/country/{country}",
    ]  # fmt: skip
    rng.shuffle(chosen)
    return chosen


async def round_of_load(base: str, concurrency: int, requests: int, seconds: float, max_id: int) -> dict:
    rng = random.Random(concurrency)
    queue = [path for _ in range(requests // 11 + 1) for path in paths(rng, max_id)][:requests]
    timings: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        while queue and time.monotonic() < deadline:
            path = queue.pop()
            began = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors[f"HTTP {response.status_code}"] = errors.get(f"HTTP {response.status_code}", 0) + 1
            except httpx.HTTPError as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
            timings.append((time.perf_counter() - began) * 1000)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(timings, n=100) if len(timings) > 1 else [timings[0]] * 99
    return {"requests": len(timings), "seconds": elapsed, "throughput": len(timings) / elapsed,
            "p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "errors": errors}  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([*PANDAWATCH, "--db", db, "serve", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            if httpx.get(f"{base}/api/pandas", timeout=5).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.25)
    server.kill()
    raise SystemExit("the server did not start")


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Ingesting:
    """The real `pandawatch ingest` (with extraction) into the served file, a fresh folder of generated
    articles each time, until stopped."""

    def __init__(self, db: str, articles: int) -> None:
        self.db, self.articles, self.runs, self.process = db, articles, 0, None
        self.folder = Path(tempfile.mkdtemp(prefix="pw-load-news-"))

    def _next(self) -> None:
        news = self.folder / f"run-{self.runs}"
        news.mkdir()
        rng = random.Random(self.runs)
        for number in range(self.articles):
            country = rng.choice(COUNTRIES)
            (news / f"{number}.txt").write_text(
                f"Run {self.runs} story {number}. Officials from {country} met Chinese diplomats in Beijing on "
                f"Monday to discuss a new giant panda loan. The zoo said the two pandas would arrive next year. "
                f"China criticised the remarks of the foreign minister. Tally {rng.random()}.\n", encoding="utf-8")
        self.process = subprocess.Popen([*PANDAWATCH, "--db", self.db, "ingest", str(news), "-q"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        self.runs += 1

    def poll(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self._next()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


async def loaded(base: str, concurrency: int, args, max_id: int, ingest: Ingesting | None) -> dict:
    async def keep_ingesting() -> None:
        while True:
            ingest.poll()
            await asyncio.sleep(0.5)

    keeper = asyncio.create_task(keep_ingesting()) if ingest else None
    try:
        return await round_of_load(base, concurrency, args.requests, args.seconds, max_id)
    finally:
        if keeper:
            keeper.cancel()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400, help="at most this many requests per round")
    parser.add_argument("--seconds", type=float, default=60, help="at most this long per round")
    parser.add_argument("--articles", type=int, default=50, help="articles per concurrent ingest run")
    parser.add_argument("--db", default="/tmp/pw_bench.sqlite")
    args = parser.parse_args()
    settings = load_settings(db=args.db)
    started = time.perf_counter()
    build(Path(args.db), args.events, settings)
    print(f"knowledge base ready in {time.perf_counter() - started:.1f}s: {args.db}", file=sys.stderr)
    import sqlite3

    with sqlite3.connect(args.db) as conn:
        max_id, total = conn.execute("SELECT max(id), count(*) FROM events").fetchone()
    server, base = start_server(args.db)
    print(f"{total:,} events; {os.cpu_count()} CPUs; at most {args.requests} requests or {args.seconds:g} s a round")
    print(f"{'ingest':7} {'conc':>4} {'req':>5} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'server MB':>9}  errors")
    try:
        for with_ingest in (False, True):
            ingest = Ingesting(args.db, args.articles) if with_ingest else None
            try:
                for concurrency in (1, 8, 32):
                    got = asyncio.run(loaded(base, concurrency, args, max_id, ingest))
                    print(f"{'yes' if with_ingest else 'no':7} {concurrency:4} {got['requests']:5} "
                          f"{got['throughput']:7.1f} {got['p50']:8.1f} {got['p95']:8.1f} {got['p99']:8.1f} "
                          f"{peak_mb(server.pid):9.0f}  {got['errors'] or 0}", flush=True)
            finally:
                if ingest:
                    ingest.stop()
                    print(f"        (concurrent ingest runs started: {ingest.runs})", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
