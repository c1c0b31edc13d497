"""JSONL: one article per line, ``{"text"|"html": ..., "url": ..., "published": ..., "title": ...}``.
A bad line is reported with its number; the other lines go on."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ...model import RawInput, Skipped
from ..decode import NotText, decode
from . import Item, ReadOptions


def read(origin: str, data: bytes, name: str, options: ReadOptions, **given: str | None) -> Iterator[Item]:
    try:
        text = decode(data, given.get("encoding")).text
    except NotText as problem:
        yield Skipped(origin, problem.reason, problem.detail)
        return
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        if line.strip():
            yield _record(f"{origin}#line-{number}", number, line)


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
