"""The fast paths against straightforward computations on small stores of generated news: stories stored at
write time against coreference from scratch, the timeline read a page at a time against the whole timeline,
``as_of`` against a store that only ever held the articles published by then, the relations index counted in
SQL against a count in Python."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest
from conftest import add_article

from pandawatch.analyse.relations import relations
from pandawatch.analyse.stories import group_stories, story_of, story_order, stored_stories
from pandawatch.analyse.timeline import TimelineQuery, timeline, timeline_page
from pandawatch.errors import InvalidInput
from pandawatch.model import Event
from pandawatch.ontology import weight
from pandawatch.store import open_store
from pandawatch.store.events import save_events
from pandawatch.store.queries import EventFilter, find_events

PANDAS = ["Ri Ri", "Shin Shin", "Lei Lei", "Xiao Xiao"]  # the knowledge-base test registry's (all in Japan)
FACTS = [("PANDA_ARRIVAL", "2011-02-21", ["Ri Ri", "Shin Shin"]), ("PANDA_BIRTH", "2021-06-23", ["Lei Lei", "Xiao Xiao"]),
         ("PANDA_DEPARTURE", "2024-09-29", ["Ri Ri", "Shin Shin"]), ("LOAN_EXTENSION", "2021", ["Ri Ri", "Shin Shin"])]
WORDS = "seafood travel warning pandas zoo ueno returned flown beijing tokyo envoy talks ban sanctions".split()
TYPES = ["PANDA_DEPARTURE", "PANDA_ARRIVAL", "PANDA_BIRTH", "LOAN_REQUEST", "SANCTION", "CONSULT"]


def _news(seed: int, articles: int = 70) -> list[tuple[str, str, list[Event]]]:
    """Articles (id, published day, events) about a few busy years: many reports per happening, dates of every
    precision or none, pandas named or not, some articles telling several acts of one kind."""
    rng = random.Random(seed)
    news = []
    for number in range(articles):
        article = f"a{number:03d}"
        published = f"{rng.choice([2010, 2011, 2021, 2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.04:
            published = None  # an article without a known day: its undated reports sit nowhere in time
        events = [_event(rng, article, published) for _ in range(rng.randint(1, 5))]
        if published is None:  # an undated act told in it: a story placed nowhere in time (first, oldest first)
            events.append(Event(article, "REJECT", "occurred", None, "JPN", "CHN", (), None, "envoy talks tokyo.", 0.8))
        news.append((article, published, events))
    return news


def _event(rng: random.Random, article: str, published: str | None) -> Event:
    if rng.random() < 0.3:
        return _echo(rng, article, published)
    type_ = rng.choice(TYPES)
    published = published or "2025-06-15"
    year = int(published[:4]) - rng.choice([0, 0, 0, 1])
    date = rng.choice([None, f"{year}", f"{year}-{rng.randint(1, 12):02d}", f"{year}-{rng.randint(1, 12):02d}-"
                       f"{rng.randint(1, 28):02d}", f"{year}-{published[5:7]}-{rng.randint(1, 28):02d}"])  # fmt: skip
    if type_ in ("SANCTION", "CONSULT"):
        source, target = rng.choice([("CHN", "JPN"), ("JPN", "CHN"), ("CHN", "USA")])
        pandas = ()
    else:
        source, target = ("JPN", "CHN") if type_ == "LOAN_REQUEST" else ("CHN", rng.choice(["JPN", "JPN", "USA"]))
        pandas = tuple(rng.sample(PANDAS, rng.choice([0, 1, 1, 2])))
    status = rng.choice(["occurred", "occurred", "planned"])
    evidence = " ".join(rng.sample(WORDS, 4)) + "."
    return Event(article, type_, status, date, source, target, pandas, None, evidence, 0.8)


def _echo(rng: random.Random, article: str, published: str | None) -> Event:
    """A report of one of the registry's facts: its date (or near it, or its month or year, or none), some of
    its pandas, so that stories compete for facts and undated reports look for the latest one."""
    import datetime as dt

    type_, day, pandas = rng.choice(FACTS)
    if len(day) == 10:
        near = dt.date.fromisoformat(day) + dt.timedelta(days=rng.choice([0, 0, 3, -20, 40, 70]))
        day = rng.choice([near.isoformat(), near.isoformat()[:7], day[:4], None])
    names = tuple(rng.sample(pandas, rng.choice([0, 1, 2])))
    status = "planned" if rng.random() < 0.1 else "occurred"
    return Event(article, type_, status, day, "CHN", "JPN", names, None, " ".join(rng.sample(WORDS, 4)) + ".", 0.8)


def _fill(store, news) -> None:
    for article, published, events in news:
        add_article(store, article, published)
        assert not save_events(store, article, events).skipped


QUERIES = [
    TimelineQuery(country="JPN"),
    TimelineQuery(dyad=("CHN", "JPN")),
    TimelineQuery(),
    TimelineQuery(pandas=("Shin Shin",)),
    TimelineQuery(country="JPN", since="2021-03", until="2025-06-30"),
    TimelineQuery(country="JPN", as_of="2024-08-31"),
    TimelineQuery(dyad=("USA", "CHN"), as_of="2021-12-31"),
]


@pytest.fixture(params=[1, 2, 3])
def busy(request, store):
    _fill(store, _news(request.param))
    return store


def _shape(story) -> tuple:
    return story.anchor, story.type, tuple(report.id for report in story.reports)


def _cut(stories, keep: set[int]) -> list:
    """Stories cut to the reports a query selects (those left without any dropped)."""
    cut = [story_of([r for r in story.reports if r.id in keep]) for story in stories]
    return sorted((story for story in cut if story.reports), key=story_order)


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_stored_stories_are_coreference_from_scratch_over_what_was_known(busy, query):
    known = group_stories(find_events(busy, EventFilter(as_of=query.as_of)))
    selected = {report.id for report in find_events(busy, query.event_filter())}
    assert [_shape(s) for s in stored_stories(busy, query.event_filter())] == [_shape(s) for s in _cut(known, selected)]


def test_stories_and_counts_do_not_depend_on_the_order_articles_were_saved_in(tmp_path, kb_registry):
    news = _news(4)
    shuffled = news[:]
    random.Random(5).shuffle(shuffled)
    signatures = []
    for name, order in (("in-order", sorted(news, key=lambda item: item[1] or "~")), ("shuffled", shuffled)):
        with open_store(tmp_path / f"{name}.sqlite") as store:
            _fill(store, order)
            stored_stories(store)  # placed now, then a late article and a re-extracted one redo their groups
            add_article(store, "late", "2021-01-05")
            save_events(store, "late", [Event("late", "SANCTION", "occurred", "2020-12", "CHN", "JPN",
                                              evidence="seafood ban beijing talks.")])  # fmt: skip
            save_events(store, news[7][0], news[7][2][:1])
            signatures.append(sorted((s.anchor, s.type, tuple(sorted(r.event.article + r.event.evidence for r in s.reports)))
                                     for s in stored_stories(store)))  # fmt: skip
            from_scratch = group_stories(find_events(store))
            assert [_shape(s) for s in stored_stories(store)] == [_shape(s) for s in from_scratch]
            for as_of in (None, "2021-06-30"):
                _check_relations(store, kb_registry, as_of)
            signatures.append(relations(store, kb_registry, ("CHN", "JPN")))
    assert signatures[0] == signatures[2] and signatures[1] == signatures[3]


def test_the_story_group_written_in_sql_is_the_one_python_spells(busy):
    from pandawatch.store.stories import story_key

    rows = busy.conn.execute("SELECT type, status, source, target, story_key FROM events").fetchall()
    assert rows and all(story_key(*row[:4]) == row[4] for row in rows)


def test_every_two_reports_of_a_story_are_within_the_window(busy):
    for story in stored_stories(busy):
        dated = [r.event.date for r in story.reports if r.event.date]
        from pandawatch.analyse.stories import gap_days, window_days
        from pandawatch.model import PartialDate

        assert all(gap_days(PartialDate(a), PartialDate(b)) <= window_days(story.type) for a in dated for b in dated)
        assert len({r.event.article for r in story.reports}) == len(story.reports)


@pytest.mark.parametrize("query", QUERIES, ids=str)
@pytest.mark.parametrize("size", [1, 4, 13])
def test_pages_hold_every_entry_of_the_timeline_once_newest_first(busy, kb_registry, query, size):
    whole = [entry.to_json() for entry in timeline(busy, kb_registry, query)][::-1]
    paged, cursor, pages = [], None, 0
    while True:
        page = timeline_page(busy, kb_registry, query, size, cursor)
        assert len(page.entries) <= size and (page.has_more == (page.next is not None))
        paged += [entry.to_json() for entry in page.entries]
        pages += 1
        if not page.has_more:
            break
        assert len(page.entries) == size
        cursor = page.next
    assert paged == whole
    assert pages == max(1, -(-len(whole) // size))
    if query.country == "JPN" and not query.as_of:  # the fixtures do exercise the joining of news to facts
        assert sum(entry["origin"] == "registry+news" for entry in whole) >= 2


def test_as_of_is_what_a_store_of_the_articles_published_by_then_says(tmp_path, kb_registry):
    news = _news(6)
    with open_store(tmp_path / "all.sqlite") as everything:
        _fill(everything, news)
        for day in ("2011-06-30", "2021-09-30", "2024-12-31", "2025-06-30"):
            with open_store(tmp_path / f"by-{day}.sqlite") as then:
                _fill(then, [item for item in news if item[1] and item[1] <= day])  # same order: same relative ids
                for query in (TimelineQuery(country="JPN", as_of=day), TimelineQuery(as_of=day)):
                    replayed = _without_ids(e.to_json() for e in timeline(everything, kb_registry, query))
                    assert replayed == _without_ids(e.to_json() for e in timeline(then, kb_registry, query))
                    first = timeline_page(everything, kb_registry, query, 10).entries
                    assert _without_ids(e.to_json() for e in first) == replayed[::-1][:10]
                    published = [s["published"] for e in first for s in e.sources() if s.get("event")]
                    assert all(p <= day for p in published)
                assert relations(everything, kb_registry, ("CHN", "JPN"), as_of=day) == \
                    relations(then, kb_registry, ("CHN", "JPN"), as_of=day)  # fmt: skip


def _without_ids(records) -> list[dict]:
    return [record | {"sources": [{k: v for k, v in s.items() if k != "event"} for s in record["sources"]]}
            for record in records]  # fmt: skip


def test_a_bad_cursor_is_a_clear_error(busy, kb_registry):
    with pytest.raises(InvalidInput, match="cursor"):
        timeline_page(busy, kb_registry, TimelineQuery(), 5, "2025-01-01;DROP")


@pytest.mark.parametrize("as_of", [None, "2021-06-30", "2025-03-31"])
def test_relations_counted_in_sql_are_the_straightforward_count(busy, kb_registry, as_of):
    _check_relations(busy, kb_registry, as_of)


def _check_relations(store, registry, as_of: str | None) -> None:
    """The relations series against a count in Python: per month and type, each happening (type, direction,
    pandas) as many times as the article telling it most often tells it."""
    reports = find_events(store, EventFilter(dyad=("CHN", "JPN"), as_of=as_of))
    months = {row[0]: row[1] for row in store.conn.execute("SELECT id, month FROM events")}
    told: Counter = Counter()  # how often each article tells each happening
    for r in reports:
        told[(months[r.id], r.event.type, r.event.source, r.event.target, r.event.pandas, r.event.article)] += 1
    happenings: dict[tuple, int] = defaultdict(int)
    for (month, type_, source, target, pandas, _), count in told.items():
        if month is None:
            continue  # undated, in an article of unknown day: in no month
        key = (month, type_, source, target, pandas)
        happenings[key] = max(happenings[key], count)
    expected: dict[str, Counter] = defaultdict(Counter)
    for (month, type_, *_), count in happenings.items():
        expected[month][type_] += count
    series = relations(store, registry, ("CHN", "JPN"), as_of=as_of)
    last = series[-1].month  # an as-of series ends in the as-of month
    assert {m.month: dict(m.types) for m in series if m.events} == {k: dict(v) for k, v in expected.items() if k <= last}
    for month in series:
        assert month.score == sum(weight(t) * n for t, n in month.types.items())


def test_held_each_month_is_the_registry_count_at_the_months_end(kb_registry):
    from pandawatch.analyse.facts import count_held, stay_spans
    from pandawatch.analyse.relations import holdings_by_month, month_range
    from pandawatch.model import PartialDate

    months = month_range("2010-01", "2026-12")
    spans = stay_spans(kb_registry, "JPN")
    assert holdings_by_month(kb_registry, "JPN", months) == {
        month: count_held(spans, PartialDate(month).last_day()) for month in months}
    assert max(holdings_by_month(kb_registry, "JPN", months).values()) > 0
