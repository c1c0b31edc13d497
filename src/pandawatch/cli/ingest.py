"""`pandawatch ingest PATH|URL...`: store news articles (and their events) in the knowledge base.

Exit code 0 when every input was stored (or already was), 2 when something was skipped or failed.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import InvalidInput
from ..store import open_store
from .output import console, console_err, print_json, table
from .progress import IngestProgress

if TYPE_CHECKING:
    from ..pipeline import RunReport

EXIT_SKIPPED = 2
_SHOWN_PROBLEMS = 15  # one screen: the rest are in the knowledge base's ingest_issues table


def ingest_command(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(
        help="files, directories (read recursively), glob patterns ('day/*.jsonl.gz') or http(s) URLs")],
    as_json: Annotated[bool, typer.Option("--json", help="print the run report as JSON")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar and no summary; errors only")] = False,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="store articles without extracting events")] = False,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="fetch the pages feed entries link to")] = False,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", help="read, clean and extract on a local Dask cluster of N worker processes")] = None,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", help="...or on a running Dask cluster (tcp://HOST:PORT); this process stores")] = None,
) -> None:
    """Ingest news: plain text, HTML, JSONL, RSS/Atom, WARC, gzip, directories, URLs. Duplicates are linked,
    bad inputs reported one line each; exit code 2 when something was skipped."""
    from ..pipeline import ingest  # (heavy: readers, MinHash, the extractor) only when ingesting

    settings = ctx.obj
    with _cluster(workers, scheduler) as client, open_store(settings.db) as store:
        store.on_wait = _say_waiting
        note = client and f"Dask: {len(client.nthreads())} workers, dashboard {client.dashboard_link}"
        with IngestProgress(quiet or as_json, note) as progress:
            report = ingest(sources, store, settings, progress=progress, extract=not no_extract,
                            follow_links=follow_links, cluster=client)
    if as_json:
        print_json(report.to_json())
    else:
        _print_problems(report)
        if not quiet:
            console.print(_summary(report))
    raise typer.Exit(0 if report.complete else EXIT_SKIPPED)


def _cluster(workers: int | None, scheduler: str | None):
    """The Dask client asked for (``pandawatch.scale``), or none: the run stays in this process."""
    if workers is not None and scheduler:
        raise InvalidInput("--workers and --scheduler exclude each other",
                           hint="--workers N starts a local cluster; --scheduler uses a running one")
    if workers is not None and workers < 1:
        raise InvalidInput(f"--workers must be 1 or more, not {workers}")
    if workers is None and not scheduler:
        return nullcontext()
    from ..scale import cluster

    return cluster(workers, scheduler)


def _say_waiting(line: str) -> None:
    """A second ingest into the same file waits for the first's write lock; the user hears why it pauses."""
    console_err.print(line, markup=False, highlight=False, soft_wrap=True)


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
