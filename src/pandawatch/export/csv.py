"""A table as CSV (UTF-8, header row), its text cells safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from .tables import plain

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets (CSV injection:
# an article title "=HYPERLINK(...)" would run as one). Such text cells get a leading apostrophe, which
# spreadsheets show as text and hide; numbers stay numbers.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    value = plain(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Iterable[object]]) -> Iterable[list[object]]:
    return ([safe_cell(value) for value in row] for row in rows)


def safe_dicts(rows: Iterable[dict]) -> Iterable[dict]:
    return ({key: safe_cell(value) for key, value in row.items()} for row in rows)


def write_table(path: Path, columns: list[str], rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(safe_rows(rows))
