"""How commands print: Rich tables for people, JSON for scripts, one-line errors on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence

from rich.console import Console
from rich.table import Table

from ..errors import PandawatchError, error_body

console = Console()
console_err = Console(stderr=True)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Table:
    grid = Table(title=title, title_justify="left")
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    return grid


def emit(data: object, as_json: bool, render: Callable[[], object]) -> None:
    """Print ``data`` as JSON, or whatever ``render()`` returns (a Rich renderable or text) for people."""
    if as_json:
        print_json(data)
    else:
        console.print(render())


def fail(error: PandawatchError, as_json: bool = False) -> None:
    """One line on stderr (written directly: Rich would wrap it at the terminal's width)."""
    line = json.dumps(error_body(error), ensure_ascii=False) if as_json else f"error: {error.one_line()}"
    sys.stderr.write(line + "\n")
