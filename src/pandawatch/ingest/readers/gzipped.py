"""gzip-compressed inputs: decompressed within the size limit, then read as the form inside; a gzipped JSONL
file is decompressed as it is read, line by line (``stream``), so a shard of any size costs one record's memory."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ...model import Skipped
from . import Item, ReadOptions, read_bytes
from .jsonl import read_stream
from .sniff import HEAD_BYTES, form_of, utf8_text


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
    yield from read_bytes(origin, inner, _inner_name(name), options, url=given.get("url"))


def stream(origin: str, file: BinaryIO, options: ReadOptions) -> Iterator[Item] | None:
    """The records of a gzipped JSONL ``file``, decompressed as they are read; None when it holds another form
    (or its head does not decompress): then it is read whole, as ``read`` does."""
    try:
        with gzip.GzipFile(fileobj=file) as probe:
            head = probe.read(HEAD_BYTES)
    except (EOFError, OSError, zlib.error):
        return None
    finally:
        file.seek(0)
    if form_of(_inner_name(origin), head) != "jsonl" or not utf8_text(head):
        return None
    return _jsonl(origin, file, options)


def _jsonl(origin: str, file: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    try:
        with gzip.GzipFile(fileobj=file) as inner:
            yield from read_stream(origin, inner, options)
    except EOFError:
        yield Skipped(origin, "truncated", "the gzip stream ends before its end marker (file cut short); the "
                      "lines before the break are read")
    except (OSError, zlib.error) as error:
        yield Skipped(origin, "corrupt", f"not a readable gzip stream ({error}); the lines before it are read")


def _inner_name(name: str) -> str:
    return name[: -len(".gz")] if name.lower().endswith(".gz") else name.rsplit(".", 1)[0]
