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


# Columns whose values are never broken (dates, ids): other columns wrap, and a word too long for its column
# folds onto the next line instead of being cut to "2025-0…".
KEEP_WHOLE = {"id", "since", "until", "from", "to", "start", "born", "loan", "due back", "date", "month",
              "first seen"}  # fmt: skip


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]], width: int | None = None) -> Table:
    """A Rich table that fits the terminal: headers, dates and ids whole, the rest wrapped (a word too long folds
    onto the next line); when even that is too wide, the rightmost columns are left out and the title says so
    (``--json`` has them all)."""
    cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
    shown = _columns_that_fit(list(columns), cells, width or console.width)
    left_out = [column for column in columns if column not in shown]
    grid = Table(title=(title or "") + (f" (left out at this width: {', '.join(left_out)})" if left_out else "") or None,
                 title_justify="left")  # fmt: skip
    for column in shown:
        grid.add_column(column, overflow="fold", no_wrap=column in KEEP_WHOLE, min_width=len(column) or None)
    keep = [columns.index(column) for column in shown]
    for row in cells:
        grid.add_row(*(row[index] for index in keep))
    return grid


def _columns_that_fit(columns: list[str], cells: list[list[str]], width: int) -> list[str]:
    """The leftmost columns whose narrowest layout (header, whole values, the longest word) fits ``width``."""
    def narrowest(index: int) -> int:
        values = [row[index] for row in cells]
        if columns[index] in KEEP_WHOLE:
            return max([len(columns[index])] + [len(value) for value in values])
        return max([len(columns[index])] + [min(len(word), 24) for value in values for word in value.split()])

    needed = [narrowest(i) + 3 for i in range(len(columns))]
    shown = len(columns)
    while shown > 2 and sum(needed[:shown]) + 1 > width:
        shown -= 1
    return columns[:shown]


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
