"""The knowledge base's answers, one function per question, for the CLI and the web API alike."""

from __future__ import annotations

import datetime as dt

from ..store import Store
from ..store.queries import EventFilter, find_events
from ..store.review import mark_alerts_seen
from .alerts import alerts
from .stories import group_stories


def alerts_view(store: Store, registry: object, as_of: str | None, since: str | None, days: int) -> list[dict]:
    """Standing alerts as JSON records with the day each was first seen; ``since`` keeps the newer ones."""
    today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    stories = group_stories(find_events(store, EventFilter(as_of=as_of)))
    found = alerts(registry, stories, today, days)
    first_seen = mark_alerts_seen(store, [(alert.key, alert.kind) for alert in found], dt.date.today().isoformat())
    records = [alert.to_json(first_seen.get(alert.key)) for alert in found]
    return [record for record in records if not since or (record["first_seen"] or "") >= since]
