"""The learned act detector: which event types a sentence tells, beside the cue rules.

A one-vs-rest logistic regression per event type over two views of a sentence:
- its words (TF-IDF of word uni- and bigrams) with the names masked, so that what is learned is the wording of
  the act, not who did it: countries, people and bodies become ``_actor_``, pandas ``_panda_``, zoos
  ``_zoo_`` and numbers ``0``;
- its meaning: the all-MiniLM-L6-v2 sentence embedding (``encoder.py``), so that a paraphrase of a trained
  wording ("voiced strong dissatisfaction" after "protested") still scores.

Trained from gold evidence sentences (each sentence labelled with the types of the gold events told in it;
every other sentence of the article is a negative) by ``pandawatch train``. The model is plain data: the
vocabulary, IDF weights, coefficients and thresholds in ``data/acts/`` (JSON and NPZ), read back into
scikit-learn objects; no pickle. Its arguments (actors, dates, status, pandas) come from the resolvers, not from
the classifier.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ..settings import PACKAGE_DATA
from .article import Article, Sentence

MODEL_DIR = PACKAGE_DATA / "acts"
_NUMBER = re.compile(r"\d+")
_EMBEDDING_SCALE = 1.0  # the embedding block's weight against the (unit-length) TF-IDF block


def masked_text(sentence: Sentence) -> str:
    """The sentence with its names replaced by what they are (article offsets → sentence offsets)."""
    spans = [(m.start, m.end, "_actor_") for m in sentence.mentions]
    spans += [(hit.start, hit.end, "_panda_") for hit in sentence.pandas]
    spans += [(hit.start, hit.end, "_zoo_") for hit, _ in sentence.institutions]
    text, cursor, parts = sentence.text, sentence.start, []
    for start, end, token in sorted(spans):
        if start < cursor:
            continue  # overlapping names: the first wins
        parts.append(text[cursor - sentence.start:start - sentence.start])
        parts.append(f" {token} ")
        cursor = end
    parts.append(text[cursor - sentence.start:])
    return _NUMBER.sub("0", "".join(parts))


@dataclass
class ActModel:
    """A trained detector: ``probabilities(sentences)`` → one row of P(type) per sentence."""

    types: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # types × (vocabulary + embedding dimensions)
    intercept: np.ndarray
    threshold: dict[str, float]  # a type is detected at or above its threshold
    veto: dict[str, float] = field(default_factory=dict)  # a cue's event of the type is dropped below it
    embeddings: bool = True
    card: dict = field(default_factory=dict)  # what it was trained on and how it scored
    # The screen: words-only coefficients over the same vocabulary (types × vocabulary, and intercepts). A
    # sentence it gives no type ``screen_threshold`` keeps its probabilities and is not encoded (the encoder is
    # the detector's cost); None: every sentence is encoded.
    screen_coef: np.ndarray | None = None
    screen_intercept: np.ndarray | None = None
    screen_threshold: float = 0.0
    unnamed_target: float = 0.0  # a detected diplomatic act whose counterpart the parse does not name needs this

    def probabilities(self, sentences: list[Sentence]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(self.types)))
        words = self.words(sentences)
        if self.screen_coef is None:
            return self._probabilities(words, sentences)
        rows = self._screened(words)
        worth = [index for index, row in enumerate(rows) if row.max() >= self.screen_threshold]
        if worth:
            rows[worth] = self._probabilities(words[worth], [sentences[index] for index in worth])
        return rows

    def screen_probabilities(self, sentences: list[Sentence]) -> np.ndarray:
        """What the screen alone gives each sentence."""
        return self._screened(self.words(sentences))

    def _screened(self, words) -> np.ndarray:
        return _sigmoid(words @ self.screen_coef.T + self.screen_intercept)

    def _probabilities(self, words, sentences: list[Sentence]) -> np.ndarray:
        features = with_meaning(words, sentences) if self.embeddings else words
        return _sigmoid(features @ self.coef.T + self.intercept)

    def words(self, sentences: list[Sentence]):
        return self.vectorizer().transform([masked_text(sentence) for sentence in sentences]).tocsr()

    def vectorizer(self):
        if getattr(self, "_vectorizer", None) is None:
            self._vectorizer = make_vectorizer(self.vocabulary)
            self._vectorizer.idf_ = self.idf
        return self._vectorizer

    def word_weight(self, kind: str, word: str) -> float:
        """How much one word, alone, speaks for the type (its TF-IDF coefficient; 0 for unknown words)."""
        column = self.vocabulary.get(word.lower())
        return float(self.coef[self.types.index(kind), column]) if column is not None else 0.0

    def detected(self, row: np.ndarray) -> dict[str, float]:
        """The types a sentence's probabilities pass, in the model's type order."""
        return {kind: float(p) for kind, p in zip(self.types, row) if p >= self.threshold.get(kind, 0.5)}

    def vetoed(self, row: np.ndarray) -> set[str]:
        """The types a cue may not tell in this sentence: the model finds them too unlikely."""
        return {kind for kind, p in zip(self.types, row) if p < self.veto.get(kind, 0.0)}

    # ------------------------------------------------------------------------------------------ files

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        screen = {} if self.screen_coef is None else {"screen_coef": self.screen_coef.astype(np.float32),
                                                      "screen_intercept": self.screen_intercept.astype(np.float32)}
        np.savez_compressed(folder / "weights.npz", idf=self.idf.astype(np.float32),
                            coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32), **screen)
        meta = {"types": list(self.types), "threshold": self.threshold, "veto": self.veto, "embeddings": self.embeddings,
                "screen_threshold": self.screen_threshold, "unnamed_target": self.unnamed_target,
                "vocabulary": sorted(self.vocabulary, key=self.vocabulary.get), "card": self.card}
        (folder / "model.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> ActModel:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz") as weights:
            arrays = {name: weights[name].astype(np.float64) for name in weights.files}
        return cls(tuple(meta["types"]), {term: i for i, term in enumerate(meta["vocabulary"])}, arrays["idf"],
                   arrays["coef"], arrays["intercept"], meta["threshold"], meta.get("veto", {}), meta["embeddings"],
                   meta.get("card", {}), arrays.get("screen_coef"), arrays.get("screen_intercept"),
                   meta.get("screen_threshold", 0.0), meta.get("unnamed_target", 0.0))


def make_vectorizer(vocabulary: dict[str, int] | None = None, min_df: int = 2):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True, min_df=min_df,
                           token_pattern=r"(?u)\b\w[\w']*\b", vocabulary=vocabulary, dtype=np.float64)


def with_meaning(words, sentences: list[Sentence]):
    """The sentences' word features with their embeddings beside them."""
    from scipy.sparse import csr_matrix, hstack

    from .encoder import load_encoder

    meaning = load_encoder().encode([sentence.text for sentence in sentences]) * _EMBEDDING_SCALE
    return hstack([words, csr_matrix(meaning.astype(np.float64))]).tocsr()


def _sigmoid(scores) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(scores)))


@cache
def load_act_model() -> ActModel | None:
    """The packaged model (None where none was trained: extraction then runs on the cue rules alone)."""
    return ActModel.load() if (MODEL_DIR / "model.json").is_file() else None


def may_tell_act(sentence: Sentence, people: frozenset[str]) -> bool:
    """A sentence can tell an act when it names an actor (a country, a known person) or a panda."""
    return bool(sentence.mentions or sentence.panda_context or people & set(sentence.text.split()))


@dataclass(frozen=True)
class Detection:
    """What the model says of one sentence: the types it detects, and the types no cue may tell there."""

    detected: dict[str, float]
    vetoed: frozenset[str]


def detect_acts(model: ActModel, article: Article, people: frozenset[str]) -> dict[int, Detection]:
    """Sentence index → the model's detection, for the sentences that can tell an act."""
    candidates = [sentence for sentence in article.sentences if may_tell_act(sentence, people)]
    return {sentence.index: Detection(model.detected(row), frozenset(model.vetoed(row)))
            for sentence, row in zip(candidates, model.probabilities(candidates))}
