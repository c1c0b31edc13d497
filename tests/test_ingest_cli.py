"""`pandawatch ingest` as a user runs it: a real subprocess, exit codes, --json, and a kill -9 half way."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TEST_DATA

GOOD = TEST_DATA / "ingest" / "good"
BAD = TEST_DATA / "ingest" / "bad"
PANDAWATCH = [sys.executable, "-m", "pandawatch"]


def _run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PANDAWATCH, "--db", str(db), "ingest", "--no-extract", *args],
                          capture_output=True, text=True, timeout=120)


def test_all_stored_exits_0_and_prints_a_summary(tmp_path):
    done = _run(tmp_path / "kb.db", str(GOOD / "texts"))
    assert done.returncode == 0, done.stderr
    assert "stored" in done.stdout and "3" in done.stdout


def test_skipped_inputs_exit_2_with_one_line_each_naming_the_file(tmp_path):
    done = _run(tmp_path / "kb.db", str(BAD / "empty.txt"), str(BAD / "notafeed.xml"), str(GOOD / "texts"))
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.startswith("skipped:")]
    assert len(lines) == 2
    assert any(line.startswith("skipped: empty.txt: empty") for line in lines)  # (named by its id: its name)
    assert any(line.startswith("skipped: notafeed.xml: not-a-feed") for line in lines)


def test_json_report_for_scripts(tmp_path):
    done = _run(tmp_path / "kb.db", "--json", str(GOOD / "texts"), str(BAD / "malformed.jsonl"))
    report = json.loads(done.stdout)
    assert done.returncode == 2 and report["stored"] == 4 and report["complete"] is False
    assert {item["origin"].rsplit("#", 1)[1] for item in report["skipped"]} == {"line-2", "line-3", "line-4"}


def test_quiet_prints_nothing_when_all_is_well(tmp_path):
    done = _run(tmp_path / "kb.db", "--quiet", str(GOOD / "texts"))
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""


def test_workers_run_on_a_local_dask_cluster_and_print_its_dashboard(tmp_path):
    done = _run(tmp_path / "kb.db", "--workers", "1", str(GOOD / "texts"))
    assert done.returncode == 0, done.stderr
    assert "Dask: 1 workers, dashboard http://127.0.0.1:" in done.stderr and "stored" in done.stdout


@pytest.mark.parametrize("flags", [["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], ["--workers", "0"]])
def test_a_cluster_asked_for_wrongly_is_one_line(tmp_path, flags):
    done = _run(tmp_path / "kb.db", *flags, str(GOOD / "texts"))
    assert done.returncode == 1 and done.stderr.startswith("error: --workers") and len(done.stderr.splitlines()) <= 2


# --------------------------------------------------------------------------------- kill -9 half way

_WORDS = ("panda zoo loan keepers bamboo China Japan returned arrived cub twins enclosure visitors "
          "officials agreement extension breeding centre Sichuan flight crates farewell ministry talks").split()


def _corpus(folder: Path, count: int) -> None:
    """Distinct HTML pages (slow enough to kill mid-run), each its own story."""
    rng = random.Random(7)
    folder.mkdir()
    for number in range(count):
        sentences = [" ".join(rng.choice(_WORDS) for _ in range(14)).capitalize() + "." for _ in range(12)]
        body = "".join(f"<p>{sentence}</p>" for sentence in sentences)
        (folder / f"page{number:04d}.html").write_text(
            f"<html><head><title>Story {number}</title></head><body><nav>Home News</nav>"
            f"<article><h1>Story {number}</h1>{body}</article><footer>About us</footer></body></html>")


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("cluster", [[], ["--workers", "1"]], ids=["one-process", "dask-worker"])
def test_a_killed_ingest_leaves_a_consistent_database_and_a_rerun_finishes(tmp_path, cluster):
    corpus, db = tmp_path / "corpus", tmp_path / "kb.db"
    _corpus(corpus, 600)
    process = subprocess.Popen([*PANDAWATCH, "--db", str(db), "ingest", "--no-extract", "--quiet", *cluster, str(corpus)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _count(db, "SELECT count(*) FROM articles") < 150 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed_at = _count(db, "SELECT count(*) FROM articles")
    assert 0 < killed_at < 600, "the kill did not land half way"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles WHERE run_id NOT IN (SELECT id FROM ingest_runs)").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id "
                            "WHERE a.canonical_id = a.id AND s.minhash IS NULL").fetchone()[0] == 0
        stored, status = conn.execute("SELECT stored, status FROM ingest_runs").fetchone()
        assert (stored, status) == (killed_at, "running")  # counters moved with the articles, in one transaction

    rerun = _run(db, "--json", *cluster, str(corpus))
    report = json.loads(rerun.stdout)
    assert rerun.returncode == 0 and (report["stored"], report["unchanged"]) == (600 - killed_at, killed_at)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (600, 600)
        assert conn.execute("SELECT status FROM ingest_runs ORDER BY id").fetchall() == [("interrupted",), ("done",)]


@pytest.mark.slow
def test_ingest_with_the_real_extractor_stores_events_with_their_articles(tmp_path):
    from conftest import SHARED

    seeds = SHARED / "seeds"
    if not seeds.exists():
        pytest.skip("../shared is absent")
    db = tmp_path / "kb.db"
    done = subprocess.run([*PANDAWATCH, "--db", str(db), "ingest", "--json", str(seeds)],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["extraction"] == "on" and report["events"] > 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == report["events"]
        assert conn.execute("SELECT count(*) FROM events WHERE article NOT IN (SELECT id FROM articles)").fetchone()[0] == 0
        # the related-story teasers cut from seed 002 (a port in Pakistan, carmakers and tariffs) hold no events
        junk = conn.execute("SELECT count(*) FROM events WHERE evidence LIKE '%Gwadar%' OR evidence LIKE '%Toyota%'")
        assert junk.fetchone()[0] == 0
