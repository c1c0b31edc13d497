"""Diplomatic acts between countries from the dependency parse: who (the subject's country) did what (the
cue) to whom (the object's country, else the other country of the sentence, else the actor's counterpart in
the article)."""

from __future__ import annotations

from spacy.tokens import Token

from ..article import Article, Sentence
from .actors import CLAUSES, ActorMemory, actor_country, country_of_span, objects_of, phrase_tokens, subject_of

_SOURCE_PREPS = ("from", "by")
_ABOUT_PREPS = ("over", "about", "regarding", "concerning", "amid", "after", "following", "despite")
_SAYING = ("say", "state", "add", "note", "stress", "tell")
_TIME_PREPS = ("after", "following", "before", "amid", "despite", "since")
_TARGET_PREPS = ("with", "on", "against", "to", "toward", "towards", "at", "over", "for", "into")


def noun_source(trigger: Token, sentence: Sentence, memory: ActorMemory) -> str | None:
    """'criticism from Beijing', 'China's visit', 'Chinese sanctions'."""
    for child in trigger.children:
        if child.dep_ in ("poss", "amod", "compound"):
            code = country_of_span(phrase_tokens(child), sentence.mentions, memory, sentence.start)
            if code:
                return code
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
            for grand in child.children:
                code = country_of_span(phrase_tokens(grand), sentence.mentions, memory, sentence.start)
                if code:
                    return code
    return None


def source_of(trigger: Token, sentence: Sentence, memory: ActorMemory) -> str | None:
    if trigger.pos_ in ("NOUN", "ADJ"):
        code = noun_source(trigger, sentence, memory)
        if code:
            return code
        verb = trigger.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return actor_country(subject_of(verb), sentence.parsed, sentence.mentions, memory, sentence.start)
    code = actor_country(subject_of(trigger), sentence.parsed, sentence.mentions, memory, sentence.start)
    if code is None and trigger.dep_ == "ccomp" and trigger.head.lemma_ in _SAYING:
        # "Chinese officials said the loan reflected the friendship": a thing's praise is its speaker's
        code = actor_country(subject_of(trigger.head), sentence.parsed, sentence.mentions, memory, sentence.start)
    return code


def sources_of(trigger: Token, sentence: Sentence, memory: ActorMemory) -> list[str]:
    """The acting countries: the subject's, and each conjoined subject's ("France and Germany summoned")."""
    first = source_of(trigger, sentence, memory)
    if first is None:
        return []
    codes = [first]
    subject = subject_of(trigger) if trigger.pos_ in ("VERB", "AUX") else None
    for other in subject.conjuncts if subject is not None else ():
        code = country_of_span(phrase_tokens(other), sentence.mentions, memory, sentence.start)
        if code and code not in codes and other.i > subject.i:
            codes.append(code)
    return codes


def targets_of(trigger: Token, source: str | None, sentence: Sentence, memory: ActorMemory) -> list[str]:
    """Every country the trigger's objects name (conjoined objects are several targets)."""
    tokens: list[Token] = []
    for item in objects_of(trigger):
        if item.dep_ == "pobj" and item.head.lower_ in _TIME_PREPS and item.head.head.i == trigger.i:
            continue  # "warned …, days after Takaichi's remarks on Taiwan": the occasion, not the one acted on
        if item.lower_ in ("which", "that", "who", "whom") and trigger.dep_ == "relcl":
            item = trigger.head  # "the vessels, which it accused of intruding"
        tokens.extend(_target_phrase(item))
    if trigger.pos_ in ("NOUN", "ADJ"):
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                tokens.extend(tok for grand in child.children for tok in _target_phrase(grand))
    spans = [(token.idx + sentence.start, token.idx + len(token) + sentence.start) for token in tokens]
    codes: list[str] = []
    for mention in sorted(sentence.mentions, key=lambda item: item.start):
        if any(start <= mention.start < end for start, end in spans) and mention.code not in codes:
            codes.append(mention.code)
    for token in tokens:
        if token.pos_ == "PROPN" and token.text in memory.people and memory.people[token.text] not in codes:
            codes.append(memory.people[token.text])
    return [code for code in codes if code != source]


def _target_phrase(token: Token) -> list[Token]:
    """An object phrase without what it is about: 'US firms over Taiwan arms sales' targets the US only."""
    kept = [token]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
            continue
        if child.dep_ == "punct" or (child.dep_ in CLAUSES and child.pos_ in ("VERB", "AUX")):
            continue
        kept.extend(_target_phrase(child))
    return kept


def fallback_target(source: str, sentence: Sentence, article: Article) -> str | None:
    """The other country of the sentence (China first: pandawatch follows China's relations), else the
    actor's usual counterpart in the article."""
    others = sentence.countries({source})
    if others:
        return "CHN" if "CHN" in others else others[0]
    return article.counterpart(source)
