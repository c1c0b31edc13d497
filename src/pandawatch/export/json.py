"""A table as a JSON array of objects."""

from __future__ import annotations

import json
from pathlib import Path

from .tables import plain


def write_table(path: Path, columns: list[str], rows: list[tuple]) -> None:
    records = [{column: plain(value) for column, value in zip(columns, row)} for row in rows]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
