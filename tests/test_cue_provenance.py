"""Which cues find correct events in how many articles (issue 10: a rule that only one article ever fires is a
rule about that article). The dev list is printed (``pytest -s``) and its length may not grow past the
pinned ``single_article_cues`` of eval_baseline.json: a new cue must find gold in two articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pandawatch.evaluate import cue_provenance, read_gold
from pandawatch.extract import extract_events
from pandawatch.ingest import read
from pandawatch.model import Document, Event

SHARED = Path(__file__).resolve().parents[2] / "shared"
BASELINE = Path(__file__).resolve().parent / "eval_baseline.json"


def test_the_trace_names_the_cue_that_told_each_event() -> None:
    document = Document(id="own.txt", published="2024-03-01",
                        text="The giant pandas Ri Ri and Shin Shin arrived at Ueno Zoo in Tokyo in February 2011.")
    trace: dict = {}
    events = extract_events(document, acts=False, trace=trace)
    arrival = next(event for event in events if event.type == "PANDA_ARRIVAL")
    assert trace[(arrival.type, arrival.source, arrival.target, arrival.evidence)].startswith("PANDA_ARRIVAL 'arrive'")
    gold = {"own": [Event("own", "PANDA_ARRIVAL", "occurred", "2011-02", "CHN", "JPN")]}
    provenance = cue_provenance([document], gold, lambda doc, into: extract_events(doc, acts=False, trace=into))
    assert [articles for cue, articles in provenance.items() if cue.startswith("PANDA_ARRIVAL")] == [["own"]]


@pytest.mark.skipif(not (SHARED / "dev" / "gold").is_dir(), reason="../shared/dev is not here")
def test_cues_whose_correct_hits_all_come_from_one_article_do_not_grow() -> None:
    gold = read_gold(SHARED / "dev" / "gold")
    documents = [item for folder in (SHARED / "dev" / "articles", SHARED / "seeds") for item in read(str(folder))
                 if isinstance(item, Document)]
    provenance = cue_provenance(documents, gold, lambda doc, into: extract_events(doc, acts=False, trace=into))
    single = [f"{cue}: {articles[0]}" for cue, articles in provenance.items() if len(articles) == 1]
    print(f"\n{len(single)} of {len(provenance)} cues find gold in one article only:\n  " + "\n  ".join(single))
    assert len(single) <= json.loads(BASELINE.read_text())["single_article_cues"]
