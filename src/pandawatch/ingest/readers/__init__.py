"""Readers: each input form (file, directory, gzip, HTML, text, JSONL, feed, WARC, URL) → raw inputs.

``read_raw(source, options)`` yields a ``RawInput`` per article-to-be and a ``Skipped`` per input that cannot
be one (with the reason). Forms nest: a URL may give a feed, a gzip file a WARC, a directory anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...model import RawInput, Skipped

Item = RawInput | Skipped


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = 50_000_000  # any one input larger than this is skipped as too-large
    http_timeout: float = 20.0
    follow_links: bool = False  # fetch the pages a feed's entries link to

    @classmethod
    def from_settings(cls, settings: object, follow_links: bool = False) -> ReadOptions:
        return cls(int(settings.max_input_bytes), float(settings.http_timeout), follow_links)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_raw(source: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Everything in one source: a path (file or directory, recursively) or an http(s) URL."""
    from . import files, url

    options = options or ReadOptions()
    if is_url(source):
        yield from url.read_url(source, options)
    elif Path(source).is_dir():
        yield from files.read_directory(source, options)
    elif Path(source).exists():
        yield from files.read_file(source, options)
    else:
        yield Skipped(source, "not-found", "no such file, directory or URL")


def read_bytes(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    """Dispatch bytes to the reader of their form. ``given``: url, encoding, media_type hint from a server."""
    if not data.strip():
        yield Skipped(origin, "empty", "the input is empty")
        return
    readers, form_of = _readers()
    form = form_of(name, data, given.get("media_type"))
    yield from readers[form](origin, data, name, options, url=given.get("url"), encoding=given.get("encoding"))


@lru_cache(maxsize=1)
def _readers() -> tuple[dict, object]:
    """The reader of each form (imported on first use: the reader modules import this one)."""
    from . import feed, gzipped, jsonl, sniff, text, warc

    readers = {"gzip": gzipped.read, "warc": warc.read, "feed": feed.read, "jsonl": jsonl.read,
               "html": text.read_html, "text": text.read_text}
    return readers, sniff.form_of
