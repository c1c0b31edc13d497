"""Well-established facts, asked of the bundled registry through the CLI and the library.

These check the data and the code together: each answer comes from several files (stays, births, deaths,
loans) and the way `where` reads them, not from one field restated.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pandawatch.analyse import whereabouts
from pandawatch.cli import _register_commands, app
from pandawatch.registry import ensure_registry, load_registry
from pandawatch.settings import load_settings

_register_commands()
REGISTRY = str(load_settings().registry_dir)


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    from pandawatch.store import open_store

    path = tmp_path_factory.mktemp("facts") / "kb.sqlite"
    with open_store(path) as store:
        ensure_registry(store, REGISTRY)
        yield store, path


def cli(kb, *args: str) -> object:
    _, path = kb
    result = CliRunner().invoke(app, ["--db", str(path), "--registry-dir", REGISTRY, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def pandas_at(data: dict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for panda in data["pandas"]:
        found.setdefault(panda["institution"], set()).add(panda["panda"])
    return found


def test_japan_has_no_pandas_after_the_ueno_twins_left(kb):
    assert cli(kb, "where", "--on", "2026-02-01", "--country", "JPN")["count"] == 0


def test_japan_on_new_year_2024(kb):
    places = pandas_at(cli(kb, "where", "--on", "2024-01-01", "--country", "JPN"))
    assert places["Ueno Zoo"] == {"Ri Ri", "Shin Shin", "Lei Lei", "Xiao Xiao"}
    assert len(places["Adventure World"]) >= 1


def test_the_usa_had_pandas_before_and_after_a_thin_2024(kb):
    store, _ = kb
    assert whereabouts.where(store, "2024-01-01", "USA")
    assert whereabouts.where(store, "2025-01-01", "USA")
    between = [len(whereabouts.where(store, f"2024-{month:02d}-15", "USA")) for month in range(1, 13)]
    assert min(between) <= 6, between
    places = pandas_at(cli(kb, "where", "--on", "2025-01-01", "--country", "USA"))
    assert "San Diego Zoo" in places and "Smithsonian's National Zoo" in places


def test_the_first_pandas_of_the_1972_normalisations(kb):
    assert pandas_at(cli(kb, "where", "--on", "1972-06-01", "--country", "USA")) == {
        "Smithsonian's National Zoo": {"Ling-Ling", "Hsing-Hsing"}}
    assert pandas_at(cli(kb, "where", "--on", "1973-01-01", "--country", "JPN")) == {"Ueno Zoo": {"Kang Kang", "Lan Lan"}}


def test_the_uk_had_no_pandas_after_edinburgh_returned_its_pair(kb):
    assert cli(kb, "where", "--on", "2024-01-01", "--country", "GBR")["count"] == 0
    assert cli(kb, "where", "--on", "2020-01-01", "--country", "GBR")["count"] == 2


def test_a_birth_name_finds_ri_ri(kb):
    record = cli(kb, "panda", "Bi Li")
    assert record["name"] == "Ri Ri" and record["sex"] == "M"
    assert "ueno-zoo" in [stay["institution"] for stay in record["stays"]]


def test_xiao_xiao_is_two_pandas_and_the_id_shows_the_ueno_twin(kb):
    answer = cli(kb, "panda", "Xiao Xiao")
    twin = [c for c in answer.get("candidates", [answer]) if (c.get("born") or "").startswith("2021")]
    assert len(twin) == 1
    record = cli(kb, "panda", twin[0]["id"])
    assert record["born"][0]["date"].startswith("2021-06")
    assert [m["name"] for m in record["mother"]] == ["Shin Shin"]
    assert "Lei Lei" in [s["name"] for s in record["litter"]]
    assert record["stays"][0]["institution_name"] == "Ueno Zoo" and record["stays"][-1]["country"] == "CHN"
    assert record["sources"] and all(stay["sources"] for stay in record["stays"])


def test_shared_names_list_their_candidates(kb):
    candidates = cli(kb, "panda", "Tian Tian")["candidates"]
    assert len({c["id"] for c in candidates}) >= 2


def test_ueno_loan_was_running_in_2024(kb):
    loans = cli(kb, "loans", "--active-on", "2024-01-01")["loans"]
    assert any(loan["host_country"] == "JPN" and "Ueno Zoo" in loan["institutions"] for loan in loans)


def test_every_stay_cites_a_source():
    registry = load_registry(REGISTRY)
    unsourced = [(panda.id, stay.institution) for panda in registry.pandas.values() for stay in panda.stays
                 if not (stay.citations or stay.start.citations)]
    assert unsourced == []
