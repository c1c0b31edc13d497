"""What each page and API route shows, as plain dicts: the one place both the JSON API and the HTML pages
get their data from, so they never disagree."""

from __future__ import annotations

import datetime as dt
from statistics import fmean

from ..errors import InvalidInput, NotFound
from ..model import PartialDate
from . import catalogue as cat
from . import reads
from .context import WebContext
from .countries import country_name, is_country_code, numeric_code


def parse_day(text: str | None, default: dt.date) -> dt.date:
    """A date from a query string: YYYY, YYYY-MM or YYYY-MM-DD (the first day of a partial date)."""
    if not text:
        return default
    try:
        return PartialDate(text).first_day()
    except ValueError as error:
        raise InvalidInput(f"not a date: {text!r} ({error})", source="date", hint="use YYYY, YYYY-MM or YYYY-MM-DD") from None


def country_or_404(code: str) -> str:
    code = code.upper()
    if not is_country_code(code):
        raise NotFound(f"no country with code {code!r}", source="country", hint="use ISO 3166-1 alpha-3, e.g. JPN")
    return code


def _institution_points(ctx: WebContext) -> dict[str, tuple[float, float]]:
    """Each country's mean institution position: where the map puts a marker for places too small to draw."""
    points: dict[str, list[tuple[float, float]]] = {}
    for institution in ctx.catalogue.institutions.values():
        if institution.get("lat") is not None and institution.get("lon") is not None:
            points.setdefault(institution.get("country"), []).append((institution["lat"], institution["lon"]))
    return {code: (fmean(p[0] for p in pts), fmean(p[1] for p in pts)) for code, pts in points.items()}


def where_on(ctx: WebContext, on: dt.date, country: str | None = None) -> dict:
    rows = [_whereabout(w) for w in cat.where(ctx.store(), on, country)]
    points = _institution_points(ctx)
    counted: dict[str, int] = {}
    for row in rows:
        counted[row["country"]] = counted.get(row["country"], 0) + 1
    countries = [
        {"code": code, "name": country_name(code), "numeric": numeric_code(code), "count": count,
         "lat": points.get(code, (None, None))[0], "lon": points.get(code, (None, None))[1]}
        for code, count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    ]  # fmt: skip
    return {"date": on.isoformat(), "total": len(rows), "countries": countries, "pandas": rows}


def _whereabout(w: dict) -> dict:
    return {"panda": w["panda_id"], "name": w["panda"], "institution": w["institution_id"],
            "institution_name": w["institution"], "country": w["country"] or "?", "since": w["since"],
            "until": w["until"], "loan": w["loan_id"]}  # fmt: skip


def _current(ctx: WebContext) -> dict[str, dict]:
    return {w["panda_id"]: w for w in cat.where(ctx.store(), ctx.today)}


def _summary(panda: dict, here: dict | None) -> dict:
    return {"id": panda["id"], "name": panda.get("name"), "sex": panda.get("sex"),
            "born": cat.date_of(panda.get("born")), "died": cat.date_of(panda.get("died")),
            "now_at": here["institution_id"] if here else None, "now_in": here["country"] if here else None}


def _matches(record: dict, needle: str) -> bool:
    return any(needle in (name["name"] or "").lower() for name in cat.names_of(record)) or needle == record["id"]


def pandas_list(ctx: WebContext, country: str | None, text: str | None) -> list[dict]:
    """Pandas in the registry; with ``country``, those that ever lived there; with ``text``, matching a name."""
    current = _current(ctx)
    found = []
    for panda in sorted(ctx.catalogue.pandas.values(), key=lambda p: (p.get("name") or "", p["id"])):
        if country and country not in {stay.get("country") for stay in panda.get("stays") or []}:
            continue
        if text and not _matches(panda, text.strip().lower()):
            continue
        found.append(_summary(panda, current.get(panda["id"])))
    return found


def stays_of(panda: dict) -> list[dict]:
    return [{"institution": stay.get("institution"), "institution_name": stay.get("institution_name"),
             "country": stay.get("country"), "from": stay.get("from"), "to": stay.get("to"),
             "to_status": stay.get("to_status"), "loan": stay.get("loan"),
             "sources": stay.get("sources") or []} for stay in panda.get("stays") or []]  # fmt: skip


def panda_detail(ctx: WebContext, panda_id: str) -> dict:
    panda = ctx.catalogue.pandas.get(panda_id)
    if panda is None:
        raise NotFound(f"no panda with id {panda_id!r}", source="panda")
    page = reads.events(ctx.store(), reads.EventFilter(panda=panda.get("name")), limit=50)
    return {**_summary(panda, _current(ctx).get(panda_id)), "names": cat.names_of(panda),
            "family": cat.family(ctx.catalogue, panda), "stays": stays_of(panda),
            "sources": panda.get("sources") or [], "notes": panda.get("notes"), "events": page.items}  # fmt: skip


def _ids(refs: list) -> list[str]:
    return [ref["id"] if isinstance(ref, dict) else ref for ref in refs or []]


def loan_summary(ctx: WebContext, loan: dict) -> dict:
    return {"id": loan["id"], "kind": loan.get("kind"), "host_country": loan.get("host_country"),
            "institutions": _ids(loan.get("institutions")), "pandas": _ids(loan.get("pandas")),
            "start": cat.date_of(loan.get("start")), "planned_end": cat.loan_end(loan),
            "ended": cat.date_of(loan.get("ended")), "state": cat.loan_state(loan, ctx.today)}  # fmt: skip


def loans_list(ctx: WebContext, country: str | None = None, state: str | None = None,
               institution: str | None = None) -> list[dict]:  # fmt: skip
    rows = [loan_summary(ctx, loan) for loan in ctx.catalogue.loans.values()]
    return [row for row in sorted(rows, key=lambda r: (r["start"] or "", r["id"]))
            if (not country or row["host_country"] == country) and (not state or row["state"] == state)
            and (not institution or institution in row["institutions"])]  # fmt: skip


def _institution_row(i: dict) -> dict:
    return {"id": i["id"], "name": i.get("name"), "country": i.get("country"), "city": i.get("city"),
            "kind": i.get("kind"), "lat": i.get("lat"), "lon": i.get("lon")}  # fmt: skip


def institutions_list(ctx: WebContext, country: str | None = None) -> list[dict]:
    rows = [_institution_row(i) for i in ctx.catalogue.institutions.values() if not country or i.get("country") == country]
    return sorted(rows, key=lambda row: (row["country"] or "", row["name"] or ""))


def institution_detail(ctx: WebContext, institution_id: str) -> dict:
    institution = ctx.catalogue.institutions.get(institution_id)
    if institution is None:
        raise NotFound(f"no institution with id {institution_id!r}", source="institution")
    residents = [{"panda": panda["id"], "name": panda.get("name"), **stay}
                 for panda in ctx.catalogue.pandas.values() for stay in stays_of(panda)
                 if stay["institution"] == institution_id]  # fmt: skip
    current = sorted(w["panda_id"] for w in _current(ctx).values() if w["institution_id"] == institution_id)
    return {**_institution_row(institution), "names": cat.names_of(institution),
            "stays": sorted(residents, key=lambda r: r["from"] or ""), "current": current,
            "loans": loans_list(ctx, institution=institution_id)}  # fmt: skip


# ---- country pages: loans grouped as the issue lists them


def country_loans(ctx: WebContext, code: str) -> dict[str, list[dict]]:
    """Loans of ``code`` by state: active and ended from the registry; requested and refused from the news."""
    loans = loans_list(ctx, country=code)
    store = ctx.store()
    grouped = {"active": [loan for loan in loans if loan["state"] == "active"],
               "ended": [loan for loan in loans if loan["state"] != "active"]}
    for kind, event_type in (("requested", "LOAN_REQUEST"), ("refused", "LOAN_REFUSAL")):
        grouped[kind] = reads.events(store, reads.EventFilter(type=event_type, country=code), limit=20).items
    return grouped


def country_detail(ctx: WebContext, code: str) -> dict:
    code = country_or_404(code)
    store = ctx.store()
    timeline = reads.events(store, reads.EventFilter(country=code), limit=50)
    return {"code": code, "name": country_name(code), "numeric": numeric_code(code),
            "now": [_whereabout(w) for w in cat.where(store, ctx.today, code)],
            "holdings": cat.yearly_holdings(store, code, ctx.today),
            "relations": ctx.relations(code), "loans": country_loans(ctx, code),
            "timeline": timeline.items, "timeline_more": timeline.has_more}  # fmt: skip


def alerts(ctx: WebContext) -> list[dict]:
    return cat.loans_ending(ctx.store(), ctx.today, int(ctx.settings.alert_days))


def search(ctx: WebContext, text: str) -> list[dict]:
    """Pandas, institutions and countries whose names contain ``text``, then article titles."""
    needle = text.strip().lower()
    if not needle:
        return []
    hits = [{"kind": "panda", "id": p["id"], "label": p.get("name")} for p in ctx.catalogue.pandas.values()
            if _matches(p, needle)]  # fmt: skip
    hits += [{"kind": "institution", "id": i["id"], "label": i.get("name")} for i in ctx.catalogue.institutions.values()
             if _matches(i, needle)]  # fmt: skip
    codes = {i.get("country") for i in ctx.catalogue.institutions.values()} - {None}
    hits += [{"kind": "country", "id": code, "label": country_name(code)} for code in sorted(codes)
             if needle in country_name(code).lower() or needle == code.lower()]  # fmt: skip
    hits += [{"kind": "article", "id": a["id"], "label": a["title"] or a["id"]}
             for a in reads.search_articles(ctx.store(), text)]  # fmt: skip
    return hits


def evidence_view(ctx: WebContext, event_id: int) -> dict:
    """An event with its article's text split around the evidence, for highlighting (escaped by the template)."""
    found = reads.event(ctx.store(), event_id)
    if found is None:
        raise NotFound(f"no event with id {event_id}", source="event")
    article = reads.article(ctx.store(), found["article"]) or {}
    text = article.get("text") or ""
    start = text.find(found["evidence"]) if found["evidence"] else -1
    parts = ((text[:start], found["evidence"], text[start + len(found["evidence"]):]) if start >= 0
             else (text, "", ""))  # fmt: skip
    return {"event": found, "article": {k: v for k, v in article.items() if k != "text"},
            "before": parts[0], "evidence": parts[1], "after": parts[2], "found": start >= 0}
