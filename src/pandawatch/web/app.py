"""The FastAPI application: the JSON API under /api, the dashboard pages, the allow-listed assets under
/assets (web font chunks under /assets/files), OpenAPI docs at /docs (Swagger UI served locally), and one error shape (JSON for the API, an HTML page for people)."""

from __future__ import annotations

import gc
import logging
import sqlite3
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from ..errors import InvalidInput, NotFound, PandawatchError, error_body
from ..settings import Settings, load_settings
from ..store.faults import database_fault
from . import api, coverage, pages
from .assets import allowed_assets, font_files, missing_vendor_files
from .context import WebContext
from .guard import RequestGuard, trusted_hosts

log = logging.getLogger(__name__)


def create_app(store_path: str | Path, settings: Settings | None = None) -> FastAPI:
    """The dashboard and API over the knowledge base at ``store_path`` (read-only except review actions)."""
    settings = settings or load_settings()
    app = FastAPI(title="pandawatch", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Which giant pandas are where abroad, their loans, and the events around them.")
    app.state.ctx = WebContext.open(store_path, settings)
    app.state.ctx.warm()
    # What is loaded now lives as long as the app: out of the cyclic collector's way, so that a full collection
    # (tens of milliseconds over the registry and the libraries' objects) does not land on a request.
    gc.freeze()
    app.state.assets = allowed_assets()
    app.state.fonts = font_files()
    if missing := missing_vendor_files(app.state.assets):
        log.warning("dashboard assets missing (run scripts/setup.sh for `npm ci`): %s", ", ".join(missing))
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(coverage.router)
    app.add_api_route("/assets/{name}", _asset, methods=["GET"], include_in_schema=False)
    app.add_api_route("/assets/files/{name}", _font, methods=["GET"], include_in_schema=False)
    _add_error_handlers(app)
    app.add_middleware(RequestGuard, hosts=trusted_hosts(settings.trusted_hosts, settings.host))
    return app


def _asset(request: Request, name: str) -> Response:
    """Serve an allow-listed asset by name: the request's text is only ever a dict key."""
    asset = request.app.state.assets.get(name)
    if asset is None:
        raise NotFound(f"no asset named {name!r}", source="assets")
    return FileResponse(asset.path, media_type=asset.media_type, headers={"Cache-Control": "public, max-age=3600"})


def _font(request: Request, name: str) -> Response:
    """A web font chunk by file name (the same dict-key lookup as assets); fonts never change: cached a year."""
    asset = request.app.state.fonts.get(name)
    if asset is None:
        raise NotFound(f"no font file named {name!r}", source="assets")
    return FileResponse(asset.path, media_type=asset.media_type, headers={"Cache-Control": "public, max-age=31536000"})


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _respond(request: Request, error: PandawatchError) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(error), status_code=error.status_code)
    return pages.error_page(request, error)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PandawatchError)
    async def _pandawatch_error(request: Request, error: PandawatchError) -> Response:
        return _respond(request, error)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _respond(request, InvalidInput(first.get("msg", "invalid request"), source=where or None))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        wrapped = NotFound(f"nothing at {request.url.path}") if error.status_code == 404 else PandawatchError(
            str(error.detail))
        wrapped.status_code = error.status_code
        return _respond(request, wrapped)

    @app.exception_handler(sqlite3.Error)
    async def _database(request: Request, error: sqlite3.Error) -> Response:  # the file failed, not the request
        fault = database_fault(error, request.app.state.ctx.store_path)
        fault.status_code = 503
        return _respond(request, fault)


__all__ = ["create_app", "HTMLResponse"]
