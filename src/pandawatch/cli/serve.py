"""`pandawatch serve`: the dashboard and JSON API; `pandawatch get PATH`: one API request, in-process."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Annotated, Optional

import httpx
import typer

from ..errors import PandawatchError
from ..settings import Settings
from .output import console, console_err


def _build_registry(settings: Settings) -> None:
    """Bring the knowledge base's registry tables up to date with the files, and put the reports saved since
    the last time into their stories (each a no-op when nothing changed)."""
    from ..analyse.stories import refresh_stories
    from ..registry.build import ensure_registry
    from ..store import open_store

    with open_store(settings.db) as store:
        report = ensure_registry(store, settings.registry_dir)
        placed = refresh_stories(store)
    if report.built:
        console_err.print(f"registry rebuilt: {report.counts}", markup=False, highlight=False)
    if placed:
        console_err.print(f"stories: {placed} reports placed", markup=False, highlight=False)


def start_server(settings: Settings) -> None:
    """Serve the dashboard over ``settings.db`` until interrupted, printing the address first."""
    import uvicorn

    from ..web.app import create_app

    _check_port_free(str(settings.host), int(settings.port))
    _build_registry(settings)
    app = create_app(settings.db, settings)
    console.print(f"pandawatch dashboard: http://{settings.host}:{settings.port}/  (API docs: /docs; Ctrl-C stops)",
                  markup=False, highlight=False)  # fmt: skip
    uvicorn.run(app, host=str(settings.host), port=int(settings.port), log_level="warning")


def _check_port_free(host: str, port: int) -> None:
    """A busy port is one clear error before anything is printed as started."""
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PandawatchError(f"cannot listen on {host}:{port}: {error.strerror or error}", source="serve",
                                  hint="another program uses it: choose another with --port N") from None


def serve(
    ctx: typer.Context,
    host: Annotated[Optional[str], typer.Option(help="address to listen on [default: 127.0.0.1]")] = None,
    port: Annotated[Optional[int], typer.Option(help="port to listen on [default: 8765]")] = None,
) -> None:
    """Serve the web dashboard and the JSON API over the knowledge base."""
    start_server(ctx.obj.with_overrides(host=host, port=port))


def get(ctx: typer.Context, path: Annotated[str, typer.Argument(help="an API path, e.g. /api/where?date=2015")]) -> None:
    """Send one GET request through the app in-process and print the response body (exit 1 on an error status)."""
    if not path.startswith("/"):
        raise PandawatchError("the path must start with /", source=path, hint="e.g. /api/pandas")
    _build_registry(ctx.obj)
    response = asyncio.run(_get_in_process(ctx.obj, path))
    body = response.text
    if response.headers.get("content-type", "").startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False, indent=2)
    typer.echo(body)
    if response.status_code >= 400:
        sys.exit(1)  # (typer.Exit would become a return value under main()'s standalone_mode=False)


async def _get_in_process(settings: Settings, path: str) -> httpx.Response:
    from ..web.app import create_app

    transport = httpx.ASGITransport(app=create_app(settings.db, settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        return await client.get(path)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("get")(get)
