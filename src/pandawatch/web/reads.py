"""Read queries the dashboard needs over the events and articles tables.

Adapter note: these are the web part's own small read queries, written while `store/queries.py` and
`pandawatch.analyse.*` (knowledge-base part) land; to be consolidated there. Every query is parameterised
and read-only; a missing table reads as empty.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from .. import ontology
from ..store import Store

EVENT_COLUMNS = ("id", "article", "type", "status", "date", "source", "target", "pandas",
                 "institution", "evidence", "confidence")  # fmt: skip


@dataclass(frozen=True)
class EventFilter:
    """The events explorer's filters; None means any."""

    type: str | None = None
    country: str | None = None  # either side
    panda: str | None = None  # canonical name as stored in the event
    status: str | None = None
    article: str | None = None
    date_from: str | None = None  # ISO prefix, inclusive
    date_to: str | None = None  # ISO prefix, inclusive


@dataclass(frozen=True)
class Page:
    items: list[dict]
    offset: int
    limit: int
    has_more: bool


def has_table(store: Store, name: str) -> bool:
    row = store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def _where(event_filter: EventFilter) -> tuple[str, list]:
    clauses, values = [], []
    for column in ("type", "status", "article"):
        if getattr(event_filter, column):
            clauses.append(f"{column} = ?")
            values.append(getattr(event_filter, column))
    if event_filter.country:
        clauses.append("(source = ? OR target = ?)")
        values += [event_filter.country, event_filter.country]
    if event_filter.panda:
        # pandas is a JSON list of names; match one whole element
        clauses.append("instr(pandas, ?) > 0")
        values.append(json.dumps(event_filter.panda, ensure_ascii=False))
    if event_filter.date_from:
        clauses.append("date >= ?")
        values.append(event_filter.date_from)
    if event_filter.date_to:
        clauses.append("date < ?")  # '~' sorts after every ISO character: a range on the date index
        values.append(event_filter.date_to + "~")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", values


def event_row(row: tuple) -> dict:
    record = dict(zip(EVENT_COLUMNS, row))
    record["pandas"] = json.loads(record["pandas"] or "[]")
    return record


def events(store: Store, event_filter: EventFilter, offset: int = 0, limit: int = 50) -> Page:
    """Events matching the filter, latest first (undated last); one extra row tells whether more follow."""
    if not has_table(store, "events"):
        return Page([], offset, limit, False)
    where, values = _where(event_filter)
    # the panda filter reads the covering index (date, pandas) instead of every row (migration events-web-2)
    index = " INDEXED BY events_date_pandas" if event_filter.panda else ""
    sql = (f"SELECT {', '.join(EVENT_COLUMNS)} FROM events{index}{where} "
           "ORDER BY date DESC, id DESC LIMIT ? OFFSET ?")  # NULL dates sort last in DESC
    rows = store.conn.execute(sql, [*values, limit + 1, offset]).fetchall()
    return Page([event_row(row) for row in rows[:limit]], offset, limit, len(rows) > limit)


def event(store: Store, event_id: int) -> dict | None:
    if not has_table(store, "events"):
        return None
    row = store.conn.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE id = ?", (event_id,)).fetchone()
    return event_row(row) if row else None


def article(store: Store, article_id: str) -> dict | None:
    if not has_table(store, "articles"):
        return None
    cursor = store.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,))
    row = cursor.fetchone()
    return dict(zip([column[0] for column in cursor.description], row)) if row else None


def articles(store: Store, offset: int = 0, limit: int = 50) -> Page:
    if not has_table(store, "articles"):
        return Page([], offset, limit, False)
    cursor = store.conn.execute(
        "SELECT id, url, outlet, title, published FROM articles ORDER BY published DESC, id LIMIT ? OFFSET ?",
        (limit + 1, offset),
    )
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    return Page(rows[:limit], offset, limit, len(rows) > limit)


def relations_series(store: Store, country: str, partner: str = "CHN") -> list[dict]:
    """Per year: the summed weights of diplomatic events between ``country`` and ``partner``, both ways."""
    if not has_table(store, "events"):
        return []
    # grouped by the full date so that the covering index events_dyad_type is read in order, without a sort
    rows = store.conn.execute(
        "SELECT date, type, count(*) FROM events WHERE source = ? AND target = ? AND date IS NOT NULL "
        "GROUP BY date, type UNION ALL "
        "SELECT date, type, count(*) FROM events WHERE source = ? AND target = ? AND date IS NOT NULL "
        "GROUP BY date, type",
        (partner, country, country, partner),
    ).fetchall()
    years: dict[str, dict] = defaultdict(lambda: {"score": 0.0, "events": 0})
    for date, event_type, count in rows:
        if ontology.is_panda_type(event_type):
            continue
        year = date[:4]
        years[year]["score"] += ontology.weight(event_type) * count
        years[year]["events"] += count
    return [{"year": int(year), **totals} for year, totals in sorted(years.items())]


def events_version(store: Store) -> int:
    """Changes whenever events are saved (save_events deletes then inserts, so new rows get higher ids)."""
    if not has_table(store, "events"):
        return 0
    return store.conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]


def event_counts_by_country(store: Store) -> dict[str, int]:
    """How many events name each country on either side."""
    if not has_table(store, "events"):
        return {}
    rows = store.conn.execute(
        "SELECT code, sum(n) FROM (SELECT source AS code, count(*) AS n FROM events GROUP BY source "
        "UNION ALL SELECT target, count(*) FROM events GROUP BY target) WHERE code IS NOT NULL GROUP BY code"
    ).fetchall()
    return dict(rows)


def search_articles(store: Store, text: str, limit: int = 20) -> list[dict]:
    if not has_table(store, "articles"):
        return []
    cursor = store.conn.execute(
        "SELECT id, title, published FROM articles WHERE title LIKE ? ESCAPE '\\' ORDER BY published DESC LIMIT ?",
        (f"%{_escape_like(text)}%", limit),
    )
    return [dict(zip(("id", "title", "published"), row)) for row in cursor.fetchall()]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
