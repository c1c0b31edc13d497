"""The registry's coverage statement in the dashboard (/coverage) and the API (/api/registry/coverage): the same
dict `pandawatch registry coverage --json` prints (``pandawatch.registry.coverage.registry_coverage``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..registry import load_registry
from ..registry.coverage import registry_coverage
from .pages import render

router = APIRouter()


def coverage_of(request: Request) -> dict:
    """The coverage of the registry files the app was started with, computed once per registry version."""
    ctx = request.app.state.ctx
    registry = load_registry(ctx.settings.registry_dir)
    cached = getattr(request.app.state, "coverage", None)
    if cached is None or cached["content_hash"] != registry.content_hash:
        request.app.state.coverage = cached = registry_coverage(registry, ctx.today)
    return cached


@router.get("/api/registry/coverage", summary="What the registry holds and what it knows it lacks")
def coverage_json(request: Request) -> dict:
    return coverage_of(request)


@router.get("/coverage", include_in_schema=False, response_class=HTMLResponse)
def coverage_page(request: Request) -> HTMLResponse:
    data = coverage_of(request)
    decades = sorted({decade for row in data["by_country_decade"].values() for decade in row})
    return render(request, "coverage.html", c=data, decades=decades)
