"""What every request reads from: the knowledge base (one read connection per worker thread), the registry
catalogue, and the settings."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import Settings
from ..store import Store, open_store
from ..store import registry as registry_tables
from .catalogue import Catalogue, load_catalogue


@dataclass
class WebContext:
    store_path: str
    settings: Settings
    _catalogue: Catalogue
    _local: threading.local = field(default_factory=threading.local)

    @classmethod
    def open(cls, store_path: str | Path, settings: Settings) -> WebContext:
        with open_store(store_path) as store:  # create and migrate once, before worker threads read it
            return cls(str(store_path), settings, load_catalogue(store))

    def store(self) -> Store:
        """This thread's connection (SQLite connections are not shared between threads)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.store_path, migrations=[])
        return store

    @property
    def catalogue(self) -> Catalogue:
        """The registry records, reloaded when the registry tables were rebuilt since they were read."""
        current = registry_tables.built_hash(self.store())
        if current != self._catalogue.content_hash:
            self._catalogue = load_catalogue(self.store())
        return self._catalogue

    @property
    def today(self) -> dt.date:
        return dt.date.today()
