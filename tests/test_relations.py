"""The relations index: weights from the ontology config, one count per happening, the host's pandas."""

import pytest
from conftest import add_article

from pandawatch.analyse.relations import relations
from pandawatch.inputs import as_dyad as parse_dyad
from pandawatch.errors import InvalidInput
from pandawatch.export.chart import relations_chart
from pandawatch.model import Event
from pandawatch.ontology import weight
from pandawatch.store.events import save_events

def _diplomatic(article, type_, source="CHN", target="JPN", date=None, evidence=""):
    return Event(article, type_, "occurred", date, source, target, evidence=evidence)

@pytest.fixture
def news(store):
    add_article(store, "n1", "2025-11-20")
    save_events(store, "n1", [_diplomatic("n1", "SANCTION", evidence="seafood ban"),
                              _diplomatic("n1", "SANCTION", evidence="travel warning"),
                              _diplomatic("n1", "THREATEN", "JPN", "CHN")])
    add_article(store, "n2", "2025-11-22")  # the same happenings again, told by another paper
    save_events(store, "n2", [_diplomatic("n2", "SANCTION"), _diplomatic("n2", "THREATEN", "JPN", "CHN")])
    add_article(store, "n3", "2026-01-28")
    save_events(store, "n3", [Event("n3", "PANDA_DEPARTURE", "occurred", "2026-01-27", "CHN", "JPN", ("Lei Lei",)),
                              _diplomatic("n3", "CONSULT", "USA", "CHN")])
    return store

def test_monthly_scores_sum_the_configured_weights_once_per_happening(news, kb_registry):
    series = {m.month: m for m in relations(news, kb_registry, ("CHN", "JPN"))}
    assert list(series) == ["2025-11", "2025-12", "2026-01"]
    november = series["2025-11"]
    # two SANCTIONs told in one article are two acts; the second paper's reports are the same acts again
    assert november.types == {"SANCTION": 2, "THREATEN": 1}
    assert november.score == 2 * weight("SANCTION") + weight("THREATEN")
    assert november.conflict == november.score and november.cooperation == 0
    assert series["2025-12"].events == 0 and series["2025-12"].score == 0
    assert series["2026-01"].types == {"PANDA_DEPARTURE": 1}

def test_the_pair_is_unordered_and_other_pairs_stay_out(news, kb_registry):
    one = relations(news, kb_registry, ("JPN", "CHN"))
    other = relations(news, kb_registry, ("CHN", "JPN"))
    assert [m.to_json() for m in one] == [m.to_json() for m in other]
    assert not any("CONSULT" in m.types for m in one)

def test_host_pandas_held_each_month_from_the_registry(news, kb_registry):
    series = relations(news, kb_registry, ("CHN", "JPN"), since="2024-08", until="2024-10")
    assert [(m.month, m.held) for m in series] == [("2024-08", 4), ("2024-09", 2), ("2024-10", 2)]
    assert all(m.held is None for m in relations(news, kb_registry, ("USA", "JPN"), since="2025-11", until="2025-11"))

def test_as_of_leaves_out_later_articles(news, kb_registry):
    series = relations(news, kb_registry, ("CHN", "JPN"), as_of="2025-12-31")
    assert series[-1].month == "2025-12"
    assert all("PANDA_DEPARTURE" not in m.types for m in series)

def test_bad_pair_is_a_clear_error():
    with pytest.raises(InvalidInput) as raised:
        parse_dyad("CHINA-NARNIA")
    assert "CHINA-NARNIA" in raised.value.one_line() and "CHN-JPN" in raised.value.one_line()
    assert parse_dyad("chn-jpn") == parse_dyad("China-Japan") == ("CHN", "JPN")  # names are countries too

@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_chart_files(news, kb_registry, tmp_path, suffix, magic):
    series = relations(news, kb_registry, ("CHN", "JPN"), since="2024-01")
    out = relations_chart(series, ("CHN", "JPN"), tmp_path / f"chart{suffix}")
    assert out.read_bytes().startswith(magic)
    with pytest.raises(InvalidInput):
        relations_chart(series, ("CHN", "JPN"), tmp_path / "chart.gif")
