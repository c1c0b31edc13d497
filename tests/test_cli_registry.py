"""The registry commands through the real CLI, on the made-up registry and on the bundled data."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from registry_fixtures import registry_copy
from typer.testing import CliRunner

from pandawatch.cli import _register_commands, app

_register_commands()
runner = CliRunner()


@pytest.fixture
def run(tmp_path):
    """Run a pandawatch command on the made-up registry with its own knowledge base file."""
    root = registry_copy(tmp_path)

    def invoke(*args: str, registry=root):
        result = runner.invoke(app, ["--db", str(tmp_path / "kb.sqlite"), "--registry-dir", str(registry), *args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    invoke.root = root
    return invoke


def as_json(result) -> object:
    return json.loads(result.stdout)


def test_where_as_json(run):
    data = as_json(run("where", "--on", "2021-01-01", "--json"))
    assert data["count"] == 4 and data["by_country"] == {"NLD": 4}
    assert {p["panda"] for p in data["pandas"]} == {"Mei An", "Bo Bo", "Xiao Yi", "Xiao Er"}


def test_where_for_a_country_without_pandas_says_so(run):
    result = run("where", "--on", "2014-01-01", "--country", "NLD")
    assert result.exit_code == 0 and "No pandas in NLD on 2014-01-01" in result.stdout


def test_panda_by_alias_shows_every_fact(run):
    record = as_json(run("panda", "美安", "--json"))
    assert record["id"] == "mei-an-2010"
    assert [fact["date"] for fact in record["born"]] == ["2010-08-01", "2010-07-30"]  # conflicting values kept
    assert [child["id"] for child in record["offspring"]] == ["xiao-er-2020", "xiao-yi-2020"]
    assert [stay["institution"] for stay in record["stays"]] == ["mountain-base", "harbour-zoo"]
    assert [loan["id"] for loan in record["loans"]] == ["harbour-zoo-2015"]
    assert {source["publisher"] for source in record["sources"]} == {"Example Gazette", "Example Wire"}
    human = run("panda", "Pearl").stdout
    assert "Mei An" in human and "also reported: 2010-07-30" in human


def test_an_ambiguous_name_lists_candidates_and_an_id_settles_it(run):
    path = run.root / "pandas" / "bo-bo-2009.yaml"
    path.write_text(path.read_text().replace("name: Bo Bo", "name: Mei An"))
    data = as_json(run("panda", "Mei An", "--json"))
    assert data["ambiguous"] and [c["id"] for c in data["candidates"]] == ["bo-bo-2009", "mei-an-2010"]
    assert as_json(run("panda", "bo-bo-2009", "--json"))["sex"] == "M"


def test_loans_active_and_ending_before(run):
    assert [loan["id"] for loan in as_json(run("loans", "--active-on", "2016-05-01", "--json"))["loans"]] == ["harbour-zoo-2015"]
    ending = as_json(run("loans", "--active-on", "2029-01-01", "--ending-before", "2030-12-31", "--json"))
    assert [loan["id"] for loan in ending["loans"]] == ["harbour-zoo-2015"]


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_bare_year_stay_is_possible_before_the_year_ends_and_certain_after(run):
    _edit(run.root / "pandas" / "mei-an-2010.yaml", "from: 2015-03-02, loan", "from: 2015, loan")
    _edit(run.root / "pandas" / "mei-an-2010.yaml", "to: 2015-03-01, source", "to: 2015, source")
    during = as_json(run("where", "--on", "2015-06-01", "--country", "NLD", "--json"))
    presence = {p["panda_id"]: p["presence"] for p in during["pandas"]}
    assert presence == {"bo-bo-2009": "certain", "mei-an-2010": "possible"}
    assert during["count"] == 1 and during["possible"] == 1 and during["by_country"] == {"NLD": 1}
    assert during["possibly_by_country"] == {"NLD": 1}
    assert "1 pandas in NLD on 2015-06-01 (and 1 possibly" in run("where", "--on", "2015-06-01", "--country", "NLD").stdout
    after = as_json(run("where", "--on", "2016-01-01", "--country", "NLD", "--json"))
    assert {p["panda_id"]: p["presence"] for p in after["pandas"]}["mei-an-2010"] == "certain"
    # a bare year opening before a precise birth is never read as before the birth
    _edit(run.root / "pandas" / "mei-an-2010.yaml", "from: 2010-08-01, to: 2015, source", "from: 2010, to: 2015, source")
    early = as_json(run("where", "--on", "2010-03-01", "--country", "CHN", "--json"))["pandas"]
    assert "mei-an-2010" not in {p["panda_id"] for p in early}
    checked = run("registry", "check")
    assert checked.exit_code == 0 and "a range that opens before birth" in checked.stdout


def test_a_loan_with_a_term_and_no_end_gets_a_derived_end(run):
    _edit(run.root / "loans" / "harbour-zoo-2015.yaml", "planned_end: {date: 2030-03, source: gazette}\n", "")
    ending = as_json(run("loans", "--active-on", "2029-01-01", "--ending-before", "2030-12-31", "--json"))
    assert [(loan["id"], loan["due_end"], loan["due_status"]) for loan in ending["loans"]] == [
        ("harbour-zoo-2015", "2030-03-02", "derived")]
    assert ending["no_known_end"] == []
    human = run("loans", "--active-on", "2029-01-01", "--ending-before", "2030-12-31").stdout
    assert "derived" in human
    due = {p["panda_id"]: (p["due_back"], p["due_back_status"])
           for p in as_json(run("where", "--on", "2029-01-01", "--json"))["pandas"]}
    assert due["mei-an-2010"] == ("2030-03-02", "derived")
    _edit(run.root / "loans" / "harbour-zoo-2015.yaml", "term_years: 15\n", "")
    unknown = as_json(run("loans", "--active-on", "2029-01-01", "--ending-before", "2030-12-31", "--json"))
    assert unknown["loans"] == [] and unknown["no_known_end"] == [{"id": "harbour-zoo-2015", "host_country": "NLD"}]
    assert "have no known end" in run("loans", "--active-on", "2029-01-01", "--ending-before", "2030-12-31").stdout


def test_registry_check_exit_codes_and_locations(run, tmp_path):
    assert run("registry", "check").exit_code == 0
    broken = registry_copy(tmp_path / "broken", "overlapping_stays")
    result = run("registry", "check", registry=broken)
    assert result.exit_code == 1
    assert "pandas/bo-bo-2009.yaml:7: stays[1]: overlaps stays[0]" in result.stdout
    problems = as_json(run("registry", "check", "--json", registry=broken))
    assert problems[0]["line"] == 7


def test_exports_are_versioned(run, tmp_path):
    document = as_json(run("registry", "export", "--format", "json"))
    assert len(document["registry"]["content_hash"]) == 64 and document["registry"]["counts"]["pandas"] == 5
    assert {loan["id"] for loan in document["loans"]} == {"harbour-zoo-2015"}
    run("registry", "export", "--format", "csv", "--out", str(tmp_path / "csv"))
    stays = list(csv.DictReader((tmp_path / "csv" / "stays.csv").open(encoding="utf-8")))
    assert len(stays) == 8 and all(row["sources"] != "[]" for row in stays)
    version = json.loads((tmp_path / "csv" / "VERSION.json").read_text())
    assert version["content_hash"] == document["registry"]["content_hash"]


def test_registry_build_reports_counts(run):
    data = as_json(run("registry", "build", "--json"))
    assert (data["pandas"], data["institutions"], data["loans"], data["problems"]) == (5, 2, 1, 0)


def test_a_bad_date_is_one_line_on_stderr(tmp_path):
    root = registry_copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "pandawatch", "--db", str(tmp_path / "kb.sqlite"),
                             "--registry-dir", str(root), "where", "--on", "yesterday-ish"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["error: not a date: 'yesterday-ish' (use YYYY, YYYY-MM or YYYY-MM-DD)"]


def test_the_demo_step_summarises_today_by_country(tmp_path, capsys):
    from pandawatch.cli.registry import print_where_today
    from pandawatch.settings import load_settings

    settings = load_settings(db=str(tmp_path / "kb.sqlite"), registry_dir=str(registry_copy(tmp_path)))
    print_where_today(settings)
    shown = capsys.readouterr().out
    assert "registry: 5 pandas, 2 institutions, 1 loans, 8 stays" in shown
    assert "NLD" in shown and "Harbour Zoo" in shown  # Mei An's loan runs to 2030


# ------------------------------------------------------------------- the bundled registry (issue 13)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """Run a pandawatch command on the bundled data/registry with its own knowledge base file."""
    db = tmp_path_factory.mktemp("bundled") / "kb.sqlite"

    def invoke(*args: str):
        result = runner.invoke(app, ["--db", str(db), *args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


def _ids(data: dict) -> list[str]:
    return sorted(p["panda_id"] for p in data["pandas"] if p["presence"] == "certain")


def test_a_cub_is_not_abroad_before_its_birth(bundled):
    """Fu Bao was born in Vienna on 2013-08-14: not there in March, there (surely) in September."""
    assert "fu-bao-2013" not in {p["panda_id"] for p in as_json(bundled("where", "--on", "2013-03-01", "--country", "AUT", "--json"))["pandas"]}
    assert "fu-bao-2013" in _ids(as_json(bundled("where", "--on", "2013-09-01", "--country", "AUT", "--json")))
    assert "fu-bao-2013" not in _ids(as_json(bundled("where", "--on", "2015-12-01", "--country", "AUT", "--json")))


def test_indonesia_holds_three_pandas_with_the_cub(bundled):
    data = as_json(bundled("where", "--on", "2026-12-05", "--country", "IDN", "--json"))
    assert data["count"] == 3 and "satrio-wiratama-2025" in _ids(data)
    assert {(p["due_back"], p["due_back_status"]) for p in data["pandas"]} == {("2027-09-28", "derived")}


def test_madrid_held_four_pandas_before_xing_bao_left(bundled):
    data = as_json(bundled("where", "--on", "2017-03-01", "--country", "ESP", "--json"))
    assert data["count"] == 4 and "xing-bao-2013" in _ids(data)
    assert "xing-bao-2013" not in _ids(as_json(bundled("where", "--on", "2017-10-01", "--country", "ESP", "--json")))


def test_loans_ending_include_derived_ends_and_name_the_unknown(bundled):
    data = as_json(bundled("loans", "--active-on", "2026-12-05", "--ending-before", "2028-12-05", "--json"))
    due = {loan["id"]: (loan["due_end"], loan["due_status"]) for loan in data["loans"]}
    assert due["taman-safari-indonesia-2017"] == ("2027-09-28", "derived")
    assert "beauval-zoo-2012" not in due  # renewed in December 2025
    assert isinstance(data["no_known_end"], list)
    human = bundled("loans", "--active-on", "2026-12-05", "--ending-before", "2028-12-05").stdout
    assert "derived" in human and ("no known end" in human or "reported or derived end" in human)


def test_the_bundled_registry_checks_green(bundled):
    result = bundled("registry", "check")
    assert result.exit_code == 0, result.stdout


def test_coverage_through_the_cli(bundled):
    data = as_json(bundled("registry", "coverage", "--json"))
    assert data["totals"]["pandas"] >= 216
    assert data["by_country_decade"]["RUS"]["1950s"] == 2  # Ping Ping (1957) and An An (1959)
    assert data["conflicts"]["count"] >= 13 and any(c["record"] == "berlin-zoo-2017" and c["field"] == "fee"
                                                    for c in data["conflicts"]["facts"])  # fmt: skip
    assert any(gap["country"] == "PRK" for gap in data["known_gaps"])
    assert data["sources"]["births_and_stays"] > data["sources"]["fan_only_births_and_stays"] > 0
    human = bundled("registry", "coverage").stdout
    assert "PRK" in human and "fan site" in human
