"""How sure the registry is that a panda was at a stay on a day, given how precisely the dates are known.

A stay from "1994" may have begun on any day of 1994: the panda is *possibly* there from 1 January and
*certainly* there only from 31 December, or from a more precise date known to fall in that year (its birth
there, the day it surely left its previous home). Ends and deaths the same way: a stay that ends "2015" is
certain until 31 December 2014 and possible until 31 December 2015, or until the day the next stay surely
began. Loans: when no end is reported, the planned end is start + term, marked ``derived``.
Pure functions of the registry model; the build writes their results into the stays and loans tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Loan, Panda, PartialDate, Stay


@dataclass(frozen=True)
class Presence:
    """The days a panda may be (``possible_*``) and surely is (``certain_*``) at one stay.

    ``possible_last``/``certain_last`` are None while the stay is open; ``certain_first`` is None when the
    panda is never surely there (a stay from "2013" to "2013")."""

    possible_first: dt.date
    certain_first: dt.date | None
    certain_last: dt.date | None
    possible_last: dt.date | None
    ended_by: str | None  # moved, died, or None while open

    def on(self, day: dt.date) -> str | None:
        """'certain', 'possible', or None when the panda was not there on ``day``."""
        if day < self.possible_first or (self.possible_last and day > self.possible_last):
            return None
        certain = self.certain_first and self.certain_first <= day and (
            self.certain_last is None or day <= self.certain_last)
        return "certain" if certain else "possible"


def sure_from(date: PartialDate) -> dt.date:
    """The first day an event dated ``date`` has surely happened: the day itself, or the period's last day."""
    return date.last_day()


def sure_before(date: PartialDate) -> dt.date:
    """The last day an event dated ``date`` has surely not yet happened (the day itself when day-precise:
    a transfer day counts at both places, a death day at the place of death)."""
    return date.first_day() if date.precision == "day" else date.first_day() - dt.timedelta(days=1)


def stay_presences(panda: Panda) -> list[Presence]:
    """One Presence per stay of ``panda``, in order; each bounded by its neighbours, birth and death."""
    starts = [_certain_start(panda, index, stay) for index, stay in enumerate(panda.stays)]
    found: list[Presence] = []
    for index, stay in enumerate(panda.stays):
        previous = found[-1] if found else None
        following = starts[index + 1] if index + 1 < len(starts) else None
        found.append(_presence(panda, stay, starts[index], previous, following))
    return found


def _certain_start(panda: Panda, index: int, stay: Stay) -> dt.date:
    """The first day surely at the stay: its start's, or the birth's when the panda was born there."""
    certain = sure_from(stay.start.date)
    born = panda.birth
    if index == 0 and born and panda.born_at == stay.institution and born.date.agrees_with(stay.start.date):
        certain = min(certain, sure_from(born.date))
    return certain


def _presence(panda: Panda, stay: Stay, certain_first: dt.date, previous: Presence | None,
              next_certain_first: dt.date | None) -> Presence:  # fmt: skip
    possible_first = stay.start.date.first_day()
    if panda.birth:
        possible_first = max(possible_first, panda.birth.date.first_day())
    if previous and previous.certain_last:
        possible_first = max(possible_first, previous.certain_last)
    certain_first = max(certain_first, possible_first)
    possible_last = stay.end.date.last_day() if stay.end else None
    certain_last = sure_before(stay.end.date) if stay.end else None
    if possible_last and next_certain_first:
        possible_last = min(possible_last, max(next_certain_first, certain_last or next_certain_first))
    ended_by = "moved" if stay.end else None
    death = panda.death
    if death and possible_first <= death.date.last_day() and (
            possible_last is None or death.date.first_day() <= possible_last):
        possible_last = min(possible_last or dt.date.max, death.date.last_day())
        certain_last = min(certain_last or dt.date.max, sure_before(death.date))
        if stay.end is None or death.date.last_day() <= stay.end.date.last_day():
            ended_by = "died"
    never_certain = certain_last is not None and certain_last < certain_first
    return Presence(possible_first, None if never_certain else certain_first, certain_last, possible_last, ended_by)


# ------------------------------------------------------------------------------------------ loans


def loan_due(loan: Loan) -> tuple[PartialDate | None, str | None]:
    """When a loan is due to end and how that is known: ``reported`` (its planned end or last extension),
    ``derived`` (start + term, nothing reported), or (None, None)."""
    if loan.current_end:
        return loan.current_end, "reported"
    if loan.start and loan.term_years:
        return add_years(loan.start.date, loan.term_years), "derived"
    return None, None


def add_years(date: PartialDate, years: float) -> PartialDate:
    """``date`` plus a term in years (whole months for fractions), at the same precision."""
    year, month, day = (int(part) for part in (date.iso.split("-") + ["0", "0"])[:3])
    months = (month or 1) - 1 + round(years * 12)
    year, month_index = year + months // 12, months % 12
    if date.precision == "year":  # a year stays a year: no month that the record does not give
        return PartialDate(f"{int(date.iso) + round(years):04d}")
    if date.precision == "month":
        return PartialDate(f"{year:04d}-{month_index + 1:02d}")
    last = PartialDate(f"{year:04d}-{month_index + 1:02d}").last_day().day
    return PartialDate(f"{year:04d}-{month_index + 1:02d}-{min(day, last):02d}")
