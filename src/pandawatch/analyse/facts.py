"""Registry facts as happenings: each birth, death, arrival, departure, loan agreement and extension abroad,
typed like the ONTOLOGY's panda events so the timeline can lay them beside the news.

Works on the loaded registry (``pandawatch.registry.load_registry()``): pure functions, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from ..model import Citation, DatedFact, Loan, Panda, PartialDate
from ..registry.presence import stay_presences


@dataclass(frozen=True)
class Fact:
    """One curated happening. ``status`` is the registry's: occurred, planned, uncertain or derived."""

    type: str
    status: str
    date: PartialDate
    host: str
    pandas: tuple[str, ...]  # canonical names
    panda_ids: tuple[str, ...]
    institution: str | None  # canonical name
    loan: str | None
    citations: tuple[Citation, ...]
    file: str = ""
    alternatives: tuple[str, ...] = ()  # other dates the registry keeps for the same fact

    @property
    def event_status(self) -> str:
        """The ONTOLOGY status: planned stays planned, everything else happened."""
        return "planned" if self.status == "planned" else "occurred"

    @cached_property
    def days(self) -> tuple[int, int]:
        """The first and last day of its date, as ordinals (computed once: timelines compare many stories)."""
        return self.date.first_day().toordinal(), self.date.last_day().toordinal()

    def sources_json(self) -> list[dict]:
        return [{"origin": "registry", "file": self.file, "url": c.url, "outlet": c.publisher, "title": c.title,
                 "published": c.published, "evidence": c.evidence} for c in self.citations]  # fmt: skip


def registry_facts(registry: object) -> list[Fact]:
    """Every happening abroad the registry records, in date order (computed once per registry version)."""
    return _per_registry(_FACTS, registry, _registry_facts)


def name_index(registry: object) -> object:
    """The registry's ``NameIndex`` (built once per registry version)."""
    from ..resolve.names import NameIndex

    return _per_registry(_NAMES, registry, NameIndex.from_registry)


_FACTS: dict[tuple[str, str], list[Fact]] = {}
_NAMES: dict[tuple[str, str], object] = {}
_PRESENCES: dict[tuple[str, str], object] = {}


def _per_registry(cache: dict, registry: object, build: Callable[[object], object]) -> object:
    """``build(registry)``, kept for the registry's version (content hash and folder); a registry without a
    hash (built in memory) is not kept."""
    version = (getattr(registry, "content_hash", ""), getattr(registry, "root", ""))
    if not version[0]:
        return build(registry)
    if version not in cache:
        cache.clear()  # one registry at a time is the common case; keep memory flat
        cache[version] = build(registry)
    return cache[version]


def _registry_facts(registry: object) -> list[Fact]:
    facts = [fact for panda in registry.pandas.values() for fact in _panda_facts(registry, panda)]
    facts += [fact for loan in registry.loans.values() for fact in _loan_facts(registry, loan)]
    return sorted(_together(facts), key=lambda fact: (fact.date.iso, fact.type, fact.pandas))


def _together(facts: list[Fact]) -> list[Fact]:
    """Pandas that did the same thing the same day at the same place (a pair leaving, twins born) make one fact."""
    merged: dict[tuple, Fact] = {}
    for fact in facts:
        key = (fact.type, fact.status, fact.date, fact.host, fact.institution, fact.loan)
        if key in merged:
            seen = merged[key]
            fact = replace(seen, pandas=seen.pandas + fact.pandas, panda_ids=seen.panda_ids + fact.panda_ids,
                           citations=tuple(dict.fromkeys(seen.citations + fact.citations)))  # fmt: skip
        merged[key] = fact
    return list(merged.values())


def _panda_facts(registry: object, panda: Panda) -> Iterator[Fact]:
    born = panda.birth
    if born and panda.born_at and _abroad(registry, panda.born_at):
        yield _fact(registry, "PANDA_BIRTH", born, panda.born_at, panda, None, panda.born)
    for stay in panda.stays:
        if not _abroad(registry, stay.institution):
            continue
        if not (born and stay.start.date == born.date):
            yield _fact(registry, "PANDA_ARRIVAL", stay.start, stay.institution, panda, stay.loan)
        if stay.end is None:
            continue
        died_there = panda.death and stay.end.date == panda.death.date
        yield _fact(registry, "PANDA_DEATH" if died_there else "PANDA_DEPARTURE", stay.end, stay.institution,
                    panda, stay.loan, panda.died if died_there else ())  # fmt: skip


def _loan_facts(registry: object, loan: Loan) -> Iterator[Fact]:
    pandas = tuple(registry.pandas[pid] for pid in loan.pandas if pid in registry.pandas)
    institution = loan.institutions[0] if loan.institutions else None
    common = dict(host=loan.host_country, pandas=tuple(p.name for p in pandas), panda_ids=tuple(p.id for p in pandas),
                  institution=_institution_name(registry, institution), loan=loan.id, file=loan.file)  # fmt: skip
    if loan.agreed:
        yield Fact("LOAN_AGREEMENT", loan.agreed.status, loan.agreed.date, citations=loan.agreed.citations, **common)
    for extension in loan.extensions:
        if extension.date:
            yield Fact("LOAN_EXTENSION", extension.date.status, extension.date.date,
                       citations=extension.citations or extension.date.citations, **common)  # fmt: skip


def _fact(registry: object, type_: str, dated: DatedFact, institution: str, panda: Panda, loan: str | None,
          conflicting: tuple[DatedFact, ...] = ()) -> Fact:  # fmt: skip
    citations = dated.citations or next((s.citations for s in panda.stays if s.institution == institution), ())
    return Fact(type_, dated.status, dated.date, country_of(registry, institution), (panda.name,), (panda.id,),
                _institution_name(registry, institution), loan, citations, panda.file,
                tuple(other.date.iso for other in conflicting[1:]))  # fmt: skip


def country_of(registry: object, institution_id: str | None) -> str:
    institution = registry.institutions.get(institution_id) if institution_id else None
    return institution.country if institution else "???"


def _abroad(registry: object, institution_id: str) -> bool:
    return country_of(registry, institution_id) not in ("CHN", "???")


def _institution_name(registry: object, institution_id: str | None) -> str | None:
    institution = registry.institutions.get(institution_id) if institution_id else None
    return institution.name if institution else institution_id


def stay_spans(registry: object, country: str) -> list[tuple[dt.date, dt.date]]:
    """Each stay in ``country`` as (first day surely there, day it may have ended — or date.max while it
    lasts); stays never surely there (both ends imprecise within one period) are left out."""
    return [(presence.certain_first, _span_stop(stay, presence))
            for panda in registry.pandas.values() for stay, presence in zip(panda.stays, stay_presences(panda))
            if presence.certain_first and country_of(registry, stay.institution) == country]  # fmt: skip


def _span_stop(stay, presence) -> dt.date:
    if stay.end:
        return stay.end.date.first_day()
    return presence.certain_last + dt.timedelta(days=1) if presence.certain_last else dt.date.max


def count_held(spans: list[tuple[dt.date, dt.date]], on: dt.date) -> int:
    """Pandas living there at the end of ``on``, from ``stay_spans``."""
    return sum(1 for start, stop in spans if start <= on < stop)


def held_pandas(registry: object, country: str, day: PartialDate) -> list[Panda]:
    """The pandas surely living in ``country`` on ``day`` (at the day's end) according to the registry."""
    return held_by_country(registry, day).get(country, [])


def held_by_country(registry: object, day: PartialDate) -> dict[str, list[Panda]]:
    """``held_pandas`` of every country, in one pass over the registry (in its order within a country)."""
    on = day.last_day()
    held: dict[str, list[Panda]] = {}
    presences = _per_registry(_PRESENCES, registry, _presences)
    for panda in registry.pandas.values():
        countries = {country_of(registry, stay.institution) for stay, presence in zip(panda.stays, presences[panda.id])
                     if presence.on(on) == "certain" and (stay.end is None or stay.end.date.first_day() > on)}  # fmt: skip
        for country in sorted(countries):
            held.setdefault(country, []).append(panda)
    return held


def _presences(registry: object) -> dict[str, list]:
    return {panda.id: stay_presences(panda) for panda in registry.pandas.values()}
