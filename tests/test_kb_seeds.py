"""The Japan story end to end: the three seed articles ingested into a real database, read back through the
knowledge base with the bundled registry.

Two runs of the same checks: with the project's own extractor (the end-to-end test), and with the articles'
gold events (ONTOLOGY records written by people) standing in for the extractor, so the knowledge base's
reading of the story is tested whatever the extractor's quality.
"""

import json
from pathlib import Path

import pytest
from conftest import SHARED

from pandawatch.analyse.relations import relations
from pandawatch.analyse.timeline import TimelineQuery, timeline
from pandawatch.model import Event
from pandawatch.registry.load import load_registry
from pandawatch.settings import load_settings

SEEDS = SHARED / "seeds"
GOLD = SHARED / "dev" / "gold"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not here")


def _gold_events(doc):
    path = GOLD / f"{Path(doc.id).stem}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Event.from_json(record | {"article": doc.id}) for record in records]


def _ingest(store, extract):
    from pandawatch.pipeline import ingest

    return ingest([str(SEEDS)], store, load_settings(), extract=extract)


def _check_japan_story(store):
    registry = load_registry()
    entries = timeline(store, registry, TimelineQuery(dyad=("CHN", "JPN"), since="2024-01-01"))
    news = [e for e in entries if e.story]

    def found(type_, status, names, month_prefix=None):
        return [e for e in news if e.type == type_ and e.status == status and set(names) & set(e.pandas)
                and (month_prefix is None or (e.date or "").startswith(month_prefix))]

    assert found("PANDA_DEPARTURE", "occurred", {"Shin Shin", "Ri Ri"}, "2024-09"), "the parents' return"
    assert [e for e in news if e.type == "LOAN_REFUSAL"], "the refused extension"
    assert found("PANDA_DEPARTURE", "planned", {"Lei Lei", "Xiao Xiao"}, "2026"), "the twins' planned return"
    actual = found("PANDA_DEPARTURE", "occurred", {"Lei Lei", "Xiao Xiao"}, "2026-01")
    assert actual, "the twins' actual return"
    assert all(source["url"] and source["evidence"] for e in news for source in e.story.sources_json())
    series = {m.month: m for m in relations(store, registry, ("CHN", "JPN"), since="2025-10", until="2026-03")}
    assert series["2026-02"].held == 0, "Japan at zero pandas after the twins left"
    sanctions = sum(m.types.get("SANCTION", 0) for m in series.values())
    assert sanctions >= 2, "the seafood ban and the travel warning in the relations series"
    assert sum(m.score for m in series.values()) < 0


def test_japan_story_from_gold_events(store):
    _ingest(store, _gold_events)
    _check_japan_story(store)


def test_japan_story_end_to_end_with_the_extractor(store):
    _ingest(store, True)
    _check_japan_story(store)
