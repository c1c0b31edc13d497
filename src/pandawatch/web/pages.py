"""The dashboard's HTML pages. Each calls the same `data` functions as the API and renders a Jinja template
with autoescaping on: article text is untrusted and never reaches a page unescaped."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import ontology
from ..analyse.sentences import describe_record
from ..errors import InvalidInput, PandawatchError
from ..store.queries import EventFilter
from . import charts, data, feed, review
from .api import Offset, RowId
from .catalogue import FIRST_YEAR, first_day
from .countries import country_name

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
_environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=StrictUndefined)


def http_url(value: object) -> str | None:
    """``value`` if it is an http(s) URL, else None: a link from the data (an article's or a source's URL) is
    rendered only then, so that a ``javascript:`` or ``data:`` URL an article brought is never clickable."""
    if not isinstance(value, str):
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


_environment.filters["http_url"] = http_url
_environment.globals.update(country_name=country_name, event_types=ontology.event_types, FIRST_YEAR=FIRST_YEAR,
                            sentence=lambda record: describe_record(record, country_name))  # fmt: skip
templates = Jinja2Templates(env=_environment)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def render(request: Request, name: str, status_code: int = 200, **context: object) -> HTMLResponse:
    ctx = request.app.state.ctx
    return templates.TemplateResponse(request, name, {"today": ctx.today, "provenance": data.provenance(ctx), **context},
                                      status_code=status_code)  # fmt: skip


def error_page(request: Request, error: PandawatchError) -> HTMLResponse:
    return render(request, "error.html", status_code=error.status_code, error=error)


@router.get("/")
def overview(request: Request, date: str | None = None) -> HTMLResponse:
    """The map on ``date`` (YYYY, YYYY-MM or YYYY-MM-DD; today by default), the events up to that day."""
    ctx = request.app.state.ctx
    first = first_day(ctx.catalogue)
    day = min(max(data.parse_day(date, ctx.today), first), ctx.today)
    latest = data.events_page(ctx, EventFilter(until=day.isoformat()), limit=10).items
    return render(request, "overview.html", where=data.where_on(ctx, day), latest=latest, first=first,
                  alerts=data.alerts(ctx))  # fmt: skip


@router.get("/country/{code}")
def country(request: Request, code: str, as_of: str | None = None, before: str | None = None) -> HTMLResponse:
    ctx = request.app.state.ctx
    detail = data.country_detail(ctx, code, data.as_of_day(as_of), before)
    holdings = charts.year_bars([(row["year"], row["pandas"]) for row in detail["holdings"]])
    months = data.relations_months(ctx, detail["code"], data.as_of_day(as_of))
    relations = charts.month_bars(charts.to_month(months, ctx.today))
    older = (str(request.url.include_query_params(before=detail["timeline_next"]).replace(fragment="timeline"))
             if detail["timeline_more"] else None)  # fmt: skip
    newest = str(request.url.remove_query_params("before").replace(fragment="timeline")) if before else None
    return render(request, "country.html", c=detail, holdings=holdings, relations=relations, as_of=as_of or "",
                  months=months,
                  older=older, newest=newest)  # fmt: skip


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
           as_of: str | None = None, offset: Offset = 0) -> HTMLResponse:  # fmt: skip
    wanted = data.explorer_filter(type, country, panda, status, None, date_from, date_to, as_of)
    page = data.events_page(request.app.state.ctx, wanted, max(offset, 0), 50)
    more = str(request.url.include_query_params(offset=page.offset + page.limit)) if page.has_more else None
    back = str(request.url.include_query_params(offset=max(page.offset - page.limit, 0))) if page.offset else None
    shown = {"type": type, "country": (country or "").upper(), "panda": panda, "status": status,
             "date_from": date_from, "date_to": date_to, "as_of": as_of}  # fmt: skip
    return render(request, "events.html", page=page, f=shown, more=more, back=back)


@router.get("/event/{event_id}")
def event(request: Request, event_id: RowId) -> HTMLResponse:
    return render(request, "event.html", v=data.evidence_view(request.app.state.ctx, event_id))


@router.get("/review")
def review_page(request: Request) -> HTMLResponse:
    ctx = request.app.state.ctx
    return render(request, "review.html", proposals=review.proposals(ctx), enabled=bool(ctx.settings.review_token))


@router.get("/loans")
def loans(request: Request, within: int | None = None) -> HTMLResponse:
    """Running loans with their end (reported or derived), ``within`` months if given; requests and refusals."""
    ctx = request.app.state.ctx
    if within is not None and not 0 <= within <= 600:
        raise InvalidInput(f"within must be 0 to 600 months, not {within}", source="within")
    return render(request, "loans.html", loans=data.running_loans(ctx, within), within=within,
                  requested=data.news_of_types(ctx, ("LOAN_REQUEST",)),
                  refused=data.news_of_types(ctx, ("LOAN_REFUSAL",)))  # fmt: skip


@router.get("/alerts")
def alerts(request: Request) -> HTMLResponse:
    ctx = request.app.state.ctx
    return render(request, "alerts.html", alerts=data.alerts(ctx), days=int(ctx.settings.alert_days))


@router.get("/feed.atom")
def atom_feed(request: Request, country: str | None = None) -> Response:
    """New events and standing alerts as Atom, for everything or one country (?country=JPN)."""
    ctx = request.app.state.ctx
    code = data.country_or_404(country) if country else None
    base = str(request.base_url).rstrip("/")
    body = _environment.get_template("feed.atom").render(**feed.feed(ctx, base, code))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/about")
def about(request: Request) -> HTMLResponse:
    return render(request, "about.html", cover=data.coverage(request.app.state.ctx))


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json, from the app's own assets (works with the network off)."""
    return render(request, "docs.html")


@router.get("/search")
def search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    return render(request, "search.html", q=q, hits=data.search(request.app.state.ctx, q))
