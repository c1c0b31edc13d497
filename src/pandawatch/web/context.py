"""What every request reads from: the knowledge base (one read connection per worker thread), the registry
(as the catalogue of records the pages show, and as the loaded `Registry` the knowledge base's analyses take),
and the settings."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from pathlib import Path

from ..analyse.stories import refresh_stories
from ..registry.load import Registry, load_registry
from ..settings import Settings
from ..store import Store, open_store
from ..store import registry as registry_tables
from ..store.queries import events_version
from .catalogue import Catalogue, load_catalogue

T = TypeVar("T")


@dataclass
class WebContext:
    store_path: str
    settings: Settings
    _catalogue: Catalogue
    _local: threading.local = field(default_factory=threading.local)
    _cache: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, store_path: str | Path, settings: Settings) -> WebContext:
        with open_store(store_path) as store:  # create and migrate once, before worker threads read it
            refresh_stories(store, wait=False)  # reports saved since stories were last placed (none: a no-op)
            return cls(str(store_path), settings, load_catalogue(store))

    def store(self) -> Store:
        """This thread's connection (SQLite connections are not shared between threads)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.store_path, migrations=[])
        return store

    def warm(self) -> None:
        """Load what every knowledge-base answer reads (the registry, its facts and names) before requests do."""
        from ..analyse.facts import name_index, registry_facts

        registry = self.registry()
        registry_facts(registry)
        name_index(registry)

    @property
    def catalogue(self) -> Catalogue:
        """The registry records, reloaded when the registry tables were rebuilt since they were read."""
        current = registry_tables.built_hash(self.store())
        if current != self._catalogue.content_hash:
            self._catalogue = load_catalogue(self.store())
        return self._catalogue

    def registry(self) -> Registry:
        """The registry files at ``settings.registry_dir`` as the CLI loads them; reloaded when the knowledge
        base's registry tables were rebuilt (`pandawatch serve` and review acceptances rebuild them)."""
        return self.cached(("registry",), registry_tables.built_hash(self.store()),
                           lambda: load_registry(str(self.settings.registry_dir)))  # fmt: skip

    def version(self) -> tuple:
        """What knowledge-base answers depend on: the events saved and the registry built."""
        store = self.store()
        return events_version(store), registry_tables.built_hash(store)

    def cached(self, key: tuple, version: object, compute: Callable[[], T]) -> T:
        """``compute()`` once per ``key`` while ``version`` stays the same (aggregates over many events)."""
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = compute()
        with self._lock:
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = (version, value)
        return value

    @property
    def today(self) -> dt.date:
        return dt.date.today()
