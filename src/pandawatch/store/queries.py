"""Read queries over the events and articles tables, with time travel (``as_of``).

Time travel: ``as_of`` keeps only events read from articles published on or before that date. Events whose
article has no known publication date (or no row in ``articles``) are left out of an as-of query: we cannot
say they were known then.

Date filters (``since``/``until``) compare partial dates by overlap: an event dated ``2024`` is inside
``since=2024-09-01`` because part of 2024 is. Undated events are filtered by their article's publication date.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, replace
from typing import NamedTuple

from ..model import Citation, Event, PartialDate, SourcedEvent
from .db import Store

_SELECT = """
SELECT e.id, e.article, e.type, e.status, e.date, e.source, e.target, e.pandas, e.institution, e.evidence,
       e.confidence, a.url, a.outlet, a.title, e.published
FROM events e LEFT JOIN articles a ON a.id = e.article
"""


@dataclass(frozen=True)
class EventFilter:
    """Which events a query wants. Countries are ISO3 codes; a dyad is an unordered pair."""

    dyad: tuple[str, str] | None = None
    country: str | None = None
    pandas: tuple[str, ...] = ()  # canonical names, any of them
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    as_of: str | None = None
    status: str | None = None
    article: str | None = None


def find_events(store: Store, wanted: EventFilter = EventFilter()) -> list[SourcedEvent]:
    """The stored events that ``wanted`` selects, in date order (undated ones at their publication date)."""
    if not _has_articles(store):
        raise_missing_articles()
    where, params = _conditions(wanted)
    sql = f"{_SELECT} WHERE {' AND '.join(where) or '1'} ORDER BY e.day_first, e.id"
    return [_sourced(row) for row in store.conn.execute(sql, params)]


def _conditions(wanted: EventFilter) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if wanted.dyad:
        first, second = wanted.dyad
        where.append("((e.source = ? AND e.target = ?) OR (e.source = ? AND e.target = ?))")
        params += [first, second, second, first]
    if wanted.country:
        where.append("(e.source = ? OR e.target = ?)")
        params += [wanted.country, wanted.country]
    if wanted.pandas:
        marks = ", ".join("?" for _ in wanted.pandas)
        where.append(f"e.id IN (SELECT event_id FROM event_pandas WHERE name IN ({marks}))")
        params += list(wanted.pandas)
    if wanted.types:
        where.append(f"e.type IN ({', '.join('?' for _ in wanted.types)})")
        params += list(wanted.types)
    for column in ("status", "article"):
        if getattr(wanted, column):
            where.append(f"e.{column} = ?")
            params.append(getattr(wanted, column))
    _date_conditions(wanted, where, params)
    return where, params


def _date_conditions(wanted: EventFilter, where: list[str], params: list[object]) -> None:
    # An event's days (its date as an interval; undated: its publication day) overlap [since, until].
    if wanted.since:
        first = PartialDate(wanted.since).first_day()
        # No event's dates span more than a year: the lower bound lets the index skip older events.
        where.append("e.day_last >= ? AND e.day_first >= ?")
        params += [first.isoformat(), (first - dt.timedelta(days=366)).isoformat()]
    if wanted.until:
        where.append("e.day_first <= ?")
        params.append(PartialDate(wanted.until).last_day().isoformat())
    if wanted.as_of:
        where.append("e.published <= ?")
        params.append(wanted.as_of)


def _sourced(row: tuple) -> SourcedEvent:
    (id_, article, type_, status, date, source, target, pandas, institution, evidence, confidence,
     url, outlet, title, published) = row  # fmt: skip
    event = Event(article, type_, status, date, source, target, tuple(json.loads(pandas or "[]")),
                  institution, evidence or "", float(confidence))  # fmt: skip
    return SourcedEvent(id_, event, Citation(url or article, outlet, title, published, evidence or ""))


def _has_articles(store: Store) -> bool:
    return store.db["articles"].exists()


def raise_missing_articles() -> None:
    from ..errors import PandawatchError

    raise PandawatchError("the knowledge base has no articles table", source="articles",
                          hint="run `pandawatch ingest` first")  # fmt: skip


def latest_published(store: Store) -> str | None:
    """The publication date of the newest article: what "today" is for the knowledge base."""
    if not _has_articles(store):
        return None
    return store.conn.execute("SELECT max(substr(published, 1, 10)) FROM articles").fetchone()[0]


class MonthlyHappenings(NamedTuple):
    """The happenings of one month, by type. Reports of one type, direction and panda list from different
    articles are the same happening; acts told in one article are distinct: a happening counts as many
    times as the article that tells it most often."""

    month: str
    types: dict[str, int]


def monthly_happenings(store: Store, wanted: EventFilter) -> list[MonthlyHappenings]:
    """The happenings of ``wanted.dyad`` (both directions; ``since``/``until`` bound the months, ``as_of`` the
    publication day) in each month that has some, counted in SQL: each act's first telling (``events.counted``,
    events-6) is one row of a partial index, so a count as of a day is the first tellings published by then.
    The counts as they stand are kept a month a row (``happenings_monthly``); as of a day, they are the first
    tellings published by then, or, when fewer were published after it, the counts kept less those (both read
    in publication order, events-7). ``events.month`` is the event's month; a year-only date counts in its
    article's month when the article is from that year, else in January; undated, the article's month."""
    if wanted.country or wanted.pandas or wanted.types or wanted.status or wanted.article:
        raise ValueError("monthly_happenings reads a dyad, since, until and as_of only")
    if not wanted.dyad or (wanted.as_of and _mostly_later(store, wanted)):
        return [MonthlyHappenings(month, dict(sorted(types.items())))
                for month, types in _told(store, wanted, *(["published <= ?"] if wanted.as_of else []))]  # fmt: skip
    where, params = _month_bounds(wanted, ["first = ?", "second = ?"], sorted(wanted.dyad))
    rows = store.conn.execute(f"SELECT month, types FROM happenings_monthly WHERE {' AND '.join(where)} "
                              "ORDER BY month", params)  # fmt: skip
    kept = [MonthlyHappenings(month, json.loads(types)) for month, types in rows]
    if not wanted.as_of:
        return kept
    later = dict(_told(store, wanted, "published > ?", "published IS NULL"))  # not known by then
    then = []
    for month, types in kept:
        if gone := later.get(month):
            types = {type_: count - gone.get(type_, 0) for type_, count in types.items() if count > gone.get(type_, 0)}
        if types:
            then.append(MonthlyHappenings(month, types))
    return then


def _mostly_later(store: Store, wanted: EventFilter) -> bool:
    """Whether ``wanted.as_of`` lies in the earlier half of the pair's publication days (then fewer first
    tellings were published by it than after it, roughly: which way to count is a matter of speed only)."""
    ends = [store.conn.execute(f"SELECT {end}(published) FROM events WHERE counted = 1 AND source = ? AND target = ? "
                               "AND published IS NOT NULL", direction).fetchone()[0]
            for direction in (wanted.dyad, wanted.dyad[::-1]) for end in ("min", "max")]  # fmt: skip
    ends = [day for day in ends if day]
    if not ends:
        return True
    first, last, then = (dt.date.fromisoformat(day[:10]).toordinal() for day in (min(ends), max(ends), wanted.as_of))
    return then - first <= (last - first) / 2


def _told(store: Store, wanted: EventFilter, *published: str) -> list[tuple[str, Counter]]:
    """The first tellings (both directions of ``wanted.dyad``, or all) of each month, by type; with
    ``published`` conditions on the publication day (``?``: ``wanted.as_of``), those meeting one of them."""
    parts, params = [], []
    for direction in [wanted.dyad, wanted.dyad[::-1]] if wanted.dyad else [None]:
        for condition in published or [None]:  # one range of the index each (an OR would read them all)
            where, values = ["counted = 1", "month IS NOT NULL"], []
            if direction:
                where.append("source = ? AND target = ?")
                values += list(direction)
            if condition:
                where.append(condition)
                values += [wanted.as_of] * condition.count("?")
            where, values = _month_bounds(wanted, where, values)
            parts.append(f"SELECT month, group_concat(type) AS types FROM events INDEXED BY events_counted_published "
                         f"WHERE {' AND '.join(where)} GROUP BY month")  # fmt: skip
            params += values
    # one row a month, its types joined (each direction read down its own index, then joined by month): a
    # group per month and type would cost more than the counting
    rows = store.conn.execute(f"SELECT month, group_concat(types) FROM ({' UNION ALL '.join(parts)}) "
                              "GROUP BY month ORDER BY month", params)  # fmt: skip
    return [(month, Counter(types.split(","))) for month, types in rows]


def _month_bounds(wanted: EventFilter, where: list[str], params: list) -> tuple[list[str], list]:
    if wanted.since:
        where, params = [*where, "month >= ?"], [*params, wanted.since[:7]]
    if wanted.until:
        where, params = [*where, "month <= ?"], [*params, PartialDate(wanted.until).last_day().isoformat()[:7]]
    return where, params


# ------------------------------------------------------------------------- pages (dashboard and API)

EVENT_COLUMNS = ("id", "article", "type", "status", "date", "source", "target", "pandas", "institution",
                 "evidence", "confidence", "published")  # fmt: skip


@dataclass(frozen=True)
class Page:
    """One page of a listing; one extra row read tells whether more follow."""

    items: list[dict]
    offset: int
    limit: int
    has_more: bool


def _event_record(row: tuple) -> dict:
    record = dict(zip(EVENT_COLUMNS, row))
    record["pandas"] = json.loads(record["pandas"] or "[]")
    return record


def events_page(store: Store, wanted: EventFilter = EventFilter(), offset: int = 0, limit: int = 50) -> Page:
    """The events ``wanted`` selects, latest first (undated ones at their publication day), one page. A
    country's or a pair's are read one side at a time, each down its own index in day order (an OR of both
    sides would read all their rows and sort them)."""
    where, params = _conditions(replace(wanted, dyad=None, country=None))
    columns = ", ".join(f"e.{column}" for column in EVENT_COLUMNS)
    found: dict[int, tuple] = {}
    for side, values in sides(wanted):
        sql = (f"SELECT e.day_first, {columns} FROM events e WHERE {' AND '.join([*where, side])} "
               "ORDER BY e.day_first DESC, e.id DESC LIMIT ?")  # fmt: skip
        found.update((row[1], row) for row in store.conn.execute(sql, [*params, *values, offset + limit + 1]))
    rows = sorted(found.values(), key=lambda row: (row[0] or "", row[1]), reverse=True)[offset:offset + limit + 1]
    return Page([_event_record(row[1:]) for row in rows[:limit]], offset, limit, len(rows) > limit)


def sides(wanted: EventFilter) -> list[tuple[str, list[str]]]:
    """``wanted``'s country or pair as conditions to read one at a time (their union is what it selects)."""
    if wanted.dyad:
        first, second = wanted.dyad
        return [("e.source = ? AND e.target = ?", [first, second]), ("e.source = ? AND e.target = ?", [second, first])]
    if wanted.country:
        return [("e.source = ?", [wanted.country]), ("e.target = ?", [wanted.country])]
    return [("1", [])]


def event_by_id(store: Store, event_id: int) -> dict | None:
    columns = ", ".join(EVENT_COLUMNS)
    row = store.conn.execute(f"SELECT {columns} FROM events WHERE id = ?", (event_id,)).fetchone()
    return _event_record(row) if row else None


def article_by_id(store: Store, article_id: str) -> dict | None:
    cursor = store.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,))
    row = cursor.fetchone()
    return dict(zip([column[0] for column in cursor.description], row)) if row else None


def articles_page(store: Store, offset: int = 0, limit: int = 50, as_of: str | None = None) -> Page:
    """Stored articles, newest first; with ``as_of``, those published by then."""
    where, params = ("WHERE substr(published, 1, 10) <= ?", [as_of]) if as_of else ("", [])
    cursor = store.conn.execute(
        f"SELECT id, url, outlet, title, published FROM articles {where} ORDER BY published DESC, id "
        "LIMIT ? OFFSET ?", [*params, limit + 1, offset],
    )  # fmt: skip
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    return Page(rows[:limit], offset, limit, len(rows) > limit)


def events_version(store: Store) -> int:
    """Changes whenever events are saved (save_events deletes then inserts: new rows get higher ids)."""
    return store.conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]


# -------------------------------------------------------------------------------- full-text search


def fts_query(text: str) -> str | None:
    """The words of ``text`` as an FTS5 query: each a quoted prefix, all required (None when no word)."""
    words = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{word}"*' for word in words) or None


def search_articles(store: Store, text: str, limit: int = 20) -> list[dict]:
    """Articles whose title or text has every word of ``text`` (word prefixes), best match first."""
    query = fts_query(text)
    if not query:
        return []
    cursor = store.conn.execute(
        "SELECT a.id, a.title, a.published FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
        "WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT ?", (query, limit),
    )  # fmt: skip
    return [dict(zip(("id", "title", "published"), row)) for row in cursor]


def search_names(store: Store, text: str, limit: int = 50) -> list[dict]:
    """Pandas and institutions with a name (any script) having every word of ``text`` as a word prefix."""
    query = fts_query(text)
    if not query:
        return []
    hits = []
    for kind, table, key in (("panda", "pandas", "panda_id"), ("institution", "institutions", "institution_id")):
        rows = store.conn.execute(
            f"SELECT DISTINCT r.id, r.name FROM {table[:-1]}_names_fts f JOIN {table[:-1]}_names n ON n.rowid = f.rowid "
            f"JOIN {table} r ON r.id = n.{key} WHERE {table[:-1]}_names_fts MATCH ? ORDER BY r.name LIMIT ?",
            (query, limit),
        )  # fmt: skip
        hits += [{"kind": kind, "id": row[0], "label": row[1]} for row in rows]
    return hits
