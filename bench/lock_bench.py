"""How long an ingest holds the write lock: while the real `pandawatch ingest` (with the extractor) stores a
folder of generated articles, a second connection tries to take the write lock every 10 ms without waiting.
Each unbroken stretch of refusals is one hold seen from outside (to within the 10 ms step): the longest is the
longest another writer (a review decision, a second ingest) would wait.

    flock /work/notes/bench.lock .venv/bin/python bench/lock_bench.py [--articles 100 | --news DIR] [--db PATH]

The knowledge base is a fresh file (migrated before the ingest starts); the articles are bench/load_bench.py's
generated ones (one story told many ways: mostly near-copies, few extracted), or the folder ``--news`` (e.g.
../shared/dev/articles: real news, every article its own story). The ingest stores in batches of 100, each in
one transaction. Figures go in the issue's notes.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_bench import PANDAWATCH, Ingesting  # noqa: E402

from pandawatch.store import open_store  # noqa: E402

STEP_SECONDS = 0.01


def holds_while(ingest: subprocess.Popen, db: str) -> tuple[list[float], int]:
    """Every stretch (seconds) the write lock could not be had while ``ingest`` ran, and the attempts made."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    holds, refused_since, attempts = [], None, 0
    while ingest.poll() is None:
        attempts += 1
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            if refused_since is not None:
                holds.append(time.perf_counter() - refused_since)
                refused_since = None
        except sqlite3.OperationalError:
            refused_since = refused_since if refused_since is not None else time.perf_counter()
        time.sleep(STEP_SECONDS)
    conn.close()
    return holds, attempts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100, help="generated articles (without --news)")
    parser.add_argument("--news", help="ingest this folder instead")
    parser.add_argument("--db", default=str(Path(tempfile.mkdtemp(prefix="pw-lock-")) / "kb.sqlite"))
    args = parser.parse_args()
    open_store(args.db).close()  # migrated now, so that the ingest's first seconds are its own
    began = time.perf_counter()
    if args.news:
        ingest = subprocess.Popen([*PANDAWATCH, "--db", args.db, "ingest", args.news, "-q"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        generated = Ingesting(args.db, args.articles)
        generated.poll()
        ingest = generated.process
    holds, attempts = holds_while(ingest, args.db)
    seconds = time.perf_counter() - began
    if ingest.returncode not in (0, 2):  # 2: some input skipped
        raise SystemExit(f"the ingest failed: exit {ingest.returncode}")
    with sqlite3.connect(args.db) as conn:
        articles, events = (conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("articles", "events"))
    holds.sort()
    ms = [round(hold * 1000) for hold in holds]
    print(f"{articles} articles, {events} events ingested with extraction in {seconds:.1f} s; {attempts} attempts "
          f"to take the write lock every {STEP_SECONDS * 1000:.0f} ms; {len(ms)} holds seen")
    if ms:
        print(f"longest hold {ms[-1]} ms, median {ms[len(ms) // 2]} ms, p99 {ms[min(len(ms) - 1, len(ms) * 99 // 100)]} ms, "
              f"held {sum(ms) / 1000:.2f} s in all ({sum(ms) / 10 / seconds:.0f}% of the run); holds: {ms}")


if __name__ == "__main__":
    main()
