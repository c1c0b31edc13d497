"""The bilateral relations index: per month, the sum of the ONTOLOGY weights of a pair's events (weights in
data/ontology.yaml), with event counts, beside the number of pandas the host country held that month.

Reports of one happening count once: within a month, reports of one type, direction and panda list from
different articles are one happening, while acts told in one article are distinct ("banned seafood and warned
against travel" is two SANCTIONs) (store.queries.monthly_happenings). Both directions of the pair are summed.
The host is the side of the pair that is not China; a pair without China has no panda column.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..inputs import as_partial
from ..model import PartialDate
from ..ontology import weight
from ..store import Store
from ..store.queries import EventFilter, MonthlyHappening, monthly_happenings
from .facts import count_held, stay_spans


@dataclass(frozen=True)
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
                "conflict": self.conflict, "held": self.held, "types": dict(self.types)}  # fmt: skip


def relations(store: Store, registry: object | None, dyad: tuple[str, str], since: str | None = None,
              until: str | None = None, as_of: str | None = None) -> list[RelationsMonth]:  # fmt: skip
    """The monthly series for ``dyad``, every month from the first to the last (or since/until) included."""
    since, until = (as_partial(value, "month") if value else None for value in (since, until))
    happenings = monthly_happenings(store, EventFilter(dyad=dyad, since=since, until=until, as_of=as_of))
    months = month_range(_first(since, happenings), _last(until, as_of, happenings))
    host = next((side for side in dyad if side != "CHN"), None) if "CHN" in dyad else None
    held = holdings_by_month(registry, host, months) if registry and host else {}
    by_month: dict[str, list[MonthlyHappening]] = {}
    for happening in happenings:
        by_month.setdefault(happening.month, []).append(happening)
    return [_month(month, by_month.get(month, []), held.get(month)) for month in months]


def _month(month: str, happenings: list[MonthlyHappening], held: int | None) -> RelationsMonth:
    types: Counter = Counter()
    for happening in happenings:
        types[happening.type] += happening.count
    weights = [weight(type_) * count for type_, count in types.items()]
    return RelationsMonth(month, sum(weights), sum(types.values()), sum(w for w in weights if w > 0),
                          sum(w for w in weights if w < 0), held, dict(types))  # fmt: skip


def _first(since: str | None, happenings: list[MonthlyHappening]) -> str | None:
    if since:
        return since[:7] if len(since) >= 7 else f"{since}-01"
    return happenings[0].month if happenings else None


def _last(until: str | None, as_of: str | None, happenings: list[MonthlyHappening]) -> str | None:
    bound = until or as_of
    if bound:
        return bound[:7] if len(bound) >= 7 else f"{bound}-12"
    return happenings[-1].month if happenings else None


def month_range(first: str | None, last: str | None) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), both included."""
    if not first or not last:
        return []
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def holdings_by_month(registry: object, country: str, months: list[str]) -> dict[str, int]:
    """Pandas living in ``country`` at the end of each month, from the registry's stays."""
    spans = stay_spans(registry, country)
    return {month: count_held(spans, PartialDate(month).last_day()) for month in months}
