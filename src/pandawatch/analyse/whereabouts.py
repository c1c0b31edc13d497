"""Who is where on a date, how many pandas a country held over time, which loans run when.

Each public function reads the registry tables through ``store.registry`` and hands the rows to a pure
function that does the reasoning (tested on its own).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from itertools import groupby

from ..inputs import as_country, as_day
from ..model import PartialDate
from ..store import registry as tables

MAINLAND = "CHN"


@dataclass(frozen=True)
class Whereabout:
    """One panda at one institution on the day asked about."""

    panda_id: str
    panda: str
    sex: str
    institution_id: str
    institution: str | None
    country: str | None
    since: str
    until: str | None  # the stay's end (planned or past), None while open
    until_status: str | None
    loan_id: str | None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class HoldingChange:
    """A change in a country's panda count: the date, what happened, and the count after it."""

    date: str
    first_day: str
    panda_id: str
    panda: str
    institution: str | None
    what: str  # arrived, born, left, died; "(planned)" when not yet happened
    change: int
    count: int

    def to_json(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------------------- where


def where(store, on: dt.date | str, country: str | None = None) -> list[Whereabout]:
    """The pandas outside mainland China on ``on`` (or in ``country``, CHN included when asked for)."""
    day, code = as_day(on).isoformat(), as_country(country) if country else None
    return current_stays(tables.stays_on(store, day, code), code)


def current_stays(rows: list[dict], country: str | None = None) -> list[Whereabout]:
    """One whereabout per panda (a transfer day counts at the new place), mainland China left out unless asked."""
    latest: dict[str, dict] = {}
    for row in rows:
        if row["country"] == MAINLAND and (country or "").upper() != MAINLAND:
            continue
        kept = latest.get(row["panda_id"])
        if kept is None or (row["first_day"], row["seq"]) > (kept["first_day"], kept["seq"]):
            latest[row["panda_id"]] = row
    found = [_whereabout(row) for row in latest.values()]
    return sorted(found, key=lambda w: (w.country or "", w.institution or "", w.panda))


def _whereabout(row: dict) -> Whereabout:
    return Whereabout(row["panda_id"], row["panda"], row["sex"], row["institution_id"], row["institution"],
                      row["country"], row["start"], row["end"], row["end_status"], row["loan_id"])


def by_country(whereabouts: list[Whereabout]) -> dict[str, int]:
    """How many pandas each country holds, most first."""
    counted: dict[str, int] = {}
    for whereabout in whereabouts:
        counted[whereabout.country or "?"] = counted.get(whereabout.country or "?", 0) + 1
    return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))


# ------------------------------------------------------------------------------------- holdings


def holdings_series(store, country: str) -> list[HoldingChange]:
    """Every change in the number of pandas ``country`` held, in date order, with the running count."""
    code = as_country(country)
    return holding_changes(tables.stays_of_pandas_in(store, code), code)


def holding_changes(rows: list[dict], country: str) -> list[HoldingChange]:
    """Pure: stays (grouped by panda, in order) → the country's arrivals, births, departures and deaths."""
    moves = []
    for _, stays in groupby(rows, key=lambda row: row["panda_id"]):
        moves += _panda_moves(list(stays), country)
    moves.sort(key=lambda move: (move["first_day"], -move["change"], move["panda"]))
    changes, count = [], 0
    for move in moves:
        count += move["change"]
        changes.append(HoldingChange(count=count, **move))
    return changes


def _panda_moves(stays: list[dict], country: str) -> list[dict]:
    """A panda's entries into and exits from ``country`` (moves between its zoos are not changes)."""
    moves, inside = [], False
    for index, stay in enumerate(stays):
        here = stay["country"] == country
        if here and not inside:
            moves.append(_entry(stay, is_first=index == 0))
        nxt = stays[index + 1] if index + 1 < len(stays) else None
        leaving = here and (nxt is None or nxt["country"] != country)
        if leaving and stay["last_day"]:
            moves.append(_exit(stay))
        inside = here and not leaving
    return moves


def _entry(stay: dict, is_first: bool) -> dict:
    born_here = is_first and stay["born"] and PartialDate(stay["born"]).agrees_with(PartialDate(stay["start"]))
    what = "born" if born_here else "arrived"
    return _move(stay, stay["start"], stay["first_day"], _planned(what, stay["start_status"]), +1)


def _exit(stay: dict) -> dict:
    if stay["ended_by"] == "died":
        return _move(stay, stay["died"], stay["last_day"], "died", -1)
    return _move(stay, stay["end"], stay["last_day"], _planned("left", stay["end_status"]), -1)


def _move(stay: dict, date: str, first_day: str, what: str, change: int) -> dict:
    return {"date": date, "first_day": first_day, "panda_id": stay["panda_id"], "panda": stay["panda"],
            "institution": stay["institution"], "what": what, "change": change}


def _planned(what: str, status: str | None) -> str:
    return f"{what} (planned)" if status == "planned" else what


# ---------------------------------------------------------------------------------------- loans


def loans_active_on(store, on: dt.date | str) -> list[dict]:
    """Loans and gifts running on ``on``."""
    return tables.loans_on(store, as_day(on).isoformat())


def loans_ending_before(store, before: dt.date | str, active_on: dt.date | str | None = None) -> list[dict]:
    """Loans running on ``active_on`` (default today) whose end — actual or currently planned — is before
    ``before``: the loans about to end."""
    limit = as_day(before).isoformat()
    running = loans_active_on(store, active_on or dt.date.today())
    return [loan for loan in running if loan["last_day"] and loan["last_day"] < limit]
