"""API latency over a large knowledge base (default one million events) and the size of the first page load.

    .venv/bin/python bench/api_bench.py [--events 1000000] [--requests 200] [--db /tmp/pw_bench.sqlite]

Knowledge-base answers (timeline, relations, alerts, country pages) are the CLI's functions, cached by the app
until events or the registry change: the first request for a key computes, the rest are cache hits. With 25
countries drawn at random, about a quarter of a per-country endpoint's requests are first ones, so its p95 is
theirs. Builds (once; reused while the file exists) a knowledge base with the bundled registry and synthetic events
spread over the registry's countries and pandas, starts the real app on uvicorn at 127.0.0.1, sends a bounded
number of sequential requests per endpoint, and prints p50/p95 per endpoint. Figures go in the issue's notes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from pandawatch import ontology
from pandawatch.analyse.stories import refresh_stories
from pandawatch.registry.build import ensure_registry
from pandawatch.settings import load_settings
from pandawatch.store import open_store
from pandawatch.store import registry as registry_tables
from pandawatch.store.articles import index_new_articles
from pandawatch.store.events import derive_columns
from pandawatch.web.app import create_app

COUNTRIES = ["JPN", "USA", "GBR", "FRA", "DEU", "AUS", "KOR", "THA", "MYS", "SGP", "HKG", "TWN", "ESP", "AUT",
             "BEL", "NLD", "FIN", "DNK", "RUS", "QAT", "IDN", "MEX", "CAN", "NZL", "ARE"]  # fmt: skip


def build(path: Path, count: int, settings) -> None:
    rng = random.Random(6)
    with open_store(path) as store:
        ensure_registry(store, settings.registry_dir)
        if store.conn.execute("SELECT count(*) FROM events").fetchone()[0] >= count:
            _place_stories(store)
            return
        names = [p["name"] for p in registry_tables.records(store, "pandas")]
        types = ontology.event_types()
        articles = max(count // 20, 1)
        store.conn.execute("INSERT OR IGNORE INTO ingest_runs (id, started, status) VALUES (1, '2026-01-01', 'done')")
        with store.transaction() as conn:
            conn.executemany(
                "INSERT INTO articles (id, url, outlet, title, published, text, raw_digest, text_digest, "
                "canonical_id, run_id, ingested_at) VALUES (?, ?, 'Bench Wire', ?, ?, ?, ?, ?, ?, 1, '2026-01-01')",
                ((f"bench/{i}", f"https://example.org/{i}", f"Story {i}", _date(rng, 10), f"Sentence {i}. " * 20,
                  str(i), str(i), f"bench/{i}") for i in range(articles)),
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO events (article, type, status, date, source, target, pandas, evidence, confidence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0.8)",
                (_event(rng, i, articles, types, names) for i in range(count)),
            )
            derive_columns(conn)  # what save_events derives: dates, as-of, months, counts, story groups, panda rows
            index_new_articles(conn)  # what ingest does at the end of each batch: the search index
        _place_stories(store)
        store.conn.execute("ANALYZE")


def _place_stories(store) -> None:
    """Stories are placed once, after the bulk insert (ingest leaves that to the first read, or `serve`)."""
    started = time.perf_counter()
    if placed := refresh_stories(store):
        print(f"stories: {placed:,} reports placed in {time.perf_counter() - started:.1f}s", file=sys.stderr)


def _date(rng: random.Random, width: int) -> str | None:
    year, month, day = rng.randint(1972, 2026), rng.randint(1, 12), rng.randint(1, 28)
    return f"{year:04d}-{month:02d}-{day:02d}"[:width]


def _event(rng, i, articles, types, names) -> tuple:
    event_type = rng.choice(types)
    other = rng.choice(COUNTRIES)
    source, target = ("CHN", other) if rng.random() < 0.5 else (other, "CHN")
    pandas = [rng.choice(names)] if ontology.is_panda_type(event_type) else []
    date = None if rng.random() < 0.05 else _date(rng, rng.choice((4, 7, 10)))
    return (f"bench/{i % articles}", event_type, "occurred", date, source, target,
            json.dumps(pandas, ensure_ascii=False), f"Sentence {i % 20}.")  # fmt: skip


def serve(app) -> tuple[uvicorn.Server, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def endpoints(rng: random.Random, names: list[str], max_id: int) -> dict:
    return {
        "where?date": lambda: f"/api/where?date={_date(rng, 10)}",
        "events (latest)": lambda: "/api/events",
        "events?country": lambda: f"/api/events?country={rng.choice(COUNTRIES)}",
        "events?type": lambda: f"/api/events?type={rng.choice(ontology.event_types())}",
        "events?panda": lambda: f"/api/events?panda={rng.choice(names)}",
        "events?date range": lambda: f"/api/events?date_from={(y := rng.randint(1972, 2025))}&date_to={y}",
        "events page 5": lambda: "/api/events?offset=200&limit=50",
        "events/{id}": lambda: f"/api/events/{rng.randint(1, max_id)}",
        "countries/{code}": lambda: f"/api/countries/{rng.choice(COUNTRIES)}",
        "relations (monthly)": lambda: f"/api/relations?country={rng.choice(COUNTRIES)}",
        "relations?as_of": lambda: f"/api/relations?country={rng.choice(COUNTRIES)}&as_of={_date(rng, 10)}",
        "timeline?country": lambda: f"/api/timeline?country={rng.choice(COUNTRIES)}",
        "timeline?country&since": lambda: f"/api/timeline?country={rng.choice(COUNTRIES)}&since=2025-01",
        "pandas": lambda: "/api/pandas",
        "pandas/{id}": lambda: "/api/pandas/shin-shin-2005",
        "alerts": lambda: "/api/alerts",
        "search (names)": lambda: "/api/search?q=shin",
        "search (article words)": lambda: f"/api/search?q=story {rng.randint(1, 50_000)}",
    }


def first_page_bytes(client: httpx.Client) -> tuple[int, int]:
    """Bytes of the overview page plus every asset it loads (scripts, styles, the map shapes)."""
    html = client.get("/").content
    assets = re.findall(rb'(?:src|href)="(/assets/[^"]+)"', html) + [b"/assets/countries-110m.json"]
    return len(html) + sum(len(client.get(a.decode()).content) for a in assets), len(assets)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", default="/tmp/pw_bench.sqlite")
    args = parser.parse_args()
    settings = load_settings(db=args.db)
    started = time.perf_counter()
    build(Path(args.db), args.events, settings)
    print(f"knowledge base ready in {time.perf_counter() - started:.1f}s: {args.db}", file=sys.stderr)
    with open_store(args.db) as store:
        names = [p["name"] for p in registry_tables.records(store, "pandas")]
        max_id, total = store.conn.execute("SELECT max(id), count(*) FROM events").fetchone()
    server, base = serve(create_app(args.db, settings))
    rng = random.Random(1)
    print(f"{total:,} events; {args.requests} sequential requests per endpoint\n")
    print(f"{'endpoint':22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, make in endpoints(rng, names, max_id).items():
            client.get(make())  # warm-up
            timings = []
            for _ in range(args.requests):
                began = time.perf_counter()
                response = client.get(make())
                timings.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, (name, response.status_code, response.text[:200])
            p95 = statistics.quantiles(timings, n=20)[18]
            print(f"{name:22} {statistics.median(timings):8.1f} {p95:8.1f} {max(timings):8.1f}")
        size, count = first_page_bytes(client)
        print(f"\nfirst page load: {size / 1024:.0f} KiB in {count + 1} requests (uncompressed)")
    server.should_exit = True


if __name__ == "__main__":
    main()
