"""The knowledge base file failing or shared: each fault is one line naming the file and what to do (no
traceback), a second writer waits its turn and loses nothing, a read-only copy can still be queried, and
readers see placed stories only while an ingest writes. Real SQLite files, the real CLI."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pandawatch.model import Event
from pandawatch.pipeline import ingest
from pandawatch.settings import load_settings
from pandawatch.store import db as store_db
from pandawatch.store import open_store
from pandawatch.store.events import save_events
from pandawatch.store.faults import database_fault

SETTINGS = load_settings(environ={})
TEXT = "The zoo said its two giant pandas would return to China in December after twelve years. "


def _cli(*args: str, db: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pandawatch", "--db", str(db), *args], capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


def _one_line_error(done: subprocess.CompletedProcess, *words: str) -> str:
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in done.stderr, done.stderr
    assert all(word in lines[0] for word in words), lines[0]
    return lines[0]


def _news(folder: Path, count: int, repeat: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        words = " ".join(f"w{number}x{i}" for i in range(repeat * 10))  # distinct texts: no copies linked
        (folder / f"{number:03d}.txt").write_text(f"Report {number}: {TEXT * repeat} {words}.")
    return folder


def test_a_file_that_is_not_sqlite_is_one_line(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("my shopping list\n")
    _one_line_error(_cli("where", db=db), str(db), "not an SQLite database", "--db")
    assert db.read_text() == "my shopping list\n"  # untouched


def test_another_programs_database_is_refused_untouched(tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE photos (name TEXT)")
    _one_line_error(_cli("where", db=db), "not a pandawatch knowledge base")
    with sqlite3.connect(db) as conn:
        assert [row[0] for row in conn.execute("SELECT name FROM sqlite_master")] == ["photos"]


def test_a_corrupt_database_is_one_line_with_the_integrity_check(tmp_path):
    db = tmp_path / "kb.db"
    with open_store(db) as store:
        ingest([str(_news(tmp_path / "news", 30))], store, SETTINGS, extract=False)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    with db.open("r+b") as file:  # every page but the first (the schema) overwritten in its middle
        for offset in range(4096 + 1000, size, 4096):
            file.seek(offset)
            file.write(b"\xde\xad\xbe\xef" * 100)
    line = _one_line_error(_cli("timeline", db=db), str(db), "corrupt", "integrity check", "backup")
    assert "Traceback" not in line


def test_a_full_disk_stops_the_run_with_one_line_and_keeps_what_was_stored(tmp_path):
    db = tmp_path / "kb.db"
    news = _news(tmp_path / "news", 60, repeat=40)  # ~5 KB each
    with open_store(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 120}")  # room for a batch or so, not for all
        with pytest.raises(sqlite3.OperationalError) as raised:
            ingest([str(news)], store, SETTINGS, extract=False, batch_size=10)
        line = database_fault(raised.value, str(db)).one_line()
        assert "disk is full" in line and "free some space" in line and str(db) in line
        stored = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert 0 < stored < 60 and stored % 10 == 0  # whole batches, nothing half-written
        assert store.conn.execute("SELECT status FROM ingest_runs").fetchall() == [("interrupted",)]


def test_a_second_writer_waits_its_turn_and_loses_nothing(tmp_path):
    db = tmp_path / "kb.db"
    open_store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write (an ingest's batch) holds the lock
    err = tmp_path / "err.txt"
    with err.open("w") as stderr:
        second = subprocess.Popen([sys.executable, "-m", "pandawatch", "--db", str(db), "ingest",
                                   str(_news(tmp_path / "news", 20)), "--no-extract", "-q"], stderr=stderr)
        try:
            deadline = time.monotonic() + 120
            while "waiting" not in err.read_text() and second.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1)  # it goes on waiting past its first attempt
            assert second.poll() is None, err.read_text()
        finally:
            holder.execute("COMMIT")  # the first writer finishes
            holder.close()
        assert second.wait(timeout=120) == 0, err.read_text()
    said = err.read_text()
    assert "another ingest (or write) is running; waiting" in said and "Traceback" not in said
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 20


def test_a_writer_waiting_past_its_limit_gets_one_line(tmp_path, monkeypatch):
    db = tmp_path / "kb.db"
    store = open_store(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(store_db, "WRITER_WAIT_SECONDS", 0)
    store.conn.execute("PRAGMA busy_timeout=100")
    heard = []
    store.on_wait = heard.append
    try:
        with pytest.raises(store_db.PandawatchError) as raised:
            with store.transaction():
                pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()
    assert "write lock" in raised.value.one_line() and str(db) in raised.value.one_line()


def _make_immutable(path: Path) -> bool:
    return shutil.which("chattr") is not None and subprocess.run(["chattr", "+i", str(path)],
                                                                 capture_output=True).returncode == 0


def test_a_knowledge_base_in_a_read_only_folder_can_be_queried(tmp_path):
    folder = tmp_path / "ro"
    db = folder / "kb.db"
    with open_store(db) as store:
        ingest([str(_news(tmp_path / "news", 5))], store, SETTINGS, extract=False)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        db.chmod(0o444)
    elif not _make_immutable(folder):
        pytest.skip("root, and chattr cannot make the folder read-only here")
    try:
        assert not os.access(folder, os.W_OK)
        for command in (["where", "--json"], ["timeline", "--json"], ["alerts", "--json"]):
            done = _cli(*command, db=db)
            assert done.returncode == 0 and "Traceback" not in done.stderr, (command, done.stderr)
        _one_line_error(_cli("ingest", str(tmp_path / "news"), "-q", "--no-extract", db=db), "read-only")
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_readers_see_placed_stories_only_while_an_ingest_writes(tmp_path):
    """An ingest commits its batches' reports before it places them in stories (at its end): a reader in
    between reads the stories placed so far, neither failing (the TypeError of unplaced reports) nor waiting."""
    from pandawatch.analyse.stories import refresh_stories, stored_stories
    from pandawatch.store.queries import EventFilter

    db = tmp_path / "kb.db"
    writer, reader = open_store(db), open_store(db)

    def report(article: str, day: str) -> None:
        writer.conn.execute("INSERT OR IGNORE INTO ingest_runs (id, started, status) VALUES (1, '2026-01-01', 'done')")
        writer.db["articles"].insert({"id": article, "published": day, "text": "t", "canonical_id": article,
                                      "raw_digest": article, "text_digest": article, "run_id": 1,
                                      "ingested_at": "2026-01-01T00:00:00Z"}, pk="id")  # fmt: skip
        event = Event.from_json({"article": article, "type": "LOAN_REQUEST", "status": "occurred", "date": day,
                                 "source": "JPN", "target": "CHN", "evidence": "Japan asked.", "confidence": 0.9})
        assert not save_events(writer, article, [event]).skipped

    report("a", "2025-01-01")
    refresh_stories(writer)
    report("b", "2025-06-01")  # saved, not yet placed
    with writer.transaction():  # the ingest's next batch holds the write lock
        started = time.monotonic()
        stories = stored_stories(reader, EventFilter())
        assert time.monotonic() - started < 1  # the reader did not wait for the lock
    assert [s.first.event.article for s in stories] == ["a"]
    refresh_stories(writer)
    assert sorted(s.first.event.article for s in stored_stories(reader, EventFilter())) == ["a", "b"]
    writer.close()
    reader.close()

