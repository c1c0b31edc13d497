"""Files and directories on disk: size limit, empty files, hidden entries, recursion in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ...model import Skipped
from . import Item, ReadOptions, read_bytes


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


def read_directory(origin: str, options: ReadOptions) -> Iterator[Item]:
    """Every file below ``origin``, sorted; hidden files and folders are reported, not read; a directory
    holding nothing at all is reported as empty (a user who named it expected articles)."""
    found_any = False
    for item in _directory_items(origin, options):
        found_any = True
        yield item
    if not found_any:
        yield Skipped(origin, "empty", "no files in the directory")


def _directory_items(origin: str, options: ReadOptions) -> Iterator[Item]:
    for folder, subfolders, names in os.walk(origin, onerror=None):
        hidden = sorted(name for name in subfolders if name.startswith("."))
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in hidden:
            yield Skipped(os.path.join(folder, name), "hidden", "hidden folder (name starts with '.'): not read")
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.startswith("."):
                yield Skipped(path, "hidden", "hidden file (name starts with '.'): not read")
            else:
                yield from read_file(path, options)
