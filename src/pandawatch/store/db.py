"""The SQLite file: opening it (read-only when it cannot be written), migrating it, the one write transaction
at a time (a second writer waits its turn), and its faults as one line each."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from ..errors import PandawatchError
from .faults import Busy, database_fault, not_ours
from .schema import MIGRATIONS, Migration

log = logging.getLogger(__name__)
BUSY_MS = 5_000  # SQLite's own wait for a lock, per attempt
WRITER_WAIT_SECONDS = 3_600  # how long a writer waits for another (an ingest's batch holds the lock for seconds)


class Store:
    """A knowledge base file. Reads go through ``db``; writes through ``transaction()``. ``read_only`` when the
    file or its folder cannot be written: queries work, writes raise. ``on_wait`` hears the one line said when
    a write has to wait for another process's (default: logged)."""

    last_path: str | None = None  # the file last opened, to name in a database fault's one line

    def __init__(self, path: str | Path, migrations: list[Migration] | None = None) -> None:
        self.path = str(path)
        self.on_wait: Callable[[str], None] | None = None
        Store.last_path = self.path
        try:
            self.conn, self.read_only = _connect(self.path)
            self.db = sqlite_utils.Database(self.conn)
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            if not_ours(self.conn):
                raise PandawatchError("an SQLite database, but not a pandawatch knowledge base (its tables are "
                                      "another program's)", source=self.path, hint="give another --db")
            wanted = MIGRATIONS if migrations is None else migrations
            if self.read_only:
                self._check_migrated(wanted)
            else:
                self.migrate(wanted)
        except sqlite3.Error as error:
            raise database_fault(error, self.path) from error
        except OSError as error:
            raise PandawatchError(f"cannot open the database: {error.strerror or error}", source=self.path) from error

    def _check_migrated(self, migrations: list[Migration]) -> None:
        done = {row[0] for row in self.conn.execute("SELECT name FROM _migrations")}
        if any(migration.name not in done for migration in migrations):
            raise PandawatchError("the knowledge base needs upgrading to this version of pandawatch, but it is "
                                  "read-only", source=self.path, hint="open it once where it can be written")

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
                notes = migration.step(self.conn) if migration.step else []
                self.conn.execute("INSERT INTO _migrations (name) VALUES (?)", (migration.name,))
            for note in notes:
                self._say(f"{self.path}: {note}")
            applied.append(migration.name)
        return applied

    @contextmanager
    def transaction(self, wait: bool = True) -> Iterator[sqlite3.Connection]:
        """One atomic write: all of it lands, or none of it (a killed process leaves the file consistent). While
        another process writes, this one waits its turn (saying so once), or with ``wait=False`` raises ``Busy``
        at once (a reader's optional upkeep)."""
        if self.read_only:
            raise PandawatchError("the knowledge base is read-only here: cannot write", source=self.path,
                                  hint="copy it to a writable folder, or fix the file's permissions")
        self._begin(wait)
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # (SQLite has rolled back itself on a full disk or an I/O error)
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _begin(self, wait: bool) -> None:
        if not wait:
            self.conn.execute("PRAGMA busy_timeout=0")
        try:
            deadline, said = time.monotonic() + WRITER_WAIT_SECONDS, False
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) and "busy" not in str(error):
                        raise
                    if not wait:
                        raise Busy(self.path) from error
                    if time.monotonic() > deadline:
                        raise database_fault(error, self.path) from error
                    if not said:
                        self._say(f"{self.path}: another ingest (or write) is running; waiting for it to finish")
                        said = True
        finally:
            if not wait:
                self.conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")

    def _say(self, line: str) -> None:
        if self.on_wait is not None:
            self.on_wait(line)
        else:
            log.warning(line)

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


def _connect(path: str) -> tuple[sqlite3.Connection, bool]:
    """A connection to ``path`` and whether it is read-only: WAL mode needs the folder writable (its -wal and
    -shm files), so a file there or a folder that cannot be written is opened read-only."""
    if path == ":memory:":
        return sqlite3.connect(path, check_same_thread=False, isolation_level=None), False
    if not os.path.exists(path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    elif not_sqlite := _header_problem(path):
        raise PandawatchError(f"not a pandawatch knowledge base: {not_sqlite}", source=path,
                              hint="give another --db, or a new file name to start one")
    writable = not os.path.exists(path) or (os.access(path, os.W_OK) and os.access(Path(path).parent, os.W_OK))
    if writable:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            return conn, False
        except sqlite3.OperationalError as error:
            conn.close()
            if "readonly" not in str(error) and "unable to open" not in str(error):
                raise
    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:  # a WAL file whose -shm cannot be made beside it: read it as immutable
        conn.close()  # (nobody can be writing a file in a folder nobody may write)
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False, isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn, True


def _header_problem(path: str) -> str | None:
    """Why the file at ``path`` cannot be an SQLite database, judged by its first bytes; None when it can be."""
    with open(path, "rb") as file:
        head = file.read(16)
    if not head:
        return None  # an empty file: SQLite makes a database of it
    if head != b"SQLite format 3\x00":
        return "not an SQLite database file (its first bytes say otherwise)"
    return None


def open_store(path: str | Path) -> Store:
    return Store(path)
