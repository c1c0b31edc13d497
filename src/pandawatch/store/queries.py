"""Read queries over the events and articles tables, with time travel (``as_of``).

Time travel: ``as_of`` keeps only events read from articles published on or before that date. Events whose
article has no known publication date (or no row in ``articles``) are left out of an as-of query: we cannot
say they were known then.

Date filters (``since``/``until``) compare partial dates by overlap: an event dated ``2024`` is inside
``since=2024-09-01`` because part of 2024 is. Undated events are filtered by their article's publication date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..model import Citation, Event, SourcedEvent
from .db import Store

_SELECT = """
SELECT e.id, e.article, e.type, e.status, e.date, e.source, e.target, e.pandas, e.institution, e.evidence,
       e.confidence, a.url, a.outlet, a.title, substr(a.published, 1, 10) AS published
FROM events e LEFT JOIN articles a ON a.id = e.article
"""

# An event's own date, else the day its article was published: the date undated events are placed at.
ANCHOR = "coalesce(e.date, substr(a.published, 1, 10))"


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


def find_events(store: Store, wanted: EventFilter = EventFilter()) -> list[SourcedEvent]:
    """The stored events that ``wanted`` selects, in date order (undated ones at their publication date)."""
    if not _has_articles(store):
        raise_missing_articles()
    where, params = _conditions(wanted)
    sql = f"{_SELECT} WHERE {' AND '.join(where) or '1'} ORDER BY {ANCHOR}, e.id"
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
        where.append(f"EXISTS (SELECT 1 FROM json_each(e.pandas) WHERE value IN ({marks}))")
        params += list(wanted.pandas)
    if wanted.types:
        where.append(f"e.type IN ({', '.join('?' for _ in wanted.types)})")
        params += list(wanted.types)
    _date_conditions(wanted, where, params)
    return where, params


def _date_conditions(wanted: EventFilter, where: list[str], params: list[object]) -> None:
    # A partial date overlaps [since, until] when its prefix-length cut of the bounds brackets it.
    if wanted.since:
        where.append(f"{ANCHOR} >= substr(?, 1, length({ANCHOR}))")
        params.append(wanted.since)
    if wanted.until:
        where.append(f"{ANCHOR} <= substr(?, 1, length({ANCHOR}))")
        params.append(wanted.until)
    if wanted.as_of:
        where.append("substr(a.published, 1, 10) <= ?")
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


# The month an event counts in: its own month; a year-only date counts in its article's month when the
# article is from that year (news of the year), else in January of that year; undated, the article's month.
MONTH = """CASE
    WHEN length(e.date) >= 7 THEN substr(e.date, 1, 7)
    WHEN e.date IS NOT NULL AND substr(a.published, 1, 4) = e.date THEN substr(a.published, 1, 7)
    WHEN e.date IS NOT NULL THEN e.date || '-01'
    ELSE substr(a.published, 1, 7) END"""


@dataclass(frozen=True)
class MonthlyHappening:
    """One happening in a month: reports of the same type, direction and pandas in a month count once."""

    month: str
    type: str
    source: str
    target: str
    reports: int


def monthly_happenings(store: Store, wanted: EventFilter) -> list[MonthlyHappening]:
    """The distinct happenings per month that ``wanted`` selects (the relations index sums these)."""
    if not _has_articles(store):
        raise_missing_articles()
    where, params = _conditions(wanted)
    sql = f"""SELECT month, type, source, target, count(*) FROM (
                SELECT {MONTH} AS month, e.type, e.source, e.target, e.pandas
                FROM events e LEFT JOIN articles a ON a.id = e.article
                WHERE {' AND '.join(where) or '1'})
              WHERE month IS NOT NULL
              GROUP BY month, type, source, target, pandas ORDER BY month"""
    return [MonthlyHappening(*row) for row in store.conn.execute(sql, params)]
