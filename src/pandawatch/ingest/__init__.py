"""News ingestion: every form people keep news in → clean ``Document``s (or ``Skipped`` with the reason).

    from pandawatch.ingest import read
    for item in read("news/"):          # a file, a directory (recursively) or an http(s) URL
        ...                              # Document | Skipped

De-duplication and storage are the pipeline's (``pandawatch.pipeline.ingest``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, RawInput, Skipped
from .clean import clean_with_notes
from .readers import ReadOptions, read_raw


def read(source: str, options: ReadOptions | None = None) -> Iterator[Document | Skipped]:
    """Every article in ``source``, cleaned; a ``Skipped`` for each input that is not one."""
    for item in read_raw(str(source), options):
        yield clean_with_notes(item)[0] if isinstance(item, RawInput) else item


__all__ = ["ReadOptions", "read", "read_raw"]  # the module pandawatch.ingest.clean cleans one input
