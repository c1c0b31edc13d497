"""A database fault as the one line a user needs: what is wrong with the knowledge base file and what to do.
SQLite reports them as exceptions with terse messages (``database is locked``, ``disk I/O error``, ...)."""

from __future__ import annotations

import sqlite3

from ..errors import PandawatchError

# (words in SQLite's message, what it means, what to do)
_KNOWN = (
    (("database is locked", "database table is locked", "busy"),
     "another process has held the knowledge base's write lock for too long",
     "wait for the other ingest to finish, or stop it"),
    (("readonly", "read-only"), "the knowledge base cannot be written (the file or its folder is read-only)",
     "fix the permissions, or copy the file to a writable folder"),
    (("database or disk is full", "disk is full"), "the disk is full: nothing more could be written",
     "free some space and run the command again; what was stored before stays"),
    (("file is not a database", "not a database"), "not a pandawatch knowledge base (not an SQLite database)",
     "give another --db, or a new file name to start one"),
    (("unable to open database file",), "the knowledge base file cannot be opened",
     "check that its folder exists and may be read"),
    (("disk i/o error",), "the disk failed while reading or writing the knowledge base",
     "check the disk (dmesg); then run PRAGMA integrity_check on the file"),
)


class Busy(PandawatchError):
    """A write that was asked not to wait found another process writing."""

    status_code = 503

    def __init__(self, path: str) -> None:
        super().__init__("another process is writing to the knowledge base", source=path)


def database_fault(error: sqlite3.Error, path: str | None) -> PandawatchError:
    """``error`` from SQLite as one line naming the file, the problem and what to do."""
    message = str(error).lower()
    if "malformed" in message or "corrupt" in message:
        return PandawatchError(f"the knowledge base is corrupt ({error}); integrity check: {integrity(path)}",
                               source=path, hint="restore it from a backup, or move it aside and rebuild it: "
                               "`pandawatch registry build` and `pandawatch ingest` your news again")
    for words, meaning, todo in _KNOWN:
        if any(word in message for word in words):
            return PandawatchError(f"{meaning} ({error})", source=path, hint=todo)
    return PandawatchError(f"database error: {type(error).__name__}: {error}", source=path)


_WHOLE_FILE = ("full", "readonly", "read-only", "disk i/o", "malformed", "corrupt", "not a database")


def of_the_file(error: Exception) -> bool:
    """True when ``error`` is the database file failing (disk full, read-only, I/O, corrupt), which no other
    item would escape: the run stops with one line rather than failing every item the same way."""
    return isinstance(error, sqlite3.DatabaseError) and any(word in str(error).lower() for word in _WHOLE_FILE)


def integrity(path: str | None, lines: int = 3) -> str:
    """The first lines of SQLite's ``PRAGMA integrity_check`` on ``path`` (on its own read-only connection)."""
    if not path or path == ":memory:":
        return "not run"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchmany(lines + 1)]
        finally:
            conn.close()
    except sqlite3.Error as error:
        return f"could not run ({error})"
    more = " …" if len(found) > lines else ""
    return "; ".join(found[:lines]) + more


def not_ours(conn: sqlite3.Connection) -> bool:
    """True for an SQLite database holding tables, none of them pandawatch's ``_migrations`` (another
    program's database: migrating it would write our tables into it)."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return bool(names) and "_migrations" not in names
