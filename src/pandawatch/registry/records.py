"""Registry records as plain JSON-ready dicts: what the knowledge base stores, `panda` shows and exports write.

Pure functions of the loaded Registry; relations that the files state once (offspring, a panda's loans)
are filled in from both sides here.
"""

from __future__ import annotations

from dataclasses import asdict

from ..model import Citation, DatedFact, Fee, Institution, Loan, Name, Panda, ParentLink, Stay
from .load import Registry


def panda_record(panda: Panda, registry: Registry) -> dict:
    return {
        "id": panda.id,
        "name": panda.name,
        "names": [_name(name) for name in panda.names],
        "sex": panda.sex,
        "born": [fact.to_json() for fact in panda.born],
        "born_at": _ref(registry.institutions, panda.born_at),
        "died": [fact.to_json() for fact in panda.died],
        "mother": [_parent(link, registry) for link in panda.mother],
        "father": [_parent(link, registry) for link in panda.father],
        "litter": [_ref(registry.pandas, sibling) for sibling in panda.litter],
        "offspring": offspring(panda.id, registry),
        "stays": [_stay(stay, registry) for stay in panda.stays],
        "loans": [_loan_summary(loan) for loan in loans_of(panda, registry)],
        "abroad": panda.abroad,
        "notes": panda.notes,
        "sources": _sources(panda.sources),
        "file": panda.file,
    }


def institution_record(place: Institution) -> dict:
    return {
        "id": place.id,
        "name": place.name,
        "names": [_name(name) for name in place.names],
        "country": place.country,
        "city": place.city,
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "operator": place.operator,
        "sources": _citations(place.citations),
        "file": place.file,
    }


def loan_record(loan: Loan, registry: Registry) -> dict:
    return {
        "id": loan.id,
        "kind": loan.kind,
        "host_country": loan.host_country,
        "institutions": [_ref(registry.institutions, place) for place in loan.institutions],
        "parties": list(loan.parties),
        "pandas": [_ref(registry.pandas, panda) for panda in loan.pandas],
        "agreed": _fact(loan.agreed),
        "start": _fact(loan.start),
        "term_years": loan.term_years,
        "planned_end": _fact(loan.planned_end),
        "extensions": [{"date": _fact(ext.date), "new_end": str(ext.new_end) if ext.new_end else None,
                        "sources": _citations(ext.citations)} for ext in loan.extensions],
        "current_end": str(loan.current_end) if loan.current_end else None,
        "fee": _fee(loan),
        "fees": [_one_fee(fee) for fee in loan.fees],
        "outcome": loan.outcome,
        "ended": _fact(loan.ended),
        "notes": loan.notes,
        "sources": _sources(loan.sources),
        "file": loan.file,
    }


def offspring(panda_id: str, registry: Registry) -> list[dict]:
    """The pandas that name ``panda_id`` as a parent, oldest first."""
    children = [child for child in registry.pandas.values()
                if any(link.id == panda_id for link in (*child.mother, *child.father))]
    children.sort(key=lambda child: (child.birth.date.iso if child.birth else "9999", child.id))
    return [{"id": child.id, "name": child.name, "born": str(child.birth.date) if child.birth else None}
            for child in children]


def loans_of(panda: Panda, registry: Registry) -> list[Loan]:
    """The loans a panda came under: listed in the loan, or named by one of its stays."""
    ids = {loan.id for loan in registry.loans.values() if panda.id in loan.pandas}
    ids |= {stay.loan for stay in panda.stays if stay.loan in registry.loans}
    return sorted((registry.loans[loan_id] for loan_id in ids), key=lambda loan: _start(loan))


# ----------------------------------------------------------------------------------------- pieces


def _name(name: Name) -> dict:
    return {"name": name.text, "lang": name.lang, "kind": name.kind}


def _ref(records: dict, record_id: str | None) -> dict | None:
    if not record_id:
        return None
    record = records.get(record_id)
    return {"id": record_id, "name": record.name if record else None}


def _parent(link: ParentLink, registry: Registry) -> dict:
    return {**_ref(registry.pandas, link.id), "status": link.status, "sources": _citations(link.citations)}  # type: ignore[dict-item]


def _stay(stay: Stay, registry: Registry) -> dict:
    place = registry.institutions.get(stay.institution)
    return {
        "institution": stay.institution,
        "institution_name": place.name if place else None,
        "country": place.country if place else None,
        "from": str(stay.start.date),
        "from_status": stay.start.status,
        "to": str(stay.end.date) if stay.end else None,
        "to_status": stay.end.status if stay.end else None,
        "loan": stay.loan,
        "sources": _citations(stay.citations or stay.start.citations),
    }


def _loan_summary(loan: Loan) -> dict:
    return {"id": loan.id, "kind": loan.kind, "host_country": loan.host_country,
            "start": str(loan.start.date) if loan.start else None,
            "current_end": str(loan.current_end) if loan.current_end else None, "outcome": loan.outcome}


def _fact(fact: DatedFact | None) -> dict | None:
    return fact.to_json() if fact else None


def _fee(loan: Loan) -> dict | None:
    return _one_fee(loan.fee) if loan.fee else None


def _one_fee(fee: Fee) -> dict:
    return {"amount": fee.amount, "currency": fee.currency, "per": fee.per, "note": fee.note,
            "sources": _citations(fee.citations)}


def _citations(citations: tuple[Citation, ...]) -> list[dict]:
    return [{key: value for key, value in asdict(c).items() if value is not None} for c in citations]


def _sources(sources: dict) -> list[dict]:
    return [{"key": key, **_citations((citation,))[0]} for key, citation in sources.items()]


def _start(loan: Loan) -> str:
    return loan.start.date.iso if loan.start else "9999"
