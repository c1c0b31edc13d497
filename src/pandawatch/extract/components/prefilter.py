"""The cheap test that turns irrelevant articles away before any parser runs.

An article is worth extracting when it speaks of pandas, or names at least two countries (or a country and a
Chinese actor) and has a cue word. Regular expressions only: thousands of articles a second.
"""

from __future__ import annotations

import re

from ...resolve.countries import Gazetteer
from .cues import has_trigger_word

_PANDA = re.compile(r"\bpandas?\b", re.IGNORECASE)


def is_relevant(text: str, gazetteer: Gazetteer) -> bool:
    if _PANDA.search(text):
        return True
    if len(gazetteer.quick_codes(text)) < 2:
        return False
    return has_trigger_word(text)
