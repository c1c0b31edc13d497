"""Exports: every table, in CSV, JSON and Parquet, read back equal."""

import csv
import json

import pyarrow.parquet as pq
import pytest
from conftest import add_article

from pandawatch.errors import InvalidInput
from pandawatch.export.tables import export_tables, table_names
from pandawatch.model import Event
from pandawatch.store.events import save_events


@pytest.fixture
def filled(store):
    add_article(store, "a1", "2025-11-20", text="Bëijing banned seafood.")
    save_events(store, "a1", [Event("a1", "SANCTION", "occurred", "2025-11", "CHN", "JPN", evidence="banned seafood"),
                              Event("a1", "PANDA_DEPARTURE", "planned", None, "CHN", "JPN", ("Lei Lei",))])
    return store


def test_every_table_is_exported_in_each_format(filled, tmp_path):
    for fmt in ("csv", "json", "parquet"):
        done = export_tables(filled, tmp_path / fmt, fmt)
        assert {item.table for item in done} == set(table_names(filled))
        assert {"events", "articles", "review_decisions"} <= {item.table for item in done}


def test_exported_rows_read_back(filled, tmp_path):
    export_tables(filled, tmp_path, "csv")
    export_tables(filled, tmp_path, "json")
    export_tables(filled, tmp_path, "parquet")
    with (tmp_path / "events.csv").open(encoding="utf-8") as handle:
        from_csv = list(csv.DictReader(handle))
    from_json = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    from_parquet = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert [r["type"] for r in from_csv] == [r["type"] for r in from_json] == [r["type"] for r in from_parquet]
    assert from_json[1]["date"] is None and from_parquet[1]["date"] is None
    assert json.loads(from_parquet[1]["pandas"]) == ["Lei Lei"]
    assert json.loads((tmp_path / "articles.json").read_text(encoding="utf-8"))[0]["text"].startswith("Bëijing")


def test_unknown_format_is_a_clear_error(filled, tmp_path):
    with pytest.raises(InvalidInput, match="xlsx"):
        export_tables(filled, tmp_path, "xlsx")
