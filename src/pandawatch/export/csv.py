"""A table as CSV (UTF-8, header row)."""

from __future__ import annotations

import csv
from pathlib import Path

from .tables import plain


def write_table(path: Path, columns: list[str], rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows([[plain(value) for value in row] for row in rows])
