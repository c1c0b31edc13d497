"""Panda and institution names → registry records. Several pandas share a name, so lookups return all
candidates; callers (or people) choose among them with ids, birth years and places."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model import Institution, Panda

_SEPARATORS = re.compile(r"[\s\-‐‑–—_.'’`·・]+")


def normalise(text: str) -> str:
    """A name's comparable form: case, accents, spaces, hyphens and apostrophes do not count.

    ``Xiao Xiao``, ``Xiaoxiao``, ``xiao-xiao`` and ``XIAO XIAO`` are one key; Chinese and Japanese
    characters are kept (full-width forms folded to their ordinary ones).
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    stripped = "".join(char for char in folded if not unicodedata.combining(char))
    return _SEPARATORS.sub("", unicodedata.normalize("NFC", stripped).casefold())


@dataclass
class NameIndex:
    """Every name (canonical, alias, id) of every panda and institution, by normalised form."""

    panda_keys: dict[str, list[Panda]] = field(default_factory=dict)
    institution_keys: dict[str, list[Institution]] = field(default_factory=dict)

    @classmethod
    def from_registry(cls, registry: object) -> NameIndex:
        index = cls()
        for panda in registry.pandas.values():  # type: ignore[attr-defined]
            for text in (panda.id, *(name.text for name in panda.all_names())):
                _add(index.panda_keys, normalise(text), panda)
        for place in registry.institutions.values():  # type: ignore[attr-defined]
            for text in (place.id, *(name.text for name in place.all_names())):
                _add(index.institution_keys, normalise(text), place)
        return index

    def pandas(self, text: str) -> list[Panda]:
        """All pandas known by ``text`` (an id, a canonical name or an alias): exact id first, then those
        whose canonical name it is, then by birth year."""
        key = normalise(text)
        found = self.panda_keys.get(key, [])
        return sorted(found, key=lambda panda: (panda.id != text, normalise(panda.name) != key, _born(panda)))

    def institutions(self, text: str) -> list[Institution]:
        key = normalise(text)
        return sorted(self.institution_keys.get(key, []), key=lambda place: normalise(place.name) != key)

    def institution(self, text: str) -> Institution | None:
        """The institution ``text`` names, when exactly one does."""
        found = self.institutions(text)
        return found[0] if len(found) == 1 else None


def _add(keys: dict[str, list], key: str, record: object) -> None:
    bucket = keys.setdefault(key, [])
    if key and record not in bucket:
        bucket.append(record)


def _born(panda: Panda) -> str:
    return panda.birth.date.iso if panda.birth else "9999"
