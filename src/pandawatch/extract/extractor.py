"""From a scanned, partly parsed article to events: cues fire on triggers, then actors, pandas, host, date and
status are read around each trigger. One trigger gives one kind of event; a panda event that is also a
diplomatic act is emitted once, as the panda type (ONTOLOGY.md)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from ..model import Event, PartialDate
from ..ontology import also_act, is_panda_type
from ..resolve.countries import Gazetteer
from ..resolve.dates import DateMention, shift
from .acts import ActModel, Detection
from .article import Article, Sentence
from .components.actors import ActorMemory, actor_country, subject_of
from .components.cues import Cue, Lexicon, acts_as_verb, describe, light_verb_object, load_lexicon, matches
from .components.dates import attach_dates, listed_with, may_date
from .components.diplomacy import acted_on, sources_of, visitor_first
from .components.names import RegistryNames
from .components.registry_check import hosted_then, name_fits, unnamed_pandas
from .components.pandas import (PandaMemory, about_new_pandas, birth_parents, born_year_events, canonical, carries_others, destination_countries, event_pandas,
                                hosts_for, institution_for, sentence_pandas)
from .components.status import is_generic, is_negated, is_planned, is_recent, is_speculative
from .evidence import evidence_text

_IN_PLACE_TYPES = {"PANDA_BIRTH", "PANDA_DEATH", "PANDA_ARRIVAL"}
_FRESH_TYPES = {"LOAN_REQUEST", "LOAN_AGREEMENT", "LOAN_REFUSAL", "PANDA_ARRIVAL"}  # may be about new pandas
_TRAVEL_TYPES = {"PANDA_ARRIVAL", "PANDA_DEPARTURE"}
_BACKGROUND_TYPES = {"PANDA_ARRIVAL", "PANDA_BIRTH", "PANDA_DEATH", "PANDA_DEPARTURE", "LOAN_AGREEMENT"}


@dataclass
class Context:
    article: Article
    names: RegistryNames
    lexicon: Lexicon
    actors: ActorMemory
    pandas: PandaMemory
    host: str | None
    places: list
    acts: ActModel | None = None
    last_date: PartialDate | None = None  # the last date the article told, for "a year later"
    trace: dict | None = None  # (type, source, target, evidence) → the cue that told the event
    fired: list = field(default_factory=list)  # the current sentence's triggers and the cues they fired


def extract_from_article(article: Article, names: RegistryNames, gazetteer: Gazetteer,
                         detected: dict[int, Detection] | None = None, acts: ActModel | None = None,
                         trace: dict | None = None) -> list[Event]:
    """The article's events from the cue rules, and from the learned act detector (``detected``, by sentence
    index): it adds the acts it detects that no cue told in the sentence, and drops a cue's event of a type
    it finds too unlikely there. ``trace``, when given, receives the cue that told each event, keyed by
    (type, source, target, evidence) (``evaluate.cue_provenance``)."""
    counts = article.host_counts()
    places = [place for sentence in article.sentences for _, place in sentence.institutions if place.country != "CHN"]
    memory = ActorMemory(bodies=gazetteer.generic_bodies, non_state=gazetteer.non_state)
    context = Context(article, names, load_lexicon(), memory, PandaMemory(), counts.most_common(1)[0][0] if counts else None,
                      places, acts, trace=trace)
    events: list[Event] = []
    unnamed: list[int] = []  # panda events of the sentence before that name no panda ("Three pandas left")
    for sentence in article.sentences:
        context.actors.learn_people(article.text, sentence.mentions, gazetteer)
        found = _born_years(sentence, context)
        if sentence.parsed is not None and not _is_question(sentence):
            found += sentence_events(sentence, context)
            if detection := (detected or {}).get(sentence.index):
                found = [event for event in found if event.type not in detection.vetoed]
                found += learned_events(sentence, detection.detected, found, context)
        named = [name for name in sentence_pandas(sentence, names, context.host) if name not in context.pandas.parents]
        _name_from_next(events, unnamed, found, named)
        unnamed = [len(events) + i for i, event in enumerate(found) if _is_travel(event) and not event.pandas]
        events.extend(found)
        context.last_date = _last_date(sentence, context)
        context.pandas.remember(named)
        context.actors.remember_speaker(sentence.text, sentence.parsed)
        _remember_main_actor(sentence, context)
    written = _surface_names(article, names, context.host)
    return [_as_written(event, written) for event in merge_duplicates(events)]


def _remember_main_actor(sentence: Sentence, context: Context) -> None:
    """The country of the sentence's main subject is the actor in view for the next "it" or "the ministry",
    whatever acts were told ("China ramped up its retaliation after Pelosi's visit. It fired missiles …")."""
    if sentence.parsed is None:
        return
    root = sentence.parsed.root
    code = actor_country(subject_of(root, acting=True), sentence.parsed, sentence.mentions, context.actors,
                         sentence.start)
    if code:
        context.actors.last_actor = code


def _last_date(sentence: Sentence, context: Context, before: int | None = None) -> PartialDate | None:
    """The last date the sentence tells (before the character ``before``), else the one the article told
    before it: what "a year later" counts from."""
    for mention in reversed([item for item in sentence.dates if before is None or item.end <= before]):
        date = mention.resolve(context.article.published, False, context.last_date)
        if date is not None:
            return date
    return context.last_date


def _is_travel(event: Event) -> bool:
    return event.type in _TRAVEL_TYPES


def _name_from_next(events: list[Event], unnamed: list[int], found: list[Event], named: list[str]) -> None:
    """'Three giant pandas flew to China on Tuesday. X, Y and Z will live at a breeding centre': the pandas a
    travel left unnamed are those the next sentence names (``named``), when that sentence tells no panda event
    of its own."""
    if not unnamed or any(is_panda_type(event.type) for event in found):
        return
    for index in unnamed if named else ():
        events[index] = replace(events[index], pandas=tuple(named))


def _surface_names(article: Article, names: RegistryNames, host: str | None) -> dict[str, str]:
    """Canonical registry name → the name the article first gives that panda (spacing normalised). Events are
    read with canonical names (memory, parents, namesakes) and told with the article's (ONTOLOGY.md: "by the
    names the article gives"); pandas the article never names keep the registry's name."""
    written: dict[str, str] = {}
    for sentence in article.sentences:
        for hit in sentence.pandas:
            written.setdefault(canonical(names, hit.text, host), " ".join(hit.text.split()))
    return written


def _as_written(event: Event, written: dict[str, str]) -> Event:
    if not event.pandas:
        return event
    return replace(event, pandas=tuple(dict.fromkeys(written.get(name, name) for name in event.pandas)))


# -------------------------------------------------------------------------------------------- triggers


def _fire(token: Token, lexicon: Lexicon, sentence: Sentence | None = None) -> Cue | None:
    """The first cue that fires on ``token``: panda cues when ``sentence`` is given (their destination must
    fit: "flown to Chengdu" is a departure, "flown to Vienna" an arrival), else diplomatic cues."""
    cues = lexicon.candidates(token, sentence is not None)
    if not cues:
        return None
    negated = is_negated(token)
    return next((cue for cue in cues if matches(cue, token, negated)
                 and (sentence is None or _destination_fits(cue, token, sentence))), None)


def _destination_fits(cue: Cue, token: Token, sentence: Sentence) -> bool:
    if "china_destination" in cue.options:  # "arrived in Scotland under an arrangement with China" is no return
        return destination_countries(token, sentence)[:1] == ["CHN"]
    if "abroad_destination" in cue.options:
        return any(code != "CHN" for code in destination_countries(token, sentence))
    if "place_object" in cue.options:
        return any(_names_a_place(item, sentence) for item in token.children if item.dep_ == "dobj")
    if cue.type == "PANDA_DEPARTURE":  # "flew back to Berlin" after a stay in China: back to the host, no departure
        destinations = destination_countries(token, sentence)
        return not destinations or "CHN" in destinations
    return True


def _names_a_place(token: Token, sentence: Sentence) -> bool:
    """'left Ueno Zoo', 'left Japan': the object is itself a place abroad ('left comments on the zoo's post'
    names a place only further down)."""
    tokens = [token, *(child for child in token.children if child.dep_ in ("compound", "amod", "poss", "nmod"))]
    spans = [(item.idx + sentence.start, item.idx + len(item) + sentence.start) for item in tokens]
    places = [(m.start, m.code) for m in sentence.mentions] + [(hit.start, place.country) for hit, place in sentence.institutions]
    return any(code != "CHN" and any(start <= at < end for start, end in spans) for at, code in places)


def sentence_events(sentence: Sentence, context: Context) -> list[Event]:
    sent = sentence.parsed
    panda_possible = sentence.panda_context or bool(context.pandas.group) or (  # "the loan agreement was signed"
        context.host is not None and any(word.lower_ in context.lexicon.loan_words for word in sent))
    fired: list[tuple[Token, Cue]] = []
    for token in sent:
        if token.pos_ not in ("VERB", "AUX", "NOUN", "ADJ") or token.dep_ == "amod":
            continue  # an attributive participle describes ("Spanish-born cubs"), it does not tell
        cue = _fire(token, context.lexicon, sentence) if panda_possible else None
        if cue is not None and not _refers_to_pandas(token, cue, sentence, context):
            cue = None
        act = _fire(token, context.lexicon) if cue is None or "keeps_act" in cue.options else None
        told = [item for item in (cue, act) if item is not None]  # talks held to get pandas: a request and a meeting
        if told and not is_speculative(token, context.lexicon.speculative, context.lexicon.reporting):
            fired.extend((token, item) for item in told)
    fired = context.fired = _drop_wrappers(fired)
    verbal = {token.i for token, _ in fired
              if token.pos_ == "ADJ" or acts_as_verb(token) or _light_verb_object(token, fired)}
    dates = attach_dates(sent, sentence.dates, [token.i for token, _ in fired], verbal)
    events = []
    for token, cue in fired:
        mention = dates.get(token.i)
        listed_dates = listed_with(mention, sentence.dates, sentence.text) if mention else [None]
        if cue.type in _JOINT_TYPES and not _is_panda(cue, context):
            listed_dates = listed_dates[:1]  # "will visit China on Sunday and Monday": one visit over two days
        for listed in listed_dates:
            when = _when(token, listed, sentence, context)
            if _is_panda(cue, context):
                events.extend(panda_events(token, cue, sentence, context, when))
            else:
                events.extend(diplomatic_events(token, cue, sentence, context, when))
    return _share_loan_pandas(events)


def _light_verb_object(token: Token, fired: list[tuple[Token, Cue]]) -> bool:
    """The act is the noun; the light verb it hangs from tells no act itself, only carries its time."""
    return light_verb_object(token) and all(other.i != token.head.i for other, _ in fired)


def _drop_wrappers(fired: list[tuple[Token, Cue]]) -> list[tuple[Token, Cue]]:
    """'signed a deal to extend the loan' is the extension, not a second, new agreement; 'agreed to postpone
    his return' is the extension, neither an agreement besides (ONTOLOGY.md: emitted once, as the panda type) nor
    a return; 'summoned the
    ambassador to protest' is one protest, its purpose clause telling the same act again; 'left Edinburgh and
    landed in Chengdu' is one journey."""
    extensions = {token.i for token, cue in fired if cue.type == "LOAN_EXTENSION"}
    types = {token.i: cue.type for token, cue in fired}
    also = {token.i: also_act(cue.type) for token, cue in fired}
    return [(token, cue) for token, cue in fired
            if not (cue.type == "LOAN_AGREEMENT" and any(item.i in extensions for item in token.subtree))
            and not any(also.get(child.i) == cue.type for child in token.children if child.dep_ == "xcomp")
            and not (cue.type == "PANDA_DEPARTURE" and types.get(token.head.i) == "LOAN_EXTENSION")
            and not (token.dep_ in ("xcomp", "advcl") and types.get(token.head.i) == cue.type)
            and not (token.dep_ == "conj" and cue.type in _TRAVEL_TYPES and types.get(token.head.i) == cue.type)]


def _share_loan_pandas(events: list[Event]) -> list[Event]:
    """A request and its refusal in one sentence are about the same pandas."""
    named = next((event.pandas for event in events if event.pandas and event.type.startswith("LOAN_")), ())
    return [replace(event, pandas=named) if event.type.startswith("LOAN_") and not event.pandas and named else event
            for event in events]


def _is_panda(cue: Cue, context: Context) -> bool:
    return cue in context.lexicon.panda


def _refers_to_pandas(token: Token, cue: Cue, sentence: Sentence, context: Context) -> bool:
    if carries_others(token, sentence, context.names, context.pandas, context.lexicon, context.host):
        return False
    _, refers = event_pandas(token, cue.type, sentence, context.names, context.pandas, context.lexicon, context.host)
    if refers or (cue.type == "PANDA_BIRTH" and birth_parents(token, sentence, context.names, context.host)):
        return True
    if cue.type.startswith("LOAN_"):  # "did not agree" to the request for "the twins' stay" told just before
        return any(word.lower_ in context.lexicon.loan_words or (
            word.pos_ == "NOUN" and word.lower_ in context.lexicon.plural_anaphors and context.pandas.group)
            for word in sentence.parsed)
    return False


# --------------------------------------------------------------------------------------- dates, status


@dataclass(frozen=True)
class When:
    date: PartialDate | None
    planned: bool


def _when(token: Token, mention: DateMention | None, sentence: Sentence, context: Context) -> When:
    planned = is_planned(token, context.lexicon.reporting)
    published = context.article.published
    if mention is None:
        return When(None, planned)
    anchor = _last_date(sentence, context, before=mention.start)
    date = _resolve(mention, sentence, published, planned, token.idx, anchor)
    if date is not None and published is not None and not planned and date.first_day() > published:
        planned = True
        date = _resolve(mention, sentence, published, True, token.idx, anchor)
    return When(date, planned)


def _resolve(mention: DateMention, sentence: Sentence, published, future: bool, trigger: int,
             anchor: PartialDate | None) -> PartialDate | None:
    """The mention's date, moved by an offset that ties it to the trigger: "a month before <date>", or
    "<date>, a month after <trigger>". "A year later" counts from ``anchor``, the last date told before."""
    date = mention.resolve(published, future, anchor)
    if date is None:
        return None
    ties = [offset for offset in sentence.offsets if not offset.after and offset.end <= mention.start
            and mention.start - offset.end < 90]
    ties += [offset for offset in sentence.offsets if offset.after and mention.end <= offset.start < trigger
             and offset.start - mention.end < 20]
    return shift(date, ties[-1]) if ties else date


# ------------------------------------------------------------------------------------------ panda events


def panda_events(token: Token, cue: Cue, sentence: Sentence, context: Context, when: When) -> list[Event]:
    if ("needs_date" in cue.options or token.dep_ == "acl") and when.date is None:
        return []  # "pandas born at X flew to China": an undated participle describes, the main verb tells
    if when.date is None and not when.planned and _is_background(token, cue, sentence, context):
        return []  # undated background: not an event (ONTOLOGY.md conventions)
    if when.date is None and is_generic(token, context.lexicon.habitual, not _is_headline(sentence)):
        return []  # what happens as a rule ("cubs born abroad are returned to China")
    subject = actor_country(subject_of(token, acting=True), sentence.parsed, sentence.mentions, context.actors, sentence.start)
    if "china_subject" in cue.options and subject != "CHN":
        return []
    if "host_subject" in cue.options and subject == "CHN":
        return []
    destinations = destination_countries(token, sentence)
    if "abroad_destination" in cue.options and not [code for code in destinations if code != "CHN"]:
        return []
    if cue.type in _IN_PLACE_TYPES and _happens_in_china(token, destinations, sentence):
        return []  # born, died or arrived in China: not an event abroad
    pandas, _ = event_pandas(token, cue.type, sentence, context.names, context.pandas, context.lexicon, context.host)
    fresh = cue.type in _FRESH_TYPES and about_new_pandas(token, context.lexicon)
    if fresh:  # "asked for a new pair": not the pandas told before, nor those the registry has there then
        named_here = sentence_pandas(sentence, context.names, context.host)
        pandas = [name for name in pandas if name in named_here]
    if cue.type == "PANDA_BIRTH":
        pandas = _cubs(token, pandas, sentence, context)
    hosts = [subject] if cue.type == "LOAN_REQUEST" and subject else hosts_for(
        token, sentence, pandas, context.names, context.host)
    events = []
    for host in hosts:
        if host is None or host == "CHN":
            continue
        names = [canonical(context.names, name, host) for name in pandas]
        institution = institution_for(host, sentence, context.places)
        if not fresh:
            names = _registry_checked(names, cue, sentence, institution, when, context)
        source, target = (host, "CHN") if cue.type == "LOAN_REQUEST" else ("CHN", host)
        event = Event(
            article=context.article.id, type=cue.type, status="planned" if when.planned else "occurred",
            date=str(when.date) if when.date else None, source=source, target=target, pandas=tuple(names),
            institution=institution, evidence=evidence_text(sentence.text),
            confidence=round(cue.weight * (1.0 if names else 0.9), 2))
        if not fresh:
            event = _checked_by_registry(event, sentence, context)
        if event is not None:
            events.append(event)
    return _traced(events, describe(cue), context)


def _traced(events: list[Event], told_by: str, context: Context) -> list[Event]:
    for event in events if context.trace is not None else ():
        context.trace.setdefault((event.type, event.source, event.target, event.evidence), told_by)
    return events


def _checked_by_registry(event: Event, sentence: Sentence, context: Context) -> Event | None:
    """Pandas the registry says the event cannot be about give way to another panda of the sentence that fits.
    A happening whose pandas, all named in the sentence, all contradict the registry is not told; pandas only
    referred back to ("the pair") were the wrong antecedent, and the event goes on without them. An event that
    names no panda gets those of the one stay or loan that fits it."""
    names, host, published = context.names, context.host, context.article.published
    named_here = sentence_pandas(sentence, names, host)
    kept = tuple(name for name in event.pandas if name_fits(name, event, names, published) is not False)
    if event.pandas and not kept:
        others = tuple(name for name in named_here if name not in event.pandas
                       and name not in context.pandas.parents and name_fits(name, event, names, published))
        if others:
            return replace(event, pandas=others)
        if event.type.startswith("PANDA_") and set(event.pandas) <= set(named_here):
            return None
    if kept:
        return replace(event, pandas=kept)
    in_view = hosted_then(context.pandas.group, event.type, event.target, event.date, names)
    return replace(event, pandas=in_view or unnamed_pandas(replace(event, pandas=()), names, published))


def _registry_checked(names: list[str], cue: Cue, sentence: Sentence, institution: str | None, when: When,
                      context: Context) -> list[str]:
    """Unnamed pandas, or pandas only referred back to ("the pair") whose registry stays do not fit the event
    (a cub "loaned" before it was born), are the registry's pandas at that place and time; an unnamed loan
    event's are first the pandas in view, when the registry has them in that country then (``hosted_then``)."""
    if cue.type == "PANDA_BIRTH" or not institution or not when.date:
        return names
    named_here = set(sentence_pandas(sentence, context.names, context.host))
    if names and set(names) & named_here:
        return names
    place = context.names.index.institution(institution)
    if not names and place and (in_view := hosted_then(context.pandas.group, cue.type, place.country, str(when.date),
                                                       context.names)):
        return list(in_view)
    registry = context.names.pandas_at(institution, when.date, cue.type)
    return registry if registry and not set(names) & set(registry) else names


def _cubs(token: Token, pandas: list[str], sentence: Sentence, context: Context) -> list[str]:
    """A birth's pandas are its cubs: never its mother, and when the mother is named ("X gave birth to twins")
    the cubs are new to the story, not the pandas named before."""
    parents = birth_parents(token, sentence, context.names, context.host)
    context.pandas.parents |= set(parents)
    if not parents:
        return pandas
    named_here = sentence_pandas(sentence, context.names, context.host)
    cubs = [name for name in pandas if name not in parents and name in named_here]
    return cubs or [name for name in named_here if name not in parents]  # "X and Y's cub … would be named Z"


def _is_question(sentence: Sentence) -> bool:
    """'Did a mayor ask China for pandas?', '"Will they come back?" she asked': a question reports nothing."""
    return sentence.text.rstrip().rstrip("\"”’'").endswith("?")


def _is_headline(sentence: Sentence) -> bool:
    """A line without a closing stop: a headline, whose present tense tells the news ("Pandas arrive in Tokyo")."""
    return not sentence.text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'"))


def _is_background(token: Token, cue: Cue, sentence: Sentence, context: Context) -> bool:
    """History told in passing: past the article's opening, or marked as such ("was later extended")."""
    if not cue.type.startswith(("PANDA_", "LOAN_AGREEMENT", "LOAN_EXTENSION")) or is_recent(token):
        return False
    if any(child.lower_ in context.lexicon.background_adverbs for child in token.children if child.dep_ == "advmod"):
        return True
    return cue.type in _BACKGROUND_TYPES and sentence.index >= 3


def _happens_in_china(token: Token, destinations: list[str], sentence: Sentence) -> bool:
    """Born, died or arrived in China. 'went back to China in 2023 and died there': a conjoined verb with no
    place of its own happens where its head went."""
    if not destinations and token.dep_ == "conj":
        destinations = destination_countries(token.head, sentence)
    return bool(destinations) and all(code == "CHN" for code in destinations)


def _born_years(sentence: Sentence, context: Context) -> list[Event]:
    events = []
    for hit, year in born_year_events(sentence):
        panda = context.names.panda(hit.text, context.host)
        hosts = context.names.host_countries(panda) if panda else set()
        host = context.host if context.host in hosts or not hosts else sorted(hosts)[0]
        if host and host != "CHN":
            events.append(Event(context.article.id, "PANDA_BIRTH", "occurred", year, "CHN", host,
                                (panda.name if panda else hit.text,), institution_for(host, sentence, context.places),
                                evidence_text(sentence.text), 0.8))
    return _traced(events, "PANDA_BIRTH born-year rule", context)


# ------------------------------------------------------------------------------------- diplomatic events


_JOINT_TYPES = {"CONSULT", "AGREE", "COOPERATE"}


def diplomatic_events(token: Token, cue: Cue, sentence: Sentence, context: Context, when: When) -> list[Event]:
    sources = sources_of(token, sentence, context.actors, cue.type)
    if sources and not _subordinate(token):
        context.actors.last_actor = sources[0]  # the actor in view: a main clause's, not an "after …" clause's
    events = [event for source in sources for event in _acts_of(source, token, cue, sentence, context, when,
                                                                [other for other in sources if other != source])]
    if events:
        context.actors.last_pair = (events[0].source, events[0].target)
    return _traced(_one_joint_act(events) if cue.type in _JOINT_TYPES else events, describe(cue), context)


def _one_joint_act(events: list[Event]) -> list[Event]:
    """'A and B attended a ceremony' is one meeting, not one each way (ONTOLOGY.md: the side that travelled
    or initiated, else the grammatical subject, which comes first), whichever way each side's reading
    turned it."""
    kept: list[Event] = []
    for event in events:
        if not any({other.source, other.target} == {event.source, event.target} for other in kept):
            kept.append(event)
    return kept


def _subordinate(token: Token) -> bool:
    return any(item.dep_ in ("advcl", "relcl", "acl") for item in (token, *token.ancestors))


def _acts_of(source: str, token: Token, cue: Cue, sentence: Sentence, context: Context, when: When,
             partners: list[str]) -> list[Event]:
    """The events of one acting side. In a joint act the other acting sides are its counterparts ("Moon and Xi
    held a summit", "the two countries held a dialogue in Tokyo"); among more sides it is a multilateral meeting,
    coded between no two of them."""
    if len(partners) == 1 and cue.type in _JOINT_TYPES:
        targets, from_syntax = partners, True
    else:
        targets, from_syntax = acted_on(token, cue.type, cue.options, source, sentence, context.article, context.actors,
                                        tuple(partners))
    if "learned" in cue.options and not from_syntax and context.acts and cue.weight < context.acts.unnamed_target:
        return []  # a detected act whose counterpart the parse does not name must be a surer detection
    sides = [visitor_first(cue.type, token, source, target, sentence, context.actors)
             for target in targets if target and target != source]
    return [
        Event(article=context.article.id, type=cue.type, status="planned" if when.planned else "occurred",
              date=str(when.date) if when.date else None, source=actor, target=acted,
              evidence=evidence_text(sentence.text), confidence=round(cue.weight * (1.0 if from_syntax else 0.8), 2))
        for actor, acted in sides
    ]


def learned_events(sentence: Sentence, detected: dict[str, float], found: list[Event], context: Context) -> list[Event]:
    """Acts the detector finds in a sentence where no cue told a diplomatic act (nor a panda event of that
    type), read as a cue's would be from the word that speaks most for the type (its trigger): the trigger's
    subject acts, its objects (else the other country) are acted on; a panda event's host, pandas and date come
    from the panda resolvers. A trigger that is negated or only spoken of as possible tells nothing."""
    told = {event.type for event in found}
    events = []
    if not _is_headline(sentence) and not any(token.pos_ in ("VERB", "AUX") for token in sentence.parsed):
        return events  # "A Chinese navy reconnaissance ship.": a caption tells no act (a title-case headline may)
    for kind, p in detected.items():
        if kind in told or (is_panda_type(kind) and not (sentence.panda_context or context.pandas.group)):
            continue
        if not is_panda_type(kind) and any(not is_panda_type(other) for other in told):
            continue  # the cues read the sentence's act: another type beside it is mostly the same act misnamed
        if kind == "PANDA_ARRIVAL" and "LOAN_AGREEMENT" in told:
            continue  # "a gift from China in 1972": a loan told with no word of travel is no arrival (ONTOLOGY.md)
        trigger = _learned_trigger(kind, sentence, context)
        lexicon = context.lexicon
        if is_negated(trigger) or is_speculative(trigger, lexicon.speculative, lexicon.reporting):
            continue
        dates = attach_dates(sentence.parsed, sentence.dates, [trigger.i], {trigger.i})
        alone = sentence.dates[0] if len(sentence.dates) == 1 else None  # the sentence's one date
        mention = dates.get(trigger.i) or (alone if alone and may_date(sentence.parsed, alone, trigger) else None)
        when = _when(trigger, mention, sentence, context)
        cue = Cue(kind, trigger.lemma_, None, None, (), (), round(p, 2), False, frozenset({"learned"}))
        if (trigger, cue) not in _drop_wrappers([*context.fired, (trigger, cue)]):
            continue  # the act the cues told says it already ("agreed to postpone his return")
        make = panda_events if is_panda_type(kind) else diplomatic_events
        events.extend(make(trigger, cue, sentence, context, when))
    return events


def _learned_trigger(kind: str, sentence: Sentence, context: Context) -> Token:
    """The sentence's verb, noun or adjective whose word or lemma the model weighs most for ``kind``; the main
    verb when none speaks for it."""
    model = context.acts
    best, weight = sentence.parsed.root, 0.0
    for token in sentence.parsed:
        if token.pos_ in ("VERB", "NOUN", "ADJ") and model is not None:
            score = max(model.word_weight(kind, token.text), model.word_weight(kind, token.lemma_))
            if _is_cue_word(token, kind, context.lexicon):
                score += _CUE_WORD_BONUS
            if score > weight:
                best, weight = token, score
    return best


_CUE_WORD_BONUS = 10.0  # a word the lexicon knows for the type is the act's word before any the model weighs


def _is_cue_word(token: Token, kind: str, lexicon: Lexicon) -> bool:
    return any(cue.type == kind for panda in (True, False) for cue in lexicon.candidates(token, panda))


# ---------------------------------------------------------------------------------------------- merging


def _same_panda_happening(first: Event, second: Event) -> bool:
    if (first.type, first.status, first.target, first.source) != (second.type, second.status, second.target, second.source):
        return False
    if first.pandas and second.pandas and not set(first.pandas) & set(second.pandas):
        return False
    if first.date and second.date:
        return PartialDate(first.date).agrees_with(PartialDate(second.date))
    return True


def _combine(kept: Event, other: Event) -> Event:
    date = kept.date
    if other.date and (not date or len(other.date) > len(date)):
        date = other.date
    pandas = kept.pandas + tuple(name for name in other.pandas if name not in kept.pandas)
    return replace(kept, date=date, pandas=pandas, institution=kept.institution or other.institution,
                   confidence=max(kept.confidence, other.confidence))


def merge_duplicates(events: list[Event]) -> list[Event]:
    """The same happening told twice in one article is one event."""
    kept: list[Event] = []
    for event in events:
        if is_panda_type(event.type):
            twin = next((index for index, other in enumerate(kept) if _same_panda_happening(other, event)), None)
            if twin is not None:
                kept[twin] = _combine(kept[twin], event)
                continue
        elif any(_same_act(other, event) for other in kept):
            continue
        kept.append(event)
    return kept


def _same_act(first: Event, second: Event) -> bool:
    """A diplomatic act told again later without its date is the same act; in one sentence, two acts of a kind
    between the same sides are two ("curtailed flights and banned seafood"), but a meeting (agreement,
    cooperation) told by two words is one ("met Li Qiang during his official visit to China")."""
    if (first.type, first.source, first.target) != (second.type, second.source, second.target):
        return False
    if first.evidence == second.evidence:
        return first.type in _JOINT_TYPES and first.date == second.date
    return first.date == second.date or not second.date
