"""Evidence: the sentence an event was read from, verbatim (whitespace runs folded)."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def evidence_text(sentence_text: str) -> str:
    return _SPACES.sub(" ", sentence_text).strip()
