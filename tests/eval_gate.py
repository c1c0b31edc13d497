"""Extraction quality gate: F1 on the dev set against the floors pinned in eval_baseline.json.

Run: ``.venv/bin/python -m pytest tests/eval_gate.py`` (or ``python tests/eval_gate.py`` for the figures).
Skips cleanly when ../shared is absent. The articles are read from ../shared, never copied.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
BASELINE = Path(__file__).resolve().parent / "eval_baseline.json"


def dev_scores():
    from pandawatch.cli.extract import events_of
    from pandawatch.evaluate import by_stem, read_gold, score

    gold = read_gold(SHARED / "dev" / "gold")
    events, _ = events_of([str(SHARED / "dev" / "articles"), str(SHARED / "seeds")])
    predicted = {stem: found for stem, found in by_stem(events).items() if stem in gold}
    return score(gold, predicted)


@pytest.mark.slow
def test_extraction_meets_the_pinned_floors() -> None:
    if not (SHARED / "dev" / "gold").is_dir():
        pytest.skip("../shared/dev is not present")
    floors = json.loads(BASELINE.read_text())
    scores = dev_scores()
    assert scores.panda.f1 >= floors["panda_f1"], scores.as_dict()
    assert scores.diplomatic.f1 >= floors["diplomatic_f1"], scores.as_dict()
    assert scores.date_accuracy >= floors["date_accuracy"], scores.as_dict()


if __name__ == "__main__":
    json.dump(dev_scores().as_dict(), sys.stdout, indent=2)
    sys.stdout.write("\n")
