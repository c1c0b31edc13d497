"""Geometry for the small server-drawn SVG charts (bars over years, stays on a time axis). Pure functions:
numbers in, shapes out; the templates draw them, so no data ever reaches the page as markup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..model import PartialDate


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float
    negative: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    zero_y: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (x, year label) along the bottom
    top: float = 0.0  # the largest value (labelled at the top left)
    bottom: float = 0.0  # the smallest (labelled at the bottom left when negative)
    marks: list[tuple[float, str]] = field(default_factory=list)  # (x, what happened) for event markers


def year_bars(points: list[tuple[int, float]], width: int = 720, height: int = 160) -> Chart:
    """One bar per year; positive bars rise from the zero line, negative ones hang below it."""
    if not points:
        return Chart(width, height, height / 2, [], [])
    top, bottom = max(0.0, *(v for _, v in points)), min(0.0, *(v for _, v in points))
    span = (top - bottom) or 1.0
    zero_y = height * top / span
    first, last = points[0][0], points[-1][0]
    step = width / (last - first + 1)
    bars = [Bar((year - first) * step, zero_y - max(value, 0) * height / span, max(step - 1, 1),
                abs(value) * height / span, str(year), value, value < 0) for year, value in points]  # fmt: skip
    every = 10 if last - first > 20 else 5 if last - first > 8 else 1
    ticks = [((year - first) * step, str(year)) for year in range(first, last + 1) if year % every == 0]
    return Chart(width, height, zero_y, bars, ticks, top, bottom)


def to_month(months: list[dict], until: dt.date) -> list[dict]:
    """The monthly records padded with quiet months up to ``until``'s month, so that a chart runs to today."""
    if not months:
        return []
    padded = list(months)
    year, month = map(int, months[-1]["month"].split("-"))
    while (year, month) < (until.year, until.month):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        padded.append({"month": f"{year:04d}-{month:02d}", "score": 0.0, "events": 0, "types": {}})
    return padded


def month_bars(months: list[dict], width: int = 720, height: int = 160) -> Chart:
    """The monthly relations index (`analyse.relations` records): one bar per month, a marker over each month
    with events (its title lists them), year ticks along the bottom."""
    if not months:
        return Chart(width, height, height / 2, [], [])
    chart = year_bars([(index, month["score"]) for index, month in enumerate(months)], width, height)
    bars = [replace(bar, label=month["month"]) for bar, month in zip(chart.bars, months)]
    years = len(months) / 12
    every = 10 if years > 20 else 5 if years > 8 else 1
    ticks = [(bar.x, bar.label[:4]) for bar in bars if bar.label.endswith("-01") and int(bar.label[:4]) % every == 0]
    if not ticks:  # less than a year shown: label its first month
        ticks = [(bars[0].x, bars[0].label)]
    marks = [(bar.x + bar.width / 2, f"{month['month']}: {_listed(month['types'])}")
             for bar, month in zip(bars, months) if month["events"]]  # fmt: skip
    return replace(chart, bars=bars, ticks=ticks, marks=marks)


def _listed(types: dict) -> str:
    return ", ".join(f"{name}×{count}" for name, count in sorted(types.items()))


@dataclass(frozen=True)
class Span:
    x: float
    width: float
    label: str
    title: str
    open_ended: bool


def stay_spans(stays: list[dict], today: dt.date, width: int = 720) -> tuple[list[Span], list[tuple[float, str]]]:
    """Each stay as a horizontal span between its first year and its end (today while it goes on)."""
    dated = [s for s in stays if s.get("from")]
    if not dated:
        return [], []
    start = min(PartialDate(s["from"]).first_day() for s in dated)
    end = max((PartialDate(s["to"]).last_day() if s.get("to") else today) for s in dated)
    total = max((end - start).days, 1)

    def x_of(day: dt.date) -> float:
        return width * (day - start).days / total

    spans = []
    for stay in dated:
        first = PartialDate(stay["from"]).first_day()
        last = PartialDate(stay["to"]).last_day() if stay.get("to") else today
        label = stay.get("institution_name") or stay.get("institution") or "?"
        spans.append(Span(x_of(first), max(x_of(last) - x_of(first), 2), label,
                          f"{label}: {stay['from']} – {stay.get('to') or 'now'}", not stay.get("to")))  # fmt: skip
    ticks = [(x_of(dt.date(year, 1, 1)), str(year)) for year in range(start.year + 1, end.year + 1)
             if (end.year - start.year) < 12 or year % 5 == 0]  # fmt: skip
    return spans, ticks
