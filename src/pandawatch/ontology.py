"""The event contract of ONTOLOGY.md as data, and validate(event) -> problems."""

from __future__ import annotations

import re
from functools import cache

import yaml

from .model import Event, PartialDate
from .settings import PACKAGE_DATA

STATUSES = ("occurred", "planned")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


@cache
def _ontology() -> dict:
    with (PACKAGE_DATA / "ontology.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def panda_types() -> tuple[str, ...]:
    return tuple(_ontology()["panda_types"])


def diplomatic_types() -> tuple[str, ...]:
    return tuple(_ontology()["diplomatic_weights"])


def event_types() -> tuple[str, ...]:
    return panda_types() + diplomatic_types()


def is_panda_type(event_type: str) -> bool:
    return event_type in _ontology()["panda_types"]


def also_act(event_type: str) -> str | None:
    """The diplomatic act a panda event also is (a loan agreed is an agreement), if any."""
    return _ontology()["also_act"].get(event_type)


def weight(event_type: str) -> float:
    """The event type's weight on the cooperation/conflict scale (0 for unknown types)."""
    ontology = _ontology()
    return float(ontology["diplomatic_weights"].get(event_type, ontology["panda_weights"].get(event_type, 0)))


def host_side(event_type: str) -> str:
    """Which side of a panda event is its host country: ``source`` for a request, else ``target``."""
    return "source" if event_type == "LOAN_REQUEST" else "target"


def host_country(event: Event) -> str | None:
    """The host country of a panda event: the side that is not China (ONTOLOGY.md: scoring reads only it)."""
    return event.source if host_side(event.type) == "source" else event.target


def validate(event: Event) -> list[str]:
    """Everything wrong with an event record, as readable problems (empty when valid)."""
    problems = []
    if event.type not in event_types():
        problems.append(f"unknown type {event.type!r}")
    if event.status not in STATUSES:
        problems.append(f"status must be one of {STATUSES}, not {event.status!r}")
    if event.date is not None:
        try:
            PartialDate(event.date)
        except ValueError as error:
            problems.append(str(error))
    for role in ("source", "target"):
        code = getattr(event, role)
        if code is not None and not _COUNTRY.match(code):
            problems.append(f"{role} must be an ISO 3166-1 alpha-3 code, not {code!r}")
    if not is_panda_type(event.type):
        if event.pandas or event.institution:
            problems.append("pandas and institution are for panda events only")
        if event.source and event.source == event.target:
            problems.append("a diplomatic event needs two different countries")
    if not 0 <= event.confidence <= 1:
        problems.append("confidence must be within 0..1")
    return problems
