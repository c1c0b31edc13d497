"""Panda mentions and panda events: which pandas a trigger is about, and where they live.

Names link to the registry. "the pair", "the twins", "the bears", "they" resolve to the pandas just named;
"the cub", "she" to the panda named alone. "X's parents" resolves through the registry's parent links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..article import Sentence
from .actors import objects_of, phrase_tokens, subject_of
from .cues import Lexicon
from .names import NameHit, RegistryNames

_ORIGIN_PREPS = {"from", "of"}
_PARENT_WORDS = {"parents", "mother", "father", "mom", "dad"}
_OFFSPRING_WORDS = {"cub", "cubs", "baby", "babies", "offspring", "daughter", "son", "twins", "newborn"}


@dataclass
class PandaMemory:
    """The pandas the article named last: what anaphors refer to."""

    group: list[str] = field(default_factory=list)
    single: str | None = None
    parents: set[str] = field(default_factory=set)  # mothers of births told: "the cub" is never one of them

    def remember(self, names: list[str]) -> None:
        if names:
            self.group = names
            if len(names) == 1:
                self.single = names[0]


def canonical(names: RegistryNames, text: str, host: str | None) -> str:
    panda = names.panda(text, host)
    return panda.name if panda else text


def sentence_pandas(sentence: Sentence, names: RegistryNames, host: str | None) -> list[str]:
    found: list[str] = []
    for hit in sentence.pandas:
        name = canonical(names, hit.text, host)
        if name not in found:
            found.append(name)
    return found


def _hits_in(tokens: list[Token], hits: list[NameHit], offset: int) -> list[NameHit]:
    spans = [(token.idx + offset, token.idx + len(token) + offset) for token in tokens]
    return [hit for hit in hits if any(start <= hit.start < end for start, end in spans)]


def _excluded(token: Token, trigger: Token, cue_type: str) -> bool:
    """Tokens that name other pandas than the event's: a birth's mother, 'X' in "X's parents"."""
    if _in_possessor(token, trigger):
        return True
    if cue_type == "PANDA_BIRTH" and trigger.lemma_ != "give" and token.i > trigger.i and any(
            word.lower_ == "to" for word in token.doc[trigger.i + 1: token.i]):
        return True  # "born at Everland in July 2020 to Ai Bao and Le Bao": the parents, however it is parsed
    if cue_type == "PANDA_BIRTH":
        current = token
        while current.i != trigger.i and current.head.i != current.i:
            if current.dep_ == "pobj" and current.head.lower_ == "to" and trigger.lemma_ != "give":
                return True
            if current.lower_ in ("mother", "father", "parents"):
                return True
            current = current.head
    return False


def _in_possessor(token: Token, trigger: Token) -> bool:
    """'X's parents' and 'X and Y's cub': a possessor of a kin word names other pandas than the phrase's."""
    current = token
    while current.i != trigger.i:
        if current.dep_ == "poss" and current.head.lower_ in _PARENT_WORDS | _OFFSPRING_WORDS:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def argument_tokens(trigger: Token) -> list[Token]:
    tokens: list[Token] = []
    subject = subject_of(trigger)
    if subject is not None and trigger.dep_ == "acl" and subject.i == trigger.head.i:
        tokens.extend(_name_alone(subject))  # "X, born in 1987, and Y, born in 1990": each participle its own
    elif subject is not None and trigger.lemma_ != "give":  # "the pair gave birth to": the cub is the object
        while trigger.dep_ == "relcl" and subject.i == trigger.head.i and subject.dep_ == "conj":
            subject = subject.head  # "X and Y, who arrived in 2000": the clause is of both, hung on the last
        tokens.extend(phrase_tokens(subject))
    for item in objects_of(trigger):
        tokens.extend(phrase_tokens(item))
    if trigger.pos_ == "NOUN":
        tokens.extend(phrase_tokens(trigger))
        verb = trigger.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if (holder := subject_of(verb)) is not None:
            tokens.extend(phrase_tokens(holder))
    return tokens


def _name_alone(noun: Token) -> list[Token]:
    """A noun with its own name words, without the nouns conjoined to it or the clauses it carries."""
    kept = [noun]
    for child in noun.children:
        if child.dep_ in ("compound", "flat", "amod", "nummod", "det", "poss", "case"):
            kept.extend(_name_alone(child))
    return kept


def birth_parents(trigger: Token, sentence: Sentence, names: RegistryNames, host: str | None) -> list[str]:
    """The pandas a birth names as parents: the one who 'gave birth', the mother a cub was 'born to'."""
    tokens = [token for token in argument_tokens(trigger) if _excluded(token, trigger, "PANDA_BIRTH")]
    subject = subject_of(trigger)
    if subject is not None and trigger.lemma_ == "give":
        tokens.extend(phrase_tokens(subject))
    return [canonical(names, hit.text, host) for hit in _hits_in(tokens, sentence.pandas, sentence.start)]


def event_pandas(trigger: Token, cue_type: str, sentence: Sentence, names: RegistryNames, memory: PandaMemory,
                 lexicon: Lexicon, host: str | None) -> tuple[list[str], bool]:
    """The pandas an event is about, and whether the trigger's arguments refer to pandas at all. When they do
    not, the subject of the sentence does: a clause the parser hung in the wrong place ("The bears were loaded
    into crates, taken to the airport and flown to Chengdu") still tells of the sentence's subject."""
    found, refers = _pandas_of(argument_tokens(trigger), trigger, cue_type, sentence, names, memory, lexicon, host)
    root = sentence.parsed.root if sentence.parsed is not None else trigger
    if not refers and trigger.pos_ in ("VERB", "AUX") and root.i != trigger.i and subject_of(root) is not None:
        found, refers = _pandas_of(phrase_tokens(subject_of(root)), trigger, cue_type, sentence, names, memory,
                                   lexicon, host)
    if not refers and trigger.pos_ == "VERB" and subject_of(trigger) is None:
        # a subject the parser lost ("The twin pandas X and Y left …" read with "pandas" as the verb): the
        # pandas named before the trigger
        before = [token for token in trigger.sent if token.i < trigger.i]
        found, refers = _pandas_of(before, trigger, cue_type, sentence, names, memory, lexicon, host)
    return found, refers


_CARRYING = {"send", "fly", "ship", "transport", "move", "bring"}


_GOING = {"come", "arrive", "go", "travel", "head", "land", "depart", "return", "fly", "move"}


def carries_others(trigger: Token, sentence: Sentence, names: RegistryNames, memory: PandaMemory, lexicon: Lexicon,
                   host: str | None) -> bool:
    """'send experts to Memphis to examine the body': what a carrying verb moves is its object, and when that
    object is not pandas (experts, keepers, officials) the pandas elsewhere in the sentence do not travel. So
    for who goes ('crowds came to the zoo to see the pandas', 'a delegation arrived to negotiate a loan'): a
    subject of nouns that are not pandas (pronouns and places may be)."""
    carried = [child for child in trigger.children if child.dep_ == "dobj"]
    if trigger.lemma_ in _CARRYING and carried:
        return not any(_pandas_of(phrase_tokens(item), trigger, "", sentence, names, memory, lexicon, host)[1]
                       for item in carried)
    if trigger.lemma_ not in _GOING or carried or trigger.pos_ != "VERB":
        return False
    goers = [child for child in trigger.children if child.dep_ in ("nsubj", "nsubjpass")]
    return bool(goers) and all(_others(goer, trigger, sentence, names, memory, lexicon, host) for goer in goers)


def _others(goer: Token, trigger: Token, sentence: Sentence, names: RegistryNames, memory: PandaMemory,
            lexicon: Lexicon, host: str | None) -> bool:
    """A common noun that names neither pandas nor a place ('crowds', 'officials', 'the delegation'); the
    subtree counts ('the plane carrying the pandas')."""
    if goer.pos_ != "NOUN" or _in_mentions(goer, sentence):
        return False
    return not _pandas_of(list(goer.subtree), trigger, "", sentence, names, memory, lexicon, host)[1]


def _in_mentions(token: Token, sentence: Sentence) -> bool:
    """The token is part of a country, place or zoo the sentence names."""
    at = token.idx + sentence.start
    spans = [(m.start, m.end) for m in sentence.mentions] + [(hit.start, hit.end) for hit, _ in sentence.institutions]
    return any(start <= at < end for start, end in spans)


def _definite(token: Token) -> bool:
    """'the panda', 'the female panda', 'she' refer back; a bare 'panda' ("panda diplomacy") does not."""
    if token.lower_ not in ("panda", "bear", "animal"):
        return True
    return any(child.dep_ in ("det", "poss") and child.lower_ not in ("a", "an", "another", "every", "each", "no")
               for child in token.children)


def _new_group(token: Token, lexicon: Lexicon) -> bool:
    """'a new pair', 'another cub', 'a younger pair': pandas not met before, not the ones just named."""
    return any((child.dep_ == "det" and child.lower_ in ("a", "an", "another"))
               or (child.dep_ == "amod" and child.lower_ in lexicon.new_pandas) for child in token.children)


def about_new_pandas(trigger: Token, lexicon: Lexicon) -> bool:
    """'asked for a new pair', 'two new pandas would be sent', 'another panda pair': pandas yet to come, neither
    those told before nor those the registry has there."""
    nouns = lexicon.panda_words | lexicon.plural_anaphors
    return any(item.lower_ in lexicon.new_pandas and item.dep_ in ("amod", "det") and item.head.lower_ in nouns
               for item in trigger.subtree)


def _pandas_of(tokens: list[Token], trigger: Token, cue_type: str, sentence: Sentence, names: RegistryNames,
               memory: PandaMemory, lexicon: Lexicon, host: str | None) -> tuple[list[str], bool]:
    kept = [token for token in tokens if not _excluded(token, trigger, cue_type)]
    found: list[str] = []
    for hit in _hits_in(kept, sentence.pandas, sentence.start):
        name = canonical(names, hit.text, host)
        if name not in found:
            found.append(name)
    refers = bool(found)
    for token in tokens:
        lower = token.lower_
        if lower in _PARENT_WORDS and any(child.dep_ == "poss" for child in token.children):
            refers = True
            found.extend(_parents_of(token, sentence, names, host, memory))
        elif lower in lexicon.panda_words and not _red(token):
            refers = True
            if found or _new_group(token, lexicon) or _kin_of_another(token):
                continue
            if token.tag_ == "NNS" and any(child.lower_ in ("the", "these", "both", "two") for child in token.children):
                found.extend(memory.group)
            elif token.tag_ == "NN" and token.dep_ != "compound" and _definite(token) and memory.single:
                found.append(memory.single)  # "the female panda, born in 2020"
        elif lower in lexicon.plural_anaphors and token.pos_ in ("NOUN", "PRON", "DET") and (
                memory.group or _panda_word_before(token, lexicon)):  # "its new pandas …, after the pair flew in"
            refers = True
            if not found and not _new_group(token, lexicon):
                found.extend(memory.group)
        elif lower in lexicon.singular_anaphors and token.pos_ in ("NOUN", "PRON") and memory.single:
            refers = True
            if not found and _definite(token) and not _new_group(token, lexicon):
                found.append(memory.single)
    return _unique(found), refers


def _kin_of_another(token: Token) -> bool:
    """'Shin Shin's previous cub', 'her cub': the offspring of the panda in view, never that panda itself."""
    return token.lower_ in _OFFSPRING_WORDS and any(child.dep_ == "poss" for child in token.children)


def _red(token: Token) -> bool:
    """'red pandas', 'a red panda cub': another animal."""
    words = [token, *(child for child in token.children if child.dep_ == "compound")]
    return any(child.lower_ == "red" and child.dep_ in ("amod", "compound") for word in words for child in word.children)


def _panda_word_before(token: Token, lexicon: Lexicon) -> bool:
    return any(word.lower_ in lexicon.panda_words for word in token.sent if word.i < token.i)


def _parents_of(token: Token, sentence: Sentence, names: RegistryNames, host: str | None,
                memory: PandaMemory) -> list[str]:
    """'Katyusha's parents' through the registry's parent links; 'her parents' are those of the panda named
    alone just before."""
    parents: list[str] = []
    for child in token.children:
        if child.dep_ != "poss":
            continue
        if child.pos_ == "PRON" and memory.single and (panda := names.panda(memory.single, host)) is not None:
            parents.extend(names.parents(panda))
        for hit in _hits_in(list(child.subtree), sentence.pandas, sentence.start):
            panda = names.panda(hit.text, host)
            if panda is not None:
                parents.extend(names.parents(panda))
    return parents


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def born_year_events(sentence: Sentence) -> list[tuple[NameHit, str]]:
    """'Tai Shan (b. 2005)': a birth told in passing."""
    found = []
    for mention in sentence.dates:
        if mention.kind != "born_year":
            continue
        before = [hit for hit in sentence.pandas if hit.end <= mention.start + sentence.start]
        if before and sentence.start + mention.start - before[-1].end <= 2:
            found.append((before[-1], mention.field("year") or ""))
    return found


def _in_origin_phrase(token: Token, trigger: Token) -> bool:
    """True when ``token`` sits inside a 'from …' phrase between itself and the trigger."""
    node = token
    while node.i != trigger.i and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in _ORIGIN_PREPS:
            return True
        node = node.head
    return False


_PARTICLES = {"back", "home", "away", "over"}


def destination_countries(trigger: Token, sentence: Sentence) -> list[str]:
    """Countries a trigger's 'to …' and objects name (where the pandas go or are)."""
    tokens = []
    # "went back to China": the place hangs from the particle
    particles = [child for child in trigger.children if child.dep_ in ("advmod", "prt") and child.lower_ in _PARTICLES]
    for item in objects_of(trigger) + [item for child in particles for item in objects_of(child)]:
        # where the pandas come from is not where they go: "flown in from China", and nested in another
        # phrase, "arrived … on a flight from China"
        tokens.extend(token for token in phrase_tokens(item) if not _in_origin_phrase(token, trigger))
    spans = [(token.idx + sentence.start, token.idx + len(token) + sentence.start) for token in tokens]
    codes: list[str] = []
    for mention in sentence.mentions:
        if any(start <= mention.start < end for start, end in spans) and mention.code not in codes:
            codes.append(mention.code)
    for hit, place in sentence.institutions:
        if any(start <= hit.start < end for start, end in spans) and place.country not in codes:
            codes.append(place.country)
    return codes


def hosts_for(trigger: Token, sentence: Sentence, pandas: list[str], names: RegistryNames,
              article_host: str | None) -> list[str]:
    """The host countries of a panda event: named where the trigger points, else in the sentence, else the
    pandas' registry host, else the article's."""
    pointed = [code for code in destination_countries(trigger, sentence) if code != "CHN"]
    if pointed:
        return pointed
    in_sentence = [place.country for _, place in sentence.institutions if place.country != "CHN"]
    in_sentence += [m.code for m in sorted(sentence.mentions, key=lambda m: m.start) if m.code != "CHN" and m.kind != "person"]
    if in_sentence:
        return [in_sentence[0]]
    registry_hosts: set[str] = set()
    for name in pandas:
        panda = names.panda(name, article_host)
        if panda is not None:
            registry_hosts |= names.host_countries(panda)
    if len(registry_hosts) == 1:
        return list(registry_hosts)
    if article_host and (not registry_hosts or article_host in registry_hosts):
        return [article_host]
    return sorted(registry_hosts)[:1]


def institution_for(host: str, sentence: Sentence, article_places: list) -> str | None:
    for _, place in sentence.institutions:
        if place.country == host:
            return place.name
    for place in article_places:
        if place.country == host:
            return place.name
    return None


def parsed_sentence(sentence: Sentence) -> Span:
    assert sentence.parsed is not None
    return sentence.parsed
