"""Ingest on a Dask cluster: workers read, clean, sign and extract file by file; this process is the one writer.

    with cluster(workers=2) as client:                 # or cluster(scheduler="tcp://host:8786")
        ingest(sources, store, settings, cluster=client)

The run's inputs are listed here in the order a single process reads them (``local_entries``: a directory's
files sorted, a glob's matches sorted); each file (or URL) is one task, ``pipeline.prepare_file``. Results are
taken in that order, a bounded number of tasks ahead, and handed to the pipeline's writer in the same batches as
a single-process run: the writer alone decides what is new, changed or a copy (it holds the LSH index), so the
stored result is the same. Tasks only read, so Dask may run one again when a worker dies.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .errors import InvalidInput
from .ingest.ids import input_root, public_item
from .ingest.readers import ReadOptions, is_url
from .ingest.readers.files import local_entries
from .model import Skipped
from .pipeline import as_cleaned, batches, prepare_file

if TYPE_CHECKING:
    from .pipeline import _Cleaned, _Extraction

_TASKS_AHEAD_PER_WORKER = 4  # enough to keep every worker busy while the writer stores; bounds the memory held

# A local cluster's housekeeping, cut where it costs CPU that one process does not spend:
# - Workers sample their own stacks every 10 ms for the dashboard's profile page: about 1% of a worker's CPU
#   (py-spy on the benchmark), off (the task stream and memory pages stay).
# - The nanny's MALLOC_TRIM_THRESHOLD_=65536 makes glibc hand freed memory back at once, so each article's parse
#   trees fault their pages in again: 4x the page faults of one process, +0.4 ms of system time an article (10
#   shards of the benchmark); unset, a worker manages memory as the single process does.
# - Every Dask server (scheduler, each nanny, each worker) wakes its event loop every 20 ms to check that it is
#   not blocked, and samples CPU, memory, network and disk every 0.5 s for the dashboard's system page: with 2
#   workers, 3 s of CPU per 25 s of run beside 45 s of work (per-thread CPU seconds, 6,400 articles); a tick
#   once a second and the monitor every 10 s cut a third of it; the monitor every 2 s here keeps the
#   dashboard's memory live. (A blocked loop is still reported after 3 s; memory limits are enforced by their
#   own 100 ms monitor, unchanged.)
# - The scheduler's active memory manager drops, every 2 s, replicas that no waiting task on that worker needs:
#   the extractor and the settled digests, scattered to every worker once, were soon held by one worker only,
#   and that worker's death lost them for good (the run failed with "already forgotten" instead of retrying).
#   Off: this cluster holds no other replicas to reduce.
_LOCAL_CLUSTER_CONFIG = {
    "distributed.scheduler.active-memory-manager.start": False,
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


@contextmanager
def cluster(workers: int | None = None, scheduler: str | None = None) -> Iterator[object]:
    """A ``distributed.Client``: on a local cluster of ``workers`` processes (one thread each: the work is
    Python), or on the running cluster whose scheduler is at ``scheduler`` (``tcp://HOST:PORT``)."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="15s")
        except OSError as error:  # nothing listening, or not a scheduler: one line, not a traceback
            raise InvalidInput(f"no Dask scheduler answers at {scheduler} ({error})",
                               hint="start one with `dask scheduler`, and workers with `dask worker ADDRESS`") from None
        with client:
            yield client
        return
    with dask.config.set(_LOCAL_CLUSTER_CONFIG):
        local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    with local, Client(local) as client:
        yield client


def cleaned_on_cluster(client: object, sources: list[str], options: ReadOptions, threshold: float,
                       extraction: _Extraction | None, batch_size: int,
                       settled: dict[str, bytes] | None = None) -> Iterator[list[_Cleaned]]:
    """The run's cleaned items in input order, in batches of ``batch_size``, computed on ``client``'s workers.
    ``settled``: the stored articles that inputs with the same raw bytes leave as they are (the workers skip
    cleaning those: a resumed run costs reading, not cleaning)."""
    if extraction is not None:
        [extraction] = client.scatter([extraction], broadcast=True)  # sent once, not with every task
    if settled:
        [settled] = client.scatter([settled], broadcast=True)
    per_entry = _results(client, _entries(sources), options, threshold, extraction, settled or None)
    yield from batches((item for found in per_entry for item in found), batch_size)


def _entries(sources: list[str]) -> Iterator[tuple[str | Skipped, str]]:
    """Each file (or URL) of the run, or what could not be listed, with the root its ids are relative to."""
    for source in sources:
        root = input_root(source)
        if is_url(source):
            yield source, root
        else:
            yield from ((entry, root) for entry in local_entries(source))


def _results(client: object, entries: Iterator[tuple[str | Skipped, str]], options: ReadOptions, threshold: float,
             extraction: object, settled: object) -> Iterator[list[_Cleaned]]:
    """Each entry's cleaned items, in order: files submitted a bounded number ahead of the one taken."""
    ahead = _TASKS_AHEAD_PER_WORKER * max(1, sum(client.nthreads().values()))
    pending: deque = deque()
    for entry, root in entries:
        pending.append(public_item(entry, root) if isinstance(entry, Skipped) else
                       client.submit(prepare_file, entry, root, options, threshold, extraction, settled,
                                     pure=False))
        if len(pending) > ahead:
            yield _taken(pending.popleft())
    while pending:
        yield _taken(pending.popleft())


def _taken(entry: object) -> list[_Cleaned]:
    if isinstance(entry, Skipped):
        return [as_cleaned(entry)]
    try:
        return entry.result()
    finally:
        entry.release()  # the worker may drop the result now
