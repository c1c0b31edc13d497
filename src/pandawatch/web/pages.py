"""The dashboard's HTML pages. Each calls the same `data` functions as the API and renders a Jinja template
with autoescaping on: article text is untrusted and never reaches a page unescaped."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import ontology
from ..errors import PandawatchError
from . import charts, data, reads, review
from .catalogue import FIRST_YEAR
from .countries import country_name

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
_environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=StrictUndefined)
_environment.globals.update(country_name=country_name, event_types=ontology.event_types, FIRST_YEAR=FIRST_YEAR)
templates = Jinja2Templates(env=_environment)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def render(request: Request, name: str, status_code: int = 200, **context: object) -> HTMLResponse:
    ctx = request.app.state.ctx
    return templates.TemplateResponse(request, name, {"today": ctx.today, **context}, status_code=status_code)


def error_page(request: Request, error: PandawatchError) -> HTMLResponse:
    return render(request, "error.html", status_code=error.status_code, error=error)


@router.get("/")
def overview(request: Request) -> HTMLResponse:
    ctx = request.app.state.ctx
    latest = reads.events(ctx.store(), reads.EventFilter(), limit=10).items
    return render(request, "overview.html", where=data.where_on(ctx, ctx.today), latest=latest,
                  alerts=data.alerts(ctx))  # fmt: skip


@router.get("/country/{code}")
def country(request: Request, code: str) -> HTMLResponse:
    detail = data.country_detail(request.app.state.ctx, code)
    holdings = charts.year_bars([(row["year"], row["pandas"]) for row in detail["holdings"]])
    scores = {row["year"]: row["score"] for row in detail["relations"]}
    years = range(min([FIRST_YEAR, *scores]), request.app.state.ctx.today.year + 1)
    relations = charts.year_bars([(year, scores.get(year, 0.0)) for year in years]) if scores else charts.year_bars([])
    return render(request, "country.html", c=detail, holdings=holdings, relations=relations)


@router.get("/pandas")
def pandas(request: Request, q: str | None = None) -> HTMLResponse:
    return render(request, "pandas.html", pandas=data.pandas_list(request.app.state.ctx, None, q), q=q or "")


@router.get("/panda/{panda_id}")
def panda(request: Request, panda_id: str) -> HTMLResponse:
    ctx = request.app.state.ctx
    detail = data.panda_detail(ctx, panda_id)
    spans, ticks = charts.stay_spans(detail["stays"], ctx.today)
    return render(request, "panda.html", p=detail, spans=spans, ticks=ticks)


@router.get("/zoo/{institution_id}")
def zoo(request: Request, institution_id: str) -> HTMLResponse:
    return render(request, "zoo.html", z=data.institution_detail(request.app.state.ctx, institution_id))


@router.get("/events")
def events(request: Request, type: str | None = None, country: str | None = None, panda: str | None = None,
           status: str | None = None, date_from: str | None = None, date_to: str | None = None,
           offset: int = 0) -> HTMLResponse:  # fmt: skip
    event_filter = reads.EventFilter(type or None, (country or "").upper() or None, panda or None, status or None,
                                     None, date_from or None, date_to or None)  # fmt: skip
    page = reads.events(request.app.state.ctx.store(), event_filter, max(offset, 0), 50)
    more = str(request.url.include_query_params(offset=page.offset + page.limit)) if page.has_more else None
    back = str(request.url.include_query_params(offset=max(page.offset - page.limit, 0))) if page.offset else None
    return render(request, "events.html", page=page, f=event_filter, more=more, back=back)


@router.get("/event/{event_id}")
def event(request: Request, event_id: int) -> HTMLResponse:
    return render(request, "event.html", v=data.evidence_view(request.app.state.ctx, event_id))


@router.get("/review")
def review_page(request: Request) -> HTMLResponse:
    ctx = request.app.state.ctx
    return render(request, "review.html", proposals=review.proposals(ctx), enabled=bool(ctx.settings.review_token))


@router.get("/search")
def search(request: Request, q: str = "") -> HTMLResponse:
    return render(request, "search.html", q=q, hits=data.search(request.app.state.ctx, q))
