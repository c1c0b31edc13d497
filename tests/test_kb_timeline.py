"""The merged timeline: registry facts and news stories, coreference, conflicts, time travel, running count."""

from conftest import add_article

from pandawatch.analyse.timeline import TimelineQuery, timeline
from pandawatch.model import Event
from pandawatch.store.events import save_events

JAPAN = TimelineQuery(dyad=("CHN", "JPN"))


def _panda(article, type_, date, pandas, status="occurred", evidence="", host="JPN"):
    return Event(article, type_, status, date, "CHN", host, tuple(pandas), "Ueno Zoo", evidence, 0.9)


def _news(store):
    """Four reports we wrote, told the way news tells the Japan story."""
    add_article(store, "wire-2024", "2024-09-30", "Wire A")
    save_events(store, "wire-2024", [_panda("wire-2024", "PANDA_DEPARTURE", "2024-09-29", ["Ri Ri", "Shin Shin"],
                                            evidence="The parents were flown back to China on Sunday.")])
    add_article(store, "paper-2025", "2025-12-15", "Paper B")
    save_events(store, "paper-2025", [
        _panda("paper-2025", "PANDA_DEPARTURE", "2024-09", ["Shin Shin"], evidence="Their parents left in September last year."),
        _panda("paper-2025", "PANDA_DEPARTURE", "2026-01", ["Lei Lei", "Xiao Xiao"], "planned",
               "The pair will be sent back about a month before February."),
        Event("paper-2025", "SANCTION", "occurred", "2025-11", "CHN", "JPN", evidence="Beijing banned seafood imports."),
        Event("paper-2025", "SANCTION", "occurred", "2025-11", "CHN", "JPN", evidence="Beijing warned citizens against travel."),
    ])
    add_article(store, "daily-2026a", "2026-01-10", "Daily C")
    save_events(store, "daily-2026a", [_panda("daily-2026a", "PANDA_DEPARTURE", "2026-02-20", ["Lei Lei"], "planned",
                                              "The twins must be returned by Feb. 20.")])
    add_article(store, "daily-2026b", "2026-01-28", "Daily C")
    save_events(store, "daily-2026b", [
        _panda("daily-2026b", "PANDA_DEPARTURE", "2026-01-27", ["Lei Lei", "Xiao Xiao"], evidence="The twins left Ueno on Tuesday."),
        Event("daily-2026b", "SANCTION", "occurred", "2025-11", "CHN", "JPN", evidence="China had banned Japanese seafood imports."),
        Event("daily-2026b", "CONSULT", "occurred", "2026-01-05", "USA", "CHN", evidence="A US envoy met Chinese officials."),
    ])


def _entries(entries, type_, status=None):
    return [e for e in entries if e.type == type_ and (status is None or e.status == status)]


def test_reports_of_one_happening_are_one_entry_with_every_source(store, kb_registry):
    _news(store)
    entries = timeline(store, kb_registry, JAPAN)
    parents = [e for e in _entries(entries, "PANDA_DEPARTURE", "occurred") if "Shin Shin" in e.pandas]
    assert len(parents) == 1
    assert parents[0].origin == "registry+news"
    outlets = {source["outlet"] for source in parents[0].sources()}
    assert {"Wire A", "Paper B", "Test notes"} <= outlets
    assert all(source["url"] for source in parents[0].sources())


def test_planned_and_actual_returns_are_separate_and_conflicting_plans_side_by_side(store, kb_registry):
    _news(store)
    entries = timeline(store, kb_registry, JAPAN)
    planned = [e for e in _entries(entries, "PANDA_DEPARTURE", "planned") if "Lei Lei" in e.pandas]
    actual = [e for e in _entries(entries, "PANDA_DEPARTURE", "occurred") if "Lei Lei" in e.pandas]
    assert len(planned) == 1 and len(actual) == 1
    assert len(planned[0].sources()) == 2
    assert {planned[0].date, *planned[0].conflicts} == {"2026-01", "2026-02-20"}
    assert actual[0].date == "2026-01-27" and actual[0].origin == "news"


def test_acts_told_in_one_article_stay_separate_and_a_later_report_joins_the_right_one(store, kb_registry):
    _news(store)
    sanctions = _entries(timeline(store, kb_registry, JAPAN), "SANCTION")
    assert len(sanctions) == 2
    seafood = next(e for e in sanctions if "seafood" in e.sources()[0]["evidence"])
    assert len(seafood.sources()) == 2


def test_dyad_filter_keeps_only_that_pair(store, kb_registry):
    _news(store)
    assert not _entries(timeline(store, kb_registry, JAPAN), "CONSULT")
    usa = timeline(store, kb_registry, TimelineQuery(dyad=("USA", "CHN")))
    assert [e.type for e in usa] == ["CONSULT"]


def test_as_of_shows_only_what_was_published_by_then(store, kb_registry):
    _news(store)
    then = timeline(store, kb_registry, TimelineQuery(dyad=("CHN", "JPN"), as_of="2025-12-31"))
    assert not [e for e in _entries(then, "PANDA_DEPARTURE", "occurred") if "Lei Lei" in e.pandas]
    planned = [e for e in _entries(then, "PANDA_DEPARTURE", "planned") if "Lei Lei" in e.pandas]
    assert len(planned) == 1 and len(planned[0].sources()) == 1
    assert all(source["published"] <= "2025-12-31" for e in then for source in e.sources() if source.get("published"))


def test_since_until_and_panda_filters(store, kb_registry):
    _news(store)
    recent = timeline(store, kb_registry, TimelineQuery(dyad=("CHN", "JPN"), since="2025-01-01"))
    assert recent and all(e.anchor >= "2025" for e in recent)
    early = timeline(store, kb_registry, TimelineQuery(country="JPN", until="2011-12-31"))
    assert {e.type for e in early} == {"LOAN_AGREEMENT", "PANDA_ARRIVAL"}
    twins = timeline(store, kb_registry, TimelineQuery(pandas=("Xiao Xiao",)))
    assert twins and all("Xiao Xiao" in e.pandas for e in twins)
    by_id = timeline(store, kb_registry, TimelineQuery(pandas=("xiao-xiao-2021",)))
    assert [e.to_json() for e in by_id] == [e.to_json() for e in twins]


def test_country_timeline_carries_the_registry_running_count(store, kb_registry):
    _news(store)
    entries = timeline(store, kb_registry, TimelineQuery(country="JPN"))
    held = {e.type + "@" + (e.date or ""): e.held for e in entries}
    assert held["PANDA_ARRIVAL@2011-02-21"] == 2
    assert held["PANDA_BIRTH@2021-06-23"] == 4
    assert held["PANDA_DEPARTURE@2024-09-29"] == 2


def test_json_has_the_fields_a_script_needs(store, kb_registry):
    _news(store)
    record = timeline(store, kb_registry, JAPAN)[0].to_json()
    assert {"type", "status", "date", "countries", "pandas", "sources"} <= set(record)
    assert {"url", "outlet", "published", "evidence"} <= set(record["sources"][0])


def test_an_undated_report_naming_no_panda_joins_no_registry_fact(store, kb_registry):
    add_article(store, "notes-2030", "2030-05-02", "Notes D")
    save_events(store, "notes-2030", [
        _panda("notes-2030", "PANDA_DEPARTURE", None, [], evidence="Japan once sent its pandas back to China."),
    ])
    entries = timeline(store, kb_registry, JAPAN)
    joined = [e for e in entries if any(s.get("article") == "notes-2030" for s in e.sources())]
    # it cannot tell which departure it is: its own entry, not glued to an old registry fact
    assert len(joined) == 1 and joined[0].origin == "news"
