"""The bilateral relations index: per month, the sum of the ONTOLOGY weights of a pair's events (weights in
data/ontology.yaml), with event counts, beside the number of pandas the host country held that month.

Reports of one happening count once: within a month, reports of one type, direction and panda list from
different articles are one happening, while acts told in one article are distinct ("banned seafood and warned
against travel" is two SANCTIONs). Both directions of the pair are summed. The counting is SQL's
(store.queries.monthly_happenings: one row per month and type); the weights are applied here.
The host is the side of the pair that is not China; a pair without China has no panda column.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from ..inputs import as_partial
from ..ontology import event_types, weight
from ..store import Store
from ..store.queries import EventFilter, MonthlyHappenings, monthly_happenings
from .facts import stay_spans


@dataclass(frozen=True, slots=True)
class RelationsMonth:
    month: str  # YYYY-MM
    score: float  # sum of the weights
    events: int  # happenings counted
    cooperation: float  # sum of the positive weights
    conflict: float  # sum of the negative weights
    held: int | None  # pandas the host held at the month's end (registry), None without a host
    types: dict = field(default_factory=dict)  # type -> happenings

    def to_json(self) -> dict:
        return {"month": self.month, "score": self.score, "events": self.events, "cooperation": self.cooperation,
                "conflict": self.conflict, "held": self.held, "types": self.types}  # fmt: skip


def relations(store: Store, registry: object | None, dyad: tuple[str, str], since: str | None = None,
              until: str | None = None, as_of: str | None = None) -> list[RelationsMonth]:  # fmt: skip
    """The monthly series for ``dyad``, every month from the first to the last (or since/until) included."""
    since, until = (as_partial(value, "month") if value else None for value in (since, until))
    # an as-of series ends in the as-of month: later months are not read
    happenings = monthly_happenings(store, EventFilter(dyad=dyad, since=since, until=until or as_of, as_of=as_of))
    months = month_range(_first(since, happenings), _last(until, as_of, happenings))
    host = next((side for side in dyad if side != "CHN"), None) if "CHN" in dyad else None
    held = holdings_by_month(registry, host, months) if registry and host else {}
    by_month, weights = {happening.month: happening.types for happening in happenings}, _weights()
    return [_month(month, by_month.get(month, {}), held.get(month), weights) for month in months]


@cache
def _weights() -> dict[str, float]:
    return {type_: weight(type_) for type_ in event_types()}


def _month(month: str, types: dict[str, int], held: int | None, weights: dict[str, float]) -> RelationsMonth:
    """A month's sums, added up in type order as the weights were always summed (a few hundred months)."""
    score = cooperation = conflict = 0
    for type_, count in types.items():
        weighted = weights.get(type_, 0.0) * count
        score += weighted
        if weighted > 0:
            cooperation += weighted
        elif weighted < 0:
            conflict += weighted
    return RelationsMonth(month, score, sum(types.values()), cooperation, conflict, held, types)


def _first(since: str | None, happenings: list[MonthlyHappenings]) -> str | None:
    if since:
        return since[:7] if len(since) >= 7 else f"{since}-01"
    return happenings[0].month if happenings else None


def _last(until: str | None, as_of: str | None, happenings: list[MonthlyHappenings]) -> str | None:
    bound = until or as_of
    if bound:
        return bound[:7] if len(bound) >= 7 else f"{bound}-12"
    return happenings[-1].month if happenings else None


def month_range(first: str | None, last: str | None) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), both included."""
    if not first or not last or first > last:
        return []
    months = [f"{year:04d}-{month:02d}" for year in range(int(first[:4]), int(last[:4]) + 1) for month in range(1, 13)]
    return months[int(first[5:7]) - 1:len(months) - 12 + int(last[5:7])]


def holdings_by_month(registry: object, country: str, months: list[str]) -> dict[str, int]:
    """Pandas living in ``country`` at the end of each month, from the registry's stays (``count_held``: a stay
    counts from its first day until the day it ends, that day excluded)."""
    spans = [(start, stop) for start, stop in stay_spans(registry, country) if start <= stop]
    # a day is on or before a month's last day when its month is that month or earlier
    starts, stops = sorted(f"{start:%Y-%m}" for start, _ in spans), sorted(f"{stop:%Y-%m}" for _, stop in spans)
    return {month: bisect_right(starts, month) - bisect_right(stops, month) for month in months}
