"""The ingest progress display: one Rich bar of articles stored, skipped and failed, on stderr.

Fed by the pipeline's progress callback (``report, origin``) after each stored batch, whichever way the run
goes (this process alone, or Dask workers); ``note`` is a line printed above it (the Dask dashboard's address).
"""

from __future__ import annotations

from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .output import console_err


class IngestProgress:
    """``with IngestProgress(quiet) as progress: ingest(..., progress=progress)``; nothing when quiet."""

    def __init__(self, quiet: bool, note: str | None = None) -> None:
        self.note = None if quiet else note
        self.display = None if quiet else Progress(
            SpinnerColumn(), TextColumn("ingesting"), BarColumn(), TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(), TextColumn("{task.description}"), console=console_err, transient=True,
        )  # fmt: skip

    def __enter__(self):
        if self.display is None:
            return None
        if self.note:
            console_err.print(self.note, markup=False, highlight=False, soft_wrap=True)
        self.display.__enter__()
        task = self.display.add_task("", total=None, counts="")
        return lambda report, origin: self.display.update(task, counts=counts(report), description=origin[-50:])

    def __exit__(self, *exc: object) -> None:
        if self.display is not None:
            self.display.__exit__(*exc)


def counts(report: object) -> str:
    """``1,204 stored · 3 skipped · 0 failed`` (stored: new or updated articles and those already stored)."""
    stored = report.stored + report.updated + report.unchanged + report.extracted
    return f"{stored:,} stored · {len(report.skipped):,} skipped · {len(report.errors):,} failed"
