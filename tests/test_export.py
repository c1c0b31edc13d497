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
    from_parquet = pq.read_table(tmp_path / "events").to_pylist()
    assert [r["type"] for r in from_csv] == [r["type"] for r in from_json] == [r["type"] for r in from_parquet]
    assert from_json[1]["date"] is None and from_parquet[1]["date"] is None
    assert json.loads(from_parquet[1]["pandas"]) == ["Lei Lei"]
    assert json.loads((tmp_path / "articles.json").read_text(encoding="utf-8"))[0]["text"].startswith("Bëijing")


def test_parquet_events_and_articles_are_written_by_month_and_read_back_as_one_table(filled, tmp_path):
    add_article(filled, "a2", "2026-01-05", text="Tokyo welcomed two pandas.")
    add_article(filled, "a3", "", text="Undated.")
    save_events(filled, "a2", [Event("a2", "PANDA_ARRIVAL", "occurred", "2026-01-04", "CHN", "JPN", ("Xiao Xiao",))])
    done = {item.table: item for item in export_tables(filled, tmp_path, "parquet")}
    assert done["events"].path == str(tmp_path / "events") and done["events"].rows == 3
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == [
        "month=2025-11", "month=2026-01", "month=__HIVE_DEFAULT_PARTITION__"]
    import duckdb

    by_month = duckdb.sql(f"SELECT month, count(*) FROM read_parquet('{tmp_path}/events/*/*.parquet', "
                          "hive_partitioning = true) GROUP BY month ORDER BY month").fetchall()
    assert by_month == [("2025-11", 2), ("2026-01", 1)]
    articles = pq.read_table(tmp_path / "articles").to_pylist()
    assert sorted((row["id"], row["month"]) for row in articles) == [("a1", "2025-11"), ("a2", "2026-01"), ("a3", None)]


def test_unknown_format_is_a_clear_error(filled, tmp_path):
    with pytest.raises(InvalidInput, match="xlsx"):
        export_tables(filled, tmp_path, "xlsx")
