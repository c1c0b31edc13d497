"""Which date expression of a sentence belongs to which trigger: the one the parse attaches to it.

A date belongs to the trigger above it in the parse. A date that hangs from a clause without a trigger goes to
the nearest dateless trigger inside that clause ("was given a farewell this week before being flown back");
a date in a clause that holds no trigger ("since the normalisation of relations in 1972") belongs to nothing.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ...resolve.dates import DateMention
from .status import is_planned

_SAYING = {"say", "tell", "state", "add", "report", "note", "write"}
_OWN_TIME_MARKS = {"since", "because", "although", "though", "whereas", "unless", "if"}
_OCCASION_PREPS = {"during", "at", "on", "amid"}
_CLAUSE_DEPS = {"relcl", "acl", "ccomp", "conj", "ROOT", "parataxis"}  # an advcl's time is its head's


def token_at(sent: Span, char: int) -> Token | None:
    """The token that starts at or covers a sentence-relative character offset."""
    for token in sent:
        if token.idx <= char < token.idx + len(token) or token.idx >= char:
            return token
    return None


def mention_head(sent: Span, start: int, end: int) -> Token | None:
    """The token of a date mention (sentence offsets) that the rest hangs from: "year" in "last year", "July"
    in "July 2014"."""
    inside = [token for token in sent if start <= token.idx < end]
    if not inside:
        return token_at(sent, start)
    return next((token for token in inside if not start <= token.head.idx < end or token.head.i == token.i), inside[0])


def _hung_under(token: Token, noun: Token) -> bool:
    """The date hangs right under the noun, or through one preposition ("visit last year", "visit in July")."""
    return token.head.i == noun.i or (token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.i == noun.i)


def owner_of(token: Token, triggers: set[int], verbal: set[int]) -> tuple[int | None, Token | None]:
    """(the trigger above ``token``, None) or (None, the clause it stops at)."""
    current = token
    for _ in range(15):
        if current.i in triggers and (current.i in verbal or current.i == token.i or _hung_under(token, current)):
            return current.i, None
        if current.i in triggers and current.i not in verbal and not _adjunct(current, triggers):
            return None, None  # nouns ("death") take only the dates hung right under them
        if current.pos_ in ("VERB", "AUX") and (current.dep_ in _CLAUSE_DEPS or _own_time(current)):
            return None, current
        if current.head.i == current.i:
            return None, current
        current = current.head
    return None, None


def _adjunct(noun: Token, triggers: set[int]) -> bool:
    """'signed during a visit by Xi in 2017': the date of an occasion set around a trigger is the trigger's too."""
    return noun.dep_ == "pobj" and noun.head.lower_ in _OCCASION_PREPS and noun.head.head.i in triggers


def _own_time(verb: Token) -> bool:
    """A clause of cause or of a starting point keeps its own time ("since relations were established in
    1972", "because the loan ended in 2023"); time clauses ("a month before the loan expires in February",
    "as planned in January") and bare participles tell their head's."""
    return verb.dep_ == "advcl" and any(child.dep_ == "mark" and child.lower_ in _OWN_TIME_MARKS
                                        for child in verb.children)


def attach_dates(sent: Span, mentions: list[DateMention], triggers: list[int], verbal: set[int] | None = None) -> dict[int, DateMention]:
    """Each trigger's date mention, per the rules above."""
    verbal = set(triggers) if verbal is None else verbal
    chosen: dict[int, DateMention] = {}
    stranded: list[tuple[Token, Token, DateMention]] = []
    for mention in mentions:
        token = mention_head(sent, mention.start, mention.end)
        if token is None:
            continue
        for clause in _when_clauses(token, triggers):
            chosen.setdefault(clause, mention)
        owner, clause = owner_of(token, set(triggers), verbal)
        if _starting_point(token, mention) and not (owner is not None and _ongoing(sent.doc[owner])):
            continue
        if owner is not None:
            chosen.setdefault(owner, mention)
            occasion = sent.doc[owner]
            if owner not in verbal and _adjunct(occasion, set(triggers)):
                chosen.setdefault(occasion.head.head.i, mention)  # "signed during a visit in 2018": both 2018
        elif clause is not None:
            stranded.append((token, clause, mention))
    for token, clause, mention in stranded:
        inside = [i for i in triggers if i not in chosen and i in verbal and _descends(sent.doc[i], clause)
                  and not _when_said(clause, sent.doc[i])]
        if inside:
            chosen[min(inside, key=lambda i: abs(i - token.i))] = mention
    return chosen


_LIST_GAP = re.compile(r"\s*(?:,|and|or|, and|, or)\s*(?:in |on )?\s*$")


def listed_with(mention: DateMention, mentions: list[DateMention], text: str) -> list[DateMention]:
    """The mention and the dates listed with it ("renewed in 2011, 2015 and 2020", "postponed twice, in 2007 and
    2009"): one happening each. ``text`` is the sentence the offsets count in."""
    ordered = sorted(mentions, key=lambda item: item.start)
    chain = [mention]
    for item in ordered:
        if item.start >= chain[-1].end and _LIST_GAP.fullmatch(text[chain[-1].end:item.start]):
            chain.append(item)
    return chain


def may_date(sent: Span, mention: DateMention, trigger: Token) -> bool:
    """May the sentence's one date, which the parse did not tie to ``trigger``, date it? Only from a clause
    above the trigger ("…, and will meet visitors next month" does not date the arrival told before it), and
    not when it dates a saying of what occurred ("the zoo said on Monday the pandas had arrived")."""
    token = mention_head(sent, mention.start, mention.end)
    if token is None:
        return False
    _, clause = owner_of(token, set(), set())
    if clause is None:
        return True
    return not _when_said(clause, trigger) and _descends(trigger, clause)


def _when_said(clause: Token, trigger: Token) -> bool:
    """The clause is a saying and the trigger what it tells as done: "the zoo said on Monday that the pandas had
    arrived" is when it was said, not when they came ("said on Monday it will ask for pandas" dates the plan)."""
    return clause.lemma_.lower() in _SAYING and not is_planned(trigger)


def _when_clauses(token: Token, triggers: list[int]) -> list[int]:
    """The triggers of the 'when' clauses a date heads: 'since 1972, when two pandas were given to the zoo', 'in
    2017, when Xi visited Helsinki' happened then, whatever the date is to the main clause."""
    return [child.i for child in token.children if child.dep_ == "relcl" and child.i in triggers
            and any(grand.dep_ == "advmod" and grand.lower_ == "when" for grand in child.children)]


def _starting_point(token: Token, mention: DateMention) -> bool:
    """'for the first time since 1972', 'since March': when something began, never the event's own date."""
    return (mention.field("prep") or "").lower() == "since" or (token.dep_ == "pobj" and token.head.lower_ == "since")


def _ongoing(verb: Token) -> bool:
    """'has been negotiating since 1992': an act going on since a date began then."""
    auxiliaries = {child.lower_ for child in verb.children if child.dep_ == "aux"}
    return verb.tag_ == "VBG" and "been" in auxiliaries and bool(auxiliaries & {"has", "have", "had"})


def _descends(token: Token, ancestor: Token) -> bool:
    return token.i == ancestor.i or any(item.i == ancestor.i for item in token.ancestors)
