"""kill -9 soak: one ingest job killed several times at random points (each restart a new run, each kill mid-
write), then finished; the final knowledge base must equal the one an uninterrupted ingest of the same news
writes: the same articles with the same texts and canonical links, the same events, no run left running.
With the real extractor, so that kills land inside extraction and event writes too."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PANDAWATCH = [sys.executable, "-m", "pandawatch"]
COUNTRIES = ["Japan", "France", "Australia", "Malaysia", "Finland", "Spain", "Mexico", "Qatar"]
KILLS = 4


def _news(folder: Path, count: int) -> Path:
    folder.mkdir()
    rng = random.Random(3)
    for number in range(count):
        country = rng.choice(COUNTRIES)
        text = (f"Story {number}. {country} asked China for a pair of giant pandas on Monday, officials said. "
                f"The zoo said the loan would run for ten years. China agreed to extend the loan of the pandas "
                f"in {country} by five years. Reference {rng.randint(1, 10**9)}.\n")
        (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8")
    for number in range(0, count, 10):  # some copies, so that canonical links are compared too
        (folder / f"{number:04d}-copy.txt").write_text((folder / f"{number:04d}.txt").read_text(), encoding="utf-8")
    return folder


def _ingest(db: Path, news: Path) -> subprocess.Popen:
    return subprocess.Popen([*PANDAWATCH, "--db", str(db), "ingest", "-q", str(news)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def _state(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles = conn.execute("SELECT id, text_digest, canonical_id, extracted_by IS NOT NULL FROM articles "
                                "ORDER BY id").fetchall()
        events = conn.execute("SELECT article, type, status, date, source, target, evidence FROM events "
                              "ORDER BY article, type, evidence, date").fetchall()
        statuses = [row[0] for row in conn.execute("SELECT status FROM ingest_runs ORDER BY id")]
    return {"articles": articles, "events": events, "statuses": statuses}


@pytest.mark.slow
def test_kill_9_at_random_points_then_finishing_gives_the_uninterrupted_store(tmp_path):
    news = _news(tmp_path / "news", 800)
    reference, soaked = tmp_path / "reference.db", tmp_path / "soaked.db"
    assert _ingest(reference, news).wait(timeout=600) == 0
    expected = _state(reference)
    assert len(expected["articles"]) == 880 and expected["events"]

    rng = random.Random(7)
    landed = []
    for _ in range(KILLS):
        process = _ingest(soaked, news)
        target = _stored(soaked) + 1  # this run has stored a batch (a random time after it: below)
        deadline = time.monotonic() + 300
        while process.poll() is None and _stored(soaked) < target and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.6))  # (articles land a batch at a time: then somewhere in the next batch)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        landed.append(process.returncode)
        if soaked.exists():
            _state(soaked)  # consistent after every kill
    assert landed.count(-signal.SIGKILL) >= 3, landed  # several runs were really killed mid-way
    assert _ingest(soaked, news).wait(timeout=600) == 0

    final = _state(soaked)
    assert final["articles"] == expected["articles"]
    assert final["events"] == expected["events"]
    assert final["statuses"][-1] == "done" and "running" not in final["statuses"]
