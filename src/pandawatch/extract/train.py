"""Training the learned act detector (``acts.py``) from articles and their gold events.

Each sentence of an article is labelled with the types of the gold events whose evidence it holds (ONTOLOGY.md:
the evidence is the sentence, or two, verbatim); every other sentence is a negative. Types with fewer
positive sentences than ``min_positives`` are not learned (the rules alone tell them). Same data, same model:
the solver is deterministic and nothing depends on set order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import yaml

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
    from pathlib import Path

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


def train_act_model(documents: Iterable[Document], gold: dict[str, list[Event]],
                    names: RegistryNames | None = None, **options) -> ActModel:
    """Fit the detector on the articles' sentences; ``options`` override data/acts/training.yaml."""
    settings = {**training_options(), **options}
    embeddings = bool(settings["embeddings"])
    sentences, labels, articles = labelled_sentences(documents, gold, names)
    vectorizer = make_vectorizer(min_df=settings["min_df"])
    words = vectorizer.fit_transform([masked_text(sentence) for sentence in sentences]).tocsr()
    types = event_types()
    if embeddings:
        weight = _by_family(settings.get("embedding_weight") or {"panda": 1.0, "diplomatic": 1.0})
        coef, intercept, positives = _fit(with_meaning(words, sentences), labels, types, settings, weight,
                                          words.shape[1])
    else:
        coef, intercept, positives = _fit(words, labels, types, settings)
    screen_coef = screen_intercept = None
    if embeddings and settings.get("screen"):
        screen_coef, screen_intercept, _ = _fit(words, labels, types, settings)
    vocabulary = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
    card = {"sentences": len(sentences), "articles": articles,
            "positive_sentences": positives, "options": settings}
    return ActModel(types, vocabulary, vectorizer.idf_.copy(), coef, intercept, _by_family(settings["threshold"]),
                    _by_family(settings["veto"]), embeddings, card, screen_coef, screen_intercept,
                    float(settings.get("screen") or 0.0) if screen_coef is not None else 0.0)


def _fit(features, labels: list[set[str]], types: tuple[str, ...], settings: dict,
         meaning_weight: dict[str, float] | None = None, words: int | None = None):
    """One logistic regression per type over ``features`` → (coefficients, intercepts, positives per type).
    ``meaning_weight``: per type, how much the columns from ``words`` on (the embedding) weigh against the
    words in the fit (less regularised when heavier); the coefficients are scaled back, so that the model
    reads the features as they come."""
    from scipy.sparse import diags
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((len(types), features.shape[1]))
    intercept = np.full(len(types), -20.0)  # an unlearned type never fires
    positives = {}
    scaled: dict[float, tuple[np.ndarray, object]] = {}  # weight → (column scale, scaled features)
    for row, kind in enumerate(types):
        target = np.array([kind in label for label in labels], dtype=int)
        positives[kind] = int(target.sum())
        if positives[kind] < settings["min_positives"]:
            continue
        weight = (meaning_weight or {}).get(kind, 1.0)
        if weight not in scaled:
            scale = np.ones(features.shape[1])
            scale[words if words is not None else features.shape[1]:] = weight
            scaled[weight] = scale, features @ diags(scale)
        scale, fitted_on = scaled[weight]
        model = LogisticRegression(C=settings["C"], class_weight="balanced", max_iter=5000, solver="liblinear")
        model.fit(fitted_on, target)
        coef[row], intercept[row] = model.coef_[0] * scale, model.intercept_[0]
    return coef, intercept, positives


def _by_family(values: dict) -> dict[str, float]:
    return {kind: float(values["panda" if is_panda_type(kind) else "diplomatic"]) for kind in event_types()}

