"""Who acts and who is acted on: the subject and objects of a trigger, and the country each stands for.

Countries come from the gazetteer mentions found in the article (names, adjectives, capitals and places,
people, bodies), from people named in full earlier ("Takaichi" after "Prime Minister Sanae Takaichi"), and for
pronouns from the actor of the sentences before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span, Token

from ...resolve.countries import Gazetteer, Mention

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
CLAUSES = ("relcl", "advcl", "ccomp", "xcomp", "conj", "acl", "parataxis")
GROUP_WORDS = {"many", "some", "others", "most", "several", "few"}
PERSONAL = {"he", "she", "his", "her"}  # pronouns that stand for a person, not a country
PRONOUNS = {"he", "she", "it", "they", "we", "i", "who", "which", "that", "his", "her", "its", "their", "our"}
SPEAKING = {"we", "our", "us", "i", "my"}  # inside a quote: the speaker's side
_SAYING = ("say", "tell", "add", "state", "note", "stress", "declare", "write")
_QUOTES = {"“": "”", '"': '"'}
_NAME = re.compile(r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2}")


@dataclass
class ActorMemory:
    """What the article has said so far about who stands for which country."""

    people: dict[str, str] = field(default_factory=dict)  # a name word (surname, given name) → country
    bodies: frozenset[str] = frozenset()  # heads of bodies named without their country ("the ministry")
    non_state: frozenset[str] = frozenset()  # people who do not act for their country ("China's coach")
    last_actor: str | None = None
    last_person: str | None = None
    last_pair: tuple[str, str] | None = None  # the two sides of the last diplomatic act ("the two leaders")

    def learn_people(self, text: str, mentions: list[Mention], gazetteer: Gazetteer) -> None:
        """People's countries from their titles: 'Japan's Chief Cabinet Secretary Minoru Kihara', 'Lithuanian
        Foreign Minister Gabrielius X', 'Japan's ruling party policy chief, Takayuki X', and after the name
        'Bill X, Australia's trade minister' or 'Kong X, Chinese assistant foreign minister': X is that
        country's for the rest of the article."""
        for mention in mentions:
            if mention.kind == "person":
                for word in mention.text.split():
                    self.people.setdefault(word, mention.code)
                continue
            if mention.kind not in ("adjective", "name"):
                continue
            patterns = _title_patterns(gazetteer.titles)
            after = patterns.title_then_name.match(text, mention.end, mention.end + 120)
            if after:
                self._learn(after.group(1), mention.code, gazetteer)
            before = patterns.name_then_comma.search(text, max(0, mention.start - 60), mention.start)
            if before and patterns.title_after.match(text, mention.end, mention.end + 80):
                self._learn(before.group(1), mention.code, gazetteer)

    def _learn(self, name: str, code: str, gazetteer: Gazetteer) -> None:
        words = name.split()
        if any(word in gazetteer.forms or word.lower() in gazetteer.titles for word in words):
            return  # "Prime Minister Anthony": a title or a country is no one's name
        for word in words:
            self.people.setdefault(word, code)

    def remember_speaker(self, sentence_text: str, parsed: Span | None) -> None:
        """The person a following "he" or "she" most likely means: the sentence's subject when it is a known
        person, else the first known person it names."""
        if parsed is not None:
            for token in parsed:
                if token.dep_ in SUBJECTS and token.head.dep_ == "ROOT" and token.text in self.people:
                    self.last_person = token.text
                    return
        for word in sentence_text.split():
            word = word.strip(".,;:’'s\"“”")
            if word in self.people:
                self.last_person = word
                return


@dataclass(frozen=True)
class _TitlePatterns:
    title_then_name: re.Pattern  # after a country: "'s", up to six words ending in a title, "for Trade", a name
    name_then_comma: re.Pattern  # before a country: "<Name>, " or "<Name>, the "
    title_after: re.Pattern  # after a country: "'s" and up to five words ending in a title


@cache
def _title_patterns(titles: frozenset[str]) -> _TitlePatterns:
    title = "(?i:" + "|".join(sorted({re.escape(item.split()[-1]) for item in titles}, key=len, reverse=True)) + r")\b"
    word = rf"(?!{title})[A-Z][\w’'-]+"  # a name's words are no titles ("Prime Minister Anthony")
    name = rf"((?:{word} ){{1,2}}{word})"
    return _TitlePatterns(
        re.compile(rf"(?:’s|'s)?(?: [A-Za-z-]+){{0,5}}? {title}(?: (?:to|in|for|of)(?: [A-Z][\w-]+){{1,2}})?,? {name}"),
        re.compile(rf"{name}, (?:the |a |an )?$"),
        re.compile(rf"(?:’s|'s)?(?: [A-Za-z-]+){{0,4}}? {title}"))


def country_of_span(tokens: list[Token], sentence_mentions: list[Mention], memory: ActorMemory,
                    offset: int) -> str | None:
    """The country a phrase stands for: its first gazetteer mention, else a known person in it."""
    if not tokens:
        return None
    start = min(token.idx for token in tokens) + offset
    end = max(token.idx + len(token) for token in tokens) + offset
    inside = [mention for mention in sentence_mentions if mention.start >= start and mention.end <= end]
    for mention in sorted(inside, key=lambda item: item.start):
        return mention.code
    for token in sorted(tokens, key=lambda item: item.i):
        if names_person(token, memory):
            return memory.people[token.text]
    return None


def names_person(token: Token, memory: ActorMemory) -> bool:
    """A word of a person the article named with their country: a proper noun, or a capitalised word the tagger
    took for a common noun (foreign surnames often are: 'Tupou arrived in Lima')."""
    return token.text in memory.people and (token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.text.istitle()))


def phrase_tokens(token: Token) -> list[Token]:
    """A noun phrase without its clauses (so a relative clause's countries are not the phrase's)."""
    kept = [token]
    for child in token.children:
        if child.dep_ == "punct" or (child.dep_ in CLAUSES and child.pos_ in ("VERB", "AUX")):
            continue
        kept.extend(phrase_tokens(child))
    return kept


def subject_of(trigger: Token, acting: bool = False) -> Token | None:
    """The trigger's subject, looking through conjoined verbs, xcomp chains and relative clauses. With
    ``acting``, the one who acts: a passive's agent before its subject ("were arrested by Japan"), the object
    of a verb that moves another to act ("prompting Indonesia to summon", "urged Japan to retract"), the subject
    of an adjective's verb ("China was ready to continue")."""
    current = trigger
    for _ in range(6):
        if acting and (child_agent := passive_agent(current)):
            return child_agent
        subjects = [child for child in current.children if child.dep_ in SUBJECTS]
        if acting and len(subjects) > 1:  # a misparse ("Source: AAP … , China imposed"): the nearest one
            subjects = sorted(subjects, key=lambda child: (child.i > current.i, abs(current.i - child.i)))
        for child in subjects:
            if child.lower_ in ("who", "which", "that") and current.dep_ == "relcl":
                return current.head
            return child
        if child_agent := passive_agent(current):
            return child_agent
        if acting and current.dep_ in ("xcomp", "ccomp") and (mover := _moved_one(current)) is not None:
            return mover
        if current.dep_ in ("conj", "xcomp", "advcl") or (acting and current.dep_ == "acomp"):
            if current.head.i == current.i:
                break
            current = current.head
            continue
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            if acting and (doer := _controller(current)) is not None:
                return doer
            current = current.head.head
            if current.pos_ == "NOUN":  # "their reason for refusing", "gave no reason for refusing"
                owner = next((child for child in current.children if child.dep_ == "poss"), None)
                if owner is not None:
                    return owner
                if current.dep_ == "dobj":
                    current = current.head
            continue
        if current.dep_ == "acl" and _infinitive(current) and current.head.pos_ in ("NOUN", "PROPN"):
            owner = next((child for child in current.head.children if child.dep_ == "poss"), None)
            if owner is not None:
                return owner  # "Seoul's decision to deploy"
            current = current.head.head  # "took measures to expel": the one who took them
            continue
        if current.dep_ in ("relcl", "acl"):
            return current.head
        if current.pos_ in ("NOUN", "PROPN"):
            return None
        break
    return None


def _controller(gerund: Token) -> Token | None:
    """Who does what a gerund after 'of', 'for' or 'against' tells: the one the verb is about, not its subject
    ('accused China of firing', 'thanked Japan for sending', 'warned Canberra against making'; passive: 'China
    was accused of firing'). None when the verb has no such object ('responded by imposing', 'insisted on
    sending': the subject does it). Not 'from': 'blocked the ships from leaving' tells what did not happen."""
    prep = gerund.head
    if prep.lower_ not in _CONTROL_PREPS or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    verb = prep.head
    for dep in ("dobj", "nsubjpass"):
        found = next((child for child in verb.children if child.dep_ == dep and child.i < prep.i), None)
        if found is not None:
            return found
    return None


_CONTROL_PREPS = ("of", "for", "against")


def _moved_one(verb: Token) -> Token | None:
    """'prompting Indonesia to summon': the head verb's direct object before the infinitive acts; so does the
    subject of a clause the parse took for an object ('adding China "firmly opposes this"')."""
    return next((child for child in verb.head.children if child.dep_ == "dobj" and child.i < verb.i), None)


def _infinitive(verb: Token) -> bool:
    return any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)


def passive_agent(token: Token) -> Token | None:
    """A passive's doer: its 'by' phrase, also one the parse took for a plain preposition ('were “deliberately
    punctured” by Chinese personnel')."""
    passive = any(child.dep_ in ("nsubjpass", "auxpass") for child in token.children)
    for child in token.children:
        if child.dep_ == "agent" or (passive and child.dep_ == "prep" and child.lower_ == "by"):
            return next((grand for grand in child.children if grand.dep_ == "pobj"), None)
    return None


def objects_of(trigger: Token) -> list[Token]:
    """The trigger's non-subject arguments: objects, prepositional objects, datives, attributes."""
    found = []
    for child in trigger.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd", "pobj", "nsubjpass", "appos", "npadvmod"):
            found.append(child)
        elif child.dep_ in ("prep", "agent") or (child.dep_ == "advcl" and child.pos_ == "VERB"
                                                 and not any(grand.dep_ in SUBJECTS for grand in child.children)):
            # a participle's objects are the trigger's ("flew back, leaving Japan"); a clause with its own
            # subject ("after Washington approved arms for Taiwan") tells of other actors
            found.extend(grand for grand in child.children if grand.dep_ in ("pobj", "pcomp", "dobj"))
        elif child.dep_ == "xcomp":
            found.extend(objects_of(child))
    return found


def actor_country(token: Token | None, sent: Span, mentions: list[Mention], memory: ActorMemory,
                  offset: int) -> str | None:
    """The country a subject or object stands for; pronouns take the actor of the sentences before."""
    if token is None or token.lemma_.lower() in memory.non_state:
        return None
    if token.lower_ in GROUP_WORDS and token.dep_ in SUBJECTS:
        # "angered Chinese social media users, and many accused …": a share of the people just named, whose
        # country acts through them
        people = [m for m in mentions if m.kind == "adjective" and m.end <= token.idx + offset]
        return people[-1].code if people else memory.last_actor
    if token.lower_ in SPEAKING and (speaker := quote_speaker(token, sent, mentions, memory, offset)):
        return speaker
    if token.lower_ in PRONOUNS:
        if earlier := _earlier_subject(token, sent, mentions, memory, offset):
            return earlier
        if token.lower_ in PERSONAL and memory.last_person:
            return memory.people.get(memory.last_person, memory.last_actor)
        return memory.last_actor
    code = country_of_span(phrase_tokens(token), mentions, memory, offset)
    if code is None and token.lemma_.lower() in memory.bodies:
        return memory.last_actor  # "the commerce ministry", "the coast guard": the body of the actor in view
    return code


def quote_speaker(token: Token, sent: Span, mentions: list[Mention], memory: ActorMemory,
                  offset: int) -> str | None:
    """The country of who speaks a quote that holds ``token`` ("“We are awaiting their reply,” the minister
    said"): the subject of a saying verb outside the quotation marks, in the same sentence."""
    quoted = _quoted(sent)
    if token.i not in quoted:
        return None
    for verb in sent:
        if verb.lemma_ in _SAYING and verb.i not in quoted:
            subject = next((child for child in verb.children if child.dep_ in SUBJECTS), None)
            if subject is not None and subject.i not in quoted and subject.lower_ not in PRONOUNS:
                return actor_country(subject, sent, mentions, memory, offset)
    return None


def _quoted(sent: Span) -> set[int]:
    """Token indices between quotation marks (an unclosed quote runs to the sentence's end)."""
    inside, closing, quoted = False, "", set()
    for token in sent:
        if not inside and token.text in _QUOTES:
            inside, closing = True, _QUOTES[token.text]
        elif inside and token.text == closing:
            inside = False
        elif inside:
            quoted.add(token.i)
    return quoted


def _earlier_subject(pronoun: Token, sent: Span, mentions: list[Mention], memory: ActorMemory,
                     offset: int) -> str | None:
    """A pronoun refers first to the nearest subject before it in its own sentence ("Albanese praised China,
    and he urged Beijing"; "the coast guard said it had expelled")."""
    person = pronoun.lower_ in PERSONAL
    for other in reversed([token for token in sent if token.i < pronoun.i and token.dep_ in SUBJECTS]):
        if other.lower_ not in PRONOUNS and (not person or other.text in memory.people):
            code = country_of_span(phrase_tokens(other), mentions, memory, offset)
            if code:
                return code
    return None


def countries_in_order(mentions: list[Mention]) -> list[str]:
    seen: list[str] = []
    for mention in sorted(mentions, key=lambda item: item.start):
        if mention.code not in seen:
            seen.append(mention.code)
    return seen
