"""The registry as a check on what a sentence seems to tell about known pandas.

News retells history loosely, and a parse can hand an event to the wrong panda of its sentence ("After Tian
Tian's death in 1984, Bao Bao lived alone until 1991, when he was sent to London"). The registry knows where each
panda lived and when, so an event it contradicts is told of another panda of the sentence that fits, or not at
all: a birth abroad of a panda born in China, a death that is not the panda's, an arrival where the panda never
lived, a departure from a place the panda had left years before. Where the article names no panda, the
registry names them when only one stay or loan fits the event's place and date.

The registry is silent on pandas it does not hold and on facts it lacks: silence never drops an event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import yaml

from ...model import Event, Loan, Panda, PartialDate, Stay
from ...settings import PACKAGE_DATA
from .names import RegistryNames, stay_fits


@dataclass(frozen=True)
class Slack:
    birth_death: dt.timedelta
    travel: dt.timedelta
    gone: dt.timedelta
    born_there: dt.timedelta
    agreement_to_start: dt.timedelta


@cache
def load_slack() -> Slack:
    with (PACKAGE_DATA / "registry_check.yaml").open(encoding="utf-8") as handle:
        days = yaml.safe_load(handle)
    return Slack(*(dt.timedelta(days=days[key]) for key in ("birth_death_days", "travel_days", "gone_days",
                                                            "born_there_days", "agreement_to_start_days")))


def name_fits(name: str, event: Event, names: RegistryNames, published: dt.date | None) -> bool | None:
    """Whether the registry lets ``event`` be about the panda called ``name``: True when one of the pandas of
    that name fits, False when every one contradicts it, None when the registry cannot say."""
    verdicts = [fits(panda, event, names, published) for panda in names.index.pandas(name)]
    if True in verdicts:
        return True
    return False if verdicts and all(verdict is False for verdict in verdicts) else None


def fits(panda: Panda, event: Event, names: RegistryNames, published: dt.date | None) -> bool | None:
    """Whether the registry agrees that ``event`` could have happened to ``panda``: True, False, or None when
    the registry cannot say."""
    slack = load_slack()
    host = event.source if event.type == "LOAN_REQUEST" else event.target
    date = PartialDate(event.date) if event.date else None
    stays = [stay for stay in panda.stays if _country(stay, names) == host]
    if event.type == "PANDA_BIRTH":
        if panda.birth is not None and date is not None and not _close(panda.birth.date, date, slack.birth_death):
            return False
        born_in = _born_in(panda, names, slack)
        return None if born_in is None else born_in == host
    if event.type == "PANDA_DEATH":
        if panda.death is None:  # a stay that began, or ended, after the date: alive then
            return False if date and any(stay.start.date.first_day() > date.last_day() or (
                stay.end is not None and stay.end.date.first_day() - slack.birth_death > date.last_day())
                for stay in panda.stays) else None
        return (bool(stays) or not panda.stays) and (date is None or _close(panda.death.date, date, slack.birth_death))
    if not panda.stays:
        return None
    if not stays:
        return False  # never lived in that country
    if event.type == "PANDA_ARRIVAL":
        return date is None or any(_close(stay.start.date, date, slack.travel) for stay in stays)
    if event.type == "PANDA_DEPARTURE":
        if event.status == "planned" and published is not None:
            if _died_before(panda, published):
                return False  # "was due to return in October": she died before the article
            return any(stay.end is None or stay.end.date.last_day() + slack.gone >= published for stay in stays)
        return date is None or any(stay.end is None or _close(stay.end.date, date, slack.travel) for stay in stays)
    return True


def _born_in(panda: Panda, names: RegistryNames, slack: Slack) -> str | None:
    """The country a panda was born in, as far as the registry tells."""
    if panda.born_at:
        place = names.registry.institutions.get(panda.born_at)
        return place.country if place else None
    first = min(panda.stays, key=lambda stay: stay.start.date.first_day(), default=None)
    if panda.birth is None or first is None:
        return None
    # no birthplace recorded: born where its first stay began, if that began at its birth; else in China
    born_there = first.start.date.first_day() - panda.birth.date.last_day() <= slack.born_there
    return _country(first, names) if born_there else "CHN"


def _died_before(panda: Panda, day: dt.date) -> bool:
    return panda.death is not None and panda.death.date.last_day() < day


def _close(known: PartialDate, told: PartialDate, slack: dt.timedelta) -> bool:
    """Do the registry's date and the article's agree at the coarser precision, or lie within ``slack``?"""
    return known.agrees_with(told) or (known.first_day() - slack <= told.last_day()
                                       and told.first_day() <= known.last_day() + slack)


def _country(stay: Stay, names: RegistryNames) -> str | None:
    place = names.registry.institutions.get(stay.institution)
    return place.country if place else None


def unnamed_pandas(event: Event, names: RegistryNames, published: dt.date | None = None) -> tuple[str, ...]:
    """The pandas of an event that names none, when exactly one stay or loan in the host country fits it: the
    arrival or departure of pandas whose stay there began or ended at its date, the planned departure of the
    pandas living there when the article was published, the agreement of a loan that began within the slack
    after it, the extension of a loan extended then."""
    if event.pandas:
        return ()
    leaving = event.type == "PANDA_DEPARTURE" and event.status == "planned" and published is not None
    if not event.date and not leaving:
        return ()
    date = PartialDate(published.isoformat()) if leaving else PartialDate(event.date)
    if event.type in ("PANDA_ARRIVAL", "PANDA_DEPARTURE"):
        place = names.index.institution(event.institution) if event.institution else None
        groups: dict[str, list[str]] = {}
        for panda in names.registry.pandas.values():
            if leaving and _died_before(panda, published):
                continue
            for stay in panda.stays:
                born_there = event.type == "PANDA_ARRIVAL" and stay.institution == panda.born_at
                fitting = stay_fits(stay, date, "stay" if leaving else event.type)
                elsewhere = place is not None and stay.institution != place.id
                if not born_there and not elsewhere and _country(stay, names) == event.target and fitting:
                    groups.setdefault(stay.institution, []).append(panda.name)
        return tuple(next(iter(groups.values()))) if len(groups) == 1 else ()
    if event.type in ("LOAN_AGREEMENT", "LOAN_EXTENSION"):
        loans = [loan for loan in names.registry.loans.values()
                 if loan.host_country == event.target and _loan_fits(loan, event.type, date)]
        if len(loans) != 1:
            return ()
        pandas = (names.registry.pandas.get(panda_id) for panda_id in loans[0].pandas)
        return tuple(panda.name for panda in pandas if panda is not None)
    return ()


def hosted_then(group: list[str], kind: str, host: str | None, when: str | None, names: RegistryNames) -> tuple[str, ...]:
    """The pandas the article has in view (``group``, the last it named), when the registry has every one of
    them living in the loan event's host country at its date (or arriving within the slack after an
    agreement): "Mei Xiang and Tian Tian came in 2000. The agreement has been renewed in 2011" is about them,
    whatever other loan the country renewed that year."""
    if not group or not when or kind not in ("LOAN_AGREEMENT", "LOAN_EXTENSION"):
        return ()
    date = PartialDate(when)
    until = date.last_day() + (load_slack().agreement_to_start if kind == "LOAN_AGREEMENT" else dt.timedelta(0))

    def there(name: str) -> bool:
        return any(_country(stay, names) == host and stay.start.date.first_day() <= until
                   and (stay.end is None or stay.end.date.last_day() >= date.first_day())
                   for panda in names.index.pandas(name) for stay in panda.stays)

    return tuple(group) if all(there(name) for name in group) else ()


def _loan_fits(loan: Loan, event_type: str, date: PartialDate) -> bool:
    if event_type == "LOAN_EXTENSION":
        return any(extension.date and extension.date.date.agrees_with(date) for extension in loan.extensions)
    if loan.agreed is not None:
        return loan.agreed.date.agrees_with(date)
    start = loan.start.date if loan.start else None
    return start is not None and (start.agrees_with(date) or
                                  date.first_day() <= start.first_day() <= date.last_day() + load_slack().agreement_to_start)
