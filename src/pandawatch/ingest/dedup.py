"""De-duplication: the same text twice (exact digest) and the same story twice (MinHash LSH, datasketch).

A duplicate is still stored, linked to its canonical article, so counts of stories are not inflated and no
outlet's copy is lost. Signatures are word-shingle MinHashes; they persist in the knowledge base so that a
later run recognises copies of articles stored by earlier ones.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from .config import IngestConfig, ingest_config

_MIX_1, _MIX_2 = np.uint32(0x9E3779B1), np.uint32(0x85EBCA77)  # odd constants: order-sensitive shingle hashes


@dataclass(frozen=True)
class Match:
    canonical_id: str
    kind: str  # exact, near
    similarity: float


class Deduplicator:
    """The canonical articles seen so far; ``find`` says which one a new text copies, if any."""

    def __init__(self, threshold: float, config: IngestConfig | None = None) -> None:
        self.config = config or ingest_config()
        self.threshold = threshold
        self._template = MinHash(self.config.num_perm, seed=self.config.minhash_seed, scheme="affine32")
        self._lsh = MinHashLSH(threshold=threshold, num_perm=self.config.num_perm)
        self._signatures: dict[str, LeanMinHash] = {}
        self._by_digest: dict[str, str] = {}

    def signature(self, text: str) -> LeanMinHash:
        """The text's MinHash: per permutation, the least affine image of its mixed shingle hashes.

        The same family as datasketch's ``affine32`` scheme (its permutations), computed in one numpy step:
        ``MinHash.update_batch`` validates and copies enough to double the cost of ingesting plain text."""
        hashes = _fmix32(shingle_hashes(text, self.config.shingle_words))
        if not len(hashes):
            return self._lean(self._template.hashvalues)
        a, b = self._template.permutations
        return self._lean((hashes[:, None] * a + b).min(axis=0))

    def find(self, text_digest: str, signature: LeanMinHash, exclude: str | None = None) -> Match | None:
        """The canonical article ``text_digest``/``signature`` duplicates, best match first."""
        exact = self._by_digest.get(text_digest)
        if exact and exact != exclude:
            return Match(exact, "exact", 1.0)
        scored = [(signature.jaccard(self._signatures[key]), key) for key in self._lsh.query(signature) if key != exclude]
        scored = [(score, key) for score, key in scored if score >= self.threshold]
        if not scored:
            return None
        score, key = max(scored, key=lambda pair: (pair[0], pair[1]))
        return Match(key, "near", round(float(score), 4))

    def add(self, article_id: str, text_digest: str, signature: LeanMinHash | None) -> None:
        """Remember a canonical article (a signature) or only a digest (a duplicate's, pointing to its canonical)."""
        if signature is None:
            return
        self.remove(article_id)
        self._by_digest.setdefault(text_digest, article_id)
        self._signatures[article_id] = signature
        self._lsh.insert(article_id, signature)

    def remove(self, article_id: str) -> None:
        if article_id in self._signatures:
            self._lsh.remove(article_id)
            del self._signatures[article_id]
            self._by_digest = {digest: key for digest, key in self._by_digest.items() if key != article_id}

    def load(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Canonical articles from the store: (id, text_digest, signature bytes)."""
        for article_id, digest, blob in rows:
            self.add(article_id, digest, self.from_bytes(blob))

    def from_bytes(self, blob: bytes) -> LeanMinHash:
        return self._lean(np.frombuffer(blob, dtype=self._template.hashvalues.dtype))

    @staticmethod
    def to_bytes(signature: LeanMinHash) -> bytes:
        return np.asarray(signature.hashvalues).tobytes()

    def _lean(self, hashvalues: np.ndarray) -> LeanMinHash:
        return LeanMinHash(seed=self.config.minhash_seed, hashvalues=hashvalues, scheme=self._template.scheme)


def shingle_hashes(text: str, width: int) -> np.ndarray:
    """32-bit hashes of the text's overlapping ``width``-word shingles (lower-cased, split on whitespace).

    Words are hashed once (crc32, stable across processes) and combined, which is much faster than hashing
    each shingle's string."""
    words = np.fromiter(map(zlib.crc32, text.lower().encode("utf-8").split()), dtype=np.uint32)
    if len(words) <= width:
        return words
    combined = words[: len(words) - width + 1].copy()
    for offset in range(1, width):
        mix = _MIX_1 if offset % 2 else _MIX_2
        combined = (combined * mix) ^ words[offset: len(words) - width + 1 + offset]
    return combined


def _fmix32(hashes: np.ndarray) -> np.ndarray:
    """murmur3's finaliser: spreads crc32's bits so that affine permutations behave as random ones."""
    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))
