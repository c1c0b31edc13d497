"""`pandawatch demo`: the README's first command — build, summarise, serve."""

from __future__ import annotations

import typer

from .output import console


def demo(ctx: typer.Context) -> None:
    """Build the knowledge base from the bundled registry and sample news, summarise, and serve the dashboard."""
    settings = ctx.obj
    console.print(f"knowledge base: {settings.db}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
