"""Actors → ISO 3166-1 alpha-3 codes, from the gazetteers in data/countries.yaml and data/actors.yaml.

A country acts through its name ("Japan"), its adjective ("Japanese authorities"), its capital or another of its
places ("Beijing", "Tokyo authorities"), its people ("Prime Minister Sanae Takaichi") and its bodies ("the LDP").
``Gazetteer.find(text)`` returns every such mention with its character span, longest match first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from ..settings import PACKAGE_DATA


_CAPITALISED = re.compile(r"\b[A-Z][\w.]*")


@dataclass(frozen=True)
class Mention:
    """A stretch of text that stands for a country."""

    start: int
    end: int
    text: str
    code: str
    kind: str  # name, adjective, place, person, body


@dataclass(frozen=True)
class Person:
    name: str
    country: str
    surname: str


class Gazetteer:
    """Every form that stands for a country, compiled into one case-sensitive regular expression."""

    def __init__(self, forms: dict[str, tuple[str, str]], persons: tuple[Person, ...], titles: tuple[str, ...],
                 generic_bodies: tuple[str, ...] = ()) -> None:
        self.forms = forms  # surface form → (code, kind)
        self.persons = persons
        self.titles = frozenset(titles)
        self.generic_bodies = frozenset(generic_bodies)
        self._multiword: dict[str, list[str]] = {}
        for form in forms:
            if " " in form:
                self._multiword.setdefault(form.split()[0], []).append(form)
        alternation = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")

    def find(self, text: str) -> list[Mention]:
        mentions = []
        for match in self._pattern.finditer(text):
            code, kind = self.forms[match.group(0)]
            mentions.append(Mention(match.start(), match.end(), match.group(0), code, kind))
        return mentions

    def quick_codes(self, text: str) -> set[str]:
        """Countries named by one-word forms, found by a set lookup (no big alternation): a fast pre-test."""
        codes = set()
        for match in _CAPITALISED.finditer(text):
            word = match.group(0)
            entry = self.forms.get(word) or self.forms.get(word.rstrip("."))
            if entry:
                codes.add(entry[0])
            for form in self._multiword.get(word.rstrip("."), ()):
                if text.startswith(form, match.start()):
                    codes.add(self.forms[form][0])
        return codes

    def code_of(self, form: str) -> str | None:
        entry = self.forms.get(form)
        return entry[0] if entry else None

    def countries_in(self, text: str) -> set[str]:
        return {mention.code for mention in self.find(text)}


def _country_forms(countries: dict) -> dict[str, tuple[str, str]]:
    forms: dict[str, tuple[str, str]] = {}
    for code, entry in countries.items():
        for kind, key in (("place", "places"), ("adjective", "adjectives"), ("name", "names")):
            for form in entry.get(key) or ():
                forms[str(form)] = (code, kind)
        if entry.get("capital"):
            forms[str(entry["capital"])] = (code, "place")
    return forms


def _persons(actors: dict) -> tuple[Person, ...]:
    people = []
    for entry in actors.get("persons") or ():
        name = str(entry["name"])
        people.append(Person(name, entry["country"], name.split()[-1] if " " in name else name))
    return tuple(people)


@cache
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (cached: it is read once per process)."""
    with (PACKAGE_DATA / "countries.yaml").open(encoding="utf-8") as handle:
        countries = yaml.safe_load(handle)
    with (PACKAGE_DATA / "actors.yaml").open(encoding="utf-8") as handle:
        actors = yaml.safe_load(handle)
    forms = _country_forms(countries)
    persons = _persons(actors)
    for person in persons:
        forms[person.name] = (person.country, "person")
    for body in actors.get("bodies") or ():
        forms[str(body["name"])] = (body["country"], "body")
    return Gazetteer(forms, persons, tuple(actors.get("titles") or ()), tuple(actors.get("generic_bodies") or ()))
