"""The SQLite file: opening it, migrating it, and the one write transaction at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from ..errors import PandawatchError
from .schema import MIGRATIONS, Migration


class Store:
    """A knowledge base file. Reads go through ``db``; writes through ``transaction()``."""

    def __init__(self, path: str | Path, migrations: list[Migration] | None = None) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as error:
            raise PandawatchError(f"cannot open the database: {error}", source=self.path) from error
        self.conn = connection
        self.db = sqlite_utils.Database(connection)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self.migrate(MIGRATIONS if migrations is None else migrations)

    def migrate(self, migrations: list[Migration]) -> list[str]:
        """Apply the migrations not yet applied, in order; return their names."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT DEFAULT CURRENT_TIMESTAMP)"
        )
        done = {row[0] for row in self.conn.execute("SELECT name FROM _migrations")}
        applied = []
        for migration in migrations:
            if migration.name in done:
                continue
            with self.transaction():
                for statement in _statements(migration.sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO _migrations (name) VALUES (?)", (migration.name,))
            applied.append(migration.name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: all of it lands, or none of it (a killed process leaves the file consistent)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def data_tables(self) -> list[str]:
        """Every table that holds data: not SQLite's own, not the full-text index internals."""
        return [name for name in self.db.table_names() if not name.startswith("sqlite_") and "_fts" not in name]

    def rows(self, table: str) -> tuple[list[str], list[tuple]]:
        """A whole table: its column names and every row (``table`` must be one of ``data_tables()``)."""
        if table not in self.data_tables():
            raise PandawatchError(f"no such table: {table!r}", source=self.path)
        columns = [column.name for column in self.db[table].columns]
        return columns, self.conn.execute(f'SELECT * FROM "{table}"').fetchall()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (sqlite3.complete_statement knows about quotes)."""
    statements, start = [], 0
    for end, char in enumerate(sql, 1):
        if char == ";" and sqlite3.complete_statement(sql[start:end]):
            statements.append(sql[start:end].strip())
            start = end
    if sql[start:].strip():
        statements.append(sql[start:].strip())
    return statements


def open_store(path: str | Path) -> Store:
    return Store(path)
