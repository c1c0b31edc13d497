"""A web page's metadata from its <head>: title, site, date, author, canonical URL.

Read from the tags publishers write for search engines and social networks (Open Graph, article:*, Dublin
Core, JSON-LD, <time>). trafilatura's own metadata extraction reads the same tags and much more (licences,
categories, author heuristics) but costs more than its text extraction does; this keeps ingest within a
quarter of bare extraction. The page's date falls back to the byline in the text (clean.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "headline")
_SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher")
_DATE_KEYS = ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date",
              "dc.date.issued", "og:published_time", "sailthru.date", "parsely-pub-date", "article.published")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:]\s+")


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None
    site: str | None = None
    published: str | None = None  # as written; dates.parse_date makes it ISO
    author: str | None = None
    url: str | None = None


def page_meta(tree: HtmlElement) -> PageMeta:
    """Metadata of a parsed page (read before extraction, which prunes the tree)."""
    tags = _meta_tags(tree)
    return PageMeta(
        title=_first(tags, _TITLE_KEYS) or _document_title(tree, tags),
        site=_first(tags, _SITE_KEYS),
        published=_first(tags, _DATE_KEYS) or _time_element(tree) or _jsonld_date(tree),
        author=_first(tags, _AUTHOR_KEYS) if not _first(tags, _AUTHOR_KEYS, "").startswith("http") else None,
        url=_canonical(tree) or tags.get("og:url"),
    )


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for element in tree.iterfind(".//meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = (element.get("content") or "").strip()
        if key and value:
            tags.setdefault(key, value)
    return tags


def _first(tags: dict[str, str], keys: tuple[str, ...], default: str | None = None) -> str | None:
    return next((tags[key] for key in keys if key in tags), default)


def _document_title(tree: HtmlElement, tags: dict[str, str]) -> str | None:
    """<title> without the site's name after a separator, else the first <h1>."""
    title = tree.findtext(".//title")
    if title and title.strip():
        parts = _TITLE_SEPARATORS.split(title.strip())
        return max(parts, key=len) if len(parts) > 1 else title.strip()
    heading = tree.find(".//h1")
    return heading.text_content().strip() or None if heading is not None else None


def _time_element(tree: HtmlElement) -> str | None:
    element = tree.find(".//time[@datetime]")
    return element.get("datetime") if element is not None else None


def _jsonld_date(tree: HtmlElement) -> str | None:
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        match = _JSONLD_DATE.search(script.text or "")
        if match:
            return match.group(1)
    return None


def _canonical(tree: HtmlElement) -> str | None:
    for link in tree.iterfind(".//link[@rel='canonical']"):
        href = (link.get("href") or "").strip()
        if href.startswith(("http://", "https://")):
            return href
    return None
