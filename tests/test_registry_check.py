"""Every validation rule, each with a broken fixture; and the good fixture passes."""

from __future__ import annotations

import datetime as dt

import pytest
from registry_fixtures import broken_rules, registry_copy

from pandawatch.registry import check, check_registry, load_registry

# rule → (file, line, field, words the message must contain)
EXPECTED = {
    "parse_error": ("pandas/bo-bo-2009.yaml", 5, "", "cannot parse"),
    "unknown_reference": ("pandas/xiao-er-2020.yaml", 10, "stays[1].institution", "unknown institution 'no-such-base'"),
    "overlapping_stays": ("pandas/bo-bo-2009.yaml", 7, "stays[1]", "overlaps stays[0]"),
    "stay_outside_life": ("pandas/bo-bo-2009.yaml", 7, "stays[1].to", "after death"),
    "cub_before_parent": ("pandas/mei-an-2010.yaml", 12, "mother", "not after its mother da-shan-1990"),
    "born_away_from_mother": ("pandas/xiao-er-2020.yaml", 5, "born_at", "mother mei-an-2010 was at harbour-zoo"),
    "twins_different_dates": ("pandas/xiao-er-2020.yaml", 7, "litter", "litter-mate xiao-yi-2020 was born 2020-07-10"),
    "dates_out_of_order": ("loans/harbour-zoo-2015.yaml", 8, "planned_end", "before start"),
    "future_not_planned": ("pandas/xiao-er-2020.yaml", 9, "stays[0].to", "in the future but not marked status: planned"),
    "ambiguous_alias": ("pandas/bo-bo-2009.yaml", 5, "names", "alias 'Mei-An' is the name of mei-an-2010"),
    "fact_without_source": ("pandas/da-shan-1990.yaml", 4, "born", "fact without a source"),
    "undefined_source_key": ("pandas/da-shan-1990.yaml", 4, "born.source", "source key 'gazete' is not defined"),
    "unknown_field": ("pandas/da-shan-1990.yaml", 5, "bron_at", "unknown field"),
    "id_year_not_birth_year": ("pandas/da-shan-1990.yaml", 1, "id", "the id's year 1990 is not a reported birth year"),
    "open_stay_too_old": ("pandas/lao-lao-1970.yaml", 6, "stays[0].to", "a death or return is missing"),
    "loan_outside_host": ("loans/harbour-zoo-2015.yaml", 4, "institutions", "harbour-zoo is in NLD, the loan's host is BEL"),
}


def test_every_broken_fixture_has_an_expectation():
    assert sorted(EXPECTED) == broken_rules()


def test_the_good_fixture_has_no_problems(tmp_path):
    assert check(registry_copy(tmp_path)) == []


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_each_rule_names_file_line_and_field(tmp_path, rule):
    file, line, field, words = EXPECTED[rule]
    problems = check(registry_copy(tmp_path, rule))
    located = [p for p in problems if p.file.endswith(file) and p.line == line and p.field == field]
    assert any(words in p.message for p in located), "\n".join(p.one_line() for p in problems)


def test_a_file_that_does_not_parse_leaves_the_rest_loaded(tmp_path):
    registry = load_registry(registry_copy(tmp_path, "parse_error"))
    assert "bo-bo-2009" not in registry.pandas
    assert {"mei-an-2010", "xiao-yi-2020", "xiao-er-2020", "da-shan-1990"} <= set(registry.pandas)
    # the loan still names the panda that failed to load: reported, not dropped silently
    assert any("unknown panda 'bo-bo-2009'" in p.message for p in check_registry(registry))


def test_a_future_date_marked_planned_is_fine(tmp_path):
    root = registry_copy(tmp_path, "future_not_planned")
    path = root / "pandas" / "xiao-er-2020.yaml"
    path.write_text(path.read_text().replace("to: 2099-05-01", "to: {date: 2099-05-01, status: planned}"))
    assert check(root) == []


def test_future_is_judged_against_the_day_given(tmp_path):
    registry = load_registry(registry_copy(tmp_path))
    problems = check_registry(registry, today=dt.date(2012, 1, 1))
    assert any(p.field == "stays[1].from" and "in the future" in p.message for p in problems)


def test_an_acknowledged_shared_alias_is_fine(tmp_path):
    root = registry_copy(tmp_path, "ambiguous_alias")
    path = root / "pandas" / "bo-bo-2009.yaml"
    path.write_text(path.read_text().replace("kind: nickname}", "kind: nickname, shared_with: [mei-an-2010]}"))
    assert check(root) == []


def test_a_shared_alias_must_name_a_known_panda(tmp_path):
    root = registry_copy(tmp_path, "ambiguous_alias")
    path = root / "pandas" / "bo-bo-2009.yaml"
    path.write_text(path.read_text().replace("kind: nickname}", "kind: nickname, shared_with: [mei-an-2011]}"))
    problems = check(root)
    assert any(p.line == 5 and p.field == "names.shared_with" and "unknown panda 'mei-an-2011'" in p.message
               for p in problems)


def test_pandas_sharing_a_canonical_name_are_not_ambiguous(tmp_path):
    root = registry_copy(tmp_path)
    path = root / "pandas" / "bo-bo-2009.yaml"
    path.write_text(path.read_text().replace("name: Bo Bo", "name: Mei An"))
    assert check(root) == []


def test_a_stay_before_birth_is_reported(tmp_path):
    root = registry_copy(tmp_path)
    path = root / "pandas" / "xiao-yi-2020.yaml"
    path.write_text(path.read_text().replace("from: 2020-07-10", "from: 2019-01-01"))
    problems = check(root)
    assert any(p.field == "stays[0].from" and "before birth" in p.message for p in problems)


def test_conflicting_birth_dates_are_kept_side_by_side(tmp_path):
    panda = load_registry(registry_copy(tmp_path)).pandas["mei-an-2010"]
    assert [fact.date.iso for fact in panda.born] == ["2010-08-01", "2010-07-30"]
    assert panda.birth.date.iso == "2010-08-01"
    assert panda.born[1].citations[0].publisher == "Example Wire"


def test_the_bundled_registry_passes_its_checks():
    """`registry check` on the data we ship: every problem is listed if this fails."""
    problems = [problem for problem in check() if problem.severity == "error"]
    assert problems == [], "\n".join(p.one_line() for p in problems)


def test_weak_facts_are_warnings_not_errors(tmp_path):
    """A fact resting only on a fan site, and a bare-year stay straddling a precise birth, are flagged (and do
    not fail the check); the same fact with a news source is not."""
    root = registry_copy(tmp_path)
    path = root / "pandas" / "bo-bo-2009.yaml"
    text = path.read_text(encoding="utf-8")
    key = text.split("sources:")[1].split(":")[0].strip()
    text = text.replace("sources:", f"sources:\n  fan-1: {{url: 'https://www.zoochat.com/community/threads/1', publisher: ZooChat}}")
    path.write_text(text.replace(f"source: {key}", "source: fan-1", 1), encoding="utf-8")
    warnings = [p for p in check(root) if p.severity == "warning"]
    assert [p.file.endswith("bo-bo-2009.yaml") for p in warnings] == [True]
    assert "fan site" in warnings[0].one_line() and "warning:" in warnings[0].one_line()
    assert not [p for p in check(root) if p.severity == "error"]


ODD_FILES = {
    "pandas/odd-1.yaml": ("id: odd-1\nname: [a, b]\n", 2, "name", "expected a single value"),
    "pandas/odd-2.yaml": ("- just\n- a list\n", 1, "", "expected a YAML mapping"),
    "pandas/odd-3.yaml": ("id: odd-3\nname: Odd\nabroad: false\nstays: nope\n", 4, "stays", "expected a list"),
    "pandas/odd-4.yaml": ("id: odd-4\nname: Odd\nstays:\n  - {institution: harbour-zoo, from: 2020-13-01, source: x}\n"
                          "sources: {x: https://example.org/x}\n", 4, "stays[0].from", "month must be in 1..12"),
    "loans/odd-5.yaml": ("id: odd-5\nhost_country: NLD\nterm_years: ten\n", 3, "term_years", "expected a number"),
    "institutions/odd-6.yaml": ("id: odd-6\nname: Odd\ncountry: Netherlands\nsource: https://example.org\n", 3,
                                "country", "not an ISO 3166-1 alpha-3 code"),
    "pandas/odd-7.yaml": ("id: odd-7\nname: \"\\0\"\n\x00", 0, "", "cannot parse"),
}


def test_odd_shapes_are_reported_one_line_each_and_never_crash(tmp_path):
    root = registry_copy(tmp_path)
    for name, (text, *_) in ODD_FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "pandas" / "odd-8.yaml").write_bytes(b"id: odd-8\nname: \xff\xfe\n")
    problems = check(root)
    for name, (_, line, field, words) in ODD_FILES.items():
        assert any(p.file.endswith(name) and p.line == line and p.field == field and words in p.message
                   for p in problems), name
    assert any(p.file.endswith("odd-8.yaml") and "not UTF-8" in p.message for p in problems)
    assert all("\n" not in p.one_line() for p in problems)
