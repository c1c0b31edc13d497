"""Diplomatic acts between countries from the dependency parse: who (the subject's country) did what (the
cue) to whom (the object's country, else the other country of the sentence, else the actor's counterpart in
the article).

Both sides of a diplomatic act are states: an act addressed to the public ("told reporters", "told Xinhua", "a
press conference") has no target; a meeting names whom it was with, and one with people or things of no
country ("met the detainees", "hosted welcoming ceremonies", "when we talk about pandas") is none between two
states; an act on the actor's own people or places ("a meeting with Sendai City's vice-mayor") is domestic, not
one done for them ("pressed for access for Canadian canola")."""

from __future__ import annotations

from spacy.tokens import Token

from ..article import Article, Sentence
from ...resolve.countries import load_gazetteer
from .actors import (CLAUSES, SUBJECTS, ActorMemory, actor_country, country_of_span, names_person, objects_of,
                     passive_agent, phrase_tokens, subject_of)

_SOURCE_PREPS = ("from", "by")
_ABOUT_PREPS = ("over", "about", "regarding", "concerning", "amid", "after", "following", "despite")
_SAYING = ("say", "state", "add", "note", "stress", "tell")
_JUDGING = {"SUPPORT", "ACCUSE"}  # praise and blame: a speaker's judgement of a thing is the speaker's act
_JOINING = ("join",)
_MUTUAL = {"SUPPORT"}  # goodwill two sides express together, naming no one else, is for each other
_TIME_PREPS = ("after", "following", "before", "amid", "despite", "since")
_TARGET_PREPS = ("with", "on", "against", "to", "toward", "towards", "at", "over", "for", "into")
_COUNTERPART_NAMED = {"CONSULT"}
_PAIR_NOUNS = {"leader", "side", "party", "country", "nation", "government", "minister", "president"}  # a meeting names who it was with


def noun_source(trigger: Token, sentence: Sentence, memory: ActorMemory) -> str | None:
    """'criticism from Beijing', 'China's visit', 'Chinese sanctions'; who a participle or a passive says did
    it ('the medical aid sponsored by China', 'Philippine sailors were injured by Chinese vessels')."""
    verbs = [child for child in trigger.children if child.dep_ == "acl" and child.pos_ == "VERB"]
    for verb in verbs + ([trigger.head] if trigger.dep_ == "nsubjpass" else []):
        doer = passive_agent(verb)
        code = country_of_span(phrase_tokens(doer), sentence.mentions, memory, sentence.start) if doer else None
        if code:
            return code
    for child in trigger.children:
        if child.dep_ == "poss" and child.pos_ == "PRON":  # "his visit": the person or country in view
            code = actor_country(child, sentence.parsed, sentence.mentions, memory, sentence.start)
            if code:
                return code
        if child.dep_ in ("poss", "amod", "compound"):
            code = country_of_span(phrase_tokens(child), sentence.mentions, memory, sentence.start)
            if code:
                return code
    givers = [child for child in trigger.children if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS]
    if any(child.dep_ == "prep" and child.lower_ == "to" for child in trigger.children):
        # "the state visit of the president of China to Malaysia": a journey's 'of' is who travels
        givers += [child for child in trigger.children if child.dep_ == "prep" and child.lower_ == "of"]
    if trigger.dep_ == "dobj":  # "drew sharp criticism from Beijing", "faced sanctions from Washington"
        givers += [child for child in trigger.head.children if child.dep_ == "prep" and child.lower_ == "from"]
    for giver in givers:
        for grand in giver.children:
            code = country_of_span(phrase_tokens(grand), sentence.mentions, memory, sentence.start)
            if code:
                return code
    return None


def source_of(trigger: Token, sentence: Sentence, memory: ActorMemory) -> str | None:
    if trigger.pos_ in ("NOUN", "ADJ"):
        code = noun_source(trigger, sentence, memory)
        if code:
            return code
        return actor_country(_verb_subject(trigger), sentence.parsed, sentence.mentions, memory, sentence.start)
    code = actor_country(subject_of(trigger, acting=True), sentence.parsed, sentence.mentions, memory, sentence.start)
    if code is None and trigger.dep_ == "ccomp" and trigger.head.lemma_ in _SAYING:
        # "Chinese officials said the loan reflected the friendship": a thing's praise is its speaker's
        code = actor_country(subject_of(trigger.head, acting=True), sentence.parsed, sentence.mentions, memory, sentence.start)
    return code


def _verb_subject(trigger: Token) -> Token | None:
    """The acting subject of the verb a noun or adjective trigger hangs from ('China and Russia held joint
    drills')."""
    verb = trigger.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return subject_of(verb, acting=True)


def sources_of(trigger: Token, sentence: Sentence, memory: ActorMemory, kind: str | None = None) -> list[str]:
    """The acting countries: the subject's, and each conjoined subject's ("France and Germany summoned", "US
    President Trump and Chinese President Xi held a meeting", whichever of the two the parse made the head),
    and those it joins in the act; for an agentless passive, the state where it was done; for praise or
    blame (``kind``) that a speaker tells of a thing, the speaker's."""
    subject = subject_of(trigger, acting=True) if trigger.pos_ in ("VERB", "AUX") else None
    if subject is not None and memory.last_pair and _both_sides(subject):
        return list(memory.last_pair)  # "the two leaders met again": both sides of the last act told
    if _agentless_passive(trigger):
        place = _place_of(trigger, sentence, memory)
        return [place] if place else []
    if subject is None and trigger.pos_ in ("NOUN", "ADJ"):
        subject = trigger if noun_source(trigger, sentence, memory) else _verb_subject(trigger)
    if kind in _JUDGING and subject is not None and (speaker := _judge(subject, sentence, memory)):
        return [speaker]
    if kind in _JUDGING and (judge := _judge_of_owned(trigger, sentence, memory)):
        return [judge]
    first = source_of(trigger, sentence, memory)
    codes = [first] if first else []
    for other in phrase_tokens(subject) if first and subject is not None else ():
        if other.dep_ != "conj" or any(item.dep_ == "pobj" and item.head.lower_ not in _SOURCE_PREPS
                                       for item in _up_to(other, subject)):
            continue  # "relations between Austria and China are praised": what the subject is about, not who acts;
            # "offers from Russia and Singapore": who gives
        code = country_of_span(phrase_tokens(other), sentence.mentions, memory, sentence.start)
        if code and code not in codes:
            codes.append(code)
    for joined in _joined(trigger):
        code = country_of_span(phrase_tokens(joined), sentence.mentions, memory, sentence.start)
        if code and code not in codes:
            codes.append(code)
    return codes


def _judge(subject: Token, sentence: Sentence, memory: ActorMemory) -> str | None:
    """The country of who speaks a judgement of a thing: 'Beijing said the Dutch government's interference had
    caused chaos', 'the arrival of the pandas in Oslo showed the Chinese people's friendship, Li added'. A thing
    is a common noun that is no body or title and names no country itself (its country comes from an owner or a
    preposition): 'the Dutch officials', 'China's coast guard' and 'the Australian version' keep their own."""
    clause = subject.head
    if subject.dep_ not in SUBJECTS or clause.dep_ != "ccomp" or clause.head.lemma_ not in _SAYING:
        return None
    if subject.pos_ != "NOUN" or subject.lemma_.lower() in memory.bodies or subject.lower_ in load_gazetteer().titles:
        return None
    own = [subject, *(child for child in subject.children if child.dep_ in ("amod", "compound", "nmod"))]
    if country_of_span(own, sentence.mentions, memory, sentence.start):
        return None
    speaker = subject_of(clause.head, acting=True)
    return actor_country(speaker, sentence.parsed, sentence.mentions, memory, sentence.start)


def _judge_of_owned(trigger: Token, sentence: Sentence, memory: ActorMemory) -> str | None:
    """Praise or blame of another's deed told by its noun is the judging verb's subject's ('Lithuania regrets
    China's decision', 'Seoul welcomed Tokyo's move'), not the owner's."""
    if trigger.pos_ != "NOUN" or trigger.dep_ != "dobj" or trigger.head.pos_ != "VERB":
        return None
    owner = next((child for child in trigger.children if child.dep_ == "poss"), None)
    if owner is None:
        return None
    judge = actor_country(subject_of(trigger.head, acting=True), sentence.parsed, sentence.mentions, memory,
                          sentence.start)
    owned = country_of_span(phrase_tokens(owner), sentence.mentions, memory, sentence.start)
    return judge if judge and owned and judge != owned else None


def _agentless_passive(trigger: Token) -> bool:
    """'Two Canadians were detained in China': the subject is the one acted on, and no one is said to act."""
    children = [child.dep_ for child in trigger.children]
    return trigger.pos_ == "VERB" and "nsubjpass" in children and passive_agent(trigger) is None


def _place_of(trigger: Token, sentence: Sentence, memory: ActorMemory) -> str | None:
    """The country where an act no one is said to do was done: the state that did it ("were detained in
    China", "was arrested at Vancouver's airport")."""
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at"):
            for place in (grand for grand in child.children if grand.dep_ == "pobj"):
                if code := country_of_span(phrase_tokens(place), sentence.mentions, memory, sentence.start):
                    return code
    return None


def _joined(trigger: Token) -> list[Token]:
    """Those a subject joins in the act ("The EU joined the United States, Britain and Canada in imposing
    sanctions", "two Chinese bombers joined two Russian bombers and made a joint flight"): they act too."""
    if trigger.dep_ == "pcomp" and trigger.head.lower_ == "in" and trigger.head.head.lemma_ in _JOINING:
        verb = trigger.head.head
    elif trigger.lemma_ in _JOINING and trigger.pos_ == "VERB":
        verb = trigger
    elif trigger.dep_ == "conj" and trigger.head.lemma_ in _JOINING and trigger.head.pos_ == "VERB":
        verb = trigger.head  # "joined them and made a flight": the conjoined verb shares the subject
    else:
        return []
    joined = [child for child in verb.children if child.dep_ == "dobj" and (verb.i == trigger.i or child.i < trigger.i)]
    return [item for first in joined for item in (first, *first.conjuncts)]


def _up_to(token: Token, top: Token) -> list[Token]:
    """The tokens from ``token`` up to ``top`` (excluded)."""
    path = []
    while token.i != top.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    return path


def object_countries(trigger: Token, sentence: Sentence, memory: ActorMemory, benefactive: bool = True,
                     venues: bool = True, direct: bool = False) -> list[str]:
    """Every country the trigger's objects name, the actor's own included (conjoined objects are several);
    without ``benefactive``, not those it acts for ("pressed for access for Canadian canola"); without
    ``venues``, not where it happens ("met in Lima"); with ``direct``, only its direct objects'."""
    tokens: list[Token] = []
    for item in objects_of(trigger):
        if direct and item.dep_ not in ("dobj", "dative"):
            continue
        if item.dep_ == "pobj" and item.head.lower_ in _TIME_PREPS and item.head.head.i == trigger.i:
            continue  # "warned …, days after Takaichi's remarks on Taiwan": the occasion, not the one acted on
        if not benefactive and item.dep_ == "pobj" and item.head.lower_ == "for":
            continue
        if item.dep_ == "dobj" and item.head.lemma_ in load_gazetteer().topic_verbs:
            continue  # "discuss Taiwan and Iran": what is talked about, not whom with
        if not venues and item.dep_ == "pobj" and item.head.lower_ in ("in", "at"):
            continue  # "met in Lima": where, not whom
        if trigger.pos_ in ("NOUN", "ADJ") and item.dep_ == "pobj" and item.head.lower_ in _SOURCE_PREPS \
                and item.head.head.i == trigger.i:
            continue  # "offers from Vietnam": who gives, not who is given to
        if item.lower_ in ("which", "that", "who", "whom") and trigger.dep_ == "relcl":
            item = trigger.head  # "the vessels, which it accused of intruding"
        tokens.extend(_target_phrase(item))
    if trigger.pos_ in ("NOUN", "ADJ") and not direct:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                tokens.extend(tok for grand in child.children for tok in _target_phrase(grand))
    spans = [(token.idx + sentence.start, token.idx + len(token) + sentence.start) for token in tokens]
    codes: list[str] = []
    for mention in sorted(sentence.mentions, key=lambda item: item.start):
        if any(start <= mention.start < end for start, end in spans) and mention.code not in codes:
            codes.append(mention.code)
    for token in tokens:
        if names_person(token, memory) and memory.people[token.text] not in codes:
            codes.append(memory.people[token.text])
    return codes


def _target_phrase(token: Token) -> list[Token]:
    """An object phrase without what it is about: 'US firms over Taiwan arms sales' targets the US only, and
    'China's ties with Russia' China only (a named owner's thing is the owner's)."""
    kept = [token]
    owned = any(child.dep_ == "poss" and child.pos_ == "PROPN" for child in token.children)
    for child in token.children:
        if child.dep_ == "prep" and (owned or child.lower_ in _ABOUT_PREPS):
            continue
        if child.dep_ == "punct" or (child.dep_ in CLAUSES and child.pos_ in ("VERB", "AUX")):
            continue
        kept.extend(_target_phrase(child))
    return kept


def _both_sides(subject: Token) -> bool:
    """'the two leaders', 'both sides', 'the two countries'."""
    return subject.lemma_.lower() in _PAIR_NOUNS and any(
        child.lower_ in ("two", "both") for child in subject.children)


def acted_on(trigger: Token, kind: str, options: frozenset[str], source: str, sentence: Sentence,
             article: Article, memory: ActorMemory, partners: tuple[str, ...] = ()) -> tuple[list[str], bool]:
    """The countries acted on, and whether the parse named them (else they are the sentence's or the
    article's other country). ``partners`` act with ``source``: they are acted on only when the act is
    mutual ('Hanoi and Manila traded accusations with each other'), never by default ('Chinese and Russian
    bombers flew over the Sea of Japan' is done to Japan, not by each to the other; 'offers from Vietnam and
    Laos to send teams to Yunnan')."""
    if addresses_the_public(trigger):
        return [], False
    if partners and _reciprocal(trigger):
        return list(partners), True
    meeting = kind in _COUNTERPART_NAMED
    others = (source, *partners)
    targets = [code for code in object_countries(trigger, sentence, memory, direct=True) if code not in others]
    if targets:  # "congratulated the Finns on their independence from Russia": the one addressed, not the topic
        return targets, True
    targets = [code for code in object_countries(trigger, sentence, memory, venues=not meeting) if code not in others]
    if targets:
        return targets, True
    if object_countries(trigger, sentence, memory, benefactive=False, venues=False):
        return [], False  # "held a meeting with Sendai City's vice-mayor": on the actor's own, a domestic act
        # (not where: "two Canadians were detained in China")
    if meeting:  # a meeting names whom it was with, or where abroad: "talks in the Kremlin", "arrived in Adelaide"
        abroad = [code for code in object_countries(trigger, sentence, memory) if code not in others]
        return abroad[:1], bool(abroad)  # not "met the four detainees", "when we talk about pandas"
    if "needs_country_arg" in options:
        return [], False
    fallback = fallback_target(source, sentence, article, partners)
    if fallback is None and kind in _MUTUAL and len(partners) == 1:
        return list(partners), False  # "South Korea and China expressed hope for closer ties": to each other
    return ([fallback] if fallback else []), False


def _reciprocal(trigger: Token) -> bool:
    """'at each other', 'one another', 'each other's envoys': the actors act on one another."""
    return any(item.lower_ in ("other", "another") and any(child.lower_ in ("each", "one") for child in item.children)
               for object_ in objects_of(trigger) for item in (object_, *object_.children))


def visitor_first(kind: str, trigger: Token, source: str, target: str, sentence: Sentence,
                  memory: ActorMemory) -> tuple[str, str]:
    """A meeting's source is the side that travelled (ONTOLOGY.md): 'talks at the Kremlin' between Putin and
    Xi, 'negotiations with the visiting Chinese delegation' are the visitor's."""
    if kind not in _COUNTERPART_NAMED:
        return source, target
    near = [trigger, *trigger.children]
    if trigger.pos_ in ("VERB", "AUX"):
        near += [grand for child in trigger.children if child.dep_ == "dobj" for grand in child.children]
    for token in near:
        if token.dep_ == "prep" and token.lower_ in ("in", "at"):
            venue = [grand for grand in token.children if grand.dep_ == "pobj"]
            if venue and country_of_span(phrase_tokens(venue[0]), sentence.mentions, memory, sentence.start) == source:
                return target, source
        if token.dep_ == "prep" and token.lower_ == "with":
            for guest in (grand for grand in token.children if grand.dep_ == "pobj"):
                visiting = any(child.lower_ == "visiting" for child in guest.children)
                if visiting and country_of_span(phrase_tokens(guest), sentence.mentions, memory, sentence.start) == target:
                    return target, source
    return source, target


def addresses_the_public(trigger: Token) -> bool:
    """'told reporters', 'told Xinhua', 'told a press conference': words said to an audience, not to a state."""
    audiences = load_gazetteer().audiences
    return any(item.lemma_.lower() in audiences or item.lower_ in audiences for item in objects_of(trigger))


def fallback_target(source: str, sentence: Sentence, article: Article, partners: tuple[str, ...] = ()) -> str | None:
    """The other country of the sentence (China first: pandawatch follows China's relations), else the
    actor's usual counterpart in the article; never one that acts with it (``partners``)."""
    others = sentence.countries({source, *partners})
    if others:
        return "CHN" if "CHN" in others else others[0]
    counterpart = article.counterpart(source)
    return None if counterpart in partners else counterpart
