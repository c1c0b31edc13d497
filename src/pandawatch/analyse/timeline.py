"""One sourced chronology: registry facts and news stories merged, each entry with all its sources.

A news story that tells a registry fact (same type, host, status, overlapping pandas, dates within the
coreference window) is joined to that fact rather than listed twice.

Time travel: news is limited to articles published by ``as_of`` (see store.queries). Registry facts are
curated after the fact, so they carry no "known since" date of their own: an as-of timeline shows the facts
dated on or before ``as_of`` whose sources (where the registry gives their publication date) were out by
then. When a country is given, each entry carries the number of pandas the registry says it held that day.

Paging (``timeline_page``): the newest entries first, a page at a time, each page after a cursor (the last
entry's place in the order). Stories are stored (analyse.stories) and span a bounded stretch of time, so a
page reads the stories of the days it covers, plus the few stories that could tell a registry fact (a fact
and the story telling it are one entry, wherever the story sits): its cost follows the page, not the history.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ..errors import InvalidInput
from ..model import PartialDate
from ..ontology import host_side
from ..store import Store
from ..store import stories as story_rows
from ..store.queries import EventFilter
from .facts import Fact, count_held, name_index, registry_facts, stay_spans
from .stories import (Story, lookback_days, refresh_stories, story_days, stored_stories, stories_by_id, story_order,
                      window_days)


@dataclass(frozen=True)
class TimelineQuery:
    """What a timeline is about. Countries are ISO3 codes; ``pandas`` canonical names."""

    dyad: tuple[str, str] | None = None
    country: str | None = None
    pandas: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    as_of: str | None = None

    def event_filter(self) -> EventFilter:
        return EventFilter(self.dyad, self.country, self.pandas, (), self.since, self.until, self.as_of)


@dataclass
class TimelineEntry:
    """A happening: from the registry (``fact``), the news (``story``) or both."""

    fact: Fact | None = None
    story: Story | None = None
    held: int | None = None
    extra: dict = field(default_factory=dict)
    order: tuple = ()  # its place in the chronology: anchor, type, then the fact's or the first report's rank

    @property
    def type(self) -> str:
        return self.fact.type if self.fact else self.story.type

    @property
    def status(self) -> str:
        return self.fact.event_status if self.fact else self.story.status

    @property
    def date(self) -> str | None:
        return self.fact.date.iso if self.fact else self.story.date

    @property
    def anchor(self) -> str:
        return self.date or (self.story.reported if self.story else "") or ""

    @property
    def countries(self) -> list[str | None]:
        if self.fact:
            return ["CHN", self.fact.host]
        return [self.story.source, self.story.target]

    @property
    def pandas(self) -> list[str]:
        names = list(self.fact.pandas) if self.fact else []
        names += [name for name in (self.story.pandas if self.story else ()) if name not in names]
        return names

    @property
    def origin(self) -> str:
        return "+".join(kind for kind, part in (("registry", self.fact), ("news", self.story)) if part)

    @property
    def conflicts(self) -> list[str]:
        """Other dates reported for this happening: by other news reports, or the registry against the news."""
        dates = set(self.story.conflicts if self.story else [])
        if self.fact:
            dates |= set(self.fact.alternatives)
            if self.story and self.story.date and not PartialDate(self.story.date).agrees_with(self.fact.date):
                dates.add(self.story.date)
        return sorted(dates)

    def sources(self) -> list[dict]:
        return (self.fact.sources_json() if self.fact else []) + (self.story.sources_json() if self.story else [])

    def to_json(self) -> dict:
        return {
            "type": self.type, "status": self.status, "date": self.date,
            "reported": self.story.reported if self.story else None, "countries": self.countries,
            "pandas": self.pandas, "institution": (self.fact and self.fact.institution) or (self.story and self.story.institution),
            "origin": self.origin, "held": self.held, "conflicts": self.conflicts,
            "story": self.story.id if self.story else None, "sources": self.sources(),
        }  # fmt: skip


CSV_COLUMNS = ("date", "reported", "status", "type", "countries", "pandas", "held", "origin", "sources", "urls")


def csv_row(record: dict) -> list:
    """A timeline entry's JSON record as a flat CSV row (CSV_COLUMNS): sources counted, their URLs listed."""
    return [record["date"], record["reported"], record["status"], record["type"],
            "-".join(c or "" for c in record["countries"]), "; ".join(record["pandas"]), record["held"],
            record["origin"], len(record["sources"]), " ".join(s["url"] or "" for s in record["sources"])]  # fmt: skip


def timeline(store: Store, registry: object | None, query: TimelineQuery = TimelineQuery()) -> list[TimelineEntry]:
    """The merged, sourced chronology ``query`` asks for, oldest first."""
    query = _resolved(registry, query)
    entries = _merge(_facts(registry, query), stored_stories(store, query.event_filter()))
    _count_held(registry, query, entries)
    return entries


@dataclass(frozen=True)
class TimelinePage:
    """Entries newest first; ``next`` is the cursor of the following (older) page, None on the last."""

    entries: list[TimelineEntry]
    has_more: bool
    next: str | None


FIRST_SPAN_DAYS = 30  # the first stretch read back from the newest day a page can show; then as far as needed


def timeline_page(store: Store, registry: object | None, query: TimelineQuery = TimelineQuery(), limit: int = 50,
                  before: str | None = None) -> TimelinePage:  # fmt: skip
    """The ``limit`` newest entries of ``timeline(store, registry, query)`` that come before the cursor
    ``before`` (a page's ``next``): the same entries, read a stretch of days at a time."""
    query = _resolved(registry, query)
    wanted, facts, bound = query.event_filter(), _facts(registry, query), parse_cursor(before)
    refresh_stories(store, wait=False)
    telling = _telling(store, wanted, facts)  # only these can join a fact: merged once, the rest as they are
    merged = _merge(facts, sorted(telling.values(), key=story_order))
    top = PartialDate(bound[0]).first_day().isoformat() if bound and bound[0] else None
    newest = story_rows.newest_day(store, wanted, top)
    start = dt.date.fromisoformat(newest) if newest else dt.date.today()
    span, upper, found, loaded = FIRST_SPAN_DAYS, top, set(), {}
    while True:
        # the stretch [low, upper] of days: entries dated from low on are all known once it is read
        low = start - dt.timedelta(days=span) if (bound is None or bound[0]) and span < start.toordinal() else None
        found |= story_rows.story_ids(store, wanted, low.isoformat() if low else None, upper,
                                    placed=bound is None or bool(bound[0])) - telling.keys()  # fmt: skip
        upper, count = low.isoformat() if low else None, len(found)
        if count > limit or low is None:  # enough stories to show a page, likely: read them (ids are cheap)
            loaded.update(stories_by_id(store, wanted, found - loaded.keys()))
            entries = merged + [_news_entry(story) for story in loaded.values()]
            shown = sorted((e for e in entries if (bound is None or e.order < bound)
                            and (low is None or e.anchor >= low.isoformat())), key=lambda entry: entry.order)  # fmt: skip
            if len(shown) > limit or low is None:
                break
            count = len(shown)
        # read back as far again as what was found so far suggests, with a margin (2 to 16 times as far)
        span = int(span * min(16.0, max(2.0, 1.25 * (limit + 1) / max(count, 1))))
    page = shown[::-1][:limit]
    _count_held(registry, query, page)
    more = len(shown) > limit
    return TimelinePage(page, more, cursor(page[-1]) if more else None)


def cursor(entry: TimelineEntry) -> str:
    """Where ``entry`` sits in the chronology, as a page cursor."""
    return ",".join(str(part) for part in entry.order)


_CURSOR = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)?,([A-Z_]+),([01]),(\d+)$")


def parse_cursor(text: str | None) -> tuple | None:
    if not text:
        return None
    match = _CURSOR.match(text)
    if not match:
        raise InvalidInput(f"not a timeline cursor: {text!r}", source="before", hint="use a page's `next` value")
    return match[1] or "", match[2], int(match[3]), int(match[4])


def _resolved(registry: object | None, query: TimelineQuery) -> TimelineQuery:
    if query.pandas and registry:
        return replace(query, pandas=canonical_names(registry, query.pandas))
    return query


def _facts(registry: object | None, query: TimelineQuery) -> list[tuple[int, Fact]]:
    """The registry facts ``query`` wants, each with its rank in the registry's order."""
    return [(rank, fact) for rank, fact in enumerate(registry_facts(registry)) if _wanted(fact, query)] if registry else []


def _count_held(registry: object | None, query: TimelineQuery, entries: list[TimelineEntry]) -> None:
    if query.country and registry:
        spans = stay_spans(registry, query.country)
        for entry in entries:
            entry.held = count_held(spans, PartialDate(entry.anchor).last_day()) if entry.anchor else None


def _telling(store: Store, wanted: EventFilter, facts: list[tuple[int, Fact]]) -> dict[int, Story]:
    """The stories that could tell one of ``facts`` (``_fact_gap``), by id: a dated story has a report within
    the window of the fact; an undated one was first reported after it and names one of its pandas."""
    ids: set[int] = set()
    for group, told in _by_group(facts).items():
        window = dt.timedelta(days=window_days(told[0].type))
        # a story's report naming the fact's panda lies within the story's reach of its dated report
        reach = window + dt.timedelta(days=2 * 366 + max(window.days, lookback_days()))
        near, wide = (_joined([((f.date.first_day() - gap).isoformat(), (f.date.last_day() + gap).isoformat())
                               for f in told]) for gap in (window, reach))  # fmt: skip
        since = (min(fact.date.first_day() for fact in told) - reach).isoformat()
        ids |= story_rows.stories_telling(store, wanted, group, near, wide, since,
                                          {name for fact in told for name in fact.pandas})  # fmt: skip
    return stories_by_id(store, wanted, ids)


def _joined(days: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Overlapping stretches of days as one."""
    joined: list[tuple[str, str]] = []
    for first, last in sorted(days):
        if joined and first <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(last, joined[-1][1]))
        else:
            joined.append((first, last))
    return joined


def _by_group(facts: list[tuple[int, Fact]]) -> dict[str, list[Fact]]:
    """The facts by the story group (``events.story_key``) of the news that could tell them."""
    groups: dict[str, list[Fact]] = {}
    for _, fact in facts:
        sides = {host_side(fact.type): fact.host}
        key = story_rows.story_key(fact.type, fact.event_status, sides.get("source"), sides.get("target"))
        groups.setdefault(key, []).append(fact)
    return groups


def canonical_names(registry: object, given: tuple[str, ...]) -> tuple[str, ...]:
    """The canonical names of the pandas ``given`` names, ids or aliases (``lei-lei-2021``, ``Leilei``)."""
    names = [panda.name for text in given for panda in name_index(registry).pandas(text)]
    return tuple(dict.fromkeys([*given, *names]))


def merge(facts: list[Fact], stories: list[Story]) -> list[TimelineEntry]:
    """Join each story to the registry fact it tells (if any); one entry per happening, in date order."""
    return _merge(list(enumerate(facts)), stories)


def _merge(facts: list[tuple[int, Fact]], stories: list[Story]) -> list[TimelineEntry]:
    """``merge`` with the facts' ranks (the order between entries of one day and type). ``stories`` in
    chronological order: each takes the closest fact it can tell that no earlier story took."""
    entries = [TimelineEntry(fact=fact, order=(fact.date.iso, fact.type, 0, rank)) for rank, fact in facts]
    open_facts: dict[tuple, list[TimelineEntry]] = {}  # by what a story must share: type, host, status
    for entry in entries:
        open_facts.setdefault((entry.fact.type, entry.fact.host, entry.fact.event_status), []).append(entry)
    for story in stories:
        candidates = open_facts.get((story.type, story.host, story.status), [])
        match = _best_fact(story, candidates)
        if match:
            match.story = story
            candidates.remove(match)
        else:
            entries.append(_news_entry(story))
    return sorted(entries, key=lambda entry: entry.order)


def _news_entry(story: Story) -> TimelineEntry:
    return TimelineEntry(story=story, order=(story.anchor, story.type, 1, story.first.id))


def _best_fact(story: Story, open_entries: list[TimelineEntry]) -> TimelineEntry | None:
    fitting = [(gap, entry) for entry in open_entries if (gap := _fact_gap(story, entry.fact)) is not None]
    return min(fitting, key=lambda pair: pair[0])[1] if fitting else None


def _fact_gap(story: Story, fact: Fact) -> int | None:
    """Days between the story and the fact when the story can tell it, else None."""
    if story.type != fact.type or story.host != fact.host or story.status != fact.event_status:
        return None
    if story.pandas and set(fact.pandas).isdisjoint(story.pandas):
        return None
    first, last = fact.days
    if not story.date:  # an undated report names its pandas to tell a fact: the latest one before it
        if not story.pandas or not story.reported or story.reported < dt.date.fromordinal(first).isoformat():
            return None
        return max(0, dt.date.fromisoformat(story.reported[:10]).toordinal() - last)
    story_first, story_last = story_days(story.date)
    gap = max(0, story_first - last, first - story_last)
    return gap if gap <= window_days(story.type) else None


def _wanted(fact: Fact, query: TimelineQuery) -> bool:
    if query.dyad and not ("CHN" in query.dyad and fact.host in query.dyad and fact.host != "CHN"):
        return False
    if query.country and query.country not in ("CHN", fact.host):
        return False
    if query.pandas and not set(query.pandas) & set(fact.pandas):
        return False
    if query.since and fact.date.last_day() < PartialDate(query.since).first_day():
        return False
    if query.until and fact.date.first_day() > PartialDate(query.until).last_day():
        return False
    return not query.as_of or _known_by(fact, query.as_of)


def _known_by(fact: Fact, as_of: str) -> bool:
    if fact.date.first_day() > dt.date.fromisoformat(as_of):
        return False
    published = [str(c.published)[:10] for c in fact.citations if c.published]
    return not published or min(published) <= as_of
