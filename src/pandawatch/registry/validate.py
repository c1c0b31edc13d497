"""Cross-checks over the loaded registry. Each check is a function Registry -> list[Problem].

Dates are partial (2011, 2011-02, 2011-02-21): a check reports only what is wrong at every reading of the
dates, so ``2011`` never contradicts ``2011-06-01``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from itertools import combinations

from ..model import DatedFact, Panda, PartialDate, Problem, Stay
from ..resolve.names import normalise
from .load import Registry
from .sources import best_kind, loan_facts, panda_facts

Check = Callable[[Registry], list[Problem]]
FOREVER = dt.date.max


def check_registry(registry: Registry, today: dt.date | None = None) -> list[Problem]:
    """Every problem: the loader's, then each check's, sorted by file and line."""
    today = today or dt.date.today()
    problems = list(registry.problems)
    for check in CHECKS:
        problems.extend(check(registry))
    problems.extend(check_future_dates(registry, today))
    problems.extend(check_open_stays(registry, today))
    return sorted(set(problems))


# ------------------------------------------------------------------------------------ references


def check_references(registry: Registry) -> list[Problem]:
    problems = []
    for panda in registry.pandas.values():
        problems += _panda_references(registry, panda)
    for loan in registry.loans.values():
        for institution in loan.institutions:
            if institution not in registry.institutions:
                problems.append(_at(loan, "institutions", f"unknown institution {institution!r}"))
        for panda_id in loan.pandas:
            if panda_id not in registry.pandas:
                problems.append(_at(loan, "pandas", f"unknown panda {panda_id!r}"))
    return problems


def _panda_references(registry: Registry, panda: Panda) -> list[Problem]:
    problems = []
    if panda.born_at and panda.born_at not in registry.institutions:
        problems.append(_at(panda, "born_at", f"unknown institution {panda.born_at!r}"))
    for role, links in (("mother", panda.mother), ("father", panda.father)):
        problems += [Problem(panda.file, link.line, role, f"unknown panda {link.id!r}")
                     for link in links if link.id not in registry.pandas]
    problems += [_at(panda, "litter", f"unknown panda {sibling!r}")
                 for sibling in panda.litter if sibling not in registry.pandas]
    problems += [Problem(panda.file, name.line, "names.shared_with", f"unknown panda {other!r}")
                 for name in panda.names for other in name.shared_with if other not in registry.pandas]
    for index, stay in enumerate(panda.stays):
        if stay.institution not in registry.institutions:
            problems.append(Problem(panda.file, stay.line, f"stays[{index}].institution",
                                    f"unknown institution {stay.institution!r}"))
        if stay.loan and stay.loan not in registry.loans:
            problems.append(Problem(panda.file, stay.line, f"stays[{index}].loan", f"unknown loan {stay.loan!r}"))
    return problems


def check_loan_hosts(registry: Registry) -> list[Problem]:
    """A loan's institutions, and the stays under it, are in its host country."""
    problems = [_at(loan, "institutions", f"{place.id} is in {place.country}, the loan's host is {loan.host_country}")
                for loan in registry.loans.values() for place_id in loan.institutions
                if (place := registry.institutions.get(place_id)) and place.country != loan.host_country]
    for panda in registry.pandas.values():
        for index, stay in enumerate(panda.stays):
            loan, place = registry.loans.get(stay.loan or ""), registry.institutions.get(stay.institution)
            if loan and place and place.country not in (loan.host_country, "CHN"):
                problems.append(Problem(panda.file, stay.line, f"stays[{index}].loan",
                                        f"loan {loan.id!r} is hosted by {loan.host_country}, "
                                        f"but {place.id!r} is in {place.country}"))
    return problems


# ---------------------------------------------------------------------------------- stays and life


def check_id_years(registry: Registry) -> list[Problem]:
    """A panda id ending in a year names its birth year (``-1972x``: a first-arrival year, not checked)."""
    problems = []
    for panda in registry.pandas.values():
        match = re.search(r"-(\d{4})$", panda.id)
        years = {fact.date.iso[:4] for fact in panda.born}
        if match and years and match.group(1) not in years:
            problems.append(_at(panda, "id", f"the id's year {match.group(1)} is not a reported birth year "
                                             f"({', '.join(sorted(years))}); use the birth year, or -{match.group(1)}x"))
    return problems


def check_stays(registry: Registry) -> list[Problem]:
    problems = []
    for panda in registry.pandas.values():
        problems += _stay_order(panda) + _stay_overlaps(panda) + _stays_within_life(panda)
        if panda.abroad and not panda.stays:
            problems.append(_at(panda, "stays", "no stays (a parent that never left China has abroad: false)"))
    return problems


# The oldest giant pandas on record reached about 38; an open stay abroad past that age means a death or a
# return is missing, and the panda would be counted as living there today. (After a return to China the
# registry follows a panda less closely, so open stays there are not flagged.)
OLDEST_KNOWN_AGE = 38


def check_open_stays(registry: Registry, today: dt.date) -> list[Problem]:
    problems = []
    for panda in registry.pandas.values():
        born = _earliest(panda.born)
        if panda.died or not born or (today - born).days < OLDEST_KNOWN_AGE * 365.25:
            continue
        problems += [Problem(panda.file, stay.line, f"stays[{i}].to",
                             f"still open, but the panda would be over {OLDEST_KNOWN_AGE} (born {born.year}): "
                             "a death or return is missing")
                     for i, stay in enumerate(panda.stays) if not stay.end and _country(registry, stay) != "CHN"]
    return problems


def _stay_order(panda: Panda) -> list[Problem]:
    return [Problem(panda.file, stay.line, f"stays[{i}].to", f"ends ({stay.end.date}) before it starts ({stay.start.date})")
            for i, stay in enumerate(panda.stays) if stay.end and _before(stay.end.date, stay.start.date)]


def _stay_overlaps(panda: Panda) -> list[Problem]:
    problems = []
    for (i, first), (j, second) in combinations(enumerate(panda.stays), 2):
        if _overlap(first, second):
            problems.append(Problem(panda.file, second.line, f"stays[{j}]",
                                    f"overlaps stays[{i}] ({first.institution} from {first.start.date})"))
    return problems


def _overlap(first: Stay, second: Stay) -> bool:
    """Two stays overlap when each surely starts before the other ends (a transfer day is not an overlap)."""
    first_end = first.end.date.first_day() if first.end else FOREVER
    second_end = second.end.date.first_day() if second.end else FOREVER
    return first.start.date.last_day() < second_end and second.start.date.last_day() < first_end


def _stays_within_life(panda: Panda) -> list[Problem]:
    problems = []
    born, died = _earliest(panda.born), _latest(panda.died)
    for index, stay in enumerate(panda.stays):
        where = f"stays[{index}]"
        if born and stay.start.date.last_day() < born:
            problems.append(Problem(panda.file, stay.line, f"{where}.from", f"starts {stay.start.date}, before birth"))
        elif born and stay.start.date.first_day() < born:
            problems.append(Problem(panda.file, stay.line, f"{where}.from",
                                    f"starts {stay.start.date}, a range that opens before birth "
                                    f"({panda.birth.date}): give the arrival date", "warning"))  # type: ignore[union-attr]
        if died and stay.start.date.first_day() > died:
            problems.append(Problem(panda.file, stay.line, f"{where}.from", f"starts {stay.start.date}, after death"))
        if died and stay.end and stay.end.date.first_day() > died:
            problems.append(Problem(panda.file, stay.line, f"{where}.to", f"ends {stay.end.date}, after death"))
        elif died and stay.end and stay.end.date.last_day() > died:
            problems.append(Problem(panda.file, stay.line, f"{where}.to",
                                    f"ends {stay.end.date}, a range that closes after death "
                                    f"({panda.death.date}): give the date it left", "warning"))  # type: ignore[union-attr]
    return problems


# ------------------------------------------------------------------------------------ sources, loans


def check_fan_only(registry: Registry) -> list[Problem]:
    """Warnings: facts whose every source is a fan site, blog or forum (data/source_kinds.yaml)."""
    facts = [fact for panda in registry.pandas.values() for fact in panda_facts(panda)]
    facts += [fact for loan in registry.loans.values() for fact in loan_facts(loan)]
    return [Problem(fact.file, fact.line, fact.field, "rests only on a fan site, blog or forum ("
                    + ", ".join(sorted({c.url.split('/')[2] for c in fact.citations})) + "): find a zoo, news or "
                    "encyclopaedia source", "warning") for fact in facts if best_kind(fact.citations) == "fan"]


# ----------------------------------------------------------------------------------------- family


def check_family(registry: Registry) -> list[Problem]:
    problems = []
    for panda in registry.pandas.values():
        problems += _born_after_parents(registry, panda) + _born_at_mothers_zoo(registry, panda)
        problems += _litter(registry, panda)
    return problems


def _born_after_parents(registry: Registry, panda: Panda) -> list[Problem]:
    problems, birth = [], panda.birth
    if not birth:
        return problems
    for role, links in (("mother", panda.mother), ("father", panda.father)):
        for link in links:
            parent = registry.pandas.get(link.id)
            parent_born = _earliest(parent.born) if parent else None
            if parent_born and birth.date.last_day() <= parent_born:
                problems.append(Problem(panda.file, link.line or birth.line, role,
                                        f"born {birth.date}, not after its {role} {link.id} ({parent.birth.date})"))
    mother = _preferred_parent(registry, panda.mother)
    mother_died = _latest(mother.died) if mother else None
    if mother and mother_died and birth.date.first_day() > mother_died:
        problems.append(_at(panda, "mother", f"born {birth.date}, after its mother {mother.id} died"))
    return problems


def _born_at_mothers_zoo(registry: Registry, panda: Panda) -> list[Problem]:
    """A cub is born where its mother lives: her stays on the birth date must include the birthplace."""
    mother, birth, birthplace = _preferred_parent(registry, panda.mother), panda.birth, _birthplace(panda)
    if not mother or not birth or not birthplace or birth.date.precision != "day":
        return []
    day = birth.date.first_day()
    places = {stay.institution for stay in mother.stays if _covers(stay, day)}
    if places and birthplace not in places:
        return [_at(panda, "born_at", f"born at {birthplace}, but its mother {mother.id} was at "
                                      f"{', '.join(sorted(places))} on {birth.date}")]
    return []


def _birthplace(panda: Panda) -> str | None:
    if panda.born_at:
        return panda.born_at
    first = panda.stays[0] if panda.stays else None
    if first and panda.birth and first.start.date == panda.birth.date:
        return first.institution
    return None


def _litter(registry: Registry, panda: Panda) -> list[Problem]:
    problems = []
    for sibling_id in panda.litter:
        sibling = registry.pandas.get(sibling_id)
        if not sibling:
            continue
        if panda.birth and sibling.birth and not panda.birth.date.agrees_with(sibling.birth.date):
            problems.append(_at(panda, "litter", f"litter-mate {sibling_id} was born {sibling.birth.date}, "
                                                 f"this panda {panda.birth.date}"))
        if panda.id not in sibling.litter:
            problems.append(_at(panda, "litter", f"{sibling_id} does not list {panda.id} in its litter"))
        mothers = {link.id for link in panda.mother}, {link.id for link in sibling.mother}
        if all(mothers) and not mothers[0] & mothers[1]:
            problems.append(_at(panda, "litter", f"litter-mate {sibling_id} has a different mother"))
    return problems


# ------------------------------------------------------------------------------------------ dates


def check_date_order(registry: Registry) -> list[Problem]:
    problems = []
    for panda in registry.pandas.values():
        born, died = panda.birth, panda.death
        if born and died and _before(died.date, born.date):
            problems.append(Problem(panda.file, died.line, "died", f"dies ({died.date}) before birth ({born.date})"))
    for loan in registry.loans.values():
        problems += _loan_date_order(loan)
    return problems


def _loan_date_order(loan) -> list[Problem]:
    problems, start = [], loan.start
    pairs = [("agreed", loan.agreed, "start", start), ("start", start, "planned_end", loan.planned_end),
             ("start", start, "ended", loan.ended)]
    for early_name, early, late_name, late in pairs:
        if early and late and _before(late.date, early.date):
            problems.append(Problem(loan.file, late.line, late_name,
                                    f"{late_name} ({late.date}) is before {early_name} ({early.date})"))
    for index, extension in enumerate(loan.extensions):
        if extension.date and extension.new_end and _before(extension.new_end, extension.date.date):
            problems.append(Problem(loan.file, extension.line, f"extensions[{index}].new_end",
                                    f"new end {extension.new_end} is before the extension ({extension.date.date})"))
    return problems


def check_future_dates(registry: Registry, today: dt.date) -> list[Problem]:
    """A date after today must be marked ``status: planned`` (a loan's planned end is planned by nature)."""
    return [Problem(file, fact.line, where, f"{fact.date} is in the future but not marked status: planned")
            for file, where, fact in _dated_facts(registry)
            if fact.status != "planned" and fact.date.first_day() > today]


def _dated_facts(registry: Registry) -> Iterator[tuple[str, str, DatedFact]]:
    for panda in registry.pandas.values():
        for name, facts in (("born", panda.born), ("died", panda.died)):
            yield from ((panda.file, name, fact) for fact in facts)
        for index, stay in enumerate(panda.stays):
            yield panda.file, f"stays[{index}].from", stay.start
            if stay.end:
                yield panda.file, f"stays[{index}].to", stay.end
    for loan in registry.loans.values():
        for name in ("agreed", "start", "ended"):
            if getattr(loan, name):
                yield loan.file, name, getattr(loan, name)
        for index, extension in enumerate(loan.extensions):
            if extension.date:
                yield loan.file, f"extensions[{index}].date", extension.date


# ------------------------------------------------------------------------------------------ names


def check_ambiguous_aliases(registry: Registry) -> list[Problem]:
    """An alias equal to another panda's canonical name is ambiguous when both lived in one country at once."""
    canonical: dict[str, list[Panda]] = {}
    for panda in registry.pandas.values():
        canonical.setdefault(normalise(panda.name), []).append(panda)
    problems = []
    for panda in registry.pandas.values():
        own = normalise(panda.name)
        for name in panda.names:
            if normalise(name.text) == own:
                continue  # a spelling of its own name: pandas that share a name are separated by id
            for other in canonical.get(normalise(name.text), []):
                place = _shared_country(registry, panda, other)
                if other.id != panda.id and other.id not in name.shared_with and place:
                    problems.append(Problem(panda.file, name.line, "names",
                                            f"alias {name.text!r} is the name of {other.id}, who was also in "
                                            f"{place} at the same time (if both are right, add "
                                            f"shared_with: [{other.id}] to the name)"))
    return problems + _institution_aliases(registry)


def _institution_aliases(registry: Registry) -> list[Problem]:
    canonical = {normalise(place.name): place for place in registry.institutions.values()}
    return [Problem(place.file, name.line, "names", f"alias {name.text!r} is the name of "
                                                    f"{canonical[normalise(name.text)].id}")
            for place in registry.institutions.values() for name in place.names
            if canonical.get(normalise(name.text), place).id not in (place.id, *name.shared_with)]


def _shared_country(registry: Registry, first: Panda, second: Panda) -> str | None:
    """A country outside mainland China where both pandas were at overlapping times, if any."""
    for one in first.stays:
        for two in second.stays:
            country = _country(registry, one)
            if country and country != "CHN" and country == _country(registry, two) and _overlap(one, two):
                return country
    return None


def _country(registry: Registry, stay: Stay) -> str | None:
    place = registry.institutions.get(stay.institution)
    return place.country if place else None


CHECKS: tuple[Check, ...] = (
    check_references,
    check_fan_only,
    check_loan_hosts,
    check_id_years,
    check_stays,
    check_family,
    check_date_order,
    check_ambiguous_aliases,
)


# ---------------------------------------------------------------------------------------- helpers


def _at(record: object, field: str, message: str) -> Problem:
    lines = getattr(record, "lines", {}) or {}
    return Problem(record.file, lines.get(field, lines.get("id", 1)), field, message)  # type: ignore[attr-defined]


def _before(late: PartialDate, early: PartialDate) -> bool:
    """True when ``late`` is surely before ``early`` at every reading of the partial dates."""
    return late.last_day() < early.first_day()


def _earliest(facts: tuple[DatedFact, ...]) -> dt.date | None:
    return min((fact.date.first_day() for fact in facts), default=None)


def _latest(facts: tuple[DatedFact, ...]) -> dt.date | None:
    return max((fact.date.last_day() for fact in facts), default=None)


def _covers(stay: Stay, day: dt.date) -> bool:
    end = stay.end.date.last_day() if stay.end else FOREVER
    return stay.start.date.first_day() <= day <= end


def _preferred_parent(registry: Registry, links) -> Panda | None:
    return registry.pandas.get(links[0].id) if links else None
