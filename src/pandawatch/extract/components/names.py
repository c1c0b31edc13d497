"""Panda and institution names in text, linked to the registry; people linked to their countries.

Registry names are compiled into two patterns (pandas case-sensitive, institutions not) so a sentence is scanned
once. A name seen once ("Shin Shin") links to the registry's canonical name; when several pandas share it, the
one that lived in the article's host country wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ...model import Institution, Panda, PartialDate, Stay
from ...registry.load import Registry, load_registry
from ...resolve.names import NameIndex

_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’-]+$")


@dataclass(frozen=True)
class NameHit:
    start: int
    end: int
    text: str


class RegistryNames:
    """The registry's pandas and institutions, findable in text."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.index = NameIndex.from_registry(registry)
        self.panda_pattern = _alternation(_latin_names(registry.pandas.values()), flags=0)
        self.institution_pattern = _alternation(_latin_names(registry.institutions.values()), flags=re.I)

    def pandas_in(self, text: str) -> list[NameHit]:
        return _hits(self.panda_pattern, text)

    def institutions_in(self, text: str) -> list[tuple[NameHit, Institution]]:
        found = []
        for hit in _hits(self.institution_pattern, text):
            place = self.index.institution(hit.text) or next(iter(self.index.institutions(hit.text)), None)
            if place is not None:
                found.append((hit, place))
        return found

    def panda(self, text: str, host: str | None = None) -> Panda | None:
        """The registry panda ``text`` names; among namesakes, one that lived in ``host``."""
        candidates = self.index.pandas(text)
        if host:
            lived_there = [panda for panda in candidates if host in self.host_countries(panda)]
            candidates = lived_there or candidates
        return candidates[0] if candidates else None

    def host_countries(self, panda: Panda) -> set[str]:
        countries = set()
        for stay in panda.stays:
            place = self.registry.institutions.get(stay.institution)
            if place is not None and place.country != "CHN":
                countries.add(place.country)
        return countries

    def pandas_at(self, institution: str, date: object, event_type: str) -> list[str]:
        """Registry pandas whose stay at ``institution`` began (arrivals, agreements) or ended (departures)
        at ``date``'s precision, or spanned it (other events)."""
        place = self.index.institution(institution)
        if place is None:
            return []
        when = PartialDate(str(date))
        found = []
        for panda in self.registry.pandas.values():
            if event_type == "PANDA_DEATH" and (panda.death is None or not panda.death.date.agrees_with(when)):
                continue  # a death there then is only of a panda that died then
            for stay in panda.stays:
                if stay.institution == place.id and stay_fits(stay, when, event_type):
                    found.append(panda.name)
        return found

    def parents(self, panda: Panda) -> list[str]:
        """Canonical names of a panda's recorded parents."""
        names = []
        for link in (*panda.mother[:1], *panda.father[:1]):
            parent = self.registry.pandas.get(link.id)
            if parent is not None:
                names.append(parent.name)
        return names


def stay_fits(stay: Stay, when: PartialDate, event_type: str) -> bool:
    start = stay.start.date if stay.start else None
    end = stay.end.date if stay.end else None
    if event_type in ("PANDA_ARRIVAL", "LOAN_AGREEMENT"):
        return start is not None and start.agrees_with(when)
    if event_type == "PANDA_DEPARTURE":
        return end is not None and end.agrees_with(when)
    if start is None:
        return False
    return start.first_day() <= when.last_day() and (end is None or end.last_day() >= when.first_day())


def _latin_names(records) -> list[str]:
    names = set()
    for record in records:
        for name in record.all_names():
            if _LATIN.match(name.text) and len(name.text) > 3:
                names.add(name.text)
    return sorted(names, key=len, reverse=True)


def _alternation(names: list[str], flags: int) -> re.Pattern | None:
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])", flags)


def _hits(pattern: re.Pattern | None, text: str) -> list[NameHit]:
    if pattern is None:
        return []
    return [NameHit(match.start(), match.end(), match.group(0)) for match in pattern.finditer(text)]


@cache
def load_registry_names(path: str | None = None) -> RegistryNames:
    """The registry's names (cached per registry folder)."""
    return RegistryNames(load_registry(path))
