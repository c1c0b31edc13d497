"""Publication dates: the plain-text dateline (`` date YYYY-MM-DD``), a byline in the article's head, or a
date a container (HTML metadata, feed, JSONL record) gave. Returns ISO dates; never guesses."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from functools import lru_cache

import dateparser

from .config import ingest_config

_DATELINE = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*\n?")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_BYLINE_DATE = re.compile("|".join((  # one pass over the head, first match wins
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",  # January 27, 2026
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}\b",  # 27 January 2026
    r"\b\d{4}-\d{2}-\d{2}\b",  # 2026-01-27
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日",  # 2026年1月27日
)))
_YEAR = re.compile(r"\d{4}")
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def split_dateline(text: str) -> tuple[str | None, str]:
    """``(date, rest)`` when the text opens with the `` date YYYY-MM-DD`` line, else ``(None, text)``."""
    match = _DATELINE.match(text)
    if not match or not _valid_iso(match.group(1)):
        return None, text
    return match.group(1), text[match.end():]


def byline_date(text: str, search_chars: int) -> str | None:
    """The first full date written in the head of the article (its byline or dateline), as ISO."""
    head = text[:search_chars]
    if not _YEAR.search(head):  # every form below has a four-digit year: most undated heads stop here
        return None
    for match in _BYLINE_DATE.finditer(head):
        iso = parse_date(match.group(0))
        if iso:
            return iso
    return None


@lru_cache(maxsize=4096)
def parse_date(value: str | None) -> str | None:
    """Any written date (ISO, RFC 822, "Jan. 27, 2026", 2026年1月27日) as an ISO day, or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _valid_iso(value[:10]) and (len(value) == 10 or value[10] in "T "):
        return value[:10]
    cjk = _CJK_DATE.fullmatch(value)
    if cjk:
        iso = f"{int(cjk[1]):04d}-{int(cjk[2]):02d}-{int(cjk[3]):02d}"
        return iso if _valid_iso(iso) else None
    rfc822 = _rfc822(value)
    if rfc822:
        return rfc822
    parsed = dateparser.parse(value, languages=list(ingest_config().date_languages),
                              settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


def _rfc822(value: str) -> str | None:
    """Feeds' dates ("Tue, 27 Jan 2026 10:00:00 +0000"), without dateparser's language detection."""
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _valid_iso(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
