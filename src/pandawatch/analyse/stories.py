"""Event coreference: the same happening reported by several articles becomes one story with several sources.

Two reports can be one story when they have the same type and status, the same countries (for panda events
the host country, whatever the direction), overlapping pandas (a report naming none agrees with any), come
from different articles (ONTOLOGY.md: one article tells a happening once), and their dates lie within the
window of each other (data/kb.yaml). Every two reports of a story agree so, not only neighbours in a chain:
a story covers a bounded stretch of time however busy the pair (a chain of reports a few weeks apart used to
make one "story" of fifty years of protests).

Stories form in the order the news arrived: reports are taken by publication day (then date), and each joins
the story it fits among those already told (the one whose evidence reads most alike when several fit) or
starts its own. A report's story never depends on anything published after it, so the stories known on a
day are exactly the stories of the reports published by then, cut to those reports: stored once
(``events.story``, the id of a story's first report), they stay exact for ``--as-of``. ``refresh_stories``
places the reports saved since it last ran; ``stored_stories`` reads stories back (cut to what a query
selects); ``group_stories`` computes them from scratch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import yaml

from ..model import PartialDate, SourcedEvent
from ..ontology import host_country, is_panda_type
from ..settings import PACKAGE_DATA
from ..store import Store
from ..store.faults import Busy
from ..store import stories as story_rows
from ..store.queries import EventFilter

_WORD = re.compile(r"[a-z]{4,}")


@cache
def kb_config() -> dict:
    with (PACKAGE_DATA / "kb.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(eq=False)
class Story:
    """One happening, with every report of it in date order. ``date`` is the date most reports give (the most
    precise of those on a tie); ``conflicts`` lists the other dates reported, side by side."""

    reports: list[SourcedEvent]

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

    @cached_property
    def host(self) -> str | None:
        return host_country(self.first.event) if is_panda_type(self.type) else None

    @cached_property
    def pandas(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for report in self.reports for name in report.event.pandas))

    @property
    def institution(self) -> str | None:
        return next((r.event.institution for r in self.reports if r.event.institution), None)

    @cached_property
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

    @cached_property
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


def story_of(reports: Iterable[SourcedEvent]) -> Story:
    """A story from its reports (any order): they are kept in date order."""
    return Story(sorted(reports, key=lambda r: (_anchor(r), r.id)))


def story_order(story: Story) -> tuple:
    """Chronological order of stories (their anchor), then type, then the first report."""
    return story.anchor, story.type, story.first.id


def window_days(event_type: str) -> int:
    windows = kb_config()["coreference"]["window_days"]
    return windows["panda"] if is_panda_type(event_type) else windows["diplomatic"]


def lookback_days() -> int:
    """How long before its publication an undated report may tell a happening (data/kb.yaml)."""
    return kb_config()["coreference"]["undated_lookback_days"]


# ------------------------------------------------------------------------------- the computation


def group_stories(reports: Iterable[SourcedEvent]) -> list[Story]:
    """Merge reports of the same happening into stories, in chronological order (from scratch: what
    ``stored_stories`` reads for the same reports)."""
    by_group: dict[tuple, list[SourcedEvent]] = defaultdict(list)
    for report in reports:
        by_group[_group_key(report)].append(report)
    stories = []
    for group in by_group.values():
        clusters = _Clusters(group[0].event.type)
        for report in sorted(group, key=arrival):
            clusters.place(report)
        stories += [story_of(cluster.reports) for cluster in clusters.all]
    return sorted(stories, key=story_order)


def arrival(report: SourcedEvent) -> tuple:
    """The order reports are put into stories: publication day (unknown last), date, article, then the order
    the article tells them in (not the order articles were saved in)."""
    return report.citation.published or "~", _anchor(report), report.event.article, report.id


def _group_key(report: SourcedEvent) -> tuple:
    event = report.event
    if is_panda_type(event.type):
        return (event.type, event.status, host_country(event))
    return (event.type, event.status, event.source, event.target)


def _anchor(report: SourcedEvent) -> str:
    return report.event.date or report.citation.published or ""


_BUCKET = 32  # days: stories are looked up by the stretches of time their reports cover


class _Placed:
    """A report with its days as ordinals: its date's first and last day (dated), or its publication day."""

    __slots__ = ("report", "article", "pandas", "dated", "first", "last", "words")

    def __init__(self, report: SourcedEvent) -> None:
        self.report = report
        self.article = report.event.article
        self.pandas = report.event.pandas
        self.dated = bool(report.event.date)
        if self.dated:
            self.first, self.last = story_days(report.event.date)
        elif report.citation.published:
            self.first = self.last = dt.date.fromisoformat(report.citation.published[:10]).toordinal()
        else:
            self.first = self.last = None  # unplaced: any date fits it
        self.words = _words(report.event.evidence)


class _Cluster:
    """A story being built, summarised for matching at a constant cost: for its dated reports the latest first
    day and the earliest last day, for its undated ones the span of their publication days. A report within
    the window of both ends is within the window of every report."""

    __slots__ = ("rank", "reports", "articles", "pandas", "words", "max_first", "min_last", "min_published",
                 "max_published")  # fmt: skip

    def __init__(self, rank: int) -> None:
        self.rank, self.reports = rank, []
        self.articles, self.pandas, self.words = set(), set(), set()
        self.max_first = self.min_last = self.min_published = self.max_published = None

    def add(self, one: _Placed) -> None:
        self.reports.append(one.report)
        self.articles.add(one.article)
        self.pandas.update(one.pandas)
        self.words |= one.words
        if one.first is None:
            return
        if one.dated:
            self.max_first = one.first if self.max_first is None else max(self.max_first, one.first)
            self.min_last = one.last if self.min_last is None else min(self.min_last, one.last)
        else:
            self.min_published = one.first if self.min_published is None else min(self.min_published, one.first)
            self.max_published = one.first if self.max_published is None else max(self.max_published, one.first)


class _Clusters:
    """The stories of one group (type, status, countries), built report by report in arrival order."""

    def __init__(self, event_type: str) -> None:
        self.window, self.lookback = window_days(event_type), lookback_days()
        self.panda = is_panda_type(event_type)
        self.all: list[_Cluster] = []
        self.buckets: dict[int, set[int]] = defaultdict(set)  # bucket -> ranks of the stories with a report there
        self.floating: set[int] = set()  # stories with no report placed in time

    def place(self, report: SourcedEvent) -> _Cluster:
        """Put ``report`` into the story it fits best, or a new one; return that story."""
        one = _Placed(report)
        fitting = [cluster for cluster in self._near(one) if self._fits(one, cluster)]
        chosen = self._most_alike(one, fitting)
        if chosen is None:
            chosen = _Cluster(len(self.all))
            self.all.append(chosen)
        self.add(chosen, one)
        return chosen

    def seed(self, reports: list[SourcedEvent]) -> _Cluster:
        """A story already stored: its reports in arrival order."""
        cluster = _Cluster(len(self.all))
        self.all.append(cluster)
        for report in reports:
            self.add(cluster, _Placed(report))
        return cluster

    def add(self, cluster: _Cluster, one: _Placed) -> None:
        cluster.add(one)
        if one.first is None:
            if cluster.max_first is None and cluster.min_published is None:
                self.floating.add(cluster.rank)
            return
        self.floating.discard(cluster.rank)
        for bucket in range(one.first // _BUCKET, one.last // _BUCKET + 1):
            self.buckets[bucket].add(cluster.rank)

    def _near(self, one: _Placed) -> list[_Cluster]:
        """The stories that can fit ``one``, in the order they were started: an unplaced report fits any; a
        placed one only stories with a report within the window or look-back of it."""
        if one.first is None:
            return list(self.all)
        reach = max(self.window, self.lookback)
        ranks = set(self.floating)
        for bucket in range((one.first - reach) // _BUCKET, (one.last + reach) // _BUCKET + 1):
            ranks |= self.buckets.get(bucket, set())
        return [self.all[rank] for rank in sorted(ranks)]

    def _fits(self, one: _Placed, cluster: _Cluster) -> bool:
        if one.article in cluster.articles:
            return False
        if one.pandas and cluster.pandas and cluster.pandas.isdisjoint(one.pandas):
            return False
        if one.first is None:
            return True  # nothing to place it by: the type, countries and pandas decide
        window, lookback = self.window, self.lookback
        if one.dated:  # within the window of each dated report; overlapping each undated one's reach
            return (cluster.max_first is None or (one.first - cluster.min_last <= window
                                                  and cluster.max_first - one.last <= window)) and (
                cluster.min_published is None or (one.first <= cluster.min_published + window
                                                  and one.last >= cluster.max_published - lookback))  # fmt: skip
        day = one.first  # undated: its publication day
        return (cluster.max_first is None or (cluster.max_first <= day + window
                                              and cluster.min_last >= day - lookback)) and (
            cluster.min_published is None or (day - cluster.min_published <= window
                                              and cluster.max_published - day <= window))  # fmt: skip

    def _most_alike(self, one: _Placed, fitting: list[_Cluster]) -> _Cluster | None:
        if not fitting:
            return None
        if len(fitting) == 1:
            return fitting[0]
        best_score, best = max(((_similarity(one.words, c.words), c) for c in fitting), key=lambda pair: pair[0])
        # Several stories fit only by type, countries and date: without shared words we cannot tell which.
        return best if best_score > 0.1 or self.panda else None


@lru_cache(maxsize=65536)
def story_days(iso: str) -> tuple[int, int]:
    """A partial date's first and last day as ordinals (cached: the same dates recur across many reports)."""
    date = PartialDate(iso)
    return date.first_day().toordinal(), date.last_day().toordinal()


def _interval_gap(first_a: dt.date, last_a: dt.date, first_b: dt.date, last_b: dt.date) -> int:
    if last_a < first_b:
        return (first_b - last_a).days
    if last_b < first_a:
        return (first_a - last_b).days
    return 0


def gap_days(first: PartialDate, second: PartialDate) -> int:
    """Days between two partial dates seen as intervals (0 when they overlap)."""
    return _interval_gap(first.first_day(), first.last_day(), second.first_day(), second.last_day())


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _similarity(first: set[str], second: set[str]) -> float:
    return len(first & second) / len(first | second) if first and second else 0.0


# ---------------------------------------------------------------------------------- stored stories


def refresh_stories(store: Store, wait: bool = True) -> int:
    """Put every report saved since the last refresh into its story (``events.story``), and redo the groups
    where a report arrived out of order or was removed, from that report on. Returns the reports placed.
    ``wait=False`` (a reader's upkeep): when another process is writing (an ingest, which places its reports
    itself when it ends) or the file is read-only, leave them for it; the reader reads the stories placed."""
    if not wait and store.read_only:
        return 0
    placed = 0
    for group in story_rows.stale_groups(store):
        try:
            placed += _refresh_stale_group(store, group, wait)
        except Busy:
            break
    return placed


def _refresh_stale_group(store: Store, group: str, wait: bool) -> int:
    with store.transaction(wait) as conn:  # one group at a time: writers wait for one group, not for all
        since = story_rows.stale_since(conn, group)
        if since is None:
            return 0
        placed = _refresh_group(conn, _around(conn, group, since), since)
        story_rows.clear_stale(conn, group)
        return placed


def _around(conn: object, group: str, since: str) -> list[tuple[int | None, SourcedEvent]]:
    """The reports of ``group`` a refresh from ``since`` needs: those to place again and every story they could
    join. A story's reports lie within the window or look-back of each other (pairwise), each date spanning a
    year at most, so a margin of twice that around the days to place holds every such story whole."""
    first, last = story_rows.stale_days(conn, group, since)
    if first is None or last is None:
        return story_rows.group_reports(conn, group)
    reach = max(window_days(group.split("|", 1)[0]), lookback_days())
    margin = dt.timedelta(days=2 * (2 * 366 + reach))
    return story_rows.group_reports(conn, group, (dt.date.fromisoformat(first) - margin).isoformat(),
                                    (dt.date.fromisoformat(last) + margin).isoformat())  # fmt: skip


def _refresh_group(conn: object, rows: list[tuple[int | None, SourcedEvent]], since: str) -> int:
    """Keep the stories of the reports that arrived before ``since``; place the others again, in order."""
    if not rows:
        return 0
    kept: dict[int, list[SourcedEvent]] = defaultdict(list)
    again = []
    for story, report in sorted(rows, key=lambda row: arrival(row[1])):
        if story is not None and (report.citation.published or "~") < since:
            kept[story].append(report)
        else:
            again.append((story, report))
    clusters = _Clusters(rows[0][1].event.type)
    ids: dict[int, int] = {}  # cluster rank -> story id (its first report's id)
    for story, reports in sorted(kept.items(), key=lambda item: arrival(item[1][0])):
        ids[clusters.seed(reports).rank] = story
    changed = []
    for story, report in again:
        rank = clusters.place(report).rank
        ids.setdefault(rank, report.id)
        if story != ids[rank]:
            changed.append((ids[rank], report.id))
    story_rows.assign(conn, changed)
    return len(again)


def stored_stories(store: Store, wanted: EventFilter = EventFilter()) -> list[Story]:
    """The stories of the reports ``wanted`` selects, cut to those reports, in chronological order."""
    refresh_stories(store, wait=False)
    return sorted(stories_by_id(store, wanted).values(), key=story_order)


def stories_by_id(store: Store, wanted: EventFilter, among: Iterable[int] | None = None) -> dict[int, Story]:
    """``stored_stories`` by story id; with ``among``, only those stories (placed: call ``refresh_stories``
    first)."""
    if among is not None and not among:
        return {}
    by_story: dict[int, list[SourcedEvent]] = defaultdict(list)
    for story, report in story_rows.story_reports(store, wanted, among):
        by_story[story].append(report)
    return {story: story_of(reports) for story, reports in by_story.items()}
