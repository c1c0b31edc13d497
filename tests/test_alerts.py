"""Alerts: loans ending without a reported extension, the last panda leaving or gone, new requests/refusals."""

import datetime as dt

from conftest import add_article

from pandawatch.analyse.kb import alerts_view
from pandawatch.model import Event
from pandawatch.store.events import save_events


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
