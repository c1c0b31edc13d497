"""SQL of the news section: ingest runs, articles, their MinHash signatures, and ingest issues.

Functions taking ``conn`` run inside the caller's transaction (``with store.transaction() as conn``), so an
article, its signature, its events and the run's counters land together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from typing import NamedTuple

from ..model import Document, Skipped
from .db import Store

RUN_COUNTERS = ("read", "stored", "updated", "unchanged", "extracted", "duplicates", "skipped", "errors", "events")
_ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "published", "published_from", "language", "author", "text", "removed",
    "raw_digest", "text_digest", "canonical_id", "duplicate_kind", "similarity", "run_id", "ingested_at",
)  # fmt: skip
_UPSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))}) "
    f"ON CONFLICT(id) DO UPDATE SET {', '.join(f'{column} = excluded.{column}' for column in _ARTICLE_COLUMNS[1:])}"
)


def now() -> str:
    """The current UTC time to the second, as ISO 8601 (``2026-01-27T10:00:00+00:00``)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())


def start_run(store: Store, sources: list[str], pid: int) -> int:
    with store.transaction() as conn:
        cursor = conn.execute("INSERT INTO ingest_runs (started, pid, sources) VALUES (?, ?, ?)",
                              (now(), pid, json.dumps(sources, ensure_ascii=False)))
        return int(cursor.lastrowid)


def running_runs(store: Store) -> list[tuple[int, int | None]]:
    """(run id, pid) of the runs still marked running: live elsewhere, or killed."""
    return list(store.conn.execute("SELECT id, pid FROM ingest_runs WHERE status = 'running'"))


def mark_interrupted(store: Store, run_ids: list[int]) -> None:
    with store.transaction() as conn:
        conn.executemany("UPDATE ingest_runs SET status = 'interrupted' WHERE id = ?", [(i,) for i in run_ids])


def finish_run(store: Store, run_id: int, status: str = "done") -> None:
    with store.transaction() as conn:
        conn.execute("UPDATE ingest_runs SET finished = ?, status = ? WHERE id = ?", (now(), status, run_id))


def set_counts(conn: sqlite3.Connection, run_id: int, counts: dict[str, int]) -> None:
    """Write the run's counters (in the transaction that wrote the rows they count)."""
    unknown = set(counts) - set(RUN_COUNTERS)
    if unknown:
        raise ValueError(f"no run counters {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in counts)
    conn.execute(f"UPDATE ingest_runs SET {assignments} WHERE id = ?", (*counts.values(), run_id))


class StoredArticle(NamedTuple):
    raw_digest: str
    run_id: int
    canonical: bool  # its own story's canonical article (only those are extracted)
    extracted_by: str | None  # the extractor that wrote its events; None when never extracted


def stored_article(conn: sqlite3.Connection, article_id: str) -> StoredArticle | None:
    """What the pipeline needs to know of a stored article, or None."""
    row = conn.execute("SELECT raw_digest, run_id, canonical_id = id, extracted_by FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    return StoredArticle(row[0], row[1], bool(row[2]), row[3]) if row else None


def raw_digests(store: Store, article_ids: list[str]) -> dict[str, str]:
    """The raw input digest of each of these articles that is stored."""
    found: dict[str, str] = {}
    for start in range(0, len(article_ids), 500):  # SQLite's bound-variable limit
        chunk = article_ids[start: start + 500]
        found.update(store.conn.execute(
            f"SELECT id, raw_digest FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    return found


def settled_digests(store: Store, max_chars: int, extracting: bool) -> dict[str, bytes]:
    """Article id → raw digest (32 bytes) of every stored article that an input with the same bytes leaves as
    it is (no longer than ``max_chars``; when ``extracting``, a copy, or a canonical article already extracted):
    what Dask workers need not clean again on a resumed run."""
    rows = store.conn.execute(
        "SELECT id, raw_digest FROM articles WHERE length(text) <= ? AND (? OR canonical_id != id OR "
        "extracted_by IS NOT NULL)", (max_chars, not extracting))
    return {article_id: bytes.fromhex(digest) for article_id, digest in rows}


def set_extracted_by(conn: sqlite3.Connection, article_id: str, extractor: str | None) -> None:
    """Record which extractor wrote the article's events (None: none did), with the events' transaction."""
    conn.execute("UPDATE articles SET extracted_by = ? WHERE id = ?", (extractor, article_id))


def save_article(conn: sqlite3.Connection, doc: Document, run_id: int, canonical_id: str,
                 duplicate_kind: str | None, similarity: float | None, signature: bytes | None,
                 *, replacing: bool) -> None:
    """Insert or replace one article row and its signature (canonical articles only have one).
    ``replacing``: an article of that id is stored already (False saves a statement)."""
    removed = json.dumps(list(doc.removed), ensure_ascii=False) if doc.removed else "[]"
    values = (
        doc.id, doc.url, doc.outlet, doc.title, doc.published, doc.published_from, doc.language, doc.author,
        doc.text, removed, doc.raw_digest, doc.text_digest, canonical_id, duplicate_kind, similarity, run_id, now(),
    )  # fmt: skip
    conn.execute(_UPSERT_ARTICLE, values)
    if replacing:
        conn.execute("DELETE FROM article_signatures WHERE article_id = ?", (doc.id,))
    if signature is not None:
        conn.execute("INSERT INTO article_signatures (article_id, minhash) VALUES (?, ?)", (doc.id, signature))


def index_new_articles(conn: sqlite3.Connection) -> int:
    """Add the articles stored since the last call to the full-text index (at the end of each write batch,
    in its transaction); return how many. Articles are never deleted, so new rows always get higher rowids."""
    (indexed_to,) = conn.execute("SELECT indexed_to FROM articles_fts_mark").fetchone()
    added = conn.execute("INSERT INTO articles_fts (rowid, title, text) SELECT rowid, title, text FROM articles "
                         "WHERE rowid > ?", (indexed_to,)).rowcount
    if added:
        conn.execute("UPDATE articles_fts_mark SET indexed_to = (SELECT max(rowid) FROM articles)")
    return added


def add_issue(conn: sqlite3.Connection, run_id: int, item: Skipped, level: str = "skipped") -> None:
    conn.execute("INSERT INTO ingest_issues (run_id, origin, level, reason, detail) VALUES (?, ?, ?, ?, ?)",
                 (run_id, item.origin, level, item.reason, item.detail))


def canonical_signatures(store: Store) -> Iterator[tuple[str, str, bytes]]:
    """(id, text digest, MinHash bytes) of every canonical article, for the de-duplicator."""
    yield from store.conn.execute(
        "SELECT a.id, a.text_digest, s.minhash FROM articles a JOIN article_signatures s ON s.article_id = a.id "
        "WHERE a.canonical_id = a.id ORDER BY a.rowid"
    )


def run_row(store: Store, run_id: int) -> dict:
    cursor = store.conn.execute("SELECT * FROM ingest_runs WHERE id = ?", (run_id,))
    names = [column[0] for column in cursor.description]
    row = cursor.fetchone()
    return dict(zip(names, row)) if row else {}
