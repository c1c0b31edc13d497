"""A raw input → a clean ``Document``: decoding, main text (trafilatura for HTML), page-junk trimming,
title, publication date, outlet, language and digests. Pure: bytes in, Document (or Skipped) out."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

import py3langid
import trafilatura
from lxml import html as lxml_html

from ..model import Document, RawInput, Skipped
from .config import IngestConfig, ingest_config
from .dates import byline_date, parse_date, split_dateline
from .decode import NotText, decode
from .junk import trim_junk
from .meta import page_meta

HTML_TYPES = ("text/html", "application/xhtml+xml")
FRAGMENT_TYPE = "text/html-fragment"  # a feed entry's HTML content: no page around it
_BLANK_RUNS = re.compile(r"\n{3,}")
_SENTENCE_END = re.compile(r"[.!?…。！？:]['\"”’)\]]*$")


def clean(raw: RawInput, config: IngestConfig | None = None) -> Document | Skipped:
    """Turn one raw input into a clean article, or say why it cannot be one."""
    return clean_with_notes(raw, config)[0]


def clean_with_notes(raw: RawInput, config: IngestConfig | None = None) -> tuple[Document | Skipped, list[Skipped]]:
    """``clean``, plus a warning for each repair made on the way (mixed encodings), for the run's record."""
    config = config or ingest_config()
    try:
        decoded = decode(raw.content, raw.encoding)
    except NotText as problem:
        return Skipped(raw.origin, problem.reason, problem.detail), []
    notes = _repairs(raw, decoded)
    if raw.media_type in HTML_TYPES:
        return _from_page(raw, decoded.text, config), notes
    text = fragment_text(decoded.text) if raw.media_type == FRAGMENT_TYPE else decoded.text
    return _from_text(raw, text, config), notes


def decoding_notes(raw: RawInput) -> list[Skipped] | None:
    """The warnings ``clean_with_notes`` would give ``raw`` (None: not text), without the costly cleaning."""
    try:
        return _repairs(raw, decode(raw.content, raw.encoding))
    except NotText:
        return None


def _repairs(raw: RawInput, decoded: object) -> list[Skipped]:
    return [Skipped(raw.origin, "repaired", decoded.note)] if decoded.note else []


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block."""
    if "<" not in fragment:
        return fragment
    try:
        tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several kinds on junk; the text is then the best we have
        return fragment
    for block in tree.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    return tree.text_content()


def _from_page(raw: RawInput, page: str, config: IngestConfig) -> Document | Skipped:
    tree = trafilatura.load_html(page)
    if tree is None or tree.find(".//body") is None:
        return Skipped(raw.origin, "no-text", "HTML without a body")
    meta = page_meta(tree)  # before extraction: it prunes the tree
    found = trafilatura.bare_extraction(tree, url=raw.url, include_comments=False)
    if found is None or not (found.text or "").strip():
        return Skipped(raw.origin, "no-text", "no article text in the HTML (only page furniture)")
    published = parse_date(raw.published)
    source = "record" if published else None
    if not published and meta.published:
        published = parse_date(meta.published)
        source = "metadata" if published else None
    return _document(raw, found.text, config, title=raw.title or meta.title, published=published,
                     published_from=source, outlet=meta.site, author=meta.author, url=raw.url or meta.url)


def _from_text(raw: RawInput, text: str, config: IngestConfig) -> Document | Skipped:
    dateline, text = split_dateline(text.lstrip("\ufeff"))
    published = dateline or parse_date(raw.published)
    source = "dateline" if dateline else "record" if published else None
    return _document(raw, text, config, title=raw.title, published=published, published_from=source,
                     guess_title=True)


def _document(raw: RawInput, text: str, config: IngestConfig, **fields: object) -> Document | Skipped:
    trimmed = trim_junk(_normalise_lines(text), config.junk)
    if len(trimmed.text) < config.min_text_chars:
        return Skipped(raw.origin, "no-text", f"only {len(trimmed.text)} characters of text after cleaning")
    if fields.pop("guess_title", False) and not fields.get("title"):
        fields["title"] = _headline(trimmed.text, config)
    if not fields.get("published"):
        found = byline_date(trimmed.text, config.byline_search_chars)
        fields.update(published=found, published_from="byline" if found else None)
    return Document(
        id=raw.origin,
        text=trimmed.text,
        url=fields.get("url") or raw.url,
        outlet=fields.pop("outlet", None) or outlet_of(fields.get("url") or raw.url),
        language=detect_language(trimmed.text, config),
        raw_digest=hashlib.sha256(raw.content).hexdigest(),
        text_digest=text_digest(trimmed.text),
        removed=trimmed.removed,
        **{key: value for key, value in fields.items() if key != "url"},
    )


def _normalise_lines(text: str) -> str:
    """Unix line ends, no trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined = "\n".join(lines)
    return (_BLANK_RUNS.sub("\n\n", joined) if "\n\n\n" in joined else joined).strip()


def _headline(text: str, config: IngestConfig) -> str | None:
    """A plain-text article's first line, when it reads like a headline (short, not a sentence)."""
    first = text.lstrip().partition("\n")[0].strip()
    if not first or len(first) > config.title_max_chars or _SENTENCE_END.search(first):
        return None
    return first


def outlet_of(url: str | None) -> str | None:
    """The site a URL belongs to, without ``www.``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def detect_language(text: str, config: IngestConfig) -> str | None:
    """The text's language (ISO 639-1): English by its function words when plain, else py3langid."""
    sample = text[: config.language_sample_chars]
    words = sample.lower().split()
    if words and sum(map(config.english_stopwords.__contains__, words)) >= config.english_stopword_share * len(words):
        return "en"
    language, _score = py3langid.classify(sample)
    return language


def text_digest(text: str) -> str:
    """The digest two copies of one text share whatever their spacing or case: that of
    ``" ".join(text.lower().split())``, computed without making a string of each word (twice as fast)."""
    spaced = text.lower().translate(_WHITESPACE)
    while "  " in spaced:
        spaced = spaced.replace("  ", " ")
    return hashlib.sha256(spaced.strip(" ").encode("utf-8")).hexdigest()


WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # str.split()'s; none above U+3000
_WHITESPACE = dict.fromkeys(map(ord, WHITESPACE), " ")
