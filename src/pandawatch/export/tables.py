"""Exporting every table of the knowledge base: one file per table, in CSV, JSON or Parquet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput
from ..store import Store


@dataclass(frozen=True)
class Exported:
    table: str
    rows: int
    path: str


def table_names(store: Store) -> list[str]:
    """Every table except SQLite's own and the full-text index internals."""
    return store.data_tables()


def export_tables(store: Store, out_dir: str | Path, fmt: str) -> list[Exported]:
    """Write each table to ``out_dir/<table>.<fmt>`` (in Parquet, events and articles to ``out_dir/<table>/``,
    a folder per month); return what was written."""
    writer = _writers().get(fmt)
    if writer is None:
        raise InvalidInput(f"unknown export format {fmt!r}", hint="use csv, json or parquet")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    from . import parquet

    done = []
    for name in table_names(store):
        columns, rows = store.rows(name)
        if fmt == "parquet" and name in parquet.MONTHLY:
            path = out / name
            parquet.write_monthly(path, columns, rows, parquet.MONTHLY[name])
        else:
            path = out / f"{name}.{fmt}"
            writer(path, columns, rows)
        done.append(Exported(name, len(rows), str(path)))
    return done


def _writers() -> dict[str, Callable]:
    from . import csv, json, parquet

    return {"csv": csv.write_table, "json": json.write_table, "parquet": parquet.write_table}


def plain(value: object) -> object:
    """Blobs become hex text in text formats."""
    return value.hex() if isinstance(value, bytes) else value
