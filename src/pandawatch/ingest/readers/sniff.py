"""Which form some bytes are in: by the name's suffix when it says, else by the content's first bytes."""

from __future__ import annotations

import zlib

from ..decode import NotText, decode

HEAD_BYTES = 65_536  # what is read of a file to tell its form before choosing to read it whole or line by line

_SUFFIXES = {
    ".gz": "gzip", ".gzip": "gzip",
    ".warc": "warc", ".arc": "warc",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".feed": "feed", ".rdf": "feed",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "text", ".text": "text", ".md": "text",
}
_MEDIA_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/xml": "feed",
    "text/xml": "feed", "application/rdf+xml": "feed",
    "application/gzip": "gzip", "application/x-gzip": "gzip",
    "application/warc": "warc",
    "application/jsonl": "jsonl", "application/x-ndjson": "jsonl", "application/json": "jsonl",
    "text/plain": "text",
}


def form_of(name: str, data: bytes, media_type: str | None = None) -> str:
    """One of gzip, warc, feed, jsonl, html, text."""
    if data[:2] == b"\x1f\x8b":
        return "warc" if _gzipped_warc(name, data) else "gzip"
    if data[:5] == b"WARC/":
        return "warc"
    if media_type in _MEDIA_TYPES and media_type != "text/plain":  # a server's specific type beats a URL's suffix
        return _MEDIA_TYPES[media_type]
    suffix = _suffix(name)
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    return _by_content(data)


def utf8_text(head: bytes) -> bool:
    """Whether a file's first bytes are UTF-8 text (so that its lines can be split and decoded one by one); judged up to
    its last line break; one in another encoding (or binary) says no (the file is then read whole)."""
    try:
        return decode(head[: head.rfind(b"\n") + 1] or head).encoding in ("utf-8", "utf-8-sig")
    except NotText:
        return False


def _suffix(name: str) -> str:
    last = name.rsplit("/", 1)[-1].split("?", 1)[0]
    return "." + last.rsplit(".", 1)[-1].lower() if "." in last else ""


def _gzipped_warc(name: str, data: bytes) -> bool:
    if name.lower().endswith((".warc.gz", ".arc.gz")):
        return True
    try:
        head = zlib.decompressobj(wbits=31).decompress(data[:4096], 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def _by_content(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "html" if b"<html" in head else "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"
