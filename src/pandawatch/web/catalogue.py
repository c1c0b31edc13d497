"""The registry as the dashboard reads it: the knowledge base's registry records (plain JSON dicts written by
`pandawatch.registry.build`) held in memory, plus the few pure questions the pages ask of them that the
registry part does not answer itself (family, loan state, names). Where-on-a-date and holdings come from
`pandawatch.analyse.whereabouts`, as the CLI's do; alerts from `pandawatch.analyse.alerts`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..analyse import whereabouts
from ..model import PartialDate
from ..store import Store
from ..store import registry as registry_tables

FIRST_YEAR = 1972  # Ling-Ling and Hsing-Hsing, Washington: the first gifts of the modern panda diplomacy


@dataclass
class Catalogue:
    pandas: dict[str, dict] = field(default_factory=dict)
    institutions: dict[str, dict] = field(default_factory=dict)
    loans: dict[str, dict] = field(default_factory=dict)
    content_hash: str | None = None


def load_catalogue(store: Store) -> Catalogue:
    """The registry records in the knowledge base (empty when the registry was never built into it)."""
    by_id = {
        table: {record["id"]: record for record in registry_tables.records(store, table)}
        for table in ("pandas", "institutions", "loans")
    }
    return Catalogue(by_id["pandas"], by_id["institutions"], by_id["loans"], registry_tables.built_hash(store))


# --------------------------------------------------------------------------------------------- dates


def date_of(value: object) -> str | None:
    """The preferred ISO date of a record's date value: a string, a dated fact, or a list of them."""
    if isinstance(value, list):
        return date_of(value[0]) if value else None
    if isinstance(value, dict):
        return date_of(value.get("date"))
    return None if value in (None, "") else str(value)


def ref_of(value: object) -> dict | None:
    """A reference ({id, name}) from a record's link: a dict, a list of claims (preferred first), or an id."""
    if isinstance(value, list):
        return ref_of(value[0]) if value else None
    if isinstance(value, dict):
        return {"id": value.get("id"), "name": value.get("name")}
    return {"id": value, "name": None} if value else None


# ------------------------------------------------------------------------------------------ questions


def where(store: Store, on: dt.date, country: str | None = None) -> list[dict]:
    """Each panda outside mainland China on ``on`` (the registry part's `whereabouts.where`), as dicts."""
    return [w.to_json() for w in whereabouts.where(store, on, country)]


def yearly_holdings(store: Store, country: str, until: dt.date) -> list[dict]:
    """How many pandas ``country`` held at the end of each year from 1972 (from `whereabouts.holdings_series`)."""
    changes = whereabouts.holdings_series(store, country)
    series, count, index = [], 0, 0
    for year in range(FIRST_YEAR, until.year + 1):
        year_end = dt.date(year, 12, 31).isoformat()
        while index < len(changes) and changes[index].first_day <= year_end:
            count = changes[index].count
            index += 1
        series.append({"year": year, "pandas": count})
    return series


def first_day(catalogue: Catalogue) -> dt.date:
    """The day the registry's record abroad starts: its earliest stay (1 January 1972 for an empty registry)."""
    starts = [PartialDate(stay["from"]).first_day() for panda in catalogue.pandas.values()
              for stay in panda.get("stays") or [] if stay.get("from")]  # fmt: skip
    return min(starts, default=dt.date(FIRST_YEAR, 1, 1))


def family(catalogue: Catalogue, panda: dict) -> dict:
    """Parents, litter siblings and offspring, each as {id, name}."""
    return {
        "mother": ref_of(panda.get("mother")),
        "father": ref_of(panda.get("father")),
        "litter": [ref_of(sibling) for sibling in panda.get("litter") or []],
        "offspring": [ref_of(child) for child in panda.get("offspring") or []],
    }


def loan_state(loan: dict, today: dt.date) -> str:
    """active or ended; or the loan's own outcome where it says more (recalled-early, died…)."""
    outcome = loan.get("outcome")
    if outcome in (None, "active", "extended"):
        ended = date_of(loan.get("ended"))
        return "ended" if ended and PartialDate(ended).last_day() < today else "active"
    return str(outcome)


def loan_end(loan: dict) -> str | None:
    """The loan's current end: the last extension's new end, else the planned end."""
    return loan.get("current_end") or date_of(loan.get("planned_end"))


def loan_end_and_basis(loan: dict) -> tuple[str | None, str]:
    """The loan's end and how it is known: "reported" (a planned end or extension in the registry),
    "derived" (start + the agreed term in years), or "unknown"."""
    if reported := loan_end(loan):
        return reported, "reported"
    start, term = date_of(loan.get("start")), loan.get("term_years")
    if start and term:
        first = PartialDate(start).first_day()
        return first.replace(year=first.year + int(term)).isoformat()[: len(start)], "derived"
    return None, "unknown"


def months_between(day: dt.date, end: str) -> int:
    """Whole months from ``day`` to the last day of the partial date ``end`` (negative once it is past)."""
    last = PartialDate(end).last_day()
    return (last.year - day.year) * 12 + last.month - day.month - (last.day < day.day)


def names_of(record: dict) -> list[dict]:
    """Every name of a panda or institution: the canonical one first, then the others with their script."""
    names = [{"name": record.get("name"), "lang": "en", "kind": "canonical"}]
    for entry in record.get("names") or []:
        names.append({"name": entry.get("name"), "lang": entry.get("lang"), "kind": entry.get("kind")})
    return names
