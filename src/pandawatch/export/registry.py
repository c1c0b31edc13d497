"""Versioned exports of the whole registry: one JSON document, or a folder of CSV tables.

The version does not depend on git: the registry files' content hash and the date of the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from ..store import registry as tables
from .csv import safe_dicts

FORMAT_VERSION = 1
CSV_TABLES = ("pandas", "panda_names", "panda_facts", "institutions", "institution_names", "stays", "loans",
              "loan_pandas")


def export_version(store) -> dict:
    meta = tables.meta(store)
    content_hash = meta.get("content_hash", "")
    today = dt.date.today().isoformat()
    return {
        "version": f"{today}+{content_hash[:12]}",
        "content_hash": content_hash,
        "exported_on": today,
        "built_at": meta.get("built_at"),
        "format_version": FORMAT_VERSION,
        "counts": tables.counts(store),
    }


def export_json(store) -> dict:
    """The whole registry as one document: version, pandas, institutions, loans (full records)."""
    return {
        "registry": export_version(store),
        "pandas": tables.records(store, "pandas"),
        "institutions": tables.records(store, "institutions"),
        "loans": tables.records(store, "loans"),
    }


def write_json(store, path: Path) -> Path:
    """``export_json`` written to ``path``."""
    path.write_text(json.dumps(export_json(store), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def export_csv(store, folder: Path) -> list[Path]:
    """One CSV per registry table (the JSON ``record`` column left out) plus ``VERSION.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in CSV_TABLES:
        rows = [{key: value for key, value in row.items() if key != "record"} for row in tables.table_rows(store, name)]
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["empty"])
            writer.writeheader()
            writer.writerows(safe_dicts(rows))
        written.append(path)
    version = folder / "VERSION.json"
    version.write_text(json.dumps(export_version(store), indent=2) + "\n", encoding="utf-8")
    return [*written, version]
