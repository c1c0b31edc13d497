"""The cue lexicons of data/cues.yaml: which trigger words signal which event type."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache, cached_property

import yaml
from spacy.tokens import Token

from ...settings import PACKAGE_DATA
from .status import is_negated

# Irregular forms the cheap sentence filter must see (it works on surface text, before any lemmatiser).
_IRREGULAR = ("born", "bore", "met", "came", "sent", "left", "flew", "flown", "held", "sought", "brought", "told",
              "drew", "lent", "gave", "went", "took", "fled", "dead", "shot", "struck", "laid", "cut")


@dataclass(frozen=True)
class Cue:
    type: str
    lemma: str
    particle: str | None  # second word of a phrase cue ("send back")
    pos: str | None
    with_words: tuple[str, ...]
    without: tuple[str, ...]
    weight: float
    negated: bool
    options: frozenset[str]  # needs_date, china_subject, host_subject, china_destination, …
    lemmas: tuple[str, ...] = ()  # an entry's words, when it names several ("lemma: [negotiate, talk]")


def _cues(entry: dict) -> list[Cue]:
    """An entry's cue, or one per word when it lists several words of one mechanism (one entry, one trace)."""
    flags = {key for key, value in entry.items() if value is True and key != "negated"}
    listed = entry.get("lemma") if isinstance(entry.get("lemma"), list) else None
    cues = []
    for lemma in listed or [entry.get("phrase") or entry["lemma"]]:
        words = lemma.split()
        cues.append(Cue(entry["type"], words[0], words[1] if len(words) > 1 else None, entry.get("pos"),
                        tuple(str(word) for word in entry.get("with") or ()),
                        tuple(str(w) for w in entry.get("without") or ()), float(entry.get("weight", 0.5)),
                        bool(entry.get("negated")), frozenset(flags), tuple(listed or ())))
    return cues


@dataclass(frozen=True)
class Lexicon:
    panda: tuple[Cue, ...]
    diplomatic: tuple[Cue, ...]
    panda_words: frozenset[str]
    plural_anaphors: frozenset[str]
    singular_anaphors: frozenset[str]
    speculative: frozenset[str]
    planned_markers: frozenset[str]
    loan_words: frozenset[str]
    background_adverbs: frozenset[str]
    reporting: frozenset[str]
    trigger_pattern: re.Pattern
    habitual: frozenset[str] = frozenset()
    new_pandas: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()

    def candidates(self, token: Token, panda: bool) -> list[Cue]:
        """The cues that could fire on ``token``, in lexicon order (looked up by lemma and form)."""
        index = self._panda_index if panda else self._diplomatic_index
        found = {position: cue for word in _words(token) for position, cue in index.get(word, ())}
        return [found[position] for position in sorted(found)]

    @cached_property
    def _panda_index(self) -> dict[str, tuple[tuple[int, Cue], ...]]:
        return _index(self.panda)

    @cached_property
    def _diplomatic_index(self) -> dict[str, tuple[tuple[int, Cue], ...]]:
        return _index(self.diplomatic)


def _index(cues: tuple[Cue, ...]) -> dict[str, tuple[tuple[int, Cue], ...]]:
    """Lemma → the cues it may fire, with their place in the lexicon (built once: hashing the lexicon's
    cues on every token cost more than the lookup)."""
    grouped: dict[str, list[tuple[int, Cue]]] = {}
    for position, cue in enumerate(cues):
        grouped.setdefault(cue.lemma, []).append((position, cue))
    return {word: tuple(items) for word, items in grouped.items()}


@cache
def load_lexicon() -> Lexicon:
    with (PACKAGE_DATA / "cues.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    panda = tuple(cue for entry in data["panda"] for cue in _cues(entry))
    diplomatic = tuple(cue for entry in data["diplomatic"] for cue in _cues(entry))
    stems = {cue.lemma[: max(4, len(cue.lemma) - 2)] for cue in panda + diplomatic} | set(_IRREGULAR)
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, stems), key=len, reverse=True)) + ")", re.I)
    anaphors = data["panda_anaphors"]
    return Lexicon(panda, diplomatic, frozenset(data["panda_words"]), frozenset(anaphors["plural"]),
                   frozenset(anaphors["singular"]), frozenset(data["speculative"]),
                   frozenset(data["planned_markers"]), frozenset(data["loan_words"]),
                   frozenset(data["background_adverbs"]), frozenset(data["reporting"]), pattern,
                   frozenset(data["habitual"]), frozenset(data["new_pandas"]), frozenset(data["light_verbs"]))


def describe(cue: Cue) -> str:
    """A cue as a reader finds it in cues.yaml: type, word, and what must stand with it."""
    if "learned" in cue.options:
        return f"{cue.type} (learned detector)"
    parts = [cue.type, repr("/".join(cue.lemmas) or cue.lemma + (f" {cue.particle}" if cue.particle else ""))]
    parts += [cue.pos] if cue.pos else []
    parts += ["with " + "/".join(cue.with_words)] if cue.with_words else []
    parts += ["negated"] if cue.negated else []
    return " ".join(parts + sorted(cue.options))


def has_trigger_word(text: str) -> bool:
    """Cheap test on raw text: could a cue stand in it?"""
    return load_lexicon().trigger_pattern.search(text) is not None


def _words(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _particle_present(token: Token, particle: str) -> bool:
    """'flew in', 'called in the ambassador': the particle, not a preposition of time ('flew back in May 1993')."""
    return any(particle in _words(child) for child in token.children
               if child.dep_ in ("prt", "advmod", "npadvmod", "dobj", "prep", "acomp") and not _of_time(child))


_MONTHS = {month.lower() for month in calendar.month_name[1:]} | {month.lower() for month in calendar.month_abbr[1:]}


def _of_time(preposition: Token) -> bool:
    """A preposition whose object is a date ('in May 1993', 'in 2011')."""
    return preposition.dep_ == "prep" and any(
        item.like_num or item.lower_.rstrip(".") in _MONTHS
        for child in preposition.children if child.dep_ == "pobj" for item in child.subtree)


def acts_as_verb(token: Token) -> bool:
    """A word tagged as a noun that heads its sentence with a subject and an object is a verb the tagger
    missed ("The zoo bid farewell to its pandas")."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    deps = {child.dep_ for child in token.children}
    return token.dep_ == "ROOT" and "nsubj" in deps and bool(deps & {"dobj", "prep"})


def light_verb_object(token: Token) -> bool:
    """'began talks', 'expressed an interest', 'talks … have begun': a noun carried by a light verb."""
    return (token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubj", "nsubjpass")
            and token.head.lemma_.lower() in load_lexicon().light_verbs)


def argument_words(token: Token) -> tuple[set[str], str]:
    """Lemmas and text of the trigger's dependents, its subject left out (what 'with' looks at); a participle
    or relative clause also sees the noun it describes ("an agreement signed last year"), and a noun carried by
    a light verb the verb's purpose ("began talks with Beijing to bring pandas")."""
    words: set[str] = set()
    pieces = []
    if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
        words |= _words(token.head)
        pieces.append(token.head.text)
    purposes = [child for child in token.head.children if child.dep_ in ("xcomp", "advcl") and child.i > token.i
                ] if light_verb_object(token) else []
    for child in [*token.children, *purposes]:
        if child.dep_ in ("nsubj", "csubj"):  # a passive subject is the object ("the agreement was signed")
            continue
        for item in child.subtree:
            words |= _words(item)
            pieces.append(item.text)
    return words, " ".join(pieces)


def matches(cue: Cue, token: Token, negated: bool) -> bool:
    """Does ``cue`` fire on ``token``?"""
    if cue.lemma not in _words(token) or negated != cue.negated:
        return False
    if cue.pos not in (None, "any") and token.pos_ != cue.pos and not (cue.pos == "VERB" and token.pos_ == "AUX"):
        return False
    if not cue.pos and token.pos_ in ("NOUN", "PROPN") and not acts_as_verb(token):
        return False  # a verb cue ("return") does not fire on the noun ("the return of")
    if cue.particle and not _particle_present(token, cue.particle):
        return False
    if "reported" in cue.options and not (token.dep_ == "ccomp" and token.head.lemma_ in load_lexicon().reporting):
        return False
    if "panda_object" in cue.options and not _objects_are_pandas(token):
        return False
    if cue.with_words or cue.without:
        words, text = argument_words(token)
        if cue.with_words and not any(_has(word, words, text) for word in cue.with_words):
            return False
        if any(_rules_out(word, words, text, token) for word in cue.without):
            return False
    if not cue.negated and any(child.dep_ in ("ccomp", "xcomp") and is_negated(child) for child in token.children):
        return False  # "announced that it would no longer gift pandas", "agreed not to send": nothing done
    return True


def _objects_are_pandas(token: Token) -> bool:
    """What is given is the pandas ("given another panda pair", "offered the animals"), not a farewell."""
    lexicon = load_lexicon()
    pandas = lexicon.panda_words | lexicon.plural_anaphors | lexicon.singular_anaphors
    return all(item.pos_ == "PROPN" or any(word.lower_ in pandas for word in item.subtree)
               for item in token.children if item.dep_ == "dobj")


_PREPOSITIONS = {"from", "to", "for", "with", "in", "at", "on", "by", "of", "into", "toward", "towards"}


def _rules_out(word: str, words: set[str], text: str, token: Token) -> bool:
    """A phrase that starts with a preposition ("from China") rules a cue out only as the trigger's own
    ("returned from China"), not nested deeper ("X, on loan from China since 2011, returned home"); a phrase
    that speaks for a cue counts anywhere in its arguments ("came in aboard a plane from China")."""
    if " " in word and word.split()[0] in _PREPOSITIONS:
        return any(" ".join(item.text for item in child.subtree).startswith(word)
                   for child in token.children if child.dep_ in ("prep", "agent", "dative"))
    return _has(word, words, text)


def _has(word: str, words: set[str], text: str) -> bool:
    return (" " in word and word in text) or word.lower() in words
