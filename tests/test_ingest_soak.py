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
    news = _news(tmp_path / "news", 120)
    reference, soaked = tmp_path / "reference.db", tmp_path / "soaked.db"
    assert _ingest(reference, news).wait(timeout=600) == 0
    expected = _state(reference)
    assert len(expected["articles"]) == 132 and expected["events"]

    rng = random.Random(7)
    landed = []
    for _ in range(KILLS):
        process = _ingest(soaked, news)
        time.sleep(rng.uniform(2.0, 9.0))  # start-up (spaCy loading) is a few seconds: kills land before and in
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        landed.append(process.returncode)
        if soaked.exists():
            _state(soaked)  # consistent after every kill
    assert landed.count(-signal.SIGKILL) >= 2, landed  # several runs were really killed mid-way
    assert _ingest(soaked, news).wait(timeout=600) == 0

    final = _state(soaked)
    assert final["articles"] == expected["articles"]
    assert final["events"] == expected["events"]
    assert final["statuses"][-1] == "done" and "running" not in final["statuses"]
