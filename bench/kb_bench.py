"""Knowledge-base query latency on a large store: one million generated events over 40 years and 30 countries.

    .venv/bin/python bench/kb_bench.py [--events 1000000] [--db /tmp/kb_bench.sqlite] [--runs 30]

Reports p50/p95 of the merged timeline (a dyad over one year, a panda's whole story, a dyad's newest page of 50
entries over all 40 years) and of the relations series (a dyad over 10 years), with and without --as-of.
Target: p95 <= 100 ms each; the whole 40-year timeline of a busy pair (33,000 reports) is listed for scale.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from pandawatch.analyse.relations import relations
from pandawatch.analyse.stories import refresh_stories
from pandawatch.analyse.timeline import TimelineQuery, timeline, timeline_page
from pandawatch.ontology import diplomatic_types, panda_types
from pandawatch.registry.load import load_registry
from pandawatch.store import open_store
from pandawatch.store.articles import index_new_articles
from pandawatch.store.events import derive_columns

COUNTRIES = ["JPN", "USA", "GBR", "FRA", "DEU", "KOR", "AUS", "CAN", "MEX", "ESP", "AUT", "BEL", "NLD", "FIN", "DNK",
             "MYS", "THA", "SGP", "IDN", "QAT", "RUS", "TWN", "HKG", "MAC", "IND", "BRA", "ITA", "POL", "SWE", "NZL"]
PANDAS = [f"Bench Panda {i}" for i in range(400)]


def generate(db: str, total: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = open_store(db)
    articles = total // 4
    with store.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO ingest_runs (id, started, status) VALUES (1, '2026-01-01', 'done')")
        conn.executemany(
            "INSERT INTO articles (id, url, outlet, title, published, text, raw_digest, text_digest, canonical_id, "
            "run_id, ingested_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, 1, '2026-01-01')",
            [(f"a{i}", f"https://example.org/a{i}", f"outlet{i % 50}", f"article {i}", _day(rng), f"r{i}", f"t{i}",
              f"a{i}") for i in range(articles)])  # fmt: skip
        conn.executemany(
            "INSERT INTO events (article, type, status, date, source, target, pandas, evidence, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (_event(rng, articles) for _ in range(total)))
        derive_columns(conn)  # what save_events derives: dates, as-of, months, counts, story groups, panda rows
        index_new_articles(conn)  # what ingest does at the end of each batch: the search index
    refresh_stories(store)
    store.conn.execute("ANALYZE")
    store.close()


def _day(rng: random.Random) -> str:
    return f"{rng.randint(1986, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _event(rng: random.Random, articles: int) -> tuple:
    host = rng.choice(COUNTRIES)
    if rng.random() < 0.3:
        type_ = rng.choice(panda_types())
        pandas = json.dumps(rng.sample(PANDAS, rng.randint(0, 2)))
        source, target = ("CHN", host) if type_ != "LOAN_REQUEST" else (host, "CHN")
    else:
        type_, pandas = rng.choice(diplomatic_types()), "[]"
        source, target = ("CHN", host) if rng.random() < 0.5 else (host, "CHN")
    date = rng.choice([None, _day(rng), _day(rng)[:7], _day(rng)[:4]])
    return (f"a{rng.randrange(articles)}", type_, rng.choice(["occurred", "occurred", "planned"]), date, source,
            target, pandas, "generated evidence sentence", 0.8)  # fmt: skip


def measure(label: str, runs: int, call) -> dict:
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        size = len(call())
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    # Wall time is the figure that counts; CPU time shows how much of it is ours on a shared machine.
    result = {"query": label, "rows": size, "p50_ms": _pct(times, 50), "p95_ms": _pct(times, 95),
              "cpu_p50_ms": _pct(cpu, 50), "cpu_p95_ms": _pct(cpu, 95)}  # fmt: skip
    print(json.dumps(result))
    return result


def _pct(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, int(round(percent / 100 * len(ordered))) - 1))], 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/kb_bench.sqlite")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not Path(args.db).exists():
        started = time.perf_counter()
        generate(args.db, args.events)
        print(f"generated {args.events} events in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    store = open_store(args.db)
    started = time.perf_counter()
    if placed := refresh_stories(store):  # a store made before stories were stored: placed once, here
        print(f"stories: {placed} reports placed in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    registry = load_registry()
    print(f"events: {store.db['events'].count}", file=sys.stderr)
    results = [
        measure("timeline CHN-JPN, one year", args.runs, lambda: timeline(
            store, registry, TimelineQuery(dyad=("CHN", "JPN"), since="2015-01-01", until="2015-12-31"))),
        measure("timeline CHN-JPN, one year, as-of", args.runs, lambda: timeline(
            store, registry, TimelineQuery(dyad=("CHN", "JPN"), since="2015-01-01", until="2015-12-31", as_of="2015-06-30"))),
        measure("timeline one panda, all time", args.runs, lambda: timeline(
            store, registry, TimelineQuery(pandas=("Bench Panda 7",)))),
        measure("timeline CHN-JPN, all 40 years", max(3, args.runs // 5), lambda: timeline(
            store, registry, TimelineQuery(dyad=("CHN", "JPN"))), ),
        measure("timeline CHN-JPN, all 40 years, newest 50", args.runs, lambda: timeline_page(
            store, registry, TimelineQuery(dyad=("CHN", "JPN")), 50).entries),
        measure("timeline CHN-JPN, all 40 years, as-of 2015-06-30, newest 50", args.runs, lambda: timeline_page(
            store, registry, TimelineQuery(dyad=("CHN", "JPN"), as_of="2015-06-30"), 50).entries),
        measure("relations CHN-JPN, 10 years", args.runs, lambda: relations(
            store, registry, ("CHN", "JPN"), since="2010-01", until="2019-12")),
        measure("relations CHN-JPN, 10 years, as-of", args.runs, lambda: relations(
            store, registry, ("CHN", "JPN"), since="2010-01", until="2019-12", as_of="2015-06-30")),
    ]
    bounded = [r for r in results if r["query"] != "timeline CHN-JPN, all 40 years"]
    print(json.dumps({"target_p95_ms": 100, "all_within": all(r["p95_ms"] <= 100 for r in bounded)}))


if __name__ == "__main__":
    main()
