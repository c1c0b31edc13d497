"""The events table: writing an article's events, and reading them back as ``Event`` records.

An article's events are replaced as a whole (re-extracting an article never leaves stale rows behind).
Invalid events are not stored; each one comes back as a ``Skipped`` with the reason, so nothing is dropped
silently.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Event, Skipped
from ..ontology import validate
from .db import Store
from .schema import (COUNTED_SQL, EVENT_DERIVED_SQL, EVENT_DERIVED_UNDATED_SQL, EVENT_PANDAS_SQL, HAPPENING,
                     MONTHLY_CELL_SQL, MONTHLY_SQL, STORY_KEY_SQL, TOLD_SQL)

COLUMNS = (
    "article", "type", "status", "date", "source", "target", "pandas",
    "institution", "evidence", "confidence", "extractor",
)  # fmt: skip


@dataclass(frozen=True)
class SavedEvents:
    """What ``save_events`` did with an article's events."""

    article: str
    stored: int
    skipped: list[Skipped] = field(default_factory=list)


def save_events(store: Store, article_id: str, events: Iterable[Event], extractor: str | None = None) -> SavedEvents:
    """Replace ``article_id``'s events with ``events`` in one transaction; invalid ones are reported, not stored."""
    rows, skipped = [], []
    for index, event in enumerate(events):
        problems = validate(event)
        if problems:
            skipped.append(Skipped(f"{article_id}#event{index}", "invalid-event", "; ".join(problems)))
        else:
            rows.append(_row(article_id, event, extractor))
    placeholders = ", ".join("?" for _ in COLUMNS)
    with store.transaction() as conn:
        happenings = happenings_of(conn, article_id)  # the acts its old reports were counted for
        mark_stories_stale(conn, article_id)
        conn.execute("DELETE FROM events WHERE article = ?", (article_id,))  # event_pandas rows go with them (cascade)
        conn.executemany(f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({placeholders})", rows)
        derive_columns(conn, article_id, happenings)
    return SavedEvents(article_id, len(rows), skipped)


_HAPPENINGS = "SELECT DISTINCT source, target, month, type, pandas, told FROM events WHERE article = ?"
_RECOUNT = (f"UPDATE events SET counted = (id = (SELECT id FROM events WHERE {HAPPENING} "
            f"ORDER BY published IS NULL, published, article, id LIMIT 1)) WHERE {HAPPENING}")  # fmt: skip


def happenings_of(conn: sqlite3.Connection, article_id: str) -> set[tuple]:
    """The acts ``article_id``'s reports tell (what ``recount`` takes)."""
    return set(conn.execute(_HAPPENINGS, (article_id,)))


def mark_stories_stale(conn: sqlite3.Connection, article_id: str) -> None:
    """The stories ``article_id``'s reports are in are redone from their publication day (analyse.stories)."""
    conn.execute("INSERT INTO story_stale (story_key, since) SELECT story_key, coalesce(published, '~') "
                 "FROM events WHERE article = ? AND story IS NOT NULL", (article_id,))  # fmt: skip


def derive_columns(conn: sqlite3.Connection, article_id: str | None = None, happenings: set | None = None) -> None:
    """Compute the derived columns of ``article_id``'s new rows (None: of every row, after a bulk insert):
    dates, month, story group, the acts it tells and which it tells first (for those ``happenings`` too,
    whose first telling may have been removed), and its panda rows. Stories are placed later
    (analyse.stories.refresh_stories)."""
    where, params = ("WHERE article = ?", (article_id,)) if article_id is not None else ("", ())
    for derive in (EVENT_DERIVED_SQL, EVENT_DERIVED_UNDATED_SQL, STORY_KEY_SQL):
        conn.execute(f"{derive} {where}", params)
    conn.execute(TOLD_SQL.format(where=where), params)
    if article_id is None:
        conn.execute(COUNTED_SQL.format(where=""))
        conn.execute("DELETE FROM happenings_monthly")
        conn.execute(MONTHLY_SQL)
    else:
        recount(conn, (happenings or set()) | happenings_of(conn, article_id))
    conn.execute(f"{EVENT_PANDAS_SQL} {where.replace('article', 'e.article')}", params)


def recount(conn: sqlite3.Connection, happenings: set[tuple]) -> None:
    """Which report first tells each of these acts (published, article, id), and their months' counts."""
    for happening in happenings:
        conn.execute(_RECOUNT, happening + happening)
    for source, target, month in {h[:3] for h in happenings if None not in h[:3]}:
        conn.execute("DELETE FROM happenings_monthly WHERE first = ? AND second = ? AND month = ?",
                     (min(source, target), max(source, target), month))  # fmt: skip
        conn.execute(MONTHLY_CELL_SQL, (min(source, target), max(source, target), month))


def load_events(store: Store, article_id: str) -> list[Event]:
    """An article's stored events, in the order they were saved."""
    cursor = store.conn.execute(
        "SELECT article, type, status, date, source, target, pandas, institution, evidence, confidence "
        "FROM events WHERE article = ? ORDER BY id",
        (article_id,),
    )
    return [event_from_row(row) for row in cursor]


def event_from_row(row: tuple) -> Event:
    """An ``Event`` from the first ten columns of ``COLUMNS`` (article … confidence)."""
    article, type_, status, date, source, target, pandas, institution, evidence, confidence = row[:10]
    return Event(article, type_, status, date, source, target, tuple(json.loads(pandas or "[]")),
                 institution, evidence or "", float(confidence))  # fmt: skip


def _row(article_id: str, event: Event, extractor: str | None) -> tuple:
    # The row's article is always the one we were asked to store for, whatever the record says.
    return (
        article_id, event.type, event.status, event.date, event.source, event.target,
        json.dumps(list(event.pandas), ensure_ascii=False), event.institution, event.evidence,
        event.confidence, extractor,
    )  # fmt: skip
