"""Registry timings on the bundled data (or --registry DIR): load, check, build, and the query commands' work.

    .venv/bin/python bench/registry_bench.py [--registry data/registry] [--runs 200]

Reports the wall time of load+check, a full build, the no-change check every command does (content hash),
and p50/p95 of `where` on random days, `loans --active-on`, `panda NAME` lookups and the JSON export.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from pandawatch.analyse import whereabouts
from pandawatch.registry import build, check_registry, ensure_registry, load_registry
from pandawatch.export.registry import export_json
from pandawatch.registry.lookup import lookup_panda
from pandawatch.settings import load_settings
from pandawatch.store import open_store


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", default=str(load_settings().registry_dir))
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.sqlite") as store:
        registry = load_registry(args.registry)
        report = {"pandas": len(registry.pandas), "institutions": len(registry.institutions), "loans": len(registry.loans)}
        report["load_and_check_ms"] = round(timed(lambda: check_registry(load_registry(args.registry))), 1)
        report["build_ms"] = round(timed(lambda: build(store, registry)), 1)
        report["unchanged_check_ms"] = round(timed(lambda: ensure_registry(store, args.registry)), 1)
        days = [dt.date(1972, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55)) for _ in range(args.runs)]
        names = [panda.name for panda in registry.pandas.values()]
        report["where_all"] = percentiles([timed(lambda d=d: whereabouts.where(store, d)) for d in days])
        report["where_country"] = percentiles([timed(lambda d=d: whereabouts.where(store, d, "JPN")) for d in days])
        report["loans_active_on"] = percentiles([timed(lambda d=d: whereabouts.loans_active_on(store, d)) for d in days])
        report["panda_lookup"] = percentiles([timed(lambda n=rng.choice(names): lookup_panda(store, n))
                                              for _ in range(args.runs)])
        report["holdings_series_usa"] = percentiles([timed(lambda: whereabouts.holdings_series(store, "USA"))
                                                     for _ in range(20)])
        report["export_json_ms"] = round(timed(lambda: export_json(store)), 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
