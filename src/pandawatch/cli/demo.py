"""`pandawatch demo`: the README's first command — build, summarise, serve."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .output import console


def demo(
    ctx: typer.Context,
    serve: Annotated[bool, typer.Option(help="end by serving the dashboard (--no-serve to stop after the summary)")] = True,
    port: Annotated[Optional[int], typer.Option(help="port for the dashboard [default: 8765]")] = None,
) -> None:
    """Build the knowledge base from the bundled registry and sample news, summarise, and serve the dashboard."""
    settings = ctx.obj
    console.print(f"knowledge base: {settings.db}")
    # ---- first step (registry): build the registry tables, then where the pandas live today, by country
    from .registry import print_where_today

    print_where_today(settings)
    # ---- news: ingest the bundled sample briefs (and extract their events); re-running changes nothing
    _ingest_samples(settings)
    # ---- last step (web): serve the dashboard over what the steps above built, printing its address
    if serve:
        from .serve import start_server

        start_server(settings.with_overrides(port=port))


def _ingest_samples(settings) -> None:
    from ..pipeline import ingest
    from ..store import open_store

    with open_store(settings.db) as store:
        report = ingest([settings.demo_news], store, settings)
    console.print(f"news: {report.read} articles read from {settings.demo_news}: {report.stored} new, "
                  f"{report.unchanged} already known, {len(report.skipped) + len(report.errors)} skipped; "
                  f"{report.events} events extracted", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
