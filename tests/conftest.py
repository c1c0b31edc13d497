"""Shared fixtures. Each area's fixtures sit in its own section."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"  # ../shared: ONTOLOGY.md, seeds/, dev/ (third-party text: read, never copied)
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def store(tmp_path):
    """A real, empty, migrated SQLite knowledge base file."""
    from pandawatch.store import open_store

    with open_store(tmp_path / "kb.sqlite") as opened:
        yield opened
