"""What each page and API route shows, as plain dicts: the one place both the JSON API and the HTML pages
get their data from, so they never disagree. The knowledge base's answers (timeline, relations, alerts) are the
CLI's own functions in `pandawatch.analyse`; event and article listings are `store.queries`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from statistics import fmean

from ..analyse.kb import alerts_view
from ..analyse.sentences import describe_record
from ..analyse.relations import relations as relations_series
from ..analyse.timeline import TimelineQuery, canonical_names, timeline, timeline_page as timeline_page_of
from ..inputs import as_country, as_of
from ..errors import InvalidInput, NotFound
from ..model import PartialDate
from ..settings import REPO_DIR
from ..store import queries
from ..store import registry as registry_tables
from ..store.queries import EventFilter, Page
from . import catalogue as cat
from .context import WebContext
from .countries import country_name, numeric_code


def parse_day(text: str | None, default: dt.date) -> dt.date:
    """A date from a query string: YYYY, YYYY-MM or YYYY-MM-DD (the first day of a partial date)."""
    if not text:
        return default
    try:
        return PartialDate(text).first_day()
    except ValueError as error:
        raise InvalidInput(f"not a date: {text!r} ({error})", source="date", hint="use YYYY, YYYY-MM or YYYY-MM-DD") from None


def as_of_day(text: str | None) -> str | None:
    """The ``as_of`` parameter (what the knowledge base knew on that day): a day YYYY-MM-DD, as the CLI's --as-of."""
    return as_of(text)


def country_or_404(code: str) -> str:
    """A country by ISO3, ISO2 or name (`inputs.as_country`); an unknown one is a 404 with the nearest names."""
    try:
        return as_country(code)
    except InvalidInput as error:
        raise NotFound(f"no country {code!r}", source="country", hint=error.hint) from None


def provenance(ctx: WebContext) -> dict:
    """What every page's footer says about the data: the registry's version and build time, the newest news
    read and when it was last ingested."""
    def compute() -> dict:
        store = ctx.store()
        meta = registry_tables.meta(store)
        news = store.conn.execute("SELECT max(substr(published, 1, 10)), max(ingested_at), count(*) FROM articles") \
            .fetchone() if store.db["articles"].exists() else (None, None, 0)  # fmt: skip
        return {"registry_version": (meta.get("content_hash") or "")[:12] or None,
                "registry_built": (meta.get("built_at") or "")[:10] or None, "news_until": news[0],
                "last_ingest": (news[1] or "")[:10] or None, "articles": news[2]}  # fmt: skip

    return ctx.cached(("provenance",), ctx.version(), compute)


EVAL_FLOORS = REPO_DIR / "tests" / "eval_baseline.json"  # pinned by the extraction gate; absent in a wheel


def coverage(ctx: WebContext) -> dict:
    """What the About page says the data covers: the registry's size and span, the news read, and the
    extraction's accuracy floors as the CI gate pins them."""
    catalogue = ctx.catalogue
    hosts = {loan.get("host_country") for loan in catalogue.loans.values()} | {
        i.get("country") for i in catalogue.institutions.values()}
    floors = {}
    if EVAL_FLOORS.is_file():
        floors = {name: value for name, value in json.loads(EVAL_FLOORS.read_text(encoding="utf-8")).items()
                  if isinstance(value, dict)}  # evaluation sets only (not comments or counters)  # fmt: skip
    return {"pandas": len(catalogue.pandas), "institutions": len(catalogue.institutions), "loans": len(catalogue.loans),
            "countries": sorted(code for code in hosts if code and code != "CHN"), "first": cat.first_day(catalogue),
            "floors": floors}  # fmt: skip


def _institution_points(ctx: WebContext) -> dict[str, tuple[float, float]]:
    """Each country's mean institution position: where the map puts a marker for places too small to draw."""
    points: dict[str, list[tuple[float, float]]] = {}
    for institution in ctx.catalogue.institutions.values():
        if institution.get("lat") is not None and institution.get("lon") is not None:
            points.setdefault(institution.get("country"), []).append((institution["lat"], institution["lon"]))
    return {code: (fmean(p[0] for p in pts), fmean(p[1] for p in pts)) for code, pts in points.items()}


def where_on(ctx: WebContext, on: dt.date, country: str | None = None) -> dict:
    """Counts are of the pandas surely there; ``possible`` counts those an imprecise date leaves open."""
    rows = [_whereabout(w) for w in cat.where(ctx.store(), on, country)]
    points = _institution_points(ctx)
    counted: dict[str, list[int]] = {}
    for row in rows:
        counted.setdefault(row["country"], [0, 0])[row["presence"] != "certain"] += 1
    countries = [
        {"code": code, "name": country_name(code), "numeric": numeric_code(code), "count": certain,
         "possible": possible, "lat": points.get(code, (None, None))[0], "lon": points.get(code, (None, None))[1]}
        for code, (certain, possible) in sorted(counted.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    ]  # fmt: skip
    total = sum(1 for row in rows if row["presence"] == "certain")
    return {"date": on.isoformat(), "total": total, "possible": len(rows) - total, "countries": countries,
            "pandas": rows}


def _whereabout(w: dict) -> dict:
    return {"panda": w["panda_id"], "name": w["panda"], "institution": w["institution_id"],
            "institution_name": w["institution"], "country": w["country"] or "?", "since": w["since"],
            "until": w["until"], "loan": w["loan_id"], "presence": w["presence"], "due_back": w["due_back"],
            "due_back_status": w["due_back_status"]}  # fmt: skip


def _current(ctx: WebContext) -> dict[str, dict]:
    return {w["panda_id"]: w for w in cat.where(ctx.store(), ctx.today)}


def _summary(panda: dict, here: dict | None) -> dict:
    return {"id": panda["id"], "name": panda.get("name"), "sex": panda.get("sex"),
            "born": cat.date_of(panda.get("born")), "died": cat.date_of(panda.get("died")),
            "now_at": here["institution_id"] if here else None, "now_in": here["country"] if here else None}


def pandas_list(ctx: WebContext, country: str | None, text: str | None) -> list[dict]:
    """Pandas in the registry; with ``country``, those that ever lived there; with ``text``, having a name with
    its words (the search's full-text index)."""
    current = _current(ctx)
    named = {hit["id"] for hit in queries.search_names(ctx.store(), text) if hit["kind"] == "panda"} if text else None
    found = []
    for panda in sorted(ctx.catalogue.pandas.values(), key=lambda p: (p.get("name") or "", p["id"])):
        if country and country not in {stay.get("country") for stay in panda.get("stays") or []}:
            continue
        if named is not None and panda["id"] not in named:
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
    page = queries.events_page(ctx.store(), EventFilter(pandas=(panda.get("name"),)), limit=50)
    return {**_summary(panda, _current(ctx).get(panda_id)), "names": cat.names_of(panda),
            "family": cat.family(ctx.catalogue, panda), "stays": stays_of(panda),
            "sources": panda.get("sources") or [], "notes": panda.get("notes"), "events": page.items}  # fmt: skip


def _ids(refs: list) -> list[str]:
    return [ref["id"] if isinstance(ref, dict) else ref for ref in refs or []]


def loan_summary(ctx: WebContext, loan: dict) -> dict:
    return {"id": loan["id"], "kind": loan.get("kind"), "host_country": loan.get("host_country"),
            "institutions": _ids(loan.get("institutions")), "pandas": _ids(loan.get("pandas")),
            "start": cat.date_of(loan.get("start")), "planned_end": cat.loan_end(loan),
            "ended": cat.date_of(loan.get("ended")), "state": cat.loan_state(loan, ctx.today),
            "panda_names": [_panda_name(ctx, p) for p in _ids(loan.get("pandas"))],
            "institution_names": [_institution_name(ctx, i) for i in _ids(loan.get("institutions"))]}  # fmt: skip


def loans_list(ctx: WebContext, country: str | None = None, state: str | None = None,
               institution: str | None = None) -> list[dict]:  # fmt: skip
    rows = [loan_summary(ctx, loan) for loan in ctx.catalogue.loans.values()]
    return [row for row in sorted(rows, key=lambda r: (r["start"] or "", r["id"]))
            if (not country or row["host_country"] == country) and (not state or row["state"] == state)
            and (not institution or institution in row["institutions"])]  # fmt: skip


def running_loans(ctx: WebContext, within_months: int | None = None) -> list[dict]:
    """Loans and gifts running today, soonest end first, each with its end, how the end is known (reported or
    derived from the term) and the months left; ``within_months`` keeps those ending within that many."""
    rows = []
    for loan in ctx.catalogue.loans.values():
        if cat.loan_state(loan, ctx.today) != "active":
            continue
        end, basis = cat.loan_end_and_basis(loan)
        left = cat.months_between(ctx.today, end) if end else None
        if within_months is not None and (left is None or left > within_months):
            continue
        rows.append(loan_summary(ctx, loan) | {"end": end, "end_basis": basis, "months_left": left})
    return sorted(rows, key=lambda row: (row["end"] or "9999", row["id"]))


def _panda_name(ctx: WebContext, panda_id: str) -> str:
    return (ctx.catalogue.pandas.get(panda_id) or {}).get("name") or panda_id


def _institution_name(ctx: WebContext, institution_id: str) -> str:
    return (ctx.catalogue.institutions.get(institution_id) or {}).get("name") or institution_id


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


# ---- events: the explorer's listing, with registry ids or aliases accepted for pandas


def explorer_filter(type: str | None = None, country: str | None = None, panda: str | None = None,
                    status: str | None = None, article: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, as_of: str | None = None) -> EventFilter:  # fmt: skip
    """The events explorer's filters (query parameters; empty means any) as the store's EventFilter."""
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value:
            parse_day(value, dt.date.today())  # a clear error for a bad date
    return EventFilter(country=as_country(country) if country else None, pandas=(panda,) if panda else (),
                       types=(type,) if type else (), since=date_from or None, until=date_to or None,
                       as_of=as_of_day(as_of), status=status or None, article=article or None)  # fmt: skip


def events_page(ctx: WebContext, wanted: EventFilter, offset: int = 0, limit: int = 50) -> Page:
    if wanted.pandas:
        wanted = EventFilter(**{**vars(wanted), "pandas": canonical_names(ctx.registry(), wanted.pandas)})
    page = queries.events_page(ctx.store(), wanted, offset, limit)
    return replace(page, items=[item | {"sentence": describe_record(item, country_name)} for item in page.items])


# ---- the knowledge base's answers (cached while neither events nor registry change)


def timeline_entries(ctx: WebContext, query: TimelineQuery) -> list[dict]:
    """The whole merged, sourced chronology (`pandawatch timeline`), as its JSON records (the CSV download)."""
    return ctx.cached(("timeline", query), ctx.version(),
                      lambda: [entry.to_json() for entry in timeline(ctx.store(), ctx.registry(), query)])  # fmt: skip


def timeline_page(ctx: WebContext, query: TimelineQuery, limit: int = 50, before: str | None = None) -> dict:
    """One page of the chronology, newest first: ``entries``, ``has_more`` and ``next`` (the cursor of the
    page after it, for ``before``)."""
    def compute() -> dict:
        page = timeline_page_of(ctx.store(), ctx.registry(), query, limit, before)
        return {"entries": [entry.to_json() for entry in page.entries], "has_more": page.has_more, "next": page.next}

    return ctx.cached(("timeline-page", query, limit, before), ctx.version(), compute)


def relations_months(ctx: WebContext, code: str, as_of: str | None = None) -> list[dict]:
    """The monthly relations index of ``code`` with China (`pandawatch relations CHN-XXX`)."""
    pair = ("CHN", country_or_404(code))
    return ctx.cached(("relations", pair, as_of), ctx.version(),
                      lambda: [m.to_json() for m in relations_series(ctx.store(), ctx.registry(), pair, as_of=as_of)])  # fmt: skip


def alerts(ctx: WebContext, as_of: str | None = None) -> list[dict]:
    """Every standing alert (`pandawatch alerts`), read without recording them as seen (a few indexed
    queries: the first reader after a write gets the new ones at once)."""
    days, today = int(ctx.settings.alert_days), ctx.today
    return ctx.cached(("alerts", as_of, today), ctx.version(),
                      lambda: alerts_view(ctx.store(), ctx.registry(), as_of, None, days, today, remember=False))


def news_of_types(ctx: WebContext, types: tuple[str, ...], country: str | None = None, limit: int = 20) -> list[dict]:
    """The latest news events of ``types`` (requests, refusals), each with its sentence."""
    return events_page(ctx, EventFilter(country=country, types=types), limit=limit).items


# ---- country pages: loans grouped as the issue lists them


def country_loans(ctx: WebContext, code: str, as_of: str | None = None) -> dict[str, list[dict]]:
    """Loans of ``code`` by state: active and ended from the registry; requested and refused from the news."""
    loans = loans_list(ctx, country=code)
    grouped = {"active": [loan for loan in loans if loan["state"] == "active"],
               "ended": [loan for loan in loans if loan["state"] != "active"]}
    for kind, event_type in (("requested", "LOAN_REQUEST"), ("refused", "LOAN_REFUSAL")):
        wanted = EventFilter(country=code, types=(event_type,), as_of=as_of)
        grouped[kind] = events_page(ctx, wanted, limit=20).items
    return grouped


TIMELINE_SHOWN = 50  # the country page shows a page of the timeline, newest first; its cursor leads on


def country_detail(ctx: WebContext, code: str, as_of: str | None = None, before: str | None = None) -> dict:
    """A country: its pandas now and year by year, loans, and one page of its timeline (the newest, or the one
    after the cursor ``before``). Its relations series is ``relations_months`` (a page of its own in the API:
    decades of months, each with its types, outweigh all the rest)."""
    code = country_or_404(code)
    store = ctx.store()
    page = timeline_page(ctx, TimelineQuery(country=code, as_of=as_of), TIMELINE_SHOWN, before)
    return {"code": code, "name": country_name(code), "numeric": numeric_code(code),
            "now": [_whereabout(w) for w in cat.where(store, ctx.today, code)],
            "holdings": cat.yearly_holdings(store, code, ctx.today), "loans": country_loans(ctx, code, as_of),
            "timeline": page["entries"], "timeline_more": page["has_more"], "timeline_next": page["next"]}  # fmt: skip


def search(ctx: WebContext, text: str) -> list[dict]:
    """Pandas and institutions by any of their names (full-text, word prefixes), countries, then articles."""
    needle = text.strip().lower()
    if not needle:
        return []
    store = ctx.store()
    hits = queries.search_names(store, text)
    codes = {i.get("country") for i in ctx.catalogue.institutions.values()} - {None}
    hits += [{"kind": "country", "id": code, "label": country_name(code)} for code in sorted(codes)
             if needle in country_name(code).lower() or needle == code.lower()]  # fmt: skip
    hits += [{"kind": "article", "id": a["id"], "label": a["title"] or a["id"]}
             for a in queries.search_articles(store, text)]  # fmt: skip
    return hits


def evidence_view(ctx: WebContext, event_id: int) -> dict:
    """An event with its article's text split around the evidence, for highlighting (escaped by the template)."""
    found = queries.event_by_id(ctx.store(), event_id)
    if found is None:
        raise NotFound(f"no event with id {event_id}", source="event")
    article = queries.article_by_id(ctx.store(), found["article"]) or {}
    text = article.get("text") or ""
    start = text.find(found["evidence"]) if found["evidence"] else -1
    parts = ((text[:start], found["evidence"], text[start + len(found["evidence"]):]) if start >= 0
             else (text, "", ""))  # fmt: skip
    return {"event": found | {"sentence": describe_record(found, country_name)},
            "article": {k: v for k, v in article.items() if k != "text"}, "sample": is_sample(article),
            "before": parts[0], "evidence": parts[1], "after": parts[2], "found": start >= 0}


SAMPLE_HOSTS = ("example.org", "example.com", "example.net")  # reserved for examples (RFC 2606): never real news
SAMPLE_FOLDER = "sample-news"  # the demo's briefs' folder (data/samples/sample-news): the first part of their ids


def is_sample(article: dict) -> bool:
    """Whether an article is one of the demo's sample briefs (or another made-up text at a reserved host)."""
    where = str(article.get("url") or article.get("id") or "")
    host = where.split("://", 1)[-1].split("/", 1)[0].lower() if "://" in where else ""
    return (host in SAMPLE_HOSTS or host.endswith(tuple("." + h for h in SAMPLE_HOSTS))
            or where.startswith(SAMPLE_FOLDER + "/"))
