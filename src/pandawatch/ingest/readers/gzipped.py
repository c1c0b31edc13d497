"""gzip-compressed inputs: decompressed within the size limit, then read as the form inside."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator

from ...model import Skipped
from . import Item, ReadOptions, read_bytes


def read(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            inner = stream.read(options.max_bytes + 1)
    except EOFError:
        yield Skipped(origin, "truncated", "the gzip stream ends before its end marker (file cut short)")
        return
    except (OSError, zlib.error) as error:
        yield Skipped(origin, "corrupt", f"not a readable gzip stream ({error})")
        return
    if len(inner) > options.max_bytes:
        yield Skipped(origin, "too-large", f"decompresses to over {options.max_bytes:,} bytes")
        return
    inner_name = name[: -len(".gz")] if name.lower().endswith(".gz") else name.rsplit(".", 1)[0]
    yield from read_bytes(origin, inner, inner_name, options, url=given.get("url"))
