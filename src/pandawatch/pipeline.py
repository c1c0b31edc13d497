"""The one orchestrator: read → clean → de-duplicate → store (→ extract events), recording the run.

``ingest(sources, store, settings)`` returns a ``RunReport``. Each article is written with its signature, its
events and the run's counters in one transaction (grouped in batches, each item in its own savepoint), so a
killed ingest leaves a consistent knowledge base and running it again finishes the job without duplicates.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache, partial

from . import __version__
from .analyse.stories import refresh_stories
from .ingest.clean import clean_with_notes, decoding_notes
from .ingest.dedup import Deduplicator
from .ingest.ids import input_root, public_item, public_source
from .ingest.readers import ReadOptions, guarded, read_raw
from .model import Document, Event, RawInput, Skipped
from .store import Store
from .store import articles as sql
from .store.faults import of_the_file

log = logging.getLogger(__name__)
Progress = Callable[["RunReport", str], None]  # (the run so far: report.read items done, origin of the last one)
Extractor = Callable[[Document], list[Event]]


@dataclass(frozen=True)
class _Extraction:
    """The extractor a run uses, and the name recorded on each article it extracts."""

    extract: Extractor
    name: str

    def given(self, item: _Cleaned) -> _Extraction:
        """This extraction with the events a Dask worker already extracted for ``item`` (or its failure)."""
        if item.events is None and item.extract_error is None:
            return self
        return _Extraction(partial(_given_events, item.events, item.extract_error), self.name)


def _given_events(events: list[Event] | None, error: str | None, doc: Document) -> list[Event]:
    if error is not None:
        raise ExtractionFailed(error)
    return events


class SettledChanged(Exception):
    """A stored article a worker did not clean again changed in the store before the writer reached it."""


class ExtractionFailed(Exception):
    """The extractor failed on a worker; the message is the one the failure would have in this process."""


@dataclass
class RunReport:
    """What one ingest run did. ``skipped``, ``errors`` and ``warnings`` carry each input's reason."""

    run_id: int
    sources: list[str]
    read: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    extracted: int = 0  # stored before without their events (e.g. --no-extract), extracted in this run
    duplicates: int = 0
    events: int = 0
    extraction: str = "off"  # on, off, or on (the given extractor's name)
    seconds: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every input was stored (or already was): nothing skipped, nothing failed."""
        return not self.skipped and not self.errors

    def to_json(self) -> dict:
        record = asdict(self)
        for key in ("skipped", "errors", "warnings"):
            record[key] = [{"origin": s.origin, "reason": s.reason, "detail": s.detail} for s in getattr(self, key)]
        record["complete"] = self.complete
        return record


def ingest(sources: Iterable[str], store: Store, settings: object, progress: Progress | None = None,
           extract: bool | Extractor = True, follow_links: bool = False, batch_size: int = 100,
           cluster: object | None = None) -> RunReport:
    """Ingest every article in ``sources`` (paths, directories, URLs) into ``store``.

    ``extract``: True runs ``pandawatch.extract.extract_events`` (with the registry of ``settings``) on each new
    canonical article, and on each stored one whose events were never extracted; False stores articles only;
    a function ``Document -> list[Event]`` is used instead. ``cluster``: a ``distributed.Client``; its workers
    read, clean, sign and extract file by file (``pandawatch.scale``), this process stores what they return in
    input order, so the knowledge base is the one this process alone would write."""
    started = time.perf_counter()
    sources = [str(source) for source in sources]
    extractor, extraction = _extractor(extract, settings)  # before the run starts: a broken one fails here
    _close_killed_runs(store)
    public = [public_source(source) for source in sources]  # the run's record names no local path either
    report = RunReport(sql.start_run(store, public, os.getpid()), public, extraction=extraction)
    dedup = Deduplicator(float(settings.near_duplicate_threshold))
    dedup.load(sql.canonical_signatures(store))
    options = ReadOptions.from_settings(settings, follow_links)
    if cluster is None:
        prepared = _cleaned_batches(sources, options, dedup, store, batch_size, extractor)
    else:
        from .scale import cleaned_on_cluster

        settled = sql.settled_digests(store, options.max_article_chars, extractor is not None)
        prepared = cleaned_on_cluster(cluster, sources, options, dedup.threshold, extractor, batch_size, settled)
    try:
        for cleaned in prepared:  # cleaned outside the write transaction: CPU work holds no lock
            with store.transaction() as conn:
                for item in cleaned:
                    _one(conn, item, report, dedup, extractor)
                sql.index_new_articles(conn)
                sql.set_counts(conn, report.run_id, _counts(report))  # with the batch: counters match the rows
            if progress:
                progress(report, cleaned[-1].origin)
        if extractor is not None:  # place the new reports in their stories now, so that reading never has to write
            refresh_stories(store)
    except BaseException:  # Ctrl-C, or the database failing under the whole run: the batches stored stay
        _mark_interrupted(store, report.run_id)
        raise
    sql.finish_run(store, report.run_id)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _cleaned_batches(sources: list[str], options: ReadOptions, dedup: Deduplicator, store: Store,
                     batch_size: int, extraction: _Extraction | None) -> Iterator[list[_Cleaned]]:
    """Each batch cleaned, signed and its new articles' events extracted before the writer takes it: the write
    lock is held for storing only."""
    items = (item for source in sources for item in read_public(source, input_root(source), options))
    for batch in batches(items, batch_size):
        cleaned = _cleaned(batch, dedup, store, options)
        if extraction is not None:
            _extract(_new_stories(cleaned, dedup), extraction)
        yield cleaned


def _new_stories(cleaned: list[_Cleaned], dedup: Deduplicator) -> list[_Cleaned]:
    """The batch's articles the writer will store as new stories: not copies of a stored story nor of an earlier
    article of the batch. A guess (the writer decides): what it then finds new unextracted, it extracts itself."""
    found: list[_Cleaned] = []
    for entry in cleaned:
        if entry.signature is None or entry.failure is not None:
            continue
        doc = entry.found
        if dedup.find(doc.text_digest, entry.signature, exclude=doc.id) or any(
                earlier.found.text_digest == doc.text_digest
                or earlier.signature.jaccard(entry.signature) >= dedup.threshold for earlier in found):  # fmt: skip
            continue
        found.append(entry)
    return found


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class _Cleaned:
    """One input after cleaning: an article with its signature (None when stored unchanged), or why not
    (``failure``: unforeseen). ``events``/``extract_error``: what a Dask worker's extractor gave (None here)."""

    origin: str
    found: Document | Skipped
    notes: list[Skipped]
    signature: object = None
    failure: Skipped | None = None
    events: list[Event] | None = None
    extract_error: str | None = None
    settled: bool = False  # a Dask worker found it stored with these raw bytes and did not clean it (no text)


def _cleaned(batch: list[RawInput | Skipped], dedup: Deduplicator, store: Store,
             options: ReadOptions) -> list[_Cleaned]:
    cleaned = [_clean_one(item, options) for item in batch]
    documents = [entry for entry in cleaned if isinstance(entry.found, Document)]
    stored = sql.raw_digests(store, [entry.found.id for entry in documents])
    documents = [entry for entry in documents if stored.get(entry.found.id) != entry.found.raw_digest]  # changed or new
    _sign(dedup, documents)
    return cleaned


def _sign(signer: Deduplicator, documents: list[_Cleaned]) -> None:
    """Each document's MinHash, the batch in one go (a few numpy steps); should that fail, each document alone,
    so that only the one at fault fails."""
    try:
        signatures = signer.signatures([entry.found.text for entry in documents])
    except Exception:  # noqa: BLE001
        signatures = [_signature(signer, entry) for entry in documents]
    for entry, signature in zip(documents, signatures):
        entry.signature = signature


def _signature(signer: Deduplicator, entry: _Cleaned) -> object:
    try:
        return signer.signatures([entry.found.text])[0]
    except Exception as error:  # noqa: BLE001 — this article only
        entry.failure = _failure(entry.origin, "signing", error)
        return None


def read_public(path: str, root: str, options: ReadOptions) -> Iterator[RawInput | Skipped]:
    """Every item of one input (``path``: a source, or a file of the source ``root``), named by its public id
    (``ingest.ids``): the one place both ingest paths name articles."""
    return (public_item(item, root) for item in guarded(path, read_raw(path, options)))


def prepare_file(path: str, root: str, options: ReadOptions, threshold: float, extraction: _Extraction | None,
                 settled: dict[str, bytes] | None = None) -> list[_Cleaned]:
    """What a Dask worker does with one file (or URL) of a run (a file of the source ``root``): every item
    read, cleaned, signed and, when extraction is on, its events extracted (whether it is a copy of a stored
    story is the writer's to say). ``settled`` (``store.articles.settled_digests``): the stored articles an
    input with the same raw bytes leaves as they are; such an input is not cleaned again (a resumed run),
    only decoded for its warnings."""
    cleaned = [_settled_one(item, settled) or _clean_one(item, options)
               for item in read_public(path, root, options)]
    documents = [entry for entry in cleaned if isinstance(entry.found, Document) and not entry.settled]
    _sign(_signer(threshold), documents)
    _extract([entry for entry in documents if entry.failure is None], extraction)
    return cleaned


def _extract(entries: list[_Cleaned], extraction: _Extraction | None) -> None:
    """Each entry's events (or its extraction failure, recorded by the writer as it would be had it extracted)."""
    if extraction is None:
        return
    for entry in entries:
        try:
            entry.events = extraction.extract(entry.found)
        except Exception as error:  # noqa: BLE001 — this article only
            log.debug("extraction failed on %s", entry.origin, exc_info=error)
            entry.extract_error = _described(error)


def _settled_one(item: RawInput | Skipped, settled: dict[str, bytes] | None) -> _Cleaned | None:
    """``item`` as the writer will find it, unchanged, without cleaning it; None when it must be cleaned."""
    if not settled or isinstance(item, Skipped) or item.origin not in settled:
        return None
    digest = hashlib.sha256(item.content).digest()
    notes = decoding_notes(item) if settled[item.origin] == digest else None
    if notes is None:  # changed, or no longer text: cleaned as any input
        return None
    return _Cleaned(item.origin, Document(item.origin, "", raw_digest=digest.hex()), notes, settled=True)


@cache
def _signer(threshold: float) -> Deduplicator:
    return Deduplicator(threshold)


def _described(error: Exception) -> str:
    return str(error) if isinstance(error, (ExtractionFailed, SettledChanged)) else f"{type(error).__name__}: {error}"


def as_cleaned(item: Skipped) -> _Cleaned:
    """An input that is no article (reported by a reader, or by listing the run's files)."""
    return _Cleaned(item.origin, item, [])


def _clean_one(item: RawInput | Skipped, options: ReadOptions) -> _Cleaned:
    if isinstance(item, Skipped):
        return as_cleaned(item)
    if len(item.content) > options.max_article_bytes:
        return _Cleaned(item.origin, Skipped(item.origin, "too-large", f"{len(item.content):,} bytes, over the "
                        f"article limit of {options.max_article_bytes:,} (setting max_article_bytes)"), [])
    try:
        found, notes = clean_with_notes(item)
    except Exception as error:  # noqa: BLE001 — a bug or a broken input we did not foresee: report it, go on
        failure = _failure(item.origin, "cleaning", error)
        return _Cleaned(item.origin, failure, [], failure=failure)
    if isinstance(found, Document) and len(found.text) > options.max_article_chars:
        found = Skipped(item.origin, "too-long", f"{len(found.text):,} characters of text, over the article "
                        f"limit of {options.max_article_chars:,} (setting max_article_chars)")
    return _Cleaned(item.origin, found, notes)


def _failure(origin: str, stage: str, error: Exception) -> Skipped:
    """An unforeseen failure of one item as its one-line report (the traceback goes to the debug log)."""
    log.debug("%s failed on %s", stage, origin, exc_info=error)
    return Skipped(origin, "error", f"{stage} failed: {type(error).__name__}: {str(error)[:200]}")


def _one(conn: sqlite3.Connection, item: _Cleaned, report: RunReport, dedup: Deduplicator,
         extractor: _Extraction | None) -> None:
    """Store one cleaned item inside its own savepoint; an unexpected failure is recorded, never fatal."""
    report.read += 1
    if item.failure:
        _fail(conn, report, item.failure)
        return
    conn.execute("SAVEPOINT item")
    try:
        for note in item.notes:
            _warn(conn, report, note)
        if isinstance(item.found, Skipped):
            _skip(conn, report, item.found)
        else:
            _store(conn, item.found, item.signature, report, dedup, extractor and extractor.given(item),
                   item.settled)
    except Exception as error:  # noqa: BLE001 — a bug, or an extractor or database failure: this item only
        if of_the_file(error):
            raise
        conn.execute("ROLLBACK TO item")
        log.debug("ingest failed on %s", item.origin, exc_info=error)
        _fail(conn, report, Skipped(item.origin, "error", _described(error)))
    finally:  # on anything else (Ctrl-C) the whole batch's transaction rolls back
        if conn.in_transaction:  # (gone when SQLite rolled it back itself: a full disk, an I/O error)
            conn.execute("RELEASE item")


def _fail(conn: sqlite3.Connection, report: RunReport, failure: Skipped) -> None:
    report.errors.append(failure)
    sql.add_issue(conn, report.run_id, failure, "error")


def _skip(conn: sqlite3.Connection, report: RunReport, skipped: Skipped) -> None:
    report.skipped.append(skipped)
    sql.add_issue(conn, report.run_id, skipped)


def _warn(conn: sqlite3.Connection, report: RunReport, note: Skipped) -> None:
    report.warnings.append(note)
    sql.add_issue(conn, report.run_id, note, "warning")


def _store(conn: sqlite3.Connection, doc: Document, signature: object, report: RunReport, dedup: Deduplicator,
           extractor: _Extraction | None, settled: bool = False) -> None:
    stored = sql.stored_article(conn, doc.id)
    if stored and stored.run_id == report.run_id:
        _skip(conn, report, Skipped(doc.id, "duplicate-id", "another input of this run already gave this id"))
        return
    if settled and not (stored and stored.raw_digest == doc.raw_digest and _needs_nothing(stored, extractor)):
        raise SettledChanged("changed in the knowledge base during the run (another process wrote it); run "
                             "ingest again to store it")  # (not cleaned on the worker: its text is not here)
    if stored and stored.raw_digest == doc.raw_digest:
        _unchanged(conn, doc, stored, report, extractor)
        return
    if stored:  # the input changed: events read from its old text no longer hold
        _replace_events(conn, doc.id, [])
        sql.set_extracted_by(conn, doc.id, None)
    match = dedup.find(doc.text_digest, signature, exclude=doc.id)
    if match:
        sql.save_article(conn, doc, report.run_id, match.canonical_id, match.kind, match.similarity, None,
                         replacing=bool(stored))
        report.duplicates += 1
        dedup.remove(doc.id)
    else:
        sql.save_article(conn, doc, report.run_id, doc.id, None, None, Deduplicator.to_bytes(signature),
                         replacing=bool(stored))
        _save_events(conn, doc, report, extractor)
        dedup.add(doc.id, doc.text_digest, signature)
    if stored:
        report.updated += 1
    else:
        report.stored += 1


def _unchanged(conn: sqlite3.Connection, doc: Document, stored: sql.StoredArticle, report: RunReport,
               extractor: _Extraction | None) -> None:
    """An input stored exactly so: nothing to do, unless it is a canonical article never extracted."""
    if _needs_nothing(stored, extractor):
        report.unchanged += 1
        return
    _save_events(conn, doc, report, extractor)
    report.extracted += 1


def _needs_nothing(stored: sql.StoredArticle, extractor: _Extraction | None) -> bool:
    return extractor is None or not stored.canonical or stored.extracted_by is not None


def _counts(report: RunReport) -> dict[str, int]:
    names = ("read", "stored", "updated", "unchanged", "extracted", "duplicates", "events")
    counts = {name: getattr(report, name) for name in names}
    return {**counts, "skipped": len(report.skipped), "errors": len(report.errors)}


def _save_events(conn: sqlite3.Connection, doc: Document, report: RunReport, extractor: _Extraction | None) -> None:
    if extractor is None:
        return
    saved = _replace_events(conn, doc.id, extractor.extract(doc), extractor.name)
    sql.set_extracted_by(conn, doc.id, extractor.name)
    report.events += saved.stored
    for invalid in saved.skipped:
        _warn(conn, report, invalid)


def _replace_events(conn: sqlite3.Connection, article_id: str, events: list[Event],
                    extractor: str | None = None) -> object:
    from .store.events import save_events

    return save_events(_JoinedStore(conn), article_id, events, extractor)


class _JoinedStore:
    """Lets ``store.events.save_events`` (which opens its own transaction) write inside the article's open
    transaction, so that the article and its events land together."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        yield self.conn


def default_extractor(settings: object) -> Extractor:
    """``pandawatch.extract.extract_events`` reading panda and zoo names from ``settings.registry_dir``."""
    from .extract import extract_events
    from .extract.components.names import load_registry_names

    return partial(extract_events, names=load_registry_names(str(settings.registry_dir)))


def _extractor(enabled: bool | Extractor, settings: object) -> tuple[_Extraction | None, str]:
    """The event extractor asked for, and how the report names it (on, off, or on (the function's name))."""
    if callable(enabled):
        name = getattr(enabled, "__name__", "custom")
        return _Extraction(enabled, name), f"on ({name})"
    if not enabled:
        return None, "off"
    return _Extraction(default_extractor(settings), f"pandawatch.extract {__version__}"), "on"


def _mark_interrupted(store: Store, run_id: int) -> None:
    try:
        sql.mark_interrupted(store, [run_id])
    except sqlite3.Error:  # the database itself is what failed; the next run marks this one (its pid is gone)
        log.debug("could not mark run %s interrupted", run_id, exc_info=True)


def _close_killed_runs(store: Store) -> None:
    """Runs still marked running whose process is gone were killed: mark them interrupted."""
    dead = [run_id for run_id, pid in sql.running_runs(store) if not _alive(pid)]
    if dead:
        sql.mark_interrupted(store, dead)


def _alive(pid: int | None) -> bool:
    if not pid or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
