"""planned or occurred: from modality and tense around the trigger ("will be sent back", "is scheduled to",
"plans to", "could arrive") and from a resolved date that lies after the article's publication."""

from __future__ import annotations

from spacy.tokens import Token

_FUTURE_AUX = {"will", "shall", "'ll", "could", "wo"}
_PLANNING_HEADS = {"schedule", "plan", "expect", "set", "due", "intend", "aim", "prepare", "go", "slate", "poise"}


def _chain(trigger: Token) -> list[Token]:
    """The trigger and the verbs it hangs from through conjunction and complement (shared modality)."""
    chain = [trigger]
    current = trigger
    while current.dep_ in ("conj", "xcomp") and current.head.i != current.i and len(chain) < 6:
        current = current.head
        chain.append(current)
    return chain


def is_reported_future(trigger: Token, reporting: frozenset[str]) -> bool:
    """'said the pair would arrive in spring': 'would' under a reporting verb is a plan in reported speech."""
    for verb in _chain(trigger):
        if any(child.dep_ == "aux" and child.lower_ == "would" for child in verb.children):
            return _reporter(verb, reporting) is not None
    return False


def _reporter(verb: Token, reporting: frozenset[str]) -> Token | None:
    current = verb
    for _ in range(4):
        if current.dep_ not in ("ccomp", "conj", "xcomp", "acl", "relcl") or current.head.i == current.i:
            return None
        current = current.head
        if current.lemma_.lower() in reporting:
            return current
    return None


def is_planned(trigger: Token, reporting: frozenset[str] = frozenset()) -> bool:
    if is_reported_future(trigger, reporting):
        return True
    for verb in _chain(trigger):
        if any(child.dep_ in ("aux", "auxpass") and child.lower_ in _FUTURE_AUX for child in verb.children):
            return True
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _PLANNING_HEADS:
            return True
        if any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children) and verb.dep_ in ("ROOT", "acl"):
            return True  # a headline's infinitive: "Vice Premier to Visit Expo"
    return False


def is_speculative(trigger: Token, speculative: frozenset[str], reporting: frozenset[str] = frozenset()) -> bool:
    """Talk of what might happen is not an event: 'will consider sending', 'hopes that they might', 'urged
    Beijing to lift the ban'. A conjoined verb shares its head's governor: the head itself is no governor."""
    current = trigger
    for child in trigger.children:
        if child.dep_ in ("mark", "aux") and child.lower_ in ("if", "whether", "might", "may"):
            return True
        if child.dep_ == "aux" and child.lower_ == "would" and not is_reported_future(trigger, reporting):
            return True
    for _ in range(8):
        if current.head.i == current.i or _sets_the_time(current) or current.dep_ == "relcl":
            return False  # a relative clause tells a fact of its noun, whatever is said of the noun
        sibling = current.dep_ == "conj"
        current = current.head
        if not sibling and (current.lemma_.lower() in speculative or current.lower_ in speculative):
            return True
        if any(child.dep_ == "mark" and child.lower_ in ("if", "whether") for child in current.children):
            return True
        if current.dep_ == "prep" and current.lower_ in _TOPIC_PREPS and any(
                other.dep_ == "dobj" and other.lemma_.lower() in speculative for other in current.head.children):
            return True  # "held talks with China about extending the stay": the talks' topic, not yet done
    return False


_TOPIC_PREPS = {"about", "on", "over", "regarding", "concerning"}
_TIME_SETTING_PREPS = {"during", "amid", "after", "following", "before", "since"}


def _sets_the_time(token: Token) -> bool:
    """'During Hu's visit, Japan hopes to …': a happening that sets the time is told as fact, not hoped for."""
    return token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ in _TIME_SETTING_PREPS


_OBLIGATION = {"must", "should", "can", "ca", "cannot", "may"}
_PRESENT = {"VBZ", "VBP"}


def is_generic(trigger: Token, habitual: frozenset[str], tense: bool) -> bool:
    """What happens as a rule, not a happening: a habitual adverb ("pandas usually arrive …"), an obligation or
    ability ("cubs must be returned", "China can recall them"), and with ``tense`` the simple present
    ("zoos that receive pandas pay …", "cubs born abroad are sent back"), which news uses for what is
    generally so (the caller leaves out headlines and dated sentences, where the present tells the news)."""
    for verb in _chain(trigger):
        for child in verb.children:
            if child.dep_ == "advmod" and child.lower_ in habitual:
                return True
            if child.dep_ == "aux" and child.lower_ in _OBLIGATION:
                return True
    if not tense:
        return False
    if any(child.dep_ == "aux" for child in trigger.children):
        return False  # "is seeking", "has arrived", "will leave": the news of a moment
    passive = [child for child in trigger.children if child.dep_ == "auxpass"]
    if passive:
        return all(child.tag_ in _PRESENT for child in passive)  # "are sent back"
    return trigger.tag_ in _PRESENT


def is_negated(trigger: Token) -> bool:
    """'did not', 'never', and 'no longer' (its 'no' hangs from 'longer')."""
    return any(child.dep_ == "neg" or (child.lower_ == "longer" and any(grand.dep_ == "neg" for grand in child.children))
               for child in trigger.children)


def is_recent(trigger: Token) -> bool:
    """Present perfect or 'recently': news of the day, which counts even without a date."""
    for child in trigger.children:
        if child.dep_ == "aux" and child.lemma_ == "have" and child.tag_ in ("VBZ", "VBP"):
            return True
        if child.dep_ == "advmod" and child.lower_ in ("recently", "just", "now", "newly"):
            return True
    return False
