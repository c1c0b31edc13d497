"""What the registry holds and what it knows it lacks: pandas by country and decade, how precise its dates
are, which facts rest on which kind of source, conflicting values kept side by side, and the known gaps
(``gaps.yaml`` beside the registry files: pandas the sources mention that are not recorded, and why).

``registry_coverage`` is a pure function of the loaded Registry (and ``today``); the CLI's `registry coverage`
and the dashboard's coverage page both render its dict.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import yaml

from ..model import Loan, Panda
from .load import Registry
from .presence import loan_due, stay_presences
from .sources import KINDS, best_kind, loan_facts, panda_facts

MAINLAND = "CHN"
GAPS_FILE = "gaps.yaml"


def registry_coverage(registry: Registry, today: dt.date | None = None) -> dict:
    """The coverage statement as a JSON-ready dict."""
    today = today or dt.date.today()
    pandas = sorted(registry.pandas.values(), key=lambda panda: panda.id)
    return {
        "content_hash": registry.content_hash,
        "totals": {"pandas": len(pandas), "abroad": sum(1 for p in pandas if _abroad_stays(registry, p)),
                   "institutions": len(registry.institutions), "loans": len(registry.loans),
                   "stays": sum(len(p.stays) for p in pandas)},  # fmt: skip
        "by_country_decade": by_country_decade(registry),
        "precision": precision(pandas),
        "sources": source_kinds(registry),
        "conflicts": conflicts(registry),
        "missing": missing(registry, today),
        "known_gaps": known_gaps(registry.root),
    }


def by_country_decade(registry: Registry) -> dict[str, dict[str, int]]:
    """Pandas that lived in each country (mainland China left out) in each decade, possibly or surely."""
    seen: dict[str, dict[str, set[str]]] = {}
    for panda in registry.pandas.values():
        for stay, presence in zip(panda.stays, stay_presences(panda)):
            place = registry.institutions.get(stay.institution)
            if not place or place.country == MAINLAND:
                continue
            last = presence.possible_last or dt.date.today()
            for decade in range(presence.possible_first.year // 10 * 10, last.year // 10 * 10 + 1, 10):
                seen.setdefault(place.country, {}).setdefault(f"{decade}s", set()).add(panda.id)
    return {country: {decade: len(ids) for decade, ids in sorted(decades.items())}
            for country, decades in sorted(seen.items())}


def precision(pandas: list[Panda]) -> dict[str, dict[str, int]]:
    """How precisely births, deaths, stay starts and stay ends are known (day, month, year, unknown)."""
    counted = {name: Counter() for name in ("born", "died", "stay_from", "stay_to")}
    for panda in pandas:
        counted["born"][panda.birth.date.precision if panda.birth else "unknown"] += 1
        if panda.death:
            counted["died"][panda.death.date.precision] += 1
        for stay in panda.stays:
            counted["stay_from"][stay.start.date.precision] += 1
            if stay.end:
                counted["stay_to"][stay.end.date.precision] += 1
    return {name: {key: counts.get(key, 0) for key in ("day", "month", "year", "unknown") if key in counts or
                   key != "unknown"} for name, counts in counted.items()}  # fmt: skip


def source_kinds(registry: Registry) -> dict:
    """Facts by the best kind of source they rest on, per group (birth, death, stay, loan)."""
    facts = [fact for panda in registry.pandas.values() for fact in panda_facts(panda)]
    facts += [fact for loan in registry.loans.values() for fact in loan_facts(loan)]
    table: dict[str, Counter] = {}
    for fact in facts:
        table.setdefault(fact.group, Counter())[best_kind(fact.citations) or "none"] += 1
    by_group = {group: {kind: counts.get(kind, 0) for kind in (*KINDS, "none")} for group, counts in sorted(table.items())}
    life = [fact for fact in facts if fact.group in ("birth", "stay")]
    fan_only = [f"{fact.file}:{fact.line} {fact.field}" for fact in facts if best_kind(fact.citations) == "fan"]
    return {"by_group": by_group, "fan_only": len(fan_only),
            "fan_only_births_and_stays": sum(1 for fact in life if best_kind(fact.citations) == "fan"),
            "births_and_stays": len(life), "fan_only_facts": fan_only}  # fmt: skip


def conflicts(registry: Registry) -> dict:
    """Facts with conflicting values recorded side by side."""
    found = []
    for panda in registry.pandas.values():
        for name, values in (("born", panda.born), ("died", panda.died), ("mother", panda.mother),
                             ("father", panda.father)):  # fmt: skip
            if len(values) > 1:
                found.append({"record": panda.id, "field": name, "values": len(values)})
    for loan in registry.loans.values():
        if len(loan.fees) > 1:
            found.append({"record": loan.id, "field": "fee", "values": len(loan.fees)})
    return {"count": len(found), "facts": sorted(found, key=lambda item: (item["record"], item["field"]))}


def missing(registry: Registry, today: dt.date) -> dict:
    """What the records themselves leave open."""
    pandas = sorted(registry.pandas.values(), key=lambda panda: panda.id)
    running = [loan for loan in registry.loans.values() if _running(loan, today)]
    return {
        "no_chinese_name": [p.id for p in pandas if not any((n.lang or "").startswith("zh") and
                                                            not (n.lang or "").endswith("Latn") for n in p.names)],
        "no_birth_date": [p.id for p in pandas if not p.birth],
        "birth_year_only": [p.id for p in pandas if p.birth and p.birth.date.precision == "year"],
        "stays_from_bare_year": [f"{p.id} stays[{i}]" for p in pandas for i, s in enumerate(p.stays)
                                 if s.start.date.precision == "year"],
        "running_loans_without_end": sorted(loan.id for loan in running if loan.kind == "loan"
                                            and loan_due(loan)[0] is None),
        "running_loans_with_derived_end": sorted(loan.id for loan in running if loan_due(loan)[1] == "derived"),
    }  # fmt: skip


def known_gaps(root: str) -> list[dict]:
    """The gaps listed in ``gaps.yaml`` under the registry root (empty when there is none)."""
    path = Path(root) / GAPS_FILE
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return list((yaml.safe_load(handle) or {}).get("gaps") or [])


def _running(loan: Loan, today: dt.date) -> bool:
    started = loan.start and loan.start.date.first_day() <= today
    return bool(started) and not loan.ended and loan.outcome in (None, "active", "extended")


def _abroad_stays(registry: Registry, panda: Panda) -> bool:
    return any((registry.institutions.get(s.institution) or _Nowhere).country != MAINLAND for s in panda.stays)


class _Nowhere:
    country = MAINLAND
