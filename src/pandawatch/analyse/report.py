"""What a country brief shows: the situation today, alerts, the relations series, the timeline, the sources.
(export/report.py renders it to Markdown or HTML with the chart.)"""

from __future__ import annotations

import datetime as dt

from ..model import PartialDate
from ..store import Store
from ..store.queries import EventFilter
from .alerts import alerts
from .facts import held_pandas
from .relations import relations
from .stories import stored_stories
from .timeline import TimelineQuery, timeline

def report_context(store: Store, registry: object, country: str, as_of: str | None, chart: str,
                   alert_days: int = 180) -> dict:
    """Everything the templates show."""
    today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    entries = [e.to_json() for e in timeline(store, registry, TimelineQuery(dyad=("CHN", country), as_of=as_of))]
    series = relations(store, registry, ("CHN", country), as_of=as_of)
    stories = stored_stories(store, EventFilter(dyad=("CHN", country), as_of=as_of))
    standing = [a for a in alerts(registry, stories, today, alert_days) if a.country == country]
    sources = {s["url"]: s for e in entries for s in e["sources"] if s.get("url")}
    return {"country": country, "dyad": f"CHN-{country}", "today": today.isoformat(), "as_of": as_of,
            "held": [p.name for p in held_pandas(registry, country, PartialDate(today.isoformat()))],
            "alerts": standing, "timeline": entries, "series": series,
            "recent": [m for m in series if m.events][-12:], "chart": chart, "sources": list(sources.values())}  # fmt: skip
