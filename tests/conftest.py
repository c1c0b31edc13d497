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


# ---- knowledge base ---------------------------------------------------------------------------------
KB_REGISTRY = TEST_DATA / "kb_registry"  # a small registry we wrote for the knowledge-base tests


def add_article(store, article_id: str, published: str, outlet: str = "Test Wire", text: str = "") -> None:
    """An articles row as ingestion would store it (the fields the knowledge base reads)."""
    store.conn.execute("INSERT OR IGNORE INTO ingest_runs (id, started, status) VALUES (1, '2026-01-01', 'done')")
    row = {"id": article_id, "url": f"https://example.org/{article_id}", "outlet": outlet, "title": article_id,
           "published": published, "text": text, "canonical_id": article_id, "raw_digest": article_id,
           "text_digest": article_id, "run_id": 1, "ingested_at": "2026-01-01T00:00:00Z"}  # fmt: skip
    store.db["articles"].insert(row, pk="id", replace=True)


@pytest.fixture
def kb_registry(tmp_path):
    """A writable copy of the knowledge-base test registry, loaded."""
    import shutil

    from pandawatch.registry.load import load_registry

    root = tmp_path / "registry"
    shutil.copytree(KB_REGISTRY, root)
    return load_registry(root)
