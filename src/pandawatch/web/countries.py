"""Country codes: the registry and events speak ISO 3166-1 alpha-3; world-atlas's map shapes use numeric ids."""

from __future__ import annotations

from functools import cache

import pycountry

# Names news uses, where pycountry's official name reads oddly on a dashboard.
SHORT_NAMES = {"TWN": "Taiwan", "KOR": "South Korea", "PRK": "North Korea", "RUS": "Russia",
               "GBR": "United Kingdom", "USA": "United States", "HKG": "Hong Kong", "MAC": "Macau"}  # fmt: skip


@cache
def country_name(alpha3: str) -> str:
    if alpha3 in SHORT_NAMES:
        return SHORT_NAMES[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    return getattr(country, "common_name", None) or (country.name if country else alpha3)


@cache
def numeric_code(alpha3: str) -> str | None:
    """The ISO numeric id as world-atlas writes it (three digits, zero-padded), or None."""
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.numeric if country else None


def is_country_code(text: str) -> bool:
    return len(text) == 3 and text.isalpha() and text.isupper() and pycountry.countries.get(alpha_3=text) is not None
