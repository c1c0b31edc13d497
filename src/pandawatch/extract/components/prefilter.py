"""The cheap test that turns irrelevant articles away before any parser runs.

An article is worth extracting when it speaks of giant pandas, or names China (a Chinese actor) beside another
country and has a cue word: pandawatch follows China's panda diplomacy and China's relations, so host-country
news without China, red pandas and brands named Panda ("Panda Express") are turned away. Regular expressions
and set lookups only: thousands of articles a second.
"""

from __future__ import annotations

import re

from ...resolve.countries import Gazetteer
from .cues import has_trigger_word

# "panda(s)", but not a red panda, nor a name that merely starts with Panda ("Panda Express", "Panda Security")
_PANDA = re.compile(r"(?<![Rr]ed )\b(?:[Gg]iant [Pp]andas?|pandas?|Pandas?(?! [A-Z]))\b")


def speaks_of_pandas(text: str) -> bool:
    return _PANDA.search(text) is not None


def is_relevant(text: str, gazetteer: Gazetteer) -> bool:
    if speaks_of_pandas(text):
        return True
    codes = gazetteer.quick_codes(text)
    if "CHN" not in codes or len(codes) < 2:
        return False
    return has_trigger_word(text)
