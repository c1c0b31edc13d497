"""Ingest on a real Dask LocalCluster: the stored result is the single process's, even when a worker dies."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import sqlite3
import time

import dask
from conftest import SHARED
from pandawatch.ingest.readers import ReadOptions
from pandawatch.model import Event, Skipped
from pandawatch.pipeline import ingest, prepare_file
from pandawatch.scale import cluster
from pandawatch.settings import load_settings
from pandawatch.store import open_store
from pandawatch.store.articles import settled_digests

SETTINGS = load_settings(environ={})
VOLATILE = {"ingested_at", "started", "finished", "pid", "applied_at", "decided_at"}  # clock and process, not data
WORDS = ("harbour council budget rain match season market shares index school road bridge court vote festival "
         "museum river station ferry tower garden trial coach league rates export harvest").split()


def _filler(rng: random.Random) -> str:
    return " ".join(" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(8))


def _corpus(folder, real: int, total: int, shards: int = 6) -> list[str]:
    """``total`` JSONL records in ``shards`` gzipped files: ``real`` articles of ../shared/dev (they have
    events), exact and near copies of them in later shards, filler news, a malformed line and an empty text."""
    rng = random.Random(12)
    texts = [path.read_text() for path in sorted((SHARED / "dev" / "articles").glob("*.txt"))[:real]]
    records = [{"url": f"https://news.example/real/{i}", "text": text} for i, text in enumerate(texts)]
    records += [{"url": f"https://copy.example/exact/{i}", "text": texts[i]} for i in range(0, real, 5)]
    records += [{"url": f"https://copy.example/near/{i}", "text": texts[i] + " Reporting by the wire desk."}
                for i in range(1, real, 4)]
    filler = [{"url": f"https://news.example/other/{i}", "text": _filler(rng)} for i in range(total - len(records) - 2)]
    records = records[:real] + filler + records[real:]  # the copies come shards after their originals
    lines = [json.dumps(record) for record in records] + ["{not json", json.dumps({"url": "u:empty", "text": ""})]
    folder.mkdir()
    size = -(-len(lines) // shards)
    for shard in range(shards):
        with gzip.open(folder / f"shard-{shard:02d}.jsonl.gz", "wt") as out:
            out.write("\n".join(lines[shard * size: (shard + 1) * size]) + "\n")
    return [str(folder)]


def _stored(path) -> dict[str, list[tuple]]:
    """Every table's rows in storage order, without the columns that record when and by which process."""
    conn = sqlite3.connect(path)
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    dump = {}
    for name in tables:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info('{name}')") if row[1] not in VOLATILE]
        quoted = ", ".join(f'"{column}"' for column in columns)  # (a name in single quotes is a string)
        dump[name] = conn.execute(f"SELECT {quoted} FROM '{name}'").fetchall()
    conn.close()
    return dump


def _run(db, sources, client=None, extract=True):
    with open_store(db) as store:
        return ingest(sources, store, SETTINGS, extract=extract, cluster=client)


def test_300_articles_on_two_workers_are_stored_as_one_process_stores_them(tmp_path):
    sources = _corpus(tmp_path / "corpus", real=24, total=300)
    alone = _run(tmp_path / "alone.sqlite", sources)
    with cluster(workers=2) as client:
        spread = _run(tmp_path / "dask.sqlite", sources, client)
        stored = _stored(tmp_path / "dask.sqlite")
        again = _run(tmp_path / "dask.sqlite", sources, client)  # a re-run (or a resumed one) adds nothing
        housekeeping = client.run(lambda: (dask.config.get("distributed.admin.tick.interval"),
                                           dask.config.get("distributed.worker.profile.enabled")))

    assert alone.read == spread.read == 300 and alone.events > 5 and alone.duplicates >= 10
    assert [s.origin for s in alone.skipped + alone.errors] == [s.origin for s in spread.skipped + spread.errors]
    expected = _stored(tmp_path / "alone.sqlite")
    assert len(expected["articles"]) == 298 and len(expected["events"]) == alone.events
    assert stored == expected  # articles, signatures, events, stories, links, issues, the run's counters
    assert str(tmp_path) not in repr(stored) and ("corpus/shard-05.jsonl.gz#line-49", "malformed") in [
        (origin, reason) for _, _, origin, _, reason, _ in stored["ingest_issues"]]  # ids name no local path
    assert again.unchanged == 298 and again.stored == again.events == 0
    assert list(housekeeping.values()) == [("1s", False)] * 2  # the local cluster's settings reach its workers


def _dies_once(marker: str):
    """An extractor whose worker process dies the first time it is called (``marker`` says it happened)."""

    def extension(doc):
        if not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(1)  # a worker killed mid-task: no exception, the process is gone
        return [Event(doc.id, "LOAN_EXTENSION", "occurred", None, "CHN", "GBR", evidence=doc.text[:60])]

    return extension


def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_lost_or_stored_twice(tmp_path):
    sources = _corpus(tmp_path / "corpus", real=0, total=120, shards=4)
    extractor = _dies_once(str(tmp_path / "died"))
    open(tmp_path / "died", "w").close()  # the single process must not die
    alone = _run(tmp_path / "alone.sqlite", sources, extract=extractor)
    os.remove(tmp_path / "died")
    with cluster(workers=2) as client:
        [sent] = client.scatter([extractor], broadcast=True)  # as the run sends it
        time.sleep(2.5)  # longer than the scheduler's memory-manager cycle
        held = len(client.who_has([sent])[sent.key])
        spread = _run(tmp_path / "dask.sqlite", sources, client, extract=extractor)

    assert held == 2  # every worker keeps what was sent to all: one dying loses nothing the run needs
    assert os.path.exists(tmp_path / "died")  # a worker did die
    assert spread.read == alone.read == 120 and spread.events == alone.events == 118
    assert _stored(tmp_path / "dask.sqlite")["events"] == _stored(tmp_path / "alone.sqlite")["events"]
    assert _stored(tmp_path / "dask.sqlite")["articles"] == _stored(tmp_path / "alone.sqlite")["articles"]


def test_a_resumed_run_skips_cleaning_what_is_stored_and_stores_what_one_process_stores(tmp_path):
    [folder] = _corpus(tmp_path / "corpus", real=24, total=300)
    shards = sorted(str(path) for path in (tmp_path / "corpus").glob("*.jsonl.gz"))
    # The run that was killed half way: three shards stored, the first one's articles without their events.
    _run(tmp_path / "alone.sqlite", shards[:1], extract=False)
    _run(tmp_path / "alone.sqlite", shards[1:3])
    shutil.copy(tmp_path / "alone.sqlite", tmp_path / "dask.sqlite")
    with open_store(tmp_path / "dask.sqlite") as store:
        settled = settled_digests(store, SETTINGS.max_article_chars, extracting=True)
    options = ReadOptions.from_settings(SETTINGS, False)
    first, second, new = (prepare_file(shard, shard, options, 0.8, None, settled) for shard in (shards[0], shards[1], shards[3]))

    # Stored and extracted: not cleaned again. Stored without events: cleaned (its events are due). New: cleaned.
    assert all(entry.settled and entry.found.text == "" for entry in second if not isinstance(entry.found, Skipped))
    assert not any(entry.settled for entry in first if "/real/" in entry.origin)
    assert not any(entry.settled for entry in new)
    alone = _run(tmp_path / "alone.sqlite", [folder])
    with cluster(workers=2) as client:
        spread = _run(tmp_path / "dask.sqlite", [folder], client)
    assert _stored(tmp_path / "dask.sqlite") == _stored(tmp_path / "alone.sqlite")
    assert alone.unchanged > 90 and alone.extracted > 5
    assert (spread.stored, spread.unchanged, spread.extracted, spread.events, spread.duplicates) == (
        alone.stored, alone.unchanged, alone.extracted, alone.events, alone.duplicates)
