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
    presence: str = "certain"  # certain, or possible: the day falls where an imprecise date leaves it open
    due_back: str | None = None  # when the panda is due to go back: its stay's planned end, else its loan's end
    due_back_status: str | None = None  # planned (the stay's), reported (the loan's), derived (start + term)

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
    """One whereabout per panda, mainland China left out unless asked. A stay where the panda surely was wins
    over one where it possibly was; among equals a transfer day counts at the new place. With only possible
    stays, one abroad is shown (as possible) rather than hidden behind a possible return to China."""
    asked_mainland = (country or "").upper() == MAINLAND
    chosen: dict[str, dict] = {}
    for row in rows:
        kept = chosen.get(row["panda_id"])
        if kept is None or _rank(row, asked_mainland) > _rank(kept, asked_mainland):
            chosen[row["panda_id"]] = row
    found = [_whereabout(row) for row in chosen.values() if asked_mainland or row["country"] != MAINLAND]
    return sorted(found, key=lambda w: (w.country or "", w.institution or "", w.panda))


def _rank(row: dict, asked_mainland: bool) -> tuple:
    shown = asked_mainland or row["country"] != MAINLAND
    return (row.get("presence", "certain") == "certain", shown, row["first_day"], row["seq"])


def _whereabout(row: dict) -> Whereabout:
    due, due_status = _due_back(row)
    return Whereabout(row["panda_id"], row["panda"], row["sex"], row["institution_id"], row["institution"],
                      row["country"], row["start"], row["end"], row["end_status"], row["loan_id"],
                      row.get("presence", "certain"), due, due_status)


def _due_back(row: dict) -> tuple[str | None, str | None]:
    if row["end"] and row["end_status"] == "planned":
        return row["end"], "planned"
    if row["end"] is None and row.get("loan_due"):
        return row["loan_due"], row["loan_due_status"]
    return None, None


def by_country(whereabouts: list[Whereabout], presence: str = "certain") -> dict[str, int]:
    """How many pandas each country holds for certain (or, with ``presence="possible"``, possibly), most first."""
    counted: dict[str, int] = {}
    for whereabout in whereabouts:
        if whereabout.presence != presence:
            continue
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
    """A panda's entries into and exits from ``country`` (moves between its zoos are not changes), counted on
    the days it was surely there: a visit it was never surely on is not counted."""
    moves = []
    for visit in _visits(stays, country):
        entered = next((stay for stay in visit if stay["certain_first"]), None)
        last = visit[-1]
        if entered is None or (last["certain_last"] and last["certain_last"] < entered["certain_first"]):
            continue
        moves.append(_entry(entered, is_first=entered is stays[0]))
        if last["last_day"]:
            moves.append(_exit(last))
    return moves


def _visits(stays: list[dict], country: str) -> list[list[dict]]:
    """The panda's runs of consecutive stays in ``country``."""
    visits: list[list[dict]] = []
    for index, stay in enumerate(stays):
        if stay["country"] != country:
            continue
        if index and stays[index - 1]["country"] == country:
            visits[-1].append(stay)
        else:
            visits.append([stay])
    return visits


def _entry(stay: dict, is_first: bool) -> dict:
    born_here = is_first and stay["born"] and PartialDate(stay["born"]).agrees_with(PartialDate(stay["start"]))
    what = "born" if born_here else "arrived"
    return _move(stay, stay["start"], stay["certain_first"], _planned(what, stay["start_status"]), +1)


def _exit(stay: dict) -> dict:
    last_day = stay["certain_last"] or stay["last_day"]
    if stay["ended_by"] == "died":
        return _move(stay, stay["died"], last_day, "died", -1)
    return _move(stay, stay["end"], last_day, _planned("left", stay["end_status"]), -1)


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
    """Loans running on ``active_on`` (default today) due to end before ``before``: by their reported end, or
    (``due_status`` 'derived') by start + term when no end is reported."""
    return ending_before(loans_active_on(store, active_on or dt.date.today()), as_day(before).isoformat())


def ending_before(running: list[dict], limit: str) -> list[dict]:
    """Pure: the loans among ``running`` whose due end falls before ``limit`` (ISO day)."""
    return [loan for loan in running if (end := _due_day(loan)) and end < limit]


def without_known_end(running: list[dict]) -> list[dict]:
    """Pure: the loans (not gifts) among ``running`` with neither a reported end nor a term to derive one."""
    return [loan for loan in running if loan["kind"] == "loan" and not _due_day(loan)]


def _due_day(loan: dict) -> str | None:
    """The last day a running loan is due to run: its due end, else the day its last panda is due to leave."""
    return PartialDate(loan["due_end"]).last_day().isoformat() if loan["due_end"] else loan["last_day"]
