"""Stories stored with the events: ``events.story`` (the id of the story's first report) and ``events.story_key``
(the group stories form in). Which report joins which story is analyse.stories' business; this module reads
and writes the columns.

A report saved since the last refresh has ``story`` NULL; a removed report leaves a ``story_stale`` mark. Both
say: redo this group from that publication day on.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace

from ..model import SourcedEvent
from ..ontology import STATUSES, host_side, is_panda_type
from .db import Store
from .queries import _SELECT as queries_select
from .queries import EventFilter, _conditions, _sourced, sides

_SELECT = queries_select.replace("SELECT ", "SELECT e.story, ", 1)  # the story id, then queries' columns


def story_key(event_type: str, status: str, source: str | None, target: str | None) -> str:
    """The group of a report as ``events.story_key`` spells it (schema.STORY_KEY_SQL): type, status and the
    host country for panda events, type, status and both sides for the others."""
    if is_panda_type(event_type):
        return f"{event_type}|{status}|{(source if host_side(event_type) == 'source' else target) or ''}"
    return f"{event_type}|{status}|{source or ''}>{target or ''}"


def host_groups(event_type: str, host: str) -> list[str]:
    """The groups of a panda type's reports hosted by ``host``, one per status."""
    return [story_key(event_type, status, host, host) for status in STATUSES]  # (the host on either side)


# ---------------------------------------------------------------------------------------- writing


def stale_groups(store: Store) -> list[str]:
    """The groups with a report not yet placed, or a removed one."""
    rows = store.conn.execute(
        "SELECT DISTINCT story_key FROM events WHERE story IS NULL UNION SELECT story_key FROM story_stale"
    )  # fmt: skip
    return sorted(row[0] for row in rows)


def stale_since(conn: sqlite3.Connection, group: str) -> str | None:
    """The earliest publication day from which ``group`` must be redone ("~": only undated articles), or None."""
    pending = conn.execute(
        "SELECT min(coalesce(published, '~')) FROM events WHERE story IS NULL AND story_key = ?", (group,)
    ).fetchone()[0]  # fmt: skip
    removed = conn.execute("SELECT min(since) FROM story_stale WHERE story_key = ?", (group,)).fetchone()[0]
    return min((day for day in (pending, removed) if day is not None), default=None)


def stale_days(conn: sqlite3.Connection, group: str, since: str) -> tuple[str | None, str | None]:
    """The first and last day the reports of ``group`` published from ``since`` on cover (None, None when one
    of them is placed nowhere in time: it may join any story)."""
    first, last, nowhere = conn.execute(
        "SELECT min(day_first), max(day_last), max(day_first IS NULL) FROM events "
        "WHERE story_key = ? AND coalesce(published, '~') >= ?", (group, since),
    ).fetchone()  # fmt: skip
    return (None, None) if nowhere else (first, last)


def group_reports(conn: sqlite3.Connection, group: str, first_day: str | None = None,
                  last_day: str | None = None) -> list[tuple[int | None, SourcedEvent]]:  # fmt: skip
    """The reports of ``group`` with their stories (None: not placed yet): all, or those whose first day lies
    between ``first_day`` and ``last_day`` and those placed nowhere in time."""
    if first_day is None or last_day is None:
        rows = conn.execute(f"{_SELECT} WHERE e.story_key = ?", (group,))
    else:
        rows = conn.execute(f"{_SELECT} WHERE e.story_key = ? AND (e.day_first BETWEEN ? AND ? OR e.day_first IS NULL)",
                            (group, first_day, last_day))  # fmt: skip
    return [(row[0], _sourced(row[1:])) for row in rows]


def assign(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Set ``(story, event id)`` pairs."""
    conn.executemany("UPDATE events SET story = ? WHERE id = ?", pairs)


def clear_stale(conn: sqlite3.Connection, group: str) -> None:
    conn.execute("DELETE FROM story_stale WHERE story_key = ?", (group,))


# ---------------------------------------------------------------------------------------- reading


def story_reports(store: Store, wanted: EventFilter, among: Iterable[int] | None = None) -> list[tuple[int, SourcedEvent]]:
    """The reports ``wanted`` selects with their stories; with ``among``, only the reports of those stories."""
    where, params = _conditions(wanted)
    where.append("e.story IS NOT NULL")  # placed: a running ingest's reports join their stories when it ends
    select = _SELECT
    if among is not None:  # by story first, whatever else the query asks (the planner may not know better)
        select = _SELECT.replace("FROM events e", "FROM events e INDEXED BY events_story")
        where.append("e.story IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(among)))
    rows = store.conn.execute(f"{select} WHERE {' AND '.join(where) or '1'}", params)
    return [(row[0], _sourced(row[1:])) for row in rows]


# The alerts' news types, as the partial index events_news (schema alerts-1) spells them: a query must say
# exactly this to read that index.
NEWS_TYPES_SQL = "e.type IN ('LOAN_REQUEST', 'LOAN_REFUSAL', 'LOAN_AGREEMENT')"


def stories_where(store: Store, index: str, condition: str, params: list) -> set[int]:
    """The placed stories with a report for which ``condition`` (SQL over ``e``) holds, read by ``index`` (named:
    without statistics, which pandawatch does not gather, SQLite may guess another)."""
    rows = store.conn.execute(f"SELECT DISTINCT e.story FROM events e INDEXED BY {index} "
                              f"WHERE e.story IS NOT NULL AND {condition}", params)  # fmt: skip
    return {row[0] for row in rows}


def story_ids(store: Store, wanted: EventFilter, first_day: str | None, last_day: str | None,
              placed: bool = True) -> set[int]:  # fmt: skip
    """The stories of the reports ``wanted`` selects whose first day (the date's, else the publication day)
    lies between ``first_day`` and ``last_day`` (either open; with no ``first_day``, the reports without a
    day too), or with ``placed=False`` of the reports without a day only: a country's or a pair's from the
    page indexes alone, one side at a time."""
    where, params = _conditions(replace(wanted, dyad=None, country=None))
    if not placed:
        where.append("e.day_first IS NULL")
    elif first_day is not None:
        where.append("e.day_first >= ?")
        params.append(first_day)
    if placed and last_day is not None:
        where.append("(e.day_first <= ? OR e.day_first IS NULL)" if first_day is None else "e.day_first <= ?")
        params.append(last_day)
    found: set[int] = set()
    for side, values in sides(wanted):
        rows = store.conn.execute(f"SELECT DISTINCT e.story FROM events e WHERE {' AND '.join([*where, side])}",
                                  [*params, *values])  # fmt: skip
        found.update(row[0] for row in rows if row[0] is not None)  # (not yet placed: no story yet)
    return found


def newest_day(store: Store, wanted: EventFilter, last_day: str | None) -> str | None:
    """The latest first day of a report ``wanted`` selects, up to ``last_day``: each side of a country or a
    pair read down its own index (an OR of both would read them whole)."""
    where, params = _conditions(replace(wanted, dyad=None, country=None))
    if last_day:
        where.append("e.day_first <= ?")
        params.append(last_day)
    newest = None
    for side, values in sides(wanted):
        row = store.conn.execute(f"SELECT e.day_first FROM events e WHERE {' AND '.join([*where, side])} "
                                 "ORDER BY e.day_first DESC LIMIT 1", [*params, *values]).fetchone()  # fmt: skip
        if row and row[0] and (newest is None or row[0] > newest):
            newest = row[0]
    return newest


def stories_telling(store: Store, wanted: EventFilter, group: str, near: list[tuple[str, str]],
                    wide: list[tuple[str, str]], since: str, pandas: Iterable[str]) -> set[int]:  # fmt: skip
    """The stories of ``group`` (cut to the reports ``wanted`` selects) that may tell a registry fact naming
    ``pandas``: those with a report naming none of any panda dated within one of the stretches ``near``, and
    those with a report naming one of ``pandas`` dated within ``wide`` or undated and published from ``since``
    on. (A superset, found in the indexes alone: the timeline checks each story against each fact.)"""
    where, base = _conditions(wanted)
    named = "EXISTS (SELECT 1 FROM json_each(pandas) WHERE value IN (SELECT value FROM json_each(?)))"
    overlapping = "(day_first >= ? AND day_first <= ? AND day_last >= ?)"
    sql = f"""
        WITH found AS (
            SELECT story FROM events WHERE story_key = ? AND pandas = '[]'
                AND ({' OR '.join(overlapping for _ in near) or '0'})
            UNION SELECT story FROM events WHERE story_key = ? AND {named}
                AND ({' OR '.join(overlapping for _ in wide) or '0'})
            UNION SELECT story FROM events WHERE story_key = ? AND date IS NULL AND published >= ? AND {named})
        SELECT e.story FROM events e INDEXED BY events_story
        WHERE {' AND '.join([*where, 'e.story IN (SELECT story FROM found)'])}
        GROUP BY e.story
        HAVING max(EXISTS (SELECT 1 FROM json_each(e.pandas) WHERE value IN (SELECT value FROM json_each(?))))
            OR (max(e.pandas != '[]') = 0 AND max(e.date IS NOT NULL))"""
    names = json.dumps(sorted(pandas))
    params = [group, *_overlapping(near), group, names, *_overlapping(wide), group, since, names, *base, names]
    return {row[0] for row in store.conn.execute(sql, params)}


def _overlapping(days: list[tuple[str, str]]) -> list[str]:
    return [value for first, last in days for value in (_year_before(first), last, first)]


def _year_before(day: str) -> str:
    """366 days before ``day``: no date spans more, so a date overlapping ``day`` or later starts after it."""
    return (dt.date.fromisoformat(day) - dt.timedelta(days=366)).isoformat()
