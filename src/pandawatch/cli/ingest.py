"""`pandawatch ingest PATH|URL...`: store news articles (and their events) in the knowledge base.

Exit code 0 when every input was stored (or already was), 2 when something was skipped or failed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..store import open_store
from .output import console, console_err, print_json, table

if TYPE_CHECKING:
    from ..pipeline import RunReport

EXIT_SKIPPED = 2
_SHOWN_PROBLEMS = 15  # one screen: the rest are in the knowledge base's ingest_issues table


def ingest_command(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(help="files, directories (read recursively) or http(s) URLs")],
    as_json: Annotated[bool, typer.Option("--json", help="print the run report as JSON")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar and no summary; errors only")] = False,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="store articles without extracting events")] = False,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="fetch the pages feed entries link to")] = False,
) -> None:
    """Ingest news: plain text, HTML, JSONL, RSS/Atom, WARC, gzip, directories, URLs. Duplicates are linked,
    bad inputs reported one line each; exit code 2 when something was skipped."""
    from ..pipeline import ingest  # (heavy: readers, MinHash, the extractor) only when ingesting

    settings = ctx.obj
    with open_store(settings.db) as store:
        with _progress(quiet or as_json) as progress:
            report = ingest(sources, store, settings, progress=progress, extract=not no_extract,
                            follow_links=follow_links)
    if as_json:
        print_json(report.to_json())
    else:
        _print_problems(report)
        if not quiet:
            console.print(_summary(report))
    raise typer.Exit(0 if report.complete else EXIT_SKIPPED)


class _progress:
    """A Rich progress display fed by the pipeline's callback; nothing when quiet."""

    def __init__(self, quiet: bool) -> None:
        self.display = None if quiet else Progress(
            SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=console_err, transient=True,
        )  # fmt: skip

    def __enter__(self):
        if self.display is None:
            return None
        self.display.__enter__()
        task = self.display.add_task("", total=None)
        return lambda done, origin: self.display.update(task, completed=done, description=origin[-60:])

    def __exit__(self, *exc: object) -> None:
        if self.display is not None:
            self.display.__exit__(*exc)


def _print_problems(report: RunReport) -> None:
    """One line per skipped or failed input on stderr (the first screenful; all are in ingest_issues)."""
    problems = report.errors + report.skipped
    for problem in problems[:_SHOWN_PROBLEMS]:
        console_err.print(f"skipped: {problem.message()}", markup=False, highlight=False, soft_wrap=True)
    if len(problems) > _SHOWN_PROBLEMS:
        console_err.print(f"… and {len(problems) - _SHOWN_PROBLEMS} more (run {report.run_id}; "
                          f"`--json` lists them all)", markup=False, highlight=False)


def _summary(report: RunReport) -> object:
    rows = [
        ("read", report.read), ("stored (new articles)", report.stored),
        ("  of which copies of a story (linked)", report.duplicates), ("updated", report.updated),
        ("unchanged", report.unchanged), ("extracted (stored before, events now)", report.extracted),
        ("skipped", len(report.skipped)), ("errors", len(report.errors)), ("warnings", len(report.warnings)),
        ("events extracted", report.events), ("extraction", report.extraction), ("seconds", report.seconds),
    ]  # fmt: skip
    return table(f"ingest run {report.run_id}", ("", "count"), rows)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
