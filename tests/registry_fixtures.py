"""Helpers for the registry tests: the made-up registry in tests/data, whole or with one rule broken."""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GOOD = DATA / "registry_good"
BROKEN = DATA / "registry_broken"


def registry_copy(tmp_path: Path, broken: str | None = None) -> Path:
    """A copy of the good test registry in ``tmp_path``, with the files of ``broken`` laid over it."""
    root = tmp_path / "registry"
    shutil.copytree(GOOD, root)
    if broken:
        for path in (BROKEN / broken).rglob("*.yaml"):
            target = root / path.relative_to(BROKEN / broken)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return root


def broken_rules() -> list[str]:
    return sorted(path.name for path in BROKEN.iterdir() if path.is_dir())
