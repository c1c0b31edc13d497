"""The Atom feed: the latest events read from the news and the standing alerts, for everything or one country.
Each entry is the event's plain sentence (or the alert's message) with a link to its page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from ..model import PartialDate
from ..store.queries import EventFilter
from . import data
from .context import WebContext

FEED_EVENTS = 50  # the newest events in a feed (a reader keeps what it has seen)


def _stamp(day: str | None, fallback: dt.date) -> str:
    """An Atom date-time (RFC 3339) for a day or partial date, at midnight UTC."""
    try:
        first = PartialDate(day[:10]).first_day() if day else fallback
    except ValueError:
        first = fallback
    return f"{first.isoformat()}T00:00:00Z"


def _event_entry(event: dict, base: str, today: dt.date) -> dict:
    return {"id": f"urn:pandawatch:event:{event['id']}", "title": event["sentence"],
            "link": f"{base}/event/{event['id']}", "category": event["type"],
            "updated": _stamp(event.get("published") or event.get("date"), today),
            "summary": f"{event.get('date') or 'undated'}: {event['evidence']}"}  # fmt: skip


def _alert_entry(alert: dict, base: str, today: dt.date) -> dict:
    return {"id": "urn:pandawatch:alert:" + quote(alert["key"], safe=""), "title": alert["message"],
            "link": f"{base}/alerts", "category": alert["kind"],
            "updated": _stamp(alert.get("first_seen") or today.isoformat(), today),
            "summary": alert["message"] + (f" ({alert['date']})" if alert.get("date") else "")}  # fmt: skip


def feed(ctx: WebContext, base: str, country: str | None = None) -> dict:
    """What the feed template shows: entries newest first, the feed's own id and time."""
    events = data.events_page(ctx, EventFilter(country=country), limit=FEED_EVENTS).items
    alerts = [a for a in data.alerts(ctx) if not country or country in a["countries"]]
    entries = [_event_entry(e, base, ctx.today) for e in events] + [_alert_entry(a, base, ctx.today) for a in alerts]
    entries.sort(key=lambda entry: (entry["updated"], entry["id"]), reverse=True)
    suffix = f"?country={country}" if country else ""
    return {"entries": entries, "country": country, "feed_id": f"urn:pandawatch:feed:{country or 'all'}",
            "self_url": f"{base}/feed.atom{suffix}", "home_url": f"{base}/country/{country}" if country else base + "/",
            "updated": entries[0]["updated"] if entries else _stamp(None, ctx.today)}  # fmt: skip
