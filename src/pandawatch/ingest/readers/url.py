"""URLs over HTTP(S) (httpx): timeouts, redirects, a size limit, and a clear reason when unreachable.
The one network seam of ingestion."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx

from ...model import Skipped
from . import Item, ReadOptions, read_bytes

USER_AGENT = "pandawatch/0.1 (+news ingestion; panda diplomacy research)"


def read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    fetched = fetch(url, options)
    if isinstance(fetched, Skipped):
        yield fetched
        return
    data, media_type, charset = fetched
    yield from read_bytes(url, data, url, options, url=url, media_type=media_type, encoding=charset)


def fetch(url: str, options: ReadOptions) -> tuple[bytes, str, str | None] | Skipped:
    """The body, media type and charset of ``url``, or why it could not be had. ``http_timeout`` bounds the whole
    download (a server trickling a byte a second is cut off), not only each read."""
    deadline = time.monotonic() + options.http_timeout
    try:
        with httpx.Client(timeout=options.http_timeout, follow_redirects=True,
                          headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                return _body(url, response, options, deadline)
    except httpx.TimeoutException:
        return Skipped(url, "unreachable", f"no answer within {options.http_timeout:g} s")
    except httpx.HTTPError as error:
        return Skipped(url, "unreachable", f"{type(error).__name__}: {error}")


def _body(url: str, response: httpx.Response, options: ReadOptions,
          deadline: float) -> tuple[bytes, str, str | None] | Skipped:
    if response.status_code >= 400:
        return Skipped(url, "http-error", f"HTTP {response.status_code} {response.reason_phrase}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > options.max_bytes:
            return Skipped(url, "too-large", f"over {options.max_bytes:,} bytes (setting max_input_bytes)")
        if time.monotonic() > deadline:
            return Skipped(url, "too-slow", f"{size:,} bytes after {options.http_timeout:g} s, download not "
                           "finished (setting http_timeout)")
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return b"".join(chunks), media_type, response.charset_encoding
