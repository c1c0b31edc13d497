"""Bytes to text: byte-order marks, declared charsets, UTF-8, mixed UTF-8/cp1252, then detection.

Pure functions. A problem is raised as ``NotText(reason, detail)`` for the caller to turn into a ``Skipped``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# File signatures of formats that are never news text.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"MZ", b"\x00\x00\x01\x00",
                 b"RIFF", b"OggS", b"ID3", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"SQLite format 3")
_CONTROL_BYTES = set(range(0x00, 0x09)) | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20))
_NOT_CONTROL = bytes(byte for byte in range(256) if byte not in _CONTROL_BYTES)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HIGH = re.compile(rb"[\x80-\xff]")
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class NotText(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str = ""  # set when the bytes needed repair (mixed encodings)


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``; raise ``NotText`` for binary or undecodable input."""
    if not data or data.isspace():
        raise NotText("empty", "no content")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding) or _fail(f"byte-order mark says {encoding} but the bytes are not")
    utf16 = _bomless_utf16(data)
    if utf16:
        return utf16
    _reject_binary(data)
    return (
        _strict(data, "utf-8")
        or _as_declared(data, declared or declared_charset(data))  # looked for only when UTF-8 fails
        or _mixed_utf8(data)
        or _western(data)
        or _detected(data)
    )


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML <meta> or XML declaration names in the first 4 KB, if it is one Python knows."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, encoding: str) -> Decoded | None:
    try:
        return Decoded(data.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _as_declared(data: bytes, declared: str | None) -> Decoded | None:
    return _strict(data, declared) if declared else None


def _fail(detail: str) -> Decoded:
    raise NotText("undecodable", detail)


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a byte-order mark shows as a NUL in every other byte of ASCII-range text."""
    sample = data[:2000]
    if len(sample) < 8 or sample.count(0) < len(sample) // 3:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    encoding = "utf-16-le" if odd > even * 4 else "utf-16-be" if even > odd * 4 else None
    return _strict(data, encoding) if encoding else None


def _reject_binary(data: bytes) -> None:
    if data.startswith(_BINARY_MAGIC):
        raise NotText("binary", f"a binary file (starts with {data[:4]!r})")
    sample = data[:8192]
    controls = len(sample.translate(None, _NOT_CONTROL))  # what is left after deleting every other byte
    if b"\x00" in sample or controls > len(sample) // 100:
        raise NotText("binary", f"{controls} control bytes in the first {len(sample)} bytes: not text")


def _mixed_utf8(data: bytes) -> Decoded | None:
    """Mostly UTF-8 with some cp1252 lines (pasted text, concatenated files): decode line by line."""
    lines = data.split(b"\n")
    decoded, utf8_high, bad = [], 0, 0
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
            utf8_high += bool(_HIGH.search(line))
        except UnicodeDecodeError:
            bad += 1
            decoded.append(line.decode("cp1252", errors="replace"))
    if not utf8_high or not bad:  # no UTF-8 at all: a legacy encoding, not a mix
        return None
    note = f"mixed encodings: {bad} of {len(lines)} lines were not UTF-8 and were read as cp1252"
    return Decoded("\n".join(decoded), "utf-8+cp1252", note)


def _western(data: bytes) -> Decoded | None:
    """Nearly all ASCII with a few high bytes (curly quotes, accents): cp1252, the commonest legacy encoding.
    Detection guesses poorly on so little evidence."""
    if len(_HIGH.findall(data)) > len(data) // 20:
        return None
    return _strict(data, "cp1252")


def _detected(data: bytes) -> Decoded:
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise NotText("undecodable", "no text encoding fits these bytes")
    encoding = best.encoding
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as error:
        raise NotText("undecodable", f"looked like {encoding} but byte {error.start} is not") from error
