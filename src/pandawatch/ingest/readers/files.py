"""Files and directories on disk: regular files only, a size limit, empty files, hidden entries, recursion in a
stable order; folders that cannot be read or are links are reported, never passed over in silence."""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Iterator
from typing import BinaryIO

from ...model import Skipped
from . import Item, ReadOptions, read_bytes
from .sniff import HEAD_BYTES, form_of, utf8_text

GLOB = re.compile(r"[*?[]")  # a source that names no path but has these is a pattern
# What a path that is not a regular file is, for the skip reason (reading one would block or never end).
_SPECIAL = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe"),
            (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def read_file(origin: str, options: ReadOptions) -> Iterator[Item]:
    """One regular file, named as the user gave it (ingest then names its articles by ``ingest.ids``)."""
    try:
        special = _special(os.stat(origin).st_mode)
        if special:
            yield Skipped(origin, "not-a-file", f"{special}, not a regular file: not read")
            return
        # O_NONBLOCK: should the path have become a pipe since the check, opening it does not wait for a writer.
        with open(os.open(origin, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if _special(os.fstat(file.fileno()).st_mode):
                yield Skipped(origin, "not-a-file", "not a regular file: not read")
                return
            records = _streamed(origin, file, options)
            if records is not None:  # JSONL, plain or gzipped: line by line, never held whole
                yield from records
                return
            data = file.read(options.max_bytes + 1)  # bounded even when the size the file system gives is wrong
    except OSError as error:
        yield Skipped(origin, "unreadable", error.strerror or str(error))
        return
    if max(size, len(data)) > options.max_bytes:
        yield Skipped(origin, "too-large", f"{max(size, len(data)):,} bytes, over the limit of "
                      f"{options.max_bytes:,} (setting max_input_bytes)")
        return
    yield from read_bytes(origin, data, origin, options)


def _streamed(origin: str, file: BinaryIO, options: ReadOptions) -> Iterator[Item] | None:
    """The records of a JSONL file (plain or gzipped) read as they come, or None for a form read whole."""
    head = file.read(HEAD_BYTES)
    file.seek(0)
    form = form_of(origin, head)
    if form == "jsonl" and utf8_text(head):
        from .jsonl import read_stream

        return read_stream(origin, file, options)
    if form == "gzip":
        from .gzipped import stream

        return stream(origin, file, options)
    return None


def _special(mode: int) -> str | None:
    return next((name for test, name in _SPECIAL if test(mode)), None)


def local_entries(source: str) -> Iterator[str | Skipped]:
    """The files a local source names: itself, every file below a directory, or every path a glob pattern
    (``shards/*.jsonl.gz``, ``day/**/*.warc.gz``) matches, sorted; a ``Skipped`` for what cannot be read. The
    one listing both ingest paths use: read here in turn, or handed file by file to Dask workers
    (``pandawatch.scale``)."""
    if os.path.isdir(source):
        yield from directory_entries(source)
    elif os.path.exists(source) or os.path.islink(source):  # (a broken link is reported when read)
        yield source
    elif GLOB.search(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            yield Skipped(source, "not-found", "no file or directory matches the pattern")
        for match in matches:
            yield from local_entries(match)
    else:
        yield Skipped(source, "not-found", "no such file, directory or URL")


def directory_entries(origin: str) -> Iterator[str | Skipped]:
    """The path of every file below ``origin``, sorted; hidden files and folders are reported, not read, as are
    links to folders (not followed: they may loop or lead out of the tree) and folders that cannot be listed; a
    directory holding nothing at all is reported as empty (a user who named it expected articles)."""
    found_any = False
    unreadable: list[OSError] = []
    for folder, subfolders, names in os.walk(origin, onerror=unreadable.append):
        yield from _unreadable(unreadable)
        hidden = sorted(name for name in subfolders if name.startswith("."))
        linked = sorted(name for name in subfolders if not name.startswith(".")
                        and os.path.islink(os.path.join(folder, name)))
        subfolders[:] = sorted(name for name in subfolders if not name.startswith(".") and name not in linked)
        found_any = found_any or bool(hidden or linked or names)
        for name in hidden:
            yield Skipped(os.path.join(folder, name), "hidden", "hidden folder (name starts with '.'): not read")
        for name in linked:
            yield Skipped(os.path.join(folder, name), "linked-folder",
                          "a symbolic link to a folder: not followed (name its target to read it)")
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.startswith("."):
                yield Skipped(path, "hidden", "hidden file (name starts with '.'): not read")
            else:
                yield path
    for problem in _unreadable(unreadable):
        found_any = True
        yield problem
    if not found_any:
        yield Skipped(origin, "empty", "no files in the directory")


def _unreadable(errors: list[OSError]) -> Iterator[Skipped]:
    """The folders ``os.walk`` could not list (it reports them through ``onerror`` and goes on)."""
    while errors:
        error = errors.pop(0)
        yield Skipped(str(error.filename), "unreadable", f"folder not read: {error.strerror or error}")
