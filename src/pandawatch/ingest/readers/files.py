"""Files and directories on disk: size limit, empty files, hidden entries, recursion in a stable order."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator

from ...model import Skipped
from . import Item, ReadOptions, read_bytes

_GLOB = re.compile(r"[*?[]")  # a source that names no path but has these is a pattern


def read_file(origin: str, options: ReadOptions) -> Iterator[Item]:
    """One file, named as the user gave it (``origin`` is also each article's id)."""
    try:
        with open(origin, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > options.max_bytes:
                yield Skipped(origin, "too-large", f"{size:,} bytes, over the limit of {options.max_bytes:,}")
                return
            data = file.read()
    except OSError as error:
        yield Skipped(origin, "unreadable", error.strerror or str(error))
        return
    yield from read_bytes(origin, data, origin, options)


def local_entries(source: str) -> Iterator[str | Skipped]:
    """The files a local source names: itself, every file below a directory, or every path a glob pattern
    (``shards/*.jsonl.gz``, ``day/**/*.warc.gz``) matches, sorted; a ``Skipped`` for what cannot be read. The
    one listing both ingest paths use: read here in turn, or handed file by file to Dask workers
    (``pandawatch.scale``)."""
    if os.path.isdir(source):
        yield from directory_entries(source)
    elif os.path.exists(source):
        yield source
    elif _GLOB.search(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            yield Skipped(source, "not-found", "no file or directory matches the pattern")
        for match in matches:
            yield from local_entries(match)
    else:
        yield Skipped(source, "not-found", "no such file, directory or URL")


def directory_entries(origin: str) -> Iterator[str | Skipped]:
    """The path of every file below ``origin``, sorted; hidden files and folders are reported, not read; a
    directory holding nothing at all is reported as empty (a user who named it expected articles)."""
    found_any = False
    for folder, subfolders, names in os.walk(origin, onerror=None):
        hidden = sorted(name for name in subfolders if name.startswith("."))
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in hidden:
            found_any = True
            yield Skipped(os.path.join(folder, name), "hidden", "hidden folder (name starts with '.'): not read")
        for name in sorted(names):
            found_any = True
            path = os.path.join(folder, name)
            if name.startswith("."):
                yield Skipped(path, "hidden", "hidden file (name starts with '.'): not read")
            else:
                yield path
    if not found_any:
        yield Skipped(origin, "empty", "no files in the directory")
