"""The command modules, in the order their commands appear in --help. Each has ``register(app)``."""

from __future__ import annotations

import importlib

MODULE_NAMES: list[str] = [
    "registry",  # where, panda, loans, registry check/build/export
    "ingest",  # ingest
    "extract",  # extract, evaluate
    "kb",  # timeline (merged), review, relations, alerts, report, export
    "serve",  # serve, get
    "demo",
]


def modules() -> list:
    return [importlib.import_module(f"{__package__}.{name}") for name in MODULE_NAMES]
