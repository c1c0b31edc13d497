"""pandawatch: a sourced, time-aware record of China's panda diplomacy, kept current from the news.

The library's front door (each name is imported on first use, so ``import pandawatch`` stays cheap)::

    from pandawatch import load_registry, read, extract_events, open_store, run
"""

import importlib
import logging

__version__ = "0.1.0"

# public name -> module that defines it
_PUBLIC = {
    "load_registry": "pandawatch.registry",
    "read": "pandawatch.ingest",
    "extract_events": "pandawatch.extract",
    "open_store": "pandawatch.store",
    "run": "pandawatch.pipeline",  # pipeline.ingest: read → clean → de-duplicate → store → extract
    "load_settings": "pandawatch.settings",
}
__all__ = ["__version__", *_PUBLIC]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), "ingest" if name == "run" else name)
    raise AttributeError(f"module 'pandawatch' has no attribute {name!r}")
