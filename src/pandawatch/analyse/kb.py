"""The knowledge base's answers, one function per question, for the CLI and the web API alike."""

from __future__ import annotations

import datetime as dt
import json

from ..store import Store
from ..store import stories as story_rows
from ..store.queries import EventFilter
from ..store.review import mark_alerts_seen
from .alerts import standing_alerts
from .stories import Story, refresh_stories, stories_by_id, story_order


def alerts_view(store: Store, registry: object, as_of: str | None, since: str | None, days: int,
                today: dt.date | None = None, remember: bool = True) -> list[dict]:  # fmt: skip
    """Standing alerts as JSON records with the day each was first seen; ``since`` keeps the newer ones.
    ``today`` is the day they are seen (default: the clock's); ``as_of`` replays what stood then;
    ``remember=False`` (the read-only web) shows them without recording them as seen."""
    today = today or dt.date.today()
    refresh_stories(store, wait=False)
    found = standing_alerts(registry, StoredAlertStories(store, EventFilter(as_of=as_of)),
                            dt.date.fromisoformat(as_of) if as_of else today, days)  # fmt: skip
    # A replay (as_of) shows what stood then; only today's alerts are remembered as seen.
    remember = remember and not store.read_only  # (a read-only copy shows them, unrecorded)
    seen = [] if as_of or not remember else [(alert.key, alert.kind) for alert in found]
    first_seen = mark_alerts_seen(store, seen, today.isoformat())
    records = [alert.to_json(first_seen.get(alert.key)) for alert in found]
    return [record for record in records if not since or (record["first_seen"] or "") >= since]


class StoredAlertStories:
    """The stories the alerts read (``analyse.alerts.AlertStories``), found by narrow indexed queries (more than
    needed, as the alerts allow: with no as-of cut, which the covering indexes do not hold), each story then
    read whole and cut to ``wanted``, as ``stored_stories`` gives it. The cost grows with a host's extension
    and departure groups and the recent news, not with the store: read afresh after every write, with nothing
    kept to update or invalidate (a registry change shows at the next read)."""

    def __init__(self, store: Store, wanted: EventFilter) -> None:
        self.store, self.wanted = store, wanted

    def extensions(self, host: str, after: str) -> list[Story]:
        # a story anchored after ``after`` has a report dated after it, or, when none is dated, its first
        # report is published after it
        groups = story_rows.host_groups("LOAN_EXTENSION", host)
        return self._read("events_story_key", f"e.story_key IN ({', '.join('?' * len(groups))}) "
                          "AND (e.date > ? OR (e.date IS NULL AND e.published > ?))", [*groups, after, after])  # fmt: skip

    def departures(self, held: dict[str, set[str]]) -> list[Story]:
        # one read for all hosts: {group: the pandas its host holds}, a report naming one of its group's
        wanted = json.dumps({group: sorted(pandas) for host, pandas in sorted(held.items())
                             for group in story_rows.host_groups("PANDA_DEPARTURE", host)}, ensure_ascii=False)
        return self._read("events_story_key", "e.story_key IN (SELECT key FROM json_each(?)) AND EXISTS (SELECT 1 "
                          "FROM json_each(e.pandas) p WHERE (e.story_key, p.value) IN (SELECT g.key, h.value "
                          "FROM json_each(?) g, json_each(g.value) h))", [wanted, wanted])  # fmt: skip

    def news(self, first_day: str, last_day: str) -> list[Story]:
        # a story first reported within the days has a report (its first) published within them, and none
        # published before them
        found = story_rows.stories_where(self.store, "events_news", f"{story_rows.NEWS_TYPES_SQL} AND "
                                         "e.published BETWEEN ? AND ?", [first_day, last_day])  # fmt: skip
        found -= story_rows.stories_where(self.store, "events_story", "e.published > '' AND e.published < ? AND "
                                          "e.story IN (SELECT value FROM json_each(?))",
                                          [first_day, json.dumps(sorted(found))])  # fmt: skip
        return self._stories(found)

    def _read(self, index: str, condition: str, params: list) -> list[Story]:
        return self._stories(story_rows.stories_where(self.store, index, condition, params))

    def _stories(self, ids: set[int]) -> list[Story]:
        return sorted(stories_by_id(self.store, self.wanted, ids).values(), key=story_order)
