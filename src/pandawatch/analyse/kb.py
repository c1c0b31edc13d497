"""The knowledge base's answers, one function per question, for the CLI and the web API alike."""

from __future__ import annotations

import datetime as dt

from ..store import Store
from ..store.queries import EventFilter
from ..store.review import mark_alerts_seen
from .alerts import STORY_TYPES, alerts
from .stories import stored_stories


def alerts_view(store: Store, registry: object, as_of: str | None, since: str | None, days: int,
                today: dt.date | None = None, remember: bool = True) -> list[dict]:  # fmt: skip
    """Standing alerts as JSON records with the day each was first seen; ``since`` keeps the newer ones.
    ``today`` is the day they are seen (default: the clock's); ``as_of`` replays what stood then;
    ``remember=False`` (the read-only web) shows them without recording them as seen."""
    today = today or dt.date.today()
    stories = stored_stories(store, EventFilter(types=STORY_TYPES, as_of=as_of))
    found = alerts(registry, stories, dt.date.fromisoformat(as_of) if as_of else today, days)
    # A replay (as_of) shows what stood then; only today's alerts are remembered as seen.
    remember = remember and not store.read_only  # (a read-only copy shows them, unrecorded)
    seen = [] if as_of or not remember else [(alert.key, alert.kind) for alert in found]
    first_seen = mark_alerts_seen(store, seen, today.isoformat())
    records = [alert.to_json(first_seen.get(alert.key)) for alert in found]
    return [record for record in records if not since or (record["first_seen"] or "") >= since]
