"""Plain-text and HTML files: one article each. Cleaning (decoding, trafilatura, dates) happens in clean.py."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import RawInput
from . import Item, ReadOptions


def read_text(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    yield RawInput(origin, data, "text/plain", url=given.get("url"), encoding=given.get("encoding"))


def read_html(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    yield RawInput(origin, data, "text/html", url=given.get("url"), encoding=given.get("encoding"))
