"""WARC and WARC.gz web archives (warcio): each HTML response record is one page. A truncated or corrupt
archive keeps what was read before the break and reports where it broke."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ...model import RawInput, Skipped
from . import Item, ReadOptions

_HTML = ("text/html", "application/xhtml+xml")
_BREAKS = (ArchiveLoadFailed, EOFError, OSError, ValueError, IndexError)


def read(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    pages = 0
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(io.BytesIO(data)), 1):
            if record.rec_type != "response":
                continue
            item = _page(f"{origin}#record-{number}", record, options)
            pages += isinstance(item, RawInput)
            yield item
    except _BREAKS as error:
        yield Skipped(f"{origin}#record-{number + 1}", "truncated",
                      f"the archive breaks after record {number} ({type(error).__name__}: {error})")
        return
    if not pages:
        yield Skipped(origin, "no-pages", f"no HTML response records among {number} records")


def _page(where: str, record: object, options: ReadOptions) -> Item:
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    origin = uri or where
    status = record.http_headers.get_statuscode() if record.http_headers else None
    media_type = _media_type(record)
    if status and status != "200":
        return Skipped(origin, "not-a-page", f"HTTP status {status}")
    if media_type not in _HTML:
        return Skipped(origin, "not-a-page", f"content type {media_type or 'unknown'}, not HTML")
    body = record.content_stream().read(options.max_bytes + 1)
    if len(body) > options.max_bytes:
        return Skipped(origin, "too-large", f"record over {options.max_bytes:,} bytes")
    missing = getattr(record.raw_stream, "limit", 0)  # bytes the record header promised but the file lacks
    if missing:
        return Skipped(origin, "truncated", f"{where.rsplit('#', 1)[-1]} is cut short: {missing:,} of its "
                       f"{record.length:,} bytes are missing (archive truncated)")
    return RawInput(origin, body, "text/html", url=uri, encoding=_charset(record))


def _media_type(record: object) -> str:
    header = record.http_headers.get_header("Content-Type") if record.http_headers else None
    return (header or "").split(";")[0].strip().lower()


def _charset(record: object) -> str | None:
    header = record.http_headers.get_header("Content-Type") if record.http_headers else ""
    for part in (header or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None
