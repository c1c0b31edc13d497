"""The panda registry: the curated YAML files under data/registry, loaded, checked and built into the
knowledge base. See docs/registry.md for the file format."""

from __future__ import annotations

from pathlib import Path

from ..model import Problem
from .build import BuildReport, build, ensure_registry
from .load import Registry, load_registry
from .validate import check_registry


def check(path: str | Path | None = None) -> list[Problem]:
    """Every problem in the registry files under ``path`` (default: the bundled data/registry)."""
    return check_registry(load_registry(path))


__all__ = ["BuildReport", "Problem", "Registry", "build", "check", "check_registry", "ensure_registry", "load_registry"]
