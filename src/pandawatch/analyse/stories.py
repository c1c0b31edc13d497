"""Event coreference: the same happening reported by several articles becomes one story with several sources.

Two reports can be one story when they have the same type and status, the same countries (for panda events
the host country, whatever the direction), overlapping pandas (a report naming none agrees with any), dates
within a window (data/kb.yaml), and come from different articles (ONTOLOGY.md: one article tells a happening
once). When several stories could take a report, the one whose evidence reads most alike wins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import yaml

from ..model import PartialDate, SourcedEvent
from ..ontology import host_country, is_panda_type
from ..settings import PACKAGE_DATA

_WORD = re.compile(r"[a-z]{4,}")


@cache
def kb_config() -> dict:
    with (PACKAGE_DATA / "kb.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass
class Story:
    """One happening, with every report of it. ``date`` is the date most reports give (the most precise of
    those on a tie); ``conflicts`` lists the other dates reported, side by side."""

    reports: list[SourcedEvent] = field(default_factory=list)

    @property
    def first(self) -> SourcedEvent:
        return self.reports[0]

    @property
    def type(self) -> str:
        return self.first.event.type

    @property
    def status(self) -> str:
        return self.first.event.status

    @property
    def source(self) -> str | None:
        return self.first.event.source

    @property
    def target(self) -> str | None:
        return self.first.event.target

    @property
    def host(self) -> str | None:
        return host_country(self.first.event) if is_panda_type(self.type) else None

    @property
    def pandas(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for report in self.reports for name in report.event.pandas))

    @property
    def institution(self) -> str | None:
        return next((r.event.institution for r in self.reports if r.event.institution), None)

    @property
    def date(self) -> str | None:
        dates = [r.event.date for r in self.reports if r.event.date]
        if not dates:
            return None
        counts = Counter(dates)
        return max(counts, key=lambda d: (counts[d], d.count("-"), -dates.index(d)))

    @property
    def conflicts(self) -> list[str]:
        """Reported dates that do not agree with the story's date (e.g. 2026-01 against 2026-02-20)."""
        chosen = self.date
        if chosen is None:
            return []
        preferred = PartialDate(chosen)
        others = {r.event.date for r in self.reports if r.event.date and r.event.date != chosen}
        return sorted(d for d in others if not PartialDate(d).agrees_with(preferred))

    @property
    def reported(self) -> str | None:
        """The first publication date among the reports: when the knowledge base first knew of it."""
        published = [r.citation.published for r in self.reports if r.citation.published]
        return min(published) if published else None

    @property
    def anchor(self) -> str:
        """The date the story sits at in a chronology: its own date, else when it was first reported."""
        return self.date or self.reported or ""

    @property
    def key(self) -> str:
        sides = self.host or f"{self.source}>{self.target}"
        return f"{self.type}|{self.status}|{sides}|{'+'.join(sorted(self.pandas))}|{self.date or self.reported}"

    @property
    def id(self) -> str:
        return hashlib.sha1(self.key.encode()).hexdigest()[:10]

    def articles(self) -> set[str]:
        return {r.event.article for r in self.reports}

    def sources_json(self) -> list[dict]:
        return [report.source_json() | {"date": report.event.date, "event": report.id} for report in self.reports]


def group_stories(reports: Iterable[SourcedEvent]) -> list[Story]:
    """Merge reports of the same happening into stories, in chronological order."""
    by_group: dict[tuple, list[SourcedEvent]] = defaultdict(list)
    for report in reports:
        by_group[_group_key(report)].append(report)
    stories = [story for group in by_group.values() for story in _cluster(group)]
    return sorted(stories, key=lambda story: (story.anchor, story.type, story.first.id))


def _group_key(report: SourcedEvent) -> tuple:
    event = report.event
    if is_panda_type(event.type):
        return (event.type, event.status, host_country(event))
    return (event.type, event.status, event.source, event.target)


@dataclass(frozen=True)
class _Placed:
    """A report with its dates parsed once: its own date as days (or None) and its publication day."""

    report: SourcedEvent
    first: dt.date | None
    last: dt.date | None
    published: dt.date | None

    @classmethod
    def of(cls, report: SourcedEvent) -> _Placed:
        first, last = _days(report.event.date) if report.event.date else (None, None)
        published = dt.date.fromisoformat(report.citation.published[:10]) if report.citation.published else None
        return cls(report, first, last, published)

    @property
    def latest(self) -> dt.date:
        return self.last or self.published or dt.date.min


@dataclass
class _Open:
    """A story being built, summarised for matching: the span its dated reports cover, the span of the
    publication days of its undated ones, its articles and pandas. For intervals on a line, lying within the
    window of the span is lying within the window of some report, so matching the summary is matching the
    reports one by one, at a constant cost."""

    story: Story
    dated: tuple[dt.date, dt.date] | None = None
    undated: tuple[dt.date, dt.date] | None = None
    unplaced: bool = False  # an undated report without a publication date: any date fits it
    articles: set = field(default_factory=set)
    pandas: set = field(default_factory=set)
    latest: dt.date = dt.date.min

    def add(self, one: _Placed) -> None:
        self.articles.add(one.report.event.article)
        self.pandas.update(one.report.event.pandas)
        self.latest = max(self.latest, one.latest)
        if one.first:
            self.dated = _widen(self.dated, one.first, one.last)
        elif one.published:
            self.undated = _widen(self.undated, one.published, one.published)
        else:
            self.unplaced = True


def _widen(span: tuple[dt.date, dt.date] | None, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    return (first, last) if span is None else (min(span[0], first), max(span[1], last))


def _cluster(reports: list[SourcedEvent]) -> list[Story]:
    placed = sorted((_Placed.of(r) for r in reports), key=lambda p: (_anchor(p.report), p.report.id))
    window = window_days(reports[0].event.type)
    lookback = kb_config()["coreference"]["undated_lookback_days"]
    reach = dt.timedelta(days=window + lookback)
    stories: list[Story] = []
    active: list[_Open] = []
    for one in placed:
        start = one.first or one.published
        horizon = start - reach if start and start > dt.date.min + reach else dt.date.min
        # Reports come in date order: a story whose latest report is out of reach stays out of reach.
        active = [story for story in active if story.latest >= horizon or story.unplaced]
        fitting = [story for story in active if _fits(one, story, window, lookback)]
        best = _most_alike(one.report, [story.story for story in fitting])
        if best is None:
            stories.append(Story([one.report]))
            active.append(_Open(stories[-1]))
            active[-1].add(one)
        else:
            best.reports.append(one.report)
            next(story for story in fitting if story.story is best).add(one)
    return stories


def _most_alike(report: SourcedEvent, candidates: list[Story]) -> Story | None:
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    words = _words(report.event.evidence)
    scored = [(_similarity(words, _words(" ".join(r.event.evidence for r in story.reports))), story)
              for story in candidates]  # fmt: skip
    best_score, best = max(scored, key=lambda pair: pair[0])
    # Several stories fit only by type, countries and date: without shared words we cannot tell which.
    return best if best_score > 0.1 or is_panda_type(report.event.type) else None


def _fits(one: _Placed, story: _Open, window: int, lookback: int) -> bool:
    event = one.report.event
    if event.article in story.articles:
        return False
    if event.pandas and story.pandas and not story.pandas.intersection(event.pandas):
        return False
    if story.unplaced:
        return True  # nothing to place it by: the type, countries and pandas decide
    if one.first:
        return (story.dated is not None and _interval_gap(one.first, one.last, *story.dated) <= window) or (
            story.undated is not None and _interval_gap(one.first, one.last, story.undated[0] - _days_delta(lookback),
                                                        story.undated[1] + _days_delta(window)) == 0)  # fmt: skip
    if not one.published:
        return True
    return (story.undated is not None and _interval_gap(one.published, one.published, *story.undated) <= window) or (
        story.dated is not None and _interval_gap(*story.dated, one.published - _days_delta(lookback),
                                                  one.published + _days_delta(window)) == 0)  # fmt: skip


def _days_delta(days: int) -> dt.timedelta:
    return dt.timedelta(days=days)


@lru_cache(maxsize=65536)
def _days(iso: str) -> tuple[dt.date, dt.date]:
    """A partial date's first and last day (cached: the same dates recur across many reports)."""
    date = PartialDate(iso)
    return date.first_day(), date.last_day()


def _interval_gap(first_a: dt.date, last_a: dt.date, first_b: dt.date, last_b: dt.date) -> int:
    if last_a < first_b:
        return (first_b - last_a).days
    if last_b < first_a:
        return (first_a - last_b).days
    return 0


def gap_days(first: PartialDate, second: PartialDate) -> int:
    """Days between two partial dates seen as intervals (0 when they overlap)."""
    return _interval_gap(first.first_day(), first.last_day(), second.first_day(), second.last_day())


def _anchor(report: SourcedEvent) -> str:
    return report.event.date or report.citation.published or ""


def window_days(event_type: str) -> int:
    windows = kb_config()["coreference"]["window_days"]
    return windows["panda"] if is_panda_type(event_type) else windows["diplomatic"]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _similarity(first: set[str], second: set[str]) -> float:
    return len(first & second) / len(first | second) if first and second else 0.0
