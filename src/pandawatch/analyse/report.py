"""A country brief (Markdown or HTML): the situation today, alerts, the relations chart, the timeline, the
sources. Templates are data/report.<format>.j2; the chart is written beside the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from ..errors import InvalidInput
from ..model import PartialDate
from ..settings import PACKAGE_DATA
from ..store import Store
from ..store.queries import EventFilter, find_events
from .alerts import alerts
from .facts import held_pandas
from .relations import relations
from .stories import group_stories
from .timeline import TimelineQuery, timeline

FORMATS = ("md", "html")


def report_context(store: Store, registry: object, country: str, as_of: str | None, chart: str) -> dict:
    """Everything the templates show."""
    today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    entries = [e.to_json() for e in timeline(store, registry, TimelineQuery(dyad=("CHN", country), as_of=as_of))]
    series = relations(store, registry, ("CHN", country), as_of=as_of)
    stories = group_stories(find_events(store, EventFilter(dyad=("CHN", country), as_of=as_of)))
    standing = [a for a in alerts(registry, stories, today, 365) if a.country == country]
    sources = {s["url"]: s for e in entries for s in e["sources"] if s.get("url")}
    return {"country": country, "dyad": f"CHN-{country}", "today": today.isoformat(), "as_of": as_of,
            "held": [p.name for p in held_pandas(registry, country, PartialDate(today.isoformat()))],
            "alerts": standing, "timeline": entries, "recent": [m for m in series if m.events][-12:],
            "chart": chart, "sources": list(sources.values())}  # fmt: skip


def write_report(store: Store, registry: object, country: str, fmt: str, out: Path, as_of: str | None = None) -> Path:
    """Write the brief to ``out`` (and its chart to ``<out stem>.png`` beside it); return ``out``."""
    from ..export.chart import relations_chart

    if fmt not in FORMATS:
        raise InvalidInput(f"unknown report format {fmt!r}", hint="use md or html")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    chart = out.with_suffix(".png")
    context = report_context(store, registry, country, as_of, chart.name)
    relations_chart(relations(store, registry, ("CHN", country), as_of=as_of), ("CHN", country), chart)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE_DATA), autoescape=fmt == "html",
                                     trim_blocks=False, keep_trailing_newline=True)  # fmt: skip
    out.write_text(environment.get_template(f"report.{fmt}.j2").render(**context), encoding="utf-8")
    return out
