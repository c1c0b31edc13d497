"""What people type is checked once, with a clear error: dates, countries, pairs, settings files; and a
failing command under --json answers with the one JSON error shape."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pandawatch.errors import InvalidInput
from pandawatch.inputs import as_country, as_day, as_dyad, as_partial
from pandawatch.settings import load_settings


@pytest.mark.parametrize("bad", ["2025-13", "garbage", "2025-02-30", ""])
def test_bad_dates_are_refused(bad):
    with pytest.raises(InvalidInput, match="not a date"):
        as_partial(bad)


def test_dates_keep_their_precision_and_days_start_their_period():
    assert as_partial(" 2025-11 ") == "2025-11"
    assert as_day("2024").isoformat() == "2024-01-01"


def test_countries_must_exist_and_territories_keep_their_codes():
    assert [as_country(code) for code in ("jpn", "HKG", "MAC", "TWN")] == ["JPN", "HKG", "MAC", "TWN"]
    # names and ISO2 codes too, as people write them
    written = ("Japan", "JP", "hk", "Hong Kong", "South Korea", "United States", "UK", "Taiwan")
    assert [as_country(text) for text in written] == ["JPN", "JPN", "HKG", "HKG", "KOR", "USA", "GBR", "TWN"]
    for bad in ("XXX", "Narnia", "J"):
        with pytest.raises(InvalidInput, match="not a country"):
            as_country(bad)
    with pytest.raises(InvalidInput) as refused:
        as_country("Austrlia")
    assert refused.value.hint == "did you mean Australia (AUS) or Austria (AUT)?"
    assert as_dyad("chn-jpn") == ("CHN", "JPN")
    for bad in ("CHN-CHN", "CHN", "CHN-XXX"):
        with pytest.raises(InvalidInput):
            as_dyad(bad)


def test_a_settings_file_that_is_missing_or_misspelt_is_an_error(tmp_path):
    with pytest.raises(InvalidInput, match="no such settings file"):
        load_settings(config_file=tmp_path / "missing.toml", environ={})
    typo = tmp_path / "pandawatch.toml"
    typo.write_text('alert_dayz = 30\n')
    with pytest.raises(InvalidInput, match="alert_dayz"):
        load_settings(config_file=typo, environ={})
    typo.write_text('alert_days = 30\n')
    assert load_settings(config_file=typo, environ={"PANDAWATCH_PORT": "9000"}).values["alert_days"] == 30


def test_a_failed_json_command_prints_the_json_error_shape(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pandawatch", "--db", str(tmp_path / "kb.db"), "relations",
                           "CHN-JPN", "--since", "2025-13", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    body = json.loads(done.stderr.strip().splitlines()[-1])
    assert body["error"] == "InvalidInput" and "2025-13" in body["message"]
