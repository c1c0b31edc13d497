"""Readers: each input form (file, directory, gzip, HTML, text, JSONL, feed, WARC, URL) → raw inputs.

``read_raw(source, options)`` yields a ``RawInput`` per article-to-be and a ``Skipped`` per input that cannot
be one (with the reason). Forms nest: a URL may give a feed, a gzip file a WARC, a directory anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module

from ...model import RawInput, Skipped
from .sniff import form_of

Item = RawInput | Skipped


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = 50_000_000  # any one input held whole (a file, a body, a JSONL line) larger than this is skipped
    http_timeout: float = 20.0
    follow_links: bool = False  # fetch the pages a feed's entries link to
    # One article's caps, checked as it is cleaned: reading, cleaning and extraction time grow with length, and
    # spaCy refuses texts over its max_length (1,000,000), so an over-long one is skipped well before.
    max_article_bytes: int = 5_000_000
    max_article_chars: int = 200_000
    # A file read record by record (JSONL, plain or gzipped) is never held whole; this bounds what it may decompress to.
    max_stream_bytes: int = 20_000_000_000

    @classmethod
    def from_settings(cls, settings: object, follow_links: bool = False) -> ReadOptions:
        return cls(int(settings.max_input_bytes), float(settings.http_timeout), follow_links,
                   int(settings.max_article_bytes), int(settings.max_article_chars), int(settings.max_stream_bytes))


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_raw(source: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Everything in one source: a path (file or directory, recursively), a glob pattern or an http(s) URL."""
    options = options or ReadOptions()
    if is_url(source):
        from .url import read_url  # httpx is imported only when a URL is given

        yield from read_url(source, options)
        return
    from . import files

    for entry in files.local_entries(source):
        if isinstance(entry, Skipped):
            yield entry
        else:
            yield from files.read_file(entry, options)


def read_bytes(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    """Dispatch bytes to the reader of their form. ``given``: url, encoding, media_type hint from a server."""
    if not data or data.isspace():
        yield Skipped(origin, "empty", "the input is empty")
        return
    form = form_of(name, data, given.get("media_type"))
    items = _reader(form)(origin, data, name, options, url=given.get("url"), encoding=given.get("encoding"))
    yield from guarded(origin, items)


def guarded(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items``, but a reader's unforeseen failure (a bug, a library choking on hostile bytes) ends only this
    input, reported with where it broke; the other inputs of the run go on."""
    last = None
    try:
        for item in items:
            last = item.origin
            yield item
    except Exception as error:  # noqa: BLE001 — one input's failure must not cost the batch
        after = f" after {last}" if last and last != origin else ""
        yield Skipped(origin, "error", f"reading failed{after}: {type(error).__name__}: {str(error)[:200]}")


_READERS = {"gzip": "gzipped.read", "warc": "warc.read", "feed": "feed.read", "jsonl": "jsonl.read",
            "html": "text.read_html", "text": "text.read_text"}


@lru_cache(maxsize=None)
def _reader(form: str) -> Callable[..., Iterator[Item]]:
    """The reader of one form, its module imported when that form is first met (feedparser, warcio and their
    kin cost a plain-text batch a third of a second to import; the reader modules also import this one)."""
    module, function = _READERS[form].split(".")
    return getattr(import_module(f"{__name__}.{module}"), function)
