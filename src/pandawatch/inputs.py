"""Values people type (on the command line or in an API query), checked once: a clear InvalidInput names
the value and the form expected, so no query runs on a bad date or an unknown country."""

from __future__ import annotations

import datetime as dt
import difflib

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


# Names people write that pycountry does not answer to (its names are the ISO ones: "Korea, Republic of").
COUNTRY_ALIASES = {"south korea": "KOR", "korea": "KOR", "north korea": "PRK", "uk": "GBR", "britain": "GBR",
                   "great britain": "GBR", "england": "GBR", "scotland": "GBR", "us": "USA", "america": "USA",
                   "russia": "RUS", "taiwan": "TWN", "hong kong": "HKG", "macao": "MAC", "macau": "MAC",
                   "the netherlands": "NLD", "holland": "NLD", "czech republic": "CZE", "vietnam": "VNM"}  # fmt: skip


def _country_names() -> dict[str, str]:
    """Every name, official name and common name pycountry knows, lower-cased, with the aliases: → ISO3."""
    names = dict(COUNTRY_ALIASES)
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            if value := getattr(country, attribute, None):
                names.setdefault(value.lower(), country.alpha_3)
    return names


def as_country(value: str) -> str:
    """A country as ISO 3166-1 alpha-3 (HKG, MAC and TWN included), from an alpha-3 or alpha-2 code or a name
    ("Japan", "JP", "JPN", "South Korea"); an unknown one is refused with the nearest names."""
    text = value.strip()
    code = text.upper()
    country = (pycountry.countries.get(alpha_3=code) if len(code) == 3 else
               pycountry.countries.get(alpha_2=code) if len(code) == 2 else None)  # fmt: skip
    if country is not None and text.lower() not in COUNTRY_ALIASES:
        return country.alpha_3
    names = _country_names()
    if text.lower() in names:
        return names[text.lower()]
    close = difflib.get_close_matches(text.lower(), list(names), n=3, cutoff=0.75)
    hint = ("did you mean " + " or ".join(f"{name.title()} ({names[name]})" for name in close) + "?") if close \
        else "use a country name or its ISO 3166-1 code, e.g. Japan, JP or JPN"
    raise InvalidInput(f"not a country: {value!r}", hint=hint)


def as_dyad(text: str) -> tuple[str, str]:
    """``CHN-JPN`` → ("CHN", "JPN"): two different country codes."""
    parts = text.upper().replace("_", "-").split("-")
    try:
        if len(parts) == 2 and parts[0] != parts[1]:
            return as_country(parts[0]), as_country(parts[1])
    except InvalidInput:
        pass
    raise InvalidInput(f"not a country pair: {text!r}", hint="write two different ISO3 codes, e.g. CHN-JPN")
