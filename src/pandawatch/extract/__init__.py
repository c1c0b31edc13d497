"""Event extraction: a ``Document`` in, the ONTOLOGY.md events it reports out.

    from pandawatch.extract import extract_events
    events = extract_events(document)          # list[Event]

Steps: a cheap pre-filter turns irrelevant articles away; the article is cut into sentences and scanned for
countries, pandas, institutions and dates (regular expressions and gazetteers); only sentences with a cue word
and an actor are parsed (spaCy); cues fire on trigger words, the parse gives the actors and the date each
trigger governs, and modality gives the status.
"""

from __future__ import annotations

from spacy.language import Language

from ..model import Document, Event
from ..resolve.countries import load_gazetteer
from ..resolve.dates import parse_published
from .acts import ActModel, detect_acts, load_act_model
from .article import scan, worth_parsing
from .components.actors import ActorMemory
from .components.names import RegistryNames, load_registry_names
from .components.prefilter import is_relevant
from .extractor import extract_from_article
from .nlp import load_nlp


def extract_events(doc: Document, nlp: Language | None = None, names: RegistryNames | None = None,
                   acts: ActModel | None | bool = True, trace: dict | None = None) -> list[Event]:
    """The events ``doc`` reports, per ../shared/ONTOLOGY.md (empty for an irrelevant article). ``acts``: the
    learned act detector (True: the packaged one; False: the cue rules alone)."""
    gazetteer = load_gazetteer()
    if not doc.text or not is_relevant(doc.text, gazetteer):
        return []
    names = names or load_registry_names()
    article = scan(doc.id, doc.text, parse_published(doc.published), gazetteer, names)
    has_pandas = any(sentence.panda_context for sentence in article.sentences)
    people = ActorMemory()
    for sentence in article.sentences:
        people.learn_people(article.text, sentence.mentions, gazetteer)
    known = frozenset(people.people)
    model = load_act_model() if acts is True else acts or None
    detected = detect_acts(model, article, known) if model else {}
    chosen = [sentence for sentence in article.sentences
              if worth_parsing(sentence, has_pandas, known) or (sentence.index in detected and detected[sentence.index].detected)]
    nlp = nlp or load_nlp()
    for sentence, parsed in zip(chosen, nlp.pipe(sentence.text for sentence in chosen)):
        sentence.parsed = parsed[:]
    return extract_from_article(article, names, gazetteer, detected, model, trace)


__all__ = ["extract_events", "load_nlp"]
