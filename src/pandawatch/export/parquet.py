"""A table as Parquet (pyarrow); column types are inferred from the values, all-empty columns are strings."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_table(path: Path, columns: list[str], rows: list[tuple]) -> None:
    arrays = [_array([row[index] for row in rows]) for index in range(len(columns))]
    pq.write_table(pa.Table.from_arrays(arrays, names=columns), path)


def _array(values: list) -> pa.Array:
    try:
        array = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types in one SQLite column: keep them as text
        array = pa.array([None if value is None else str(value) for value in values], pa.string())
    return array.cast(pa.string()) if pa.types.is_null(array.type) else array
