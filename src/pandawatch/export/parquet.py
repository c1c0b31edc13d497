"""A table as Parquet (pyarrow); column types are inferred from the values, all-empty columns are strings.

Events and articles, the tables that grow with the news, are written by month (``write_monthly``) so that a
year of them can be read with DuckDB or Dask DataFrame a month at a time, without SQLite.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

MONTHLY = {"events": "month", "articles": "published"}  # table: the column its month comes from


def write_table(path: Path, columns: list[str], rows: list[tuple]) -> None:
    pq.write_table(_table(columns, rows), path)


def write_monthly(folder: Path, columns: list[str], rows: list[tuple], month_from: str) -> None:
    """``folder/month=YYYY-MM/part-0.parquet``, Hive-style: DuckDB (``read_parquet('DIR/*/*.parquet',
    hive_partitioning = true)``), Dask and pyarrow read the folder as one table with its ``month`` column. Rows
    without a date are in ``month=__HIVE_DEFAULT_PARTITION__``. Writing again replaces the months written."""
    folder.mkdir(parents=True, exist_ok=True)  # there even when the table is empty
    at = columns.index(month_from)
    if "month" not in columns:
        columns, rows = [*columns, "month"], [(*row, row[at][:7] if row[at] else None) for row in rows]
    pq.write_to_dataset(_table(columns, rows), folder, partition_cols=["month"], basename_template="part-{i}.parquet",
                        existing_data_behavior="delete_matching")


def _table(columns: list[str], rows: list[tuple]) -> pa.Table:
    return pa.Table.from_arrays([_array([row[index] for row in rows]) for index in range(len(columns))], names=columns)


def _array(values: list) -> pa.Array:
    try:
        array = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types in one SQLite column: keep them as text
        array = pa.array([None if value is None else str(value) for value in values], pa.string())
    return array.cast(pa.string()) if pa.types.is_null(array.type) else array
