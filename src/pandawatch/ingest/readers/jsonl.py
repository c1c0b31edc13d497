"""JSONL: one article per line, ``{"text"|"html": ..., "url": ..., "published": ..., "title": ...}``.
A bad line is reported with its number; the other lines go on. A JSONL file (plain or gzipped) is read line by
line (``read_stream``): memory holds one record, however large the file; bytes from a server are read whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ...model import RawInput, Skipped
from ..decode import NotText, decode
from . import Item, ReadOptions

_UTF8_BOM = b"\xef\xbb\xbf"
_SKIP_CHUNK = 1 << 20  # how much of an over-long line is read (and dropped) at a time


def read(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    try:
        text = decode(data, given.get("encoding")).text
    except NotText as problem:
        yield Skipped(origin, problem.reason, problem.detail)
        return
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        if line.strip():
            yield _record(f"{origin}#line-{number}", number, line)


def read_stream(origin: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    """The records of a UTF-8 JSONL stream (a file, a gzip's decompressed bytes), one line at a time. A line is
    held whole, so one over ``max_input_bytes`` is reported as too-large and read past, not held; the stream as a
    whole stops at ``max_stream_bytes`` (a decompression bomb of tiny lines ends there)."""
    total = 0
    seen = False
    for number, line, size in _lines(stream, options.max_bytes):
        total += size
        if total > options.max_stream_bytes:
            yield Skipped(origin, "too-large", f"over {options.max_stream_bytes:,} bytes read by line {number} "
                          "(setting max_stream_bytes): the rest is not read")
            return
        where = f"{origin}#line-{number}"
        if line is None:
            seen = True
            yield Skipped(where, "too-large", f"line {number}: {size:,} bytes, over the limit of "
                          f"{options.max_bytes:,} for a record (setting max_input_bytes)")
            continue
        if number == 1:
            line = line.removeprefix(_UTF8_BOM)
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:  # a line in another encoding: repaired as a whole file would be
            try:
                text = decode(line).text
            except NotText as problem:
                yield Skipped(where, problem.reason, f"line {number}: {problem.detail}")
                continue
        if text.strip():
            seen = True
            yield _record(where, number, text)
    if not seen:
        yield Skipped(origin, "empty", "the input is empty")


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, line without its newline or None when over ``limit`` bytes, bytes it took in the stream)."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        size = len(line)
        if size > limit and not line.endswith(b"\n"):  # over the limit: read to its end, keeping nothing
            while line and not line.endswith(b"\n"):
                line = stream.readline(_SKIP_CHUNK)
                size += len(line)
            yield number, None, size
        else:
            yield number, line.removesuffix(b"\n"), size


def _record(where: str, number: int, line: str) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Skipped(where, "malformed", f"line {number}: not JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return Skipped(where, "malformed", f"line {number}: JSON nested too deeply to read")
    except ValueError as error:  # e.g. an integer of thousands of digits (Python's int_max_str_digits)
        why = str(error).split(":")[0][:120]
        return Skipped(where, "malformed", f"line {number}: unreadable JSON value ({why})")
    if not isinstance(record, dict):
        return Skipped(where, "malformed", f"line {number}: a JSON {type(record).__name__}, not an object")
    body, media_type = _body(record)
    if body is None:
        return Skipped(where, "malformed", f"line {number}: no 'text' or 'html' string")
    url = record.get("url") if isinstance(record.get("url"), str) and record.get("url") else None
    fields = {"url": url, "title": _string(record.get("title")), "published": _string(record.get("published"))}
    for name, value in (("text" if media_type == "text/plain" else "html", body), *fields.items()):
        if value is not None and not _encodable(value):
            return Skipped(where, "malformed", f"line {number}: '{name}' holds a lone surrogate (\\ud800-\\udfff "
                           "escape without its pair), not text")
    return RawInput(url or where, body.encode("utf-8"), media_type, **fields)


def _body(record: dict) -> tuple[str | None, str]:
    if isinstance(record.get("html"), str) and record["html"].strip():
        return record["html"], "text/html"
    if isinstance(record.get("text"), str) and record["text"].strip():
        return record["text"], "text/plain"
    return None, ""


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _string(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
