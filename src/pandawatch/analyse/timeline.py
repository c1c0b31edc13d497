"""One sourced chronology: registry facts and news stories merged, each entry with all its sources.

A news story that tells a registry fact (same type, host, status, overlapping pandas, dates within the
coreference window) is joined to that fact rather than listed twice.

Time travel: news is limited to articles published by ``as_of`` (see store.queries). Registry facts are
curated after the fact, so they carry no "known since" date of their own: an as-of timeline shows the facts
dated on or before ``as_of`` whose sources (where the registry gives their publication date) were out by
then. When a country is given, each entry carries the number of pandas the registry says it held that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..model import PartialDate
from ..store import Store
from ..store.queries import EventFilter, find_events
from .facts import Fact, count_held, name_index, registry_facts, stay_spans
from .stories import Story, gap_days, window_days, group_stories


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
    """The merged, sourced chronology ``query`` asks for."""
    if query.pandas and registry:
        query = replace(query, pandas=canonical_names(registry, query.pandas))
    stories = group_stories(find_events(store, query.event_filter()))
    facts = [fact for fact in registry_facts(registry) if _wanted(fact, query)] if registry else []
    entries = merge(facts, stories)
    if query.country and registry:
        spans = stay_spans(registry, query.country)
        for entry in entries:
            entry.held = count_held(spans, PartialDate(entry.anchor).last_day()) if entry.anchor else None
    return entries


def canonical_names(registry: object, given: tuple[str, ...]) -> tuple[str, ...]:
    """The canonical names of the pandas ``given`` names, ids or aliases (``lei-lei-2021``, ``Leilei``)."""
    names = [panda.name for text in given for panda in name_index(registry).pandas(text)]
    return tuple(dict.fromkeys([*given, *names]))


def merge(facts: list[Fact], stories: list[Story]) -> list[TimelineEntry]:
    """Join each story to the registry fact it tells (if any); one entry per happening, in date order."""
    entries = [TimelineEntry(fact=fact) for fact in facts]
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
            entries.append(TimelineEntry(story=story))
    return sorted(entries, key=lambda entry: (entry.anchor, entry.type))


def _best_fact(story: Story, open_entries: list[TimelineEntry]) -> TimelineEntry | None:
    fitting = [(gap, entry) for entry in open_entries if (gap := _fact_gap(story, entry.fact)) is not None]
    return min(fitting, key=lambda pair: pair[0])[1] if fitting else None


def _fact_gap(story: Story, fact: Fact) -> int | None:
    """Days between the story and the fact when the story can tell it, else None."""
    if story.type != fact.type or story.host != fact.host or story.status != fact.event_status:
        return None
    if story.pandas and not set(story.pandas) & set(fact.pandas):
        return None
    if not story.date:  # an undated report names its pandas to tell a fact: the latest one before it
        if not story.pandas or not story.reported or story.reported < fact.date.first_day().isoformat():
            return None
        return max(0, (dt.date.fromisoformat(story.reported[:10]) - fact.date.last_day()).days)
    gap = gap_days(PartialDate(story.date), fact.date)
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
