"""The JSON API: everything the pages show, with filters, pagination and CSV download (``?format=csv``).

Routes call `data` (the same functions the pages call); responses are typed by pydantic models so that
/docs describes them.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from ..inputs import as_dyad as parse_dyad
from ..inputs import as_partial
from ..analyse.timeline import CSV_COLUMNS, TimelineQuery, csv_row
from ..export.csv import safe_dicts
from ..errors import Forbidden, PandawatchError
from ..store.queries import Page as QueryPage
from ..store import queries
from . import data, review
from .context import WebContext

router = APIRouter(prefix="/api")

Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
MAX_OFFSET = 1_000_000_000  # far past any store; SQLite's integers end at 2**63 - 1 (beyond it: a 500)
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="a row id (a positive 64-bit integer)")]
SearchText = Annotated[str, Query(min_length=1, max_length=200)]
Limit = Annotated[int, Query(ge=1, le=1000)]
AsOf = Annotated[str | None, Query(description="what the knowledge base knew on this day (YYYY-MM-DD): only "
                                               "articles published by then, as the CLI's --as-of")]  # fmt: skip


# ------------------------------------------------------------------------------------------- models


class CountryCount(BaseModel):
    code: str
    name: str
    numeric: str | None
    count: int  # pandas surely there
    possible: int = 0  # pandas possibly there: the day falls inside an imprecise date
    lat: float | None
    lon: float | None


class Whereabout(BaseModel):
    panda: str
    name: str | None
    institution: str
    institution_name: str | None
    country: str
    since: str | None = None
    until: str | None = None
    loan: str | None = None
    presence: str = "certain"  # or possible
    due_back: str | None = None
    due_back_status: str | None = None  # planned, reported, derived (loan start + term)


class WhereResult(BaseModel):
    date: str
    total: int
    possible: int = 0
    countries: list[CountryCount]
    pandas: list[Whereabout]


class PandaSummary(BaseModel):
    id: str
    name: str | None
    sex: str | None
    born: str | None
    died: str | None
    now_at: str | None
    now_in: str | None


class EventRecord(BaseModel):
    id: int
    article: str
    type: str
    status: str
    date: str | None
    source: str | None
    target: str | None
    pandas: list[str]
    institution: str | None
    evidence: str
    confidence: float
    published: str | None = None
    sentence: str | None = None  # the event in plain words ("Mu Mu left North Zoo for China")


class PandaDetail(PandaSummary):
    names: list[dict[str, Any]]
    family: dict[str, Any]
    stays: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    notes: str | None
    events: list[EventRecord]


class Institution(BaseModel):
    id: str
    name: str | None
    country: str | None
    city: str | None
    kind: str | None
    lat: float | None
    lon: float | None


class InstitutionDetail(BaseModel):
    id: str
    name: str | None
    country: str | None
    city: str | None
    kind: str | None
    names: list[dict[str, Any]]
    stays: list[dict[str, Any]]
    current: list[str]
    loans: list[dict[str, Any]]


class LoanSummary(BaseModel):
    id: str
    kind: str | None
    host_country: str | None
    institutions: list[str]
    pandas: list[str]
    start: str | None
    planned_end: str | None
    ended: str | None
    state: str


class Page(BaseModel):
    offset: int
    limit: int
    has_more: bool
    next: str | None


class EventPage(Page):
    items: list[EventRecord]


class ArticleSummary(BaseModel):
    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None


class ArticlePage(Page):
    items: list[ArticleSummary]


class Source(BaseModel):
    """Where a timeline entry or alert comes from: a news report (article, event) or a registry citation."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    evidence: str | None = None
    article: str | None = None
    event: int | None = None
    date: str | None = None
    origin: str | None = None
    file: str | None = None


class Alert(BaseModel):
    kind: str
    type: str
    status: str
    key: str
    date: str | None
    countries: list[str]
    pandas: list[str]
    message: str
    first_seen: str | None
    sources: list[Source]


class TimelineEntry(BaseModel):
    type: str
    status: str
    date: str | None
    reported: str | None
    countries: list[str | None]
    pandas: list[str]
    institution: str | None
    origin: str  # registry, news or registry+news
    held: int | None  # pandas the country held that day (a country's timeline)
    conflicts: list[str]
    story: str | None
    sources: list[Source]


class TimelinePage(BaseModel):
    """A page of a timeline, newest first. ``cursor`` is the ``before`` of the next page; ``next`` its URL."""

    limit: int
    before: str | None
    has_more: bool
    cursor: str | None
    next: str | None
    items: list[TimelineEntry]


class RelationsMonth(BaseModel):
    month: str
    score: float
    events: int
    cooperation: float
    conflict: float
    held: int | None
    types: dict[str, int]


class SearchHit(BaseModel):
    kind: str
    id: str
    label: str | None


class CountryDetail(BaseModel):
    code: str
    name: str
    numeric: str | None
    now: list[Whereabout]
    holdings: list[dict[str, int]]
    relations: str  # the URL of its monthly relations index with China (/api/relations?country=...)
    loans: dict[str, list[dict[str, Any]]]
    timeline: list[TimelineEntry]  # the first page of /api/timeline?country=...: the newest entries first
    timeline_more: bool
    timeline_next: str | None  # the URL of the next page (older entries)


class EvidenceView(BaseModel):
    event: EventRecord
    article: dict[str, Any]
    before: str
    evidence: str
    after: str
    found: bool


# ------------------------------------------------------------------------------------------ helpers


def _ctx(request: Request) -> WebContext:
    return request.app.state.ctx


def csv_response(rows: list[dict], name: str) -> Response:
    """Rows as CSV; list values joined with '; '."""
    buffer = io.StringIO()
    columns = list(rows[0]) if rows else []
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_dicts({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
                                for row in rows))
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _next_link(request: Request, page: QueryPage) -> str | None:
    if not page.has_more:
        return None
    return str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))


def _page(request: Request, page: QueryPage) -> dict:
    return {"offset": page.offset, "limit": page.limit, "has_more": page.has_more,
            "next": _next_link(request, page), "items": page.items}  # fmt: skip


def _listing(rows: list[dict], fmt: str, name: str) -> list[dict] | Response:
    return csv_response(rows, name) if fmt == "csv" else rows


# ------------------------------------------------------------------------------------------- routes


@router.get("/where", response_model=WhereResult, summary="Which pandas live where abroad on a date")
def where(request: Request, date: str | None = None, country: str | None = None) -> dict:
    ctx = _ctx(request)
    return data.where_on(ctx, data.parse_day(date, ctx.today), country.upper() if country else None)


@router.get("/pandas", response_model=list[PandaSummary], summary="Pandas in the registry")
def pandas(request: Request, country: str | None = None, q: str | None = None, format: Format = "json"):
    rows = data.pandas_list(_ctx(request), country.upper() if country else None, q)
    return _listing(rows, format, "pandas")


@router.get("/pandas/{panda_id}", response_model=PandaDetail, summary="One panda: names, family, stays, events")
def panda(request: Request, panda_id: str) -> dict:
    return data.panda_detail(_ctx(request), panda_id)


@router.get("/institutions", response_model=list[Institution], summary="Zoos, parks and breeding centres")
def institutions(request: Request, country: str | None = None, format: Format = "json"):
    return _listing(data.institutions_list(_ctx(request), country.upper() if country else None), format, "institutions")


@router.get("/institutions/{institution_id}", response_model=InstitutionDetail, summary="One institution")
def institution(request: Request, institution_id: str) -> dict:
    return data.institution_detail(_ctx(request), institution_id)


@router.get("/loans", response_model=list[LoanSummary], summary="Loans and gifts, by host country and state")
def loans(request: Request, country: str | None = None, state: str | None = None, format: Format = "json"):
    return _listing(data.loans_list(_ctx(request), country.upper() if country else None, state), format, "loans")


@router.get("/events", response_model=EventPage, summary="Events read from the news, latest first")
def events(
    request: Request, type: str | None = None, country: str | None = None, panda: str | None = None,
    status: str | None = None, article: str | None = None, date_from: str | None = None,
    date_to: str | None = None, as_of: AsOf = None, offset: Offset = 0, limit: Limit = 50, format: Format = "json",
):  # fmt: skip
    wanted = data.explorer_filter(type, country, panda, status, article, date_from, date_to, as_of)
    page = data.events_page(_ctx(request), wanted, offset, limit)
    return csv_response(page.items, "events") if format == "csv" else _page(request, page)


@router.get("/events/{event_id}", response_model=EvidenceView, summary="One event with its evidence in the article")
def event(request: Request, event_id: RowId) -> dict:
    return data.evidence_view(_ctx(request), event_id)


@router.get("/articles", response_model=ArticlePage, summary="Stored news articles, newest first")
def articles(request: Request, as_of: AsOf = None, offset: Offset = 0, limit: Limit = 50) -> dict:
    return _page(request, queries.articles_page(_ctx(request).store(), offset, limit, data.as_of_day(as_of)))


@router.get("/articles/{article_id:path}", summary="One article, with its text")
def article(request: Request, article_id: str) -> dict:
    found = queries.article_by_id(_ctx(request).store(), article_id)
    if found is None:
        raise data.NotFound(f"no article with id {article_id!r}", source="article")
    return found


@router.get("/countries/{code}", response_model=CountryDetail,
            summary="A country: its pandas, holdings, loans, the first page of its timeline, and where its relations are")  # fmt: skip
def country(request: Request, code: str, as_of: AsOf = None) -> dict:
    detail = data.country_detail(_ctx(request), code, data.as_of_day(as_of))
    about = {"country": detail["code"]} | ({"as_of": as_of} if as_of else {})
    more = request.url_for("timeline").include_query_params(**about, before=detail["timeline_next"])
    return detail | {"timeline_next": str(more) if detail["timeline_more"] else None,
                     "relations": str(request.url_for("relations").include_query_params(**about))}  # fmt: skip


@router.get("/timeline", response_model=TimelinePage,
            summary="One sourced chronology of registry facts and news (`pandawatch timeline`)")  # fmt: skip
def timeline(
    request: Request, country: str | None = None, dyad: str | None = None, panda: list[str] = Query(default=[]),
    since: str | None = None, until: str | None = None, as_of: AsOf = None, limit: Limit = 50,
    before: Annotated[str | None, Query(description="a page's `cursor`: the entries after it")] = None,
    format: Format = "json",
):  # fmt: skip
    """Newest first, a page at a time (`next` is the following page); `format=csv` gives every entry, oldest first."""
    query = TimelineQuery(parse_dyad(dyad) if dyad else None, data.country_or_404(country) if country else None,
                          tuple(panda), since and as_partial(since, "since date"),
                          until and as_partial(until, "until date"), data.as_of_day(as_of))  # fmt: skip
    if format == "csv":
        entries = data.timeline_entries(_ctx(request), query)
        return csv_response([dict(zip(CSV_COLUMNS, csv_row(entry))) for entry in entries], "timeline")
    page = data.timeline_page(_ctx(request), query, limit, before)
    more = str(request.url.include_query_params(before=page["next"])) if page["has_more"] else None
    return {"limit": limit, "before": before, "has_more": page["has_more"], "cursor": page["next"], "next": more,
            "items": page["entries"]}  # fmt: skip


@router.get("/relations", response_model=list[RelationsMonth],
            summary="Monthly relations index of a country with China (`pandawatch relations CHN-XXX`)")  # fmt: skip
def relations(request: Request, country: str, as_of: AsOf = None, format: Format = "json"):
    rows = data.relations_months(_ctx(request), country, data.as_of_day(as_of))
    return csv_response([{k: v for k, v in row.items() if k != "types"} for row in rows], "relations") \
        if format == "csv" else rows


@router.get("/alerts", response_model=list[Alert],
            summary="Loans ending, last pandas leaving, new requests and refusals (`pandawatch alerts`)")  # fmt: skip
def alerts(request: Request, as_of: AsOf = None) -> list[dict]:
    return data.alerts(_ctx(request), data.as_of_day(as_of))


@router.get("/search", response_model=list[SearchHit], summary="Pandas, institutions, countries and articles by name")
def search(request: Request, q: SearchText) -> list[dict]:
    return data.search(_ctx(request), q)


@router.get("/review", summary="Proposed registry changes awaiting a decision (`pandawatch review`)")
def review_list(request: Request, as_of: AsOf = None) -> list[dict]:
    return review.proposals(_ctx(request), data.as_of_day(as_of))


@router.post("/review/{proposal_id}/{decision}", summary="Accept or reject a proposal (needs X-Review-Token)")
def review_decide(
    request: Request, proposal_id: str, decision: Literal["accept", "reject"],
    x_review_token: Annotated[str | None, Header()] = None,
) -> dict:  # fmt: skip
    ctx = _ctx(request)
    review.check_token(ctx, x_review_token)
    return review.decide(ctx, proposal_id, decision)


__all__ = ["router", "Forbidden", "PandawatchError"]
