"""Values people type (on the command line or in an API query), checked once: a clear InvalidInput names
the value and the form expected, so no query runs on a bad date or an unknown country."""

from __future__ import annotations

import datetime as dt

import pycountry

from .errors import InvalidInput
from .model import PartialDate


def as_partial(value: str, what: str = "date") -> str:
    """An ISO date as precise as given (``2025``, ``2025-11``, ``2025-11-14``)."""
    try:
        return PartialDate(str(value).strip()).iso
    except ValueError:
        raise InvalidInput(f"not a {what}: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None


def as_day(value: dt.date | str) -> dt.date:
    """A day from a date or an ISO string (a year or month means its first day)."""
    if isinstance(value, dt.date):
        return value
    return PartialDate(as_partial(value)).first_day()


def as_of(value: str | None, name: str = "as_of") -> str | None:
    """What the knowledge base knew on a day: ``value`` must be a whole day YYYY-MM-DD (None when not given)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidInput(f"{name} wants a day YYYY-MM-DD, not {value!r}", source=name) from None


def as_country(value: str) -> str:
    """An ISO 3166-1 alpha-3 code that exists (HKG, MAC and TWN included), upper-cased."""
    code = value.strip().upper()
    if len(code) != 3 or pycountry.countries.get(alpha_3=code) is None:
        raise InvalidInput(f"not a country code: {value!r} (use ISO 3166-1 alpha-3, e.g. JPN, USA, HKG)")
    return code


def as_dyad(text: str) -> tuple[str, str]:
    """``CHN-JPN`` → ("CHN", "JPN"): two different country codes."""
    parts = text.upper().replace("_", "-").split("-")
    try:
        if len(parts) == 2 and parts[0] != parts[1]:
            return as_country(parts[0]), as_country(parts[1])
    except InvalidInput:
        pass
    raise InvalidInput(f"not a country pair: {text!r}", hint="write two different ISO3 codes, e.g. CHN-JPN")
