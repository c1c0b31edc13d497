"""pandawatch: a sourced, time-aware record of China's panda diplomacy, kept current from the news.

The library's front door (each name is imported on first use, so ``import pandawatch`` stays cheap)::

    from pandawatch import load_registry, read, extract_events, open_store, run
"""

import importlib
import logging

__version__ = "0.1.0"

# public name -> (module, name there)
_PUBLIC = {
    "load_registry": ("pandawatch.registry", "load_registry"),
    "read": ("pandawatch.ingest", "read"),
    "extract_events": ("pandawatch.extract", "extract_events"),
    "open_store": ("pandawatch.store", "open_store"),
    "run": ("pandawatch.pipeline", "ingest"),  # read → clean → de-duplicate → store → extract
    "load_settings": ("pandawatch.settings", "load_settings"),
}
__all__ = ["__version__", *_PUBLIC]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        module, attribute = _PUBLIC[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'pandawatch' has no attribute {name!r}")
