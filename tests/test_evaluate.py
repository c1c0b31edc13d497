"""Scoring exactly as ONTOLOGY.md says: match rules, one-to-one matching, P/R/F1, date accuracy."""

from __future__ import annotations

import pytest

from pandawatch.evaluate import is_match, read_gold_file, score
from pandawatch.errors import InvalidInput
from pandawatch.model import Event


def panda(type_="PANDA_DEPARTURE", status="occurred", date="2024-09", host="JPN", pandas=("Shin Shin",)) -> Event:
    return Event("a", type_, status, date, "CHN", host, tuple(pandas))


def act(type_="SANCTION", source="CHN", target="JPN", status="occurred") -> Event:
    return Event("a", type_, status, None, source, target)


def test_panda_match_rules() -> None:
    gold = panda()
    assert is_match(gold, panda(date="2024-09-29"))  # coarser precision decides
    assert is_match(gold, panda(date="2024"))
    assert not is_match(gold, panda(date="2024-10"))
    assert not is_match(gold, panda(status="planned"))
    assert not is_match(gold, panda(host="KOR"))
    assert not is_match(gold, panda(pandas=("Ri Ri",)))
    assert is_match(gold, panda(pandas=("Ri Ri", "Shin Shin")))
    assert is_match(panda(pandas=()), panda(pandas=("Ri Ri",)))  # gold naming none agrees with any list
    assert is_match(panda(date=None), panda(date="2020"))  # gold without a date agrees with any
    assert not is_match(gold, panda(date=None))


def test_loan_request_host_is_the_source() -> None:
    gold = Event("a", "LOAN_REQUEST", "occurred", None, "JPN", "CHN")
    assert is_match(gold, Event("a", "LOAN_REQUEST", "occurred", None, "JPN", "CHN"))
    assert not is_match(gold, Event("a", "LOAN_REQUEST", "occurred", None, "KOR", "CHN"))


def test_diplomatic_match_ignores_status_and_date() -> None:
    assert is_match(act(), act(status="planned"))
    assert not is_match(act(), act(target="KOR"))
    assert not is_match(act(), act(type_="ACCUSE"))


def test_each_gold_event_matches_at_most_one_extracted_event() -> None:
    gold = {"a": [act(), act()]}
    predicted = {"a": [act(), act(), act()]}
    scores = score(gold, predicted)
    assert (scores.diplomatic.matched, scores.diplomatic.predicted) == (2, 3)
    assert scores.diplomatic.recall == 1.0
    assert scores.diplomatic.precision == pytest.approx(2 / 3)
    assert len(scores.false_events) == 1


def test_matching_is_maximal_not_greedy() -> None:
    gold = {"a": [panda(pandas=()), panda(pandas=("Shin Shin",))]}
    predicted = {"a": [panda(pandas=("Shin Shin",)), panda(pandas=("Ri Ri",))]}
    assert score(gold, predicted).panda.matched == 2


def test_date_accuracy_counts_exact_dates_of_matched_panda_events() -> None:
    gold = {"a": [panda(date="2024-09"), panda(type_="PANDA_BIRTH", date="2021")]}
    predicted = {"a": [panda(date="2024-09"), panda(type_="PANDA_BIRTH", date="2021-06-23")]}
    scores = score(gold, predicted)
    assert scores.panda.matched == 2
    assert scores.date_accuracy == 0.5
    assert len(scores.wrong_dates) == 1


def test_articles_missing_from_either_side_count() -> None:
    scores = score({"a": [act()]}, {"b": [act()]})
    assert scores.diplomatic.matched == 0
    assert scores.diplomatic.f1 == 0.0


def test_a_bad_gold_line_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"type": "SANCTION", "status": "occurred", "date": null, "source": "CHN", "target": "JPN"}\nnot json\n')
    with pytest.raises(InvalidInput) as error:
        read_gold_file(path)
    assert "line 2" in error.value.one_line() and "x.jsonl" in error.value.one_line()


def _registry(tmp_path):
    """A registry of our own: one panda with an alias, two namesakes told apart by where they lived."""
    (tmp_path / "pandas").mkdir()
    (tmp_path / "institutions").mkdir()
    (tmp_path / "institutions" / "north-zoo.yaml").write_text("id: north-zoo\nname: North Zoo\ncountry: QAT\n")
    (tmp_path / "institutions" / "south-zoo.yaml").write_text("id: south-zoo\nname: South Zoo\ncountry: JPN\n")
    (tmp_path / "pandas" / "pearl-2019.yaml").write_text(
        "id: pearl-2019\nname: Pearl\nnames:\n  - {name: Zhen Zhu, lang: zh-Latn}\nsex: F\n"
        "stays:\n  - {institution: north-zoo, from: 2022-10}\n")
    for id_, place in (("lu-lu-2001", "north-zoo"), ("lu-lu-2010", "south-zoo")):
        (tmp_path / "pandas" / f"{id_}.yaml").write_text(
            f"id: {id_}\nname: Lu Lu\nsex: M\nstays:\n  - {{institution: {place}, from: 2015}}\n")
    return str(tmp_path)


def test_an_alias_and_its_canonical_name_are_the_same_panda(tmp_path) -> None:
    from pandawatch.evaluate import registry_panda_keys

    keys = registry_panda_keys(_registry(tmp_path))
    gold = panda(host="QAT", pandas=("Pearl",))
    assert is_match(gold, panda(host="QAT", pandas=("Zhen  Zhu",)), keys)  # alias, spacing as written
    assert is_match(panda(host="QAT", pandas=("Zhen Zhu",)), panda(host="QAT", pandas=("Pearl",)), keys)
    assert not is_match(gold, panda(host="QAT", pandas=("Lu Lu",)), keys)
    assert is_match(panda(host="QAT", pandas=("Snowy",)), panda(host="QAT", pandas=("snowy",)), keys)  # unknown
    assert not is_match(gold, panda(host="QAT", pandas=("Zhen Zhu",)))  # by plain strings they differ
    scores = score({"a": [gold]}, {"a": [panda(host="QAT", pandas=("Zhen Zhu",))]}, keys)
    assert scores.panda.matched == 1


def test_namesakes_resolve_to_the_one_that_lived_in_the_host_country(tmp_path) -> None:
    from pandawatch.evaluate import registry_panda_keys

    keys = registry_panda_keys(_registry(tmp_path))
    assert keys("Lu Lu", "JPN") == frozenset({"lu-lu-2010"})
    assert keys("Lu Lu", "QAT") == frozenset({"lu-lu-2001"})
