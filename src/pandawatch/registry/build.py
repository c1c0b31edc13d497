"""The registry's tables in the knowledge base, rebuilt from the YAML files whenever those change.

``registry_rows`` is pure (Registry → rows per table); ``build`` writes them; ``ensure_registry`` rebuilds only
when the files' content hash differs from the one the database was built from, so nobody queries a stale
registry.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..model import DatedFact, Loan, Panda, Problem, Stay
from ..resolve.names import normalise
from ..store import registry as registry_store
from .load import Registry, content_hash, load_registry
from .presence import Presence, loan_due, stay_presences
from .records import institution_record, loan_record, panda_record
from .validate import check_registry


@dataclass
class BuildReport:
    """What a (re)build did: whether it ran, the counts, and the problems the registry has."""

    built: bool
    content_hash: str
    counts: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def ensure_registry(store, registry_dir: str | Path, force: bool = False) -> BuildReport:
    """Rebuild the registry tables when the files changed since the last build (or when ``force``)."""
    current = content_hash(Path(registry_dir))
    built = registry_store.built_hash(store)
    if not force and (built == current or getattr(store, "read_only", False)):  # read-only: the tables as built
        return BuildReport(False, built or current, registry_store.counts(store))
    registry = load_registry(registry_dir)
    return build(store, registry)


def build(store, registry: Registry) -> BuildReport:
    """(Re)write every registry table from ``registry``; records with problems are kept, problems reported."""
    problems = [problem for problem in check_registry(registry) if problem.severity == "error"]
    tables = registry_rows(registry)
    meta = {
        "content_hash": registry.content_hash,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "root": registry.root,
        "problems": str(len(problems)),
    }
    registry_store.replace_registry(store, tables, meta)
    return BuildReport(True, registry.content_hash, registry_store.counts(store), problems)


def registry_rows(registry: Registry) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {name: [] for name in registry_store.TABLES}
    for panda in registry.pandas.values():
        tables["pandas"].append(_panda_row(panda, registry))
        tables["panda_names"] += _name_rows("panda_id", panda.id, panda.all_names())
        tables["panda_facts"] += _fact_rows(panda)
        tables["stays"] += _stay_rows(panda, registry)
    for place in registry.institutions.values():
        tables["institutions"].append({
            "id": place.id, "name": place.name, "country": place.country, "city": place.city, "lat": place.lat,
            "lon": place.lon, "kind": place.kind, "operator": place.operator, "file": place.file,
            "record": _json(institution_record(place)),
        })
        tables["institution_names"] += _name_rows("institution_id", place.id, place.all_names())
    for loan in registry.loans.values():
        tables["loans"].append(_loan_row(loan, registry, tables["stays"]))
        tables["loan_pandas"] += [{"loan_id": loan.id, "panda_id": panda_id} for panda_id in loan.pandas]
    return tables


def _panda_row(panda: Panda, registry: Registry) -> dict:
    born, died = panda.birth, panda.death
    return {
        "id": panda.id, "name": panda.name, "sex": panda.sex,
        "born": _iso(born), "born_status": born.status if born else None, "born_at": panda.born_at,
        "died": _iso(died), "died_status": died.status if died else None,
        "mother": panda.mother[0].id if panda.mother else None,
        "father": panda.father[0].id if panda.father else None,
        "abroad": int(panda.abroad), "file": panda.file,
        "record": _json(panda_record(panda, registry)),
    }


def _name_rows(owner: str, owner_id: str, names) -> list[dict]:
    rows = [{owner: owner_id, "name": owner_id, "norm": normalise(owner_id), "lang": None, "kind": "id"}]
    rows += [{owner: owner_id, "name": name.text, "norm": normalise(name.text), "lang": name.lang,
              "kind": name.kind} for name in names]
    return rows


def _fact_rows(panda: Panda) -> list[dict]:
    return [{"panda_id": panda.id, "field": name, "rank": rank, "date": fact.date.iso, "status": fact.status,
             "note": fact.note, "sources": _json(fact.to_json()["sources"])}
            for name, facts in (("born", panda.born), ("died", panda.died)) for rank, fact in enumerate(facts)]


def _stay_rows(panda: Panda, registry: Registry) -> list[dict]:
    presences = stay_presences(panda)
    return [_stay_row(panda, seq, stay, presences[seq], registry) for seq, stay in enumerate(panda.stays)]


def _stay_row(panda: Panda, seq: int, stay: Stay, presence: Presence, registry: Registry) -> dict:
    place = registry.institutions.get(stay.institution)
    citations = stay.citations or stay.start.citations
    return {
        "panda_id": panda.id, "seq": seq, "institution_id": stay.institution,
        "country": place.country if place else None,
        "start": stay.start.date.iso, "start_status": stay.start.status,
        "end": _iso(stay.end), "end_status": stay.end.status if stay.end else None,
        "first_day": presence.possible_first.isoformat(), "last_day": _day(presence.possible_last),
        "certain_first": _day(presence.certain_first), "certain_last": _day(presence.certain_last),
        "ended_by": presence.ended_by, "loan_id": stay.loan, "sources": _json([c.url for c in citations]),
    }


def _loan_row(loan: Loan, registry: Registry, stays: list[dict]) -> dict:
    due, due_status = loan_due(loan)
    return {
        "id": loan.id, "kind": loan.kind, "host_country": loan.host_country,
        "start": _iso(loan.start), "planned_end": _iso(loan.planned_end),
        "current_end": loan.current_end.iso if loan.current_end else None,
        "term_years": loan.term_years, "outcome": loan.outcome, "ended": _iso(loan.ended),
        "first_day": loan.start.date.first_day().isoformat() if loan.start else None,
        "last_day": _loan_last_day(loan, stays),
        "fee_amount": loan.fee.amount if loan.fee else None, "fee_currency": loan.fee.currency if loan.fee else None,
        "fee_per": loan.fee.per if loan.fee else None, "file": loan.file,
        "due_end": due.iso if due and not loan.ended else None, "due_status": due_status if not loan.ended else None,
        "record": _json(loan_record(loan, registry)),
    }


def _loan_last_day(loan: Loan, stays: list[dict]) -> str | None:
    """The loan's last day: when it ended, else its current end, else when the last of its pandas left."""
    if loan.ended:
        return loan.ended.date.last_day().isoformat()
    if loan.current_end:
        return loan.current_end.last_day().isoformat()
    under = [row for row in stays if row["loan_id"] == loan.id]
    if not under or any(row["last_day"] is None for row in under):
        return None
    return max(row["last_day"] for row in under)


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _iso(fact: DatedFact | None) -> str | None:
    return fact.date.iso if fact else None


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
