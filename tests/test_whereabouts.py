"""Whereabouts, holdings and loans over a real SQLite knowledge base built from the made-up registry."""

from __future__ import annotations

import pytest
from registry_fixtures import registry_copy

from pandawatch.analyse import whereabouts
from pandawatch.errors import InvalidInput
from pandawatch.registry import ensure_registry


@pytest.fixture
def built(tmp_path, store):
    root = registry_copy(tmp_path)
    ensure_registry(store, root)
    return store, root


def ids(found):
    return sorted(w.panda_id for w in found)


def test_where_follows_births_deaths_and_returns(built):
    store, _ = built
    assert ids(whereabouts.where(store, "2016-01-01")) == ["bo-bo-2009", "mei-an-2010"]
    assert ids(whereabouts.where(store, "2021-01-01", "NLD")) == ["bo-bo-2009", "mei-an-2010", "xiao-er-2020", "xiao-yi-2020"]
    assert ids(whereabouts.where(store, "2023-07-01")) == ["mei-an-2010", "xiao-er-2020", "xiao-yi-2020"]  # Bo Bo died
    assert ids(whereabouts.where(store, "2025-01-01")) == ["mei-an-2010"]  # the twins went back to China


def test_mainland_china_is_left_out_unless_asked_for(built):
    store, _ = built
    assert "xiao-yi-2020" not in ids(whereabouts.where(store, "2025-01-01"))
    assert ids(whereabouts.where(store, "2025-01-01", "chn")) == ["xiao-er-2020", "xiao-yi-2020"]


def test_a_transfer_day_counts_the_panda_once_at_its_new_home(built):
    store, _ = built
    on_arrival = whereabouts.where(store, "2015-03-02", "NLD")
    assert [(w.panda, w.institution, w.since) for w in on_arrival if w.panda == "Mei An"] == [
        ("Mei An", "Harbour Zoo", "2015-03-02")]
    assert whereabouts.where(store, "2015-03-01", "NLD") == []


def test_holdings_series_counts_each_change(built):
    store, _ = built
    series = whereabouts.holdings_series(store, "NLD")
    assert [(c.date, c.what, c.panda, c.count) for c in series] == [
        ("2015-03-02", "arrived", "Bo Bo", 1),
        ("2015-03-02", "arrived", "Mei An", 2),
        ("2020-07-10", "born", "Xiao Er", 3),
        ("2020-07-10", "born", "Xiao Yi", 4),
        ("2023-06-30", "died", "Bo Bo", 3),
        ("2024-05-01", "left", "Xiao Er", 2),
        ("2024-05-01", "left", "Xiao Yi", 1),
    ]


def test_the_series_agrees_with_where_on_every_day_of_change(built):
    store, _ = built
    series = whereabouts.holdings_series(store, "NLD")
    for day in {change.first_day for change in series}:
        # arrivals count from their day, departures (a last day there) from the day after
        expected = sum(c.change for c in series if (c.first_day <= day if c.change > 0 else c.first_day < day))
        assert len(whereabouts.where(store, day, "NLD")) == expected, day


def test_loans_active_and_ending(built):
    store, _ = built
    assert [loan["id"] for loan in whereabouts.loans_active_on(store, "2020-01-01")] == ["harbour-zoo-2015"]
    assert whereabouts.loans_active_on(store, "2014-12-31") == []
    assert [loan["id"] for loan in whereabouts.loans_ending_before(store, "2031-01-01", "2026-01-01")] == ["harbour-zoo-2015"]
    assert whereabouts.loans_ending_before(store, "2030-01-01", "2026-01-01") == []


def test_the_registry_is_rebuilt_when_a_file_changes(built):
    store, root = built
    assert not ensure_registry(store, root).built
    path = root / "pandas" / "bo-bo-2009.yaml"
    path.write_text(path.read_text().replace("to: 2023-06-30, loan", "to: 2022-06-30, loan").replace(
        "died: {date: 2023-06-30", "died: {date: 2022-06-30"))
    assert ensure_registry(store, root).built
    assert "bo-bo-2009" not in ids(whereabouts.where(store, "2023-01-01"))


def test_a_bad_date_is_a_clear_error(built):
    store, _ = built
    with pytest.raises(InvalidInput, match="not a date"):
        whereabouts.where(store, "1st of May")
    with pytest.raises(InvalidInput, match="not a country"):
        whereabouts.where(store, "2020-01-01", "Japn")


def test_holding_changes_is_pure_and_merges_moves_within_a_country():
    rows = [
        _stay("a", 0, "X", "2001-01-01", "2005-12-31", "moved"),
        _stay("a", 1, "X", "2006-01-01", "2008-12-31", "moved"),
        _stay("a", 2, "CHN", "2009-01-01", None, None),
    ]
    changes = whereabouts.holding_changes(rows, "X")
    assert [(c.what, c.date, c.count) for c in changes] == [("arrived", "2001-01-01", 1), ("left", "2008-12-31", 0)]


def _stay(panda, seq, country, start, end, ended_by):
    return {"panda_id": panda, "panda": panda, "sex": "F", "born": "1999", "died": None, "seq": seq,
            "institution_id": f"zoo-{seq}", "institution": f"Zoo {seq}", "country": country, "start": start,
            "start_status": "occurred", "end": end, "end_status": "occurred" if end else None,
            "first_day": start, "last_day": end, "certain_first": start, "certain_last": end, "ended_by": ended_by,
            "loan_id": None}
