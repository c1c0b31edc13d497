"""Alerts: loans ending without a reported extension, the last panda leaving or gone, new requests/refusals."""

import datetime as dt
import random
import shutil
from pathlib import Path

from conftest import add_article

from pandawatch.analyse.alerts import STORY_TYPES, alerts
from pandawatch.analyse.facts import held_pandas
from pandawatch.analyse.kb import alerts_view
from pandawatch.analyse.stories import stored_stories
from pandawatch.model import Event, PartialDate
from pandawatch.registry.load import load_registry
from pandawatch.store.events import save_events
from pandawatch.store.queries import EventFilter


def _kinds(records):
    return {r["kind"] for r in records}


def test_loan_ending_without_extension(store, kb_registry):
    records = alerts_view(store, kb_registry, "2025-12-01", None, days=180)
    ending = [r for r in records if r["kind"] == "loan-ending"]
    assert len(ending) == 1 and ending[0]["date"] == "2026-02-20" and ending[0]["countries"] == ["JPN"]
    assert "loan-ending" not in _kinds(alerts_view(store, kb_registry, "2025-01-01", None, days=180))


def test_a_reported_extension_silences_the_loan_alert(store, kb_registry):
    add_article(store, "ext", "2025-11-30")
    save_events(store, "ext", [Event("ext", "LOAN_EXTENSION", "occurred", "2025-11", "CHN", "JPN", ("Lei Lei",))])
    assert "loan-ending" not in _kinds(alerts_view(store, kb_registry, "2025-12-01", None, days=180))


def test_last_pandas_leaving_then_gone_and_news_of_a_refusal(store, kb_registry):
    add_article(store, "dec", "2025-12-15")
    save_events(store, "dec", [
        Event("dec", "PANDA_DEPARTURE", "planned", "2026-01", "CHN", "JPN", ("Lei Lei", "Xiao Xiao")),
        Event("dec", "LOAN_REFUSAL", "occurred", None, "CHN", "JPN", ("Lei Lei", "Xiao Xiao")),
    ])
    december = alerts_view(store, kb_registry, "2025-12-20", None, days=180)
    assert {"last-panda-leaving", "loan-refusal"} <= _kinds(december)
    add_article(store, "jan", "2026-01-28")
    save_events(store, "jan", [Event("jan", "PANDA_DEPARTURE", "occurred", "2026-01-27", "CHN", "JPN", ("Lei Lei", "Xiao Xiao"))])
    january = alerts_view(store, kb_registry, "2026-01-30", None, days=180)
    gone = [r for r in january if r["kind"] == "last-panda-gone"]
    assert gone and gone[0]["sources"] and "last-panda-leaving" not in _kinds(january)


def test_since_shows_only_alerts_first_seen_since(store, kb_registry):
    first_day, later = dt.date(2025, 12, 1), dt.date(2025, 12, 20)
    standing = alerts_view(store, kb_registry, None, None, days=180, today=first_day)
    assert standing and all(a["first_seen"] == "2025-12-01" for a in standing)
    assert alerts_view(store, kb_registry, None, "2025-12-02", days=180, today=later) == []
    add_article(store, "dec", "2025-12-15")
    save_events(store, "dec", [Event("dec", "LOAN_REFUSAL", "occurred", None, "CHN", "JPN")])
    new = alerts_view(store, kb_registry, None, "2025-12-02", days=180, today=later)
    assert [(a["kind"], a["first_seen"]) for a in new] == [("loan-refusal", "2025-12-20")]


def test_a_replay_does_not_mark_alerts_seen(store, kb_registry):
    replayed = alerts_view(store, kb_registry, "2025-12-01", None, days=180)
    assert replayed and all(a["first_seen"] is None for a in replayed)


# ---- the alerts read from narrow queries are the full computation's --------------------------------------

REGISTRY = Path(__file__).resolve().parent.parent / "data" / "registry"  # the bundled one: many hosts and loans
HOSTS = ("AUS", "DEU", "FRA", "JPN", "KOR", "MEX", "MYS", "USA")  # few: stories of several reports (SGP: below)
DAYS = ("2024-09-01", "2025-03-15", "2025-12-01", "2026-01-30", "2026-06-01", "2026-12-05", "2027-08-01")


def _full(store, registry, as_of, today, days):
    """The reference: every story of the alert types read, then looked through."""
    stories = stored_stories(store, EventFilter(types=STORY_TYPES, as_of=as_of))
    return [alert.to_json() for alert in alerts(registry, stories, dt.date.fromisoformat(as_of or today), days)]


def _same_as_full(store, registry) -> set[str]:
    """Check the alerts (as the CLI and the web read them) against the reference on many days, as standing
    then and replayed; return the kinds seen."""
    kinds = set()
    for day in DAYS:
        for as_of in (None, day):
            for days in (180, 500):
                read = alerts_view(store, registry, as_of, None, days, dt.date.fromisoformat(day), remember=False)
                assert read == _full(store, registry, as_of, day, days), (day, as_of, days)
                kinds |= _kinds(read)
    return kinds


def _random_article(rng, registry, number: int) -> tuple[str, str | None, list[Event]]:
    """An article of the alert types' news (and some other) about the registry's hosts and their pandas."""
    published = None if rng.random() < 0.05 else (dt.date(2024, 6, 1) + dt.timedelta(days=rng.randint(0, 1000))).isoformat()
    article, events = f"news/{number}.txt", []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice([*STORY_TYPES, *STORY_TYPES, "PANDA_ARRIVAL", "CONSULT"])
        host = rng.choice(HOSTS)
        held = sorted(p.name for p in held_pandas(registry, host, PartialDate(published or "2025-06-01")))
        pandas = tuple(rng.sample(held, rng.randint(0, len(held)))) if held and rng.random() < 0.8 else ()
        source, target = (host, "CHN") if kind in ("LOAN_REQUEST", "CONSULT") else ("CHN", host)
        base = dt.date.fromisoformat(published or "2025-06-01") + dt.timedelta(days=rng.randint(-60, 90))
        date = None if rng.random() < 0.25 else base.isoformat()[:rng.choice((4, 7, 10, 10))]
        events.append(Event(article, kind, rng.choice(("occurred", "occurred", "planned")), date, source, target,
                            pandas if kind != "CONSULT" else (), evidence=f"Report {rng.random():.6f} on pandas."))
    return article, published, events


def test_alerts_from_narrow_queries_are_the_full_computation(store, tmp_path):
    """After several ingests, re-ingests that change or empty an article's events, and a registry change,
    the alerts the CLI and the web read (a few indexed queries) equal those of all stories looked through."""
    registry = load_registry(REGISTRY)
    rng = random.Random(11)
    kinds, number = set(), 0
    # Singapore's loan ends in 2027: an undated extension story silences its alert, one dated before the
    # last extension does not (whatever its publication day).
    singapore = {1: ("sgp/old.txt", "2026-10-01", "2022-01"), 2: ("sgp/new.txt", "2026-10-01", None)}
    for round_, batch in enumerate((60, 40, 40)):  # several ingests, each checked
        for _ in range(batch):
            article, published, events = _random_article(rng, registry, number)
            add_article(store, article, published)
            assert not save_events(store, article, events).skipped
            number += 1
        if round_ in singapore:
            article, published, date = singapore[round_]
            add_article(store, article, published)
            save_events(store, article, [Event(article, "LOAN_EXTENSION", "occurred", date, "CHN", "SGP")])
        kinds |= _same_as_full(store, registry)
        ending = alerts_view(store, registry, "2027-08-01", None, 180, remember=False)
        assert ("loan-ending:river-wonders-2012:2027" in {a["key"] for a in ending}) == (round_ < 2)
    for article in rng.sample(range(number), 30):  # re-ingested: events removed or changed
        events = [] if rng.random() < 0.5 else _random_article(rng, registry, article)[2]
        save_events(store, f"news/{article}.txt", events)
    save_events(store, "sgp/new.txt", [])  # the extension story was wrong: the alert stands again
    kinds |= _same_as_full(store, registry)
    ending = alerts_view(store, registry, "2027-08-01", None, 180, remember=False)
    assert "loan-ending:river-wonders-2012:2027" in {a["key"] for a in ending}
    assert kinds >= {"loan-ending", "last-panda-leaving", "last-panda-gone", "loan-request", "loan-refusal",
                     "loan-agreement"}  # fmt: skip

    # The registry changes (nothing is kept, so nothing to invalidate: the next read reads the new one).
    changed = tmp_path / "registry"
    shutil.copytree(REGISTRY, changed)
    loan = changed / "loans" / "river-wonders-2012.yaml"
    loan.write_text(loan.read_text(encoding="utf-8").replace("new_end: 2027,", "new_end: 2026-03-31,"), encoding="utf-8")
    edited = load_registry(changed)
    before = alerts_view(store, registry, "2026-01-30", None, 180, remember=False)
    after = alerts_view(store, edited, "2026-01-30", None, 180, remember=False)
    assert [a for a in after if a not in before][0]["key"] == "loan-ending:river-wonders-2012:2026-03-31"
    _same_as_full(store, edited)


def test_an_older_knowledge_base_gains_the_alert_index(tmp_path):
    from pandawatch.store import Store
    from pandawatch.store.schema import MIGRATIONS

    Store(tmp_path / "old.sqlite", MIGRATIONS[:-1]).close()
    with Store(tmp_path / "old.sqlite") as upgraded:
        indexes = {row[0] for row in upgraded.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "events_news" in indexes


def _seen(records):
    """What a reader sees of alerts (the API's response model adds empty fields to their sources)."""
    return [(r["key"], r["date"], r["message"], r["pandas"], [s.get("event") for s in r["sources"]]) for r in records]


def test_the_first_reader_after_a_write_gets_the_new_alerts_through_the_server(tmp_path):
    """Through the real server: an alert of news just stored is in the first answer after the write (nothing
    stale is served), and the answer is the full computation's, as_of or not."""
    import httpx

    from conftest import build_web_kb, serve_web

    from pandawatch.store import open_store

    kb = build_web_kb(tmp_path / "kb.sqlite", tmp_path / "registry")
    registry = load_registry(tmp_path / "registry")
    server = serve_web(kb, tmp_path / "registry")
    base = next(server)
    try:
        with httpx.Client(base_url=base, timeout=10) as client, open_store(kb) as writer:
            before = client.get("/api/alerts").json()
            assert "loan-refusal" not in _kinds(before)
            day = (dt.date.today() - dt.timedelta(days=2)).isoformat()
            add_article(writer, "web/refused.txt", day)
            save_events(writer, "web/refused.txt",
                        [Event("web/refused.txt", "LOAN_REFUSAL", "occurred", day, "CHN", "JPN", ("Da Da",))])
            after = client.get("/api/alerts").json()
            assert _kinds(after) - _kinds(before) == {"loan-refusal"}
            assert _seen(after) == _seen(_full(writer, registry, None, dt.date.today().isoformat(), 180))
            replay = client.get(f"/api/alerts?as_of={day}").json()
            assert _seen(replay) == _seen(_full(writer, registry, day, day, 180)) and "loan-refusal" in _kinds(replay)
    finally:
        next(server, None)


def test_the_news_index_is_the_alerts_types_and_serves_only_them(store):
    """The partial index spells the news types as the alerts do (else SQLite refuses to read by it), and
    listings by type keep their own index
    (a plain (type, published) index made the country page's loan lists 50 times slower at 1M events)."""
    from pandawatch.analyse.alerts import NEWSWORTHY
    from pandawatch.store.stories import NEWS_TYPES_SQL, stories_where

    assert NEWS_TYPES_SQL == f"e.type IN ({', '.join(repr(kind) for kind in NEWSWORTHY)})"
    assert stories_where(store, "events_news", f"{NEWS_TYPES_SQL} AND e.published BETWEEN ? AND ?", ["a", "b"]) == set()
    plan = " ".join(row[3] for row in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM events e WHERE e.type IN (?) AND e.source = ? ORDER BY e.day_first DESC "
        "LIMIT 5", ["LOAN_REQUEST", "JPN"]))  # fmt: skip
    assert "events_news" not in plan
