"""Article ids: where an article came from, without the paths of the machine that read it.

A local article's id is its path relative to the *parent* of the input root named on the command line, so it
starts with the root's own name: ``ingest news/``, ``ingest ./news`` and ``ingest /home/u/news`` all give
``news/2024/a.txt``, on any machine. A file named alone gives its name; a glob's root is its directory part
before the first wildcard (``news/*.txt`` reads as ``ingest news``); ``ingest .`` names the current folder.
Records keep their position (``#line-N``, ``#record-N``, ``#entry-N``). A URL stays the URL, less any
``user:password@``. So two roots of one name give their files the same ids, and ``ingest news/2024`` after
``ingest news`` gives the same files other ids (docs/ingest.md).
"""

from __future__ import annotations

import os
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

from ..model import RawInput, Skipped
from .readers import is_url
from .readers.files import GLOB


def input_root(source: str) -> str:
    """The root an input's ids are relative to the parent of: the source itself, or, for a glob pattern, its
    directory part before the first wildcard ('' for the current folder). Looks at the disk only to tell a
    pattern from a file whose name holds a wildcard character."""
    wildcard = GLOB.search(source)
    if is_url(source) or not wildcard or os.path.lexists(source):
        return source
    return source[: wildcard.start()].rpartition("/")[0] or ("/" if source.startswith("/") else "")


def article_id(origin: str, root: str) -> str:
    """The public id of ``origin`` (a path below ``root`` as the readers name it, with any ``#record`` suffix,
    or a URL). An origin not below ``root`` is left as it is."""
    if is_url(origin):
        return without_credentials(origin)
    private, public = _prefixes(root)
    if not private:  # a pattern in the current folder: its matches are named from there ('a.txt')
        return origin if os.path.isabs(origin) else f"{public}/{origin}"
    if origin == private or origin.startswith((private + "/", private + "#")):
        return public + origin[len(private):]
    return origin


def public_item(item: RawInput | Skipped, root: str) -> RawInput | Skipped:
    """``item`` named by its public id (a skipped input's detail too, should it quote a path below ``root``)."""
    if isinstance(item, Skipped):
        return replace(item, origin=article_id(item.origin, root), detail=public_detail(item.detail, root))
    url = without_credentials(item.url) if item.url else item.url
    return replace(item, origin=article_id(item.origin, root), url=url)


def public_detail(detail: str, root: str) -> str:
    """``detail`` (a skip reason's text) with any path below ``root`` it quotes named as its id."""
    private, public = _prefixes(root)
    return detail.replace(private, public) if "/" in private and private != "/" else detail


def public_source(source: str) -> str:
    """A source as the run records it: as its articles' ids name it (``/home/u/news/`` → ``news/``)."""
    return article_id(source, input_root(source))


def without_credentials(url: str) -> str:
    """``url`` without a ``user:password@`` part (the rest unchanged)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _prefixes(root: str) -> tuple[str, str]:
    """(the root as the readers spell its paths, the name its ids start with)."""
    private = root.rstrip("/") or root  # 'news/' → 'news'; '/' stays
    return private, os.path.basename(os.path.abspath(root or "."))
