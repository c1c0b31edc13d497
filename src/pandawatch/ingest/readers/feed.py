"""RSS and Atom feeds (feedparser): each entry's own text, or with ``follow_links`` the page it links to."""

from __future__ import annotations

from collections.abc import Iterator

import feedparser

from ...model import RawInput, Skipped
from ..clean import FRAGMENT_TYPE
from . import Item, ReadOptions


def read(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception") or "no RSS or Atom root element"
        yield Skipped(origin, "not-a-feed", f"not an RSS or Atom feed ({str(why).strip()})")
        return
    if not parsed.entries:
        yield Skipped(origin, "empty", "the feed has no entries")
    for number, entry in enumerate(parsed.entries, 1):
        yield from _entry(f"{origin}#entry-{number}", entry, options)


def _entry(where: str, entry: dict, options: ReadOptions) -> Iterator[Item]:
    link = entry.get("link") if str(entry.get("link", "")).startswith(("http://", "https://")) else None
    if options.follow_links and link:
        fetched = list(_linked_page(link, options))
        if fetched and not any(isinstance(item, Skipped) for item in fetched):
            yield from fetched
            return
    body = _content(entry)
    if not body:
        yield Skipped(link or where, "no-text", "the feed entry has no text (--follow-links fetches its page)")
        return
    yield RawInput(link or where, body.encode("utf-8"), FRAGMENT_TYPE, url=link, title=entry.get("title"),
                   published=entry.get("published") or entry.get("updated"))


def _content(entry: dict) -> str:
    contents = [part.get("value", "") for part in entry.get("content", [])]
    return max(contents + [entry.get("summary", "")], key=len).strip()


def _linked_page(link: str, options: ReadOptions) -> Iterator[Item]:
    from .url import read_url

    yield from read_url(link, options)
