"""Training the learned act detector (``acts.py``) from articles and their gold events.

Each sentence of an article is labelled with the types of the gold events whose evidence it holds (ONTOLOGY.md:
the evidence is the sentence, or two, verbatim); every other sentence is a negative. Beside them, in every
fold, come the project's own labelled sentences (``examples`` in training.yaml: data/acts/examples.yaml, a list of
``{text, types}``; no types: a negative), weighed by ``examples.weight``. Types with fewer positive sentences
than ``min_positives`` are not learned (the rules alone tell them). Same data, same model: the solver is
deterministic and nothing depends on set order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import yaml

from ..errors import InvalidInput
from ..model import Document, Event
from ..ontology import event_types, is_panda_type
from ..resolve.countries import load_gazetteer
from ..resolve.dates import parse_published
from .acts import MODEL_DIR, ActModel, make_vectorizer, masked_text, with_meaning
from .article import Sentence, scan
from .components.names import RegistryNames, load_registry_names
from .components.prefilter import is_relevant

_SPACE = re.compile(r"\s+")


def training_options() -> dict:
    """The packaged training configuration (data/acts/training.yaml)."""
    with (MODEL_DIR / "training.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def told_in(sentence: Sentence, evidence: str) -> bool:
    """Does the gold evidence hold this sentence (or the sentence the evidence)?"""
    mine, theirs = _normal(sentence.text), _normal(evidence)
    if len(mine) < 12 or not theirs:
        return False
    return mine in theirs or theirs in mine


def labelled_sentences(documents: Iterable[Document], gold: dict[str, list[Event]],
                       names: RegistryNames | None = None) -> tuple[list[Sentence], list[set[str]], int]:
    """The sentences of the relevant articles that have gold, with the event types each tells, and how many
    articles they come from."""
    names = names or load_registry_names()
    gazetteer = load_gazetteer()
    sentences: list[Sentence] = []
    labels: list[set[str]] = []
    articles = 0
    for document in documents:
        events = gold.get(Path(document.id).stem)
        if events is None or not document.text or not is_relevant(document.text, gazetteer):
            continue
        articles += 1
        article = scan(document.id, document.text, parse_published(document.published), gazetteer, names)
        for sentence in article.sentences:
            sentences.append(sentence)
            labels.append({event.type for event in events if told_in(sentence, event.evidence)})
    return sentences, labels, articles


def example_sentences(path: Path, names: RegistryNames | None = None) -> tuple[list[Sentence], list[set[str]]]:
    """The written examples of ``path`` (a YAML list of ``{text, types}``), each read as a one-sentence article.
    A bad entry raises InvalidInput naming the file and the entry."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInput(f"cannot read the training examples: {error}".splitlines()[0], source=str(path)) from None
    if not isinstance(entries, list):
        raise InvalidInput("the training examples must be a list of {text, types}", source=str(path))
    names = names or load_registry_names()
    gazetteer, known = load_gazetteer(), set(event_types())
    sentences: list[Sentence] = []
    labels: list[set[str]] = []
    for number, entry in enumerate(entries, start=1):
        text, types = _checked_example(entry, known, f"{path}: entry {number}")
        article = scan(f"example-{number}", text, None, gazetteer, names)
        if len(article.sentences) != 1:
            raise InvalidInput(f"reads as {len(article.sentences)} sentences, not one", source=f"{path}: entry {number}",
                               hint=text[:60])
        sentences.append(article.sentences[0])
        labels.append(types)
    return sentences, labels


def _checked_example(entry: object, known: set[str], where: str) -> tuple[str, set[str]]:
    if not isinstance(entry, dict) or set(entry) - {"text", "types"}:
        raise InvalidInput("an example is a mapping with 'text' and 'types' only", source=where, hint=str(entry)[:60])
    text, types = entry.get("text"), entry.get("types") or []
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("'text' must be a non-empty string", source=where)
    if not isinstance(types, list) or not all(isinstance(kind, str) for kind in types):
        raise InvalidInput("'types' must be a list of event types (empty: a negative)", source=where, hint=text[:60])
    unknown = sorted(set(types) - known)
    if unknown:
        raise InvalidInput(f"unknown event type {unknown[0]!r}", source=where, hint=text[:60])
    return text.strip(), set(types)


def _examples(settings: dict, names: RegistryNames | None) -> tuple[list[Sentence], list[set[str]]]:
    """The configured examples (``examples.file``): none when training.yaml names no file."""
    config = settings.get("examples") or {}
    if not config.get("file"):
        return [], []
    return example_sentences(MODEL_DIR / config["file"], names)  # an absolute path stays itself


def _sample_weights(settings: dict, gold: int, labels: list[set[str]]) -> dict[str, np.ndarray]:
    """Per type, each training sentence's weight in that type's fit: a gold sentence 1; an example
    ``examples.weight`` of the type's family, an example without types ``examples.negative_weight`` (default:
    the same). A weight of 0 leaves the sentence out of the fit."""
    config = settings.get("examples") or {}
    positive = _by_family(_families(config.get("weight", 1.0)))
    negative = _by_family(_families(config.get("negative_weight", config.get("weight", 1.0))))
    weights, made = {}, {}
    for kind in event_types():
        key = (positive[kind], negative[kind])
        if key not in made:
            made[key] = np.array([1.0] * gold + [key[0] if label else key[1] for label in labels])
        weights[kind] = made[key]
    return weights


def _families(value) -> dict:
    return value if isinstance(value, dict) else {"panda": value, "diplomatic": value}


def train_act_model(documents: Iterable[Document], gold: dict[str, list[Event]],
                    names: RegistryNames | None = None, **options) -> ActModel:
    """Fit the detector on the articles' sentences and the written examples; ``options`` override
    data/acts/training.yaml."""
    settings = {**training_options(), **options}
    embeddings = bool(settings["embeddings"])
    sentences, labels, articles = labelled_sentences(documents, gold, names)
    extra, extra_labels = _examples(settings, names)
    gold_sentences = len(sentences)
    weights = _sample_weights(settings, gold_sentences, extra_labels) if extra else None
    sentences, labels = sentences + extra, labels + extra_labels
    vectorizer = make_vectorizer(min_df=settings["min_df"])
    texts = [masked_text(sentence) for sentence in sentences]
    if (settings.get("examples") or {}).get("vocabulary", True):
        words = vectorizer.fit_transform(texts).tocsr()
    else:  # the words and their IDF from the gold sentences alone
        words = vectorizer.fit(texts[:gold_sentences]).transform(texts).tocsr()
    types = event_types()
    if embeddings:
        weight = _by_family(settings.get("embedding_weight") or {"panda": 1.0, "diplomatic": 1.0})
        coef, intercept, positives = _fit(with_meaning(words, sentences), labels, types, settings, weight,
                                          words.shape[1], weights)
    else:
        coef, intercept, positives = _fit(words, labels, types, settings, samples=weights)
    screen_coef = screen_intercept = None
    if embeddings and settings.get("screen"):
        screen_coef, screen_intercept, _ = _fit(words, labels, types, settings, samples=weights)
    vocabulary = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
    card = {"sentences": gold_sentences, "articles": articles, "examples": len(extra),
            "positive_sentences": positives, "options": settings}
    return ActModel(types, vocabulary, vectorizer.idf_.copy(), coef, intercept, _by_family(settings["threshold"]),
                    _by_family(settings["veto"]), embeddings, card, screen_coef, screen_intercept,
                    float(settings.get("screen") or 0.0) if screen_coef is not None else 0.0,
                    float(settings.get("unnamed_target") or 0.0))


def _fit(features, labels: list[set[str]], types: tuple[str, ...], settings: dict,
         meaning_weight: dict[str, float] | None = None, words: int | None = None,
         samples: dict[str, np.ndarray] | None = None):
    """One logistic regression per type over ``features`` → (coefficients, intercepts, positives per type).
    ``meaning_weight``: per type, how much the columns from ``words`` on (the embedding) weigh against the
    words in the fit (less regularised when heavier); the coefficients are scaled back, so that the model
    reads the features as they come. ``samples``: per type, each sentence's weight in its fit (default 1; 0
    leaves the sentence out)."""
    from scipy.sparse import diags
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((len(types), features.shape[1]))
    intercept = np.full(len(types), -20.0)  # an unlearned type never fires
    positives = {}
    scaled: dict[float, tuple[np.ndarray, object]] = {}  # weight → (column scale, scaled features)
    for row, kind in enumerate(types):
        target = np.array([kind in label for label in labels], dtype=int)
        used = samples[kind] > 0 if samples is not None else np.ones(len(labels), dtype=bool)
        positives[kind] = int(target[used].sum())
        if positives[kind] < settings["min_positives"]:
            continue
        weight = (meaning_weight or {}).get(kind, 1.0)
        if weight not in scaled:
            scale = np.ones(features.shape[1])
            scale[words if words is not None else features.shape[1]:] = weight
            scaled[weight] = scale, features @ diags(scale)
        scale, fitted_on = scaled[weight]
        model = LogisticRegression(C=settings["C"], class_weight="balanced", max_iter=5000, solver="liblinear")
        if used.all():
            model.fit(fitted_on, target, sample_weight=None if samples is None else samples[kind])
        else:
            model.fit(fitted_on[np.flatnonzero(used)], target[used], sample_weight=samples[kind][used])
        coef[row], intercept[row] = model.coef_[0] * scale, model.intercept_[0]
    return coef, intercept, positives


def _by_family(values: dict) -> dict[str, float]:
    return {kind: float(values["panda" if is_panda_type(kind) else "diplomatic"]) for kind in event_types()}

