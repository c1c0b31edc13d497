"""De-duplication: the same text twice (exact digest) and the same story twice (MinHash LSH, datasketch).

A duplicate is still stored, linked to its canonical article, so counts of stories are not inflated and no
outlet's copy is lost. Signatures are word-shingle MinHashes; they persist in the knowledge base so that a
later run recognises copies of articles stored by earlier ones.
"""

from __future__ import annotations

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
        self._bands = _Bands(threshold, self.config.num_perm)
        self._signatures: dict[str, LeanMinHash] = {}
        self._by_digest: dict[str, str] = {}

    def signature(self, text: str) -> LeanMinHash:
        return self.signatures([text])[0]

    def signatures(self, texts: list[str]) -> list[LeanMinHash]:
        """Each text's MinHash: per permutation, the least affine image of its mixed shingle hashes.

        The same family as datasketch's ``affine32`` scheme (its permutations), computed for a whole batch in
        a few numpy steps: per-text ``MinHash.update_batch`` calls cost more than the rest of ingesting a
        plain-text article."""
        per_text = _shingles_per_text(texts, self.config.shingle_words)
        minima: list[np.ndarray] = []
        for group in _groups(per_text, _ROWS_PER_STEP):
            minima.extend(self._least_images(group))
        return [self._lean(values) for values in minima]

    def _least_images(self, group: list[np.ndarray]) -> list[np.ndarray]:
        a, b = self._template.permutations
        empty = self._template.hashvalues
        filled = [hashes for hashes in group if len(hashes)]
        if not filled:
            return [empty.copy() for _ in group]
        # Permutations as rows, shingles as columns: each text's minimum is then a reduction over a contiguous
        # stretch of memory, five times faster than the transposed layout.
        if len(filled) == 1 and len(filled[0]) > _ROWS_PER_STEP:  # one very long text: in steps
            least = empty.copy()
            for start in range(0, len(filled[0]), _ROWS_PER_STEP):
                images = a[:, None] * filled[0][None, start: start + _ROWS_PER_STEP] + b[:, None]
                np.minimum(least, images.min(axis=1), out=least)
            rows = [least]
        else:
            offsets = np.cumsum([0] + [len(hashes) for hashes in filled[:-1]])
            images = a[:, None] * np.concatenate(filled)[None, :] + b[:, None]
            rows = list(np.ascontiguousarray(np.minimum.reduceat(images, offsets, axis=1).T))
        found = iter(rows)
        return [next(found) if len(hashes) else empty.copy() for hashes in group]

    def find(self, text_digest: str, signature: LeanMinHash, exclude: str | None = None) -> Match | None:
        """The canonical article ``text_digest``/``signature`` duplicates, best match first."""
        exact = self._by_digest.get(text_digest)
        if exact and exact != exclude:
            return Match(exact, "exact", 1.0)
        candidates = self._bands.candidates(signature.hashvalues) - {exclude}
        scored = [(signature.jaccard(self._signatures[key]), key) for key in candidates]
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
        self._bands.insert(article_id, signature.hashvalues)

    def remove(self, article_id: str) -> None:
        if article_id in self._signatures:
            self._bands.remove(article_id, self._signatures.pop(article_id).hashvalues)
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
        """A LeanMinHash over ``hashvalues`` (already of the scheme's dtype), made as datasketch's own
        ``LeanMinHash.copy`` makes one: its constructor validates and copies the array, which cost a tenth of
        ingesting a plain-text article."""
        signature = object.__new__(LeanMinHash)
        signature.seed, signature.scheme = self.config.minhash_seed, self._template.scheme
        signature.hashvalues = hashvalues
        return signature


class _Bands:
    """The LSH index: signatures cut into ``bands`` runs of ``rows`` values; texts whose signatures agree on a
    whole band are candidates. Bands and rows are the ones datasketch's MinHashLSH picks for the threshold
    (least weighted false positives and negatives); the buckets are plain dicts of band bytes, because
    MinHashLSH byte-swaps every band on each call, a query and an insert per article, which cost more than the
    rest of de-duplicating a plain-text article (bench/ingest_bench.py)."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        chosen = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.bands, self.rows = chosen.b, chosen.r
        self._buckets: list[dict[bytes, set[str]]] = [{} for _ in range(self.bands)]

    def _keys(self, hashvalues: np.ndarray) -> list[bytes]:
        data = hashvalues[: self.bands * self.rows].tobytes()
        width = len(data) // self.bands
        return [data[start: start + width] for start in range(0, len(data), width)]

    def candidates(self, hashvalues: np.ndarray) -> set[str]:
        found: set[str] = set()
        for bucket, key in zip(self._buckets, self._keys(hashvalues)):
            found.update(bucket.get(key, ()))
        return found

    def insert(self, article_id: str, hashvalues: np.ndarray) -> None:
        for bucket, key in zip(self._buckets, self._keys(hashvalues)):
            bucket.setdefault(key, set()).add(article_id)

    def remove(self, article_id: str, hashvalues: np.ndarray) -> None:
        for bucket, key in zip(self._buckets, self._keys(hashvalues)):
            members = bucket.get(key)
            if members is not None:
                members.discard(article_id)
                if not members:
                    del bucket[key]


_ROWS_PER_STEP = 1 << 13  # shingles per numpy step: the temporary matrix (rows x num_perm) stays in the CPU cache


def _shingles_per_text(texts: list[str], width: int) -> list[np.ndarray]:
    """Each text's mixed shingle hashes, computed over the whole batch at once."""
    encoded = [text.lower().encode("utf-8") for text in texts]
    starts, words = word_hashes(b"\n".join(encoded))  # newline: words never span two texts
    text_starts = np.cumsum([0] + [len(data) + 1 for data in encoded[:-1]])
    first = np.searchsorted(starts, text_starts)
    last = np.append(first[1:], len(words))
    shingles = _fmix32(_combine(words, width))
    mixed_words = _fmix32(words)
    return [shingles[lo: hi - width + 1] if hi - lo > width else mixed_words[lo:hi] for lo, hi in zip(first, last)]


def _combine(words: np.ndarray, width: int) -> np.ndarray:
    """Entry i hashes words i .. i+width-1, in order."""
    if len(words) < width:
        return np.zeros(0, dtype=np.uint32)
    combined = words[: len(words) - width + 1].copy()
    for offset in range(1, width):
        mix = _MIX_1 if offset % 2 else _MIX_2
        combined = (combined * mix) ^ words[offset: len(words) - width + 1 + offset]
    return combined


def word_hashes(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The start offset and a polynomial hash (mod 2**32) of each whitespace-separated word of ``data``.

    One vectorised pass with prefix sums: with Q the inverse of the odd base P mod 2**32 and
    S[k] = sum(b[j] * Q**j for j <= k), a word spanning [s, e] hashes to P**e * (S[e] - S[s-1])
    = sum(b[j] * P**(e-j)), the same value wherever the word stands. Hashing word by word in Python cost
    as much as all the rest of ingesting a plain-text article."""
    codes = np.frombuffer(data, dtype=np.uint8)
    if not len(codes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint32)
    space = codes <= 32
    starts = np.flatnonzero(~space & np.concatenate(([True], space[:-1])))
    ends = np.flatnonzero(~space & np.concatenate((space[1:], [True])))
    p_powers, q_powers = _powers(len(codes))
    prefix = np.cumsum(codes.astype(np.uint32) * q_powers, dtype=np.uint32)
    before = np.where(starts > 0, prefix[np.maximum(starts - 1, 0)], np.uint32(0))
    return starts, p_powers[ends] * (prefix[ends] - before)


_BASE = 0x01000193  # FNV's 32-bit prime: odd, so invertible mod 2**32
_POWERS: list[np.ndarray] = []


def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    """P**k and Q**k mod 2**32 for k < length (computed once, grown when a longer input comes)."""
    if not _POWERS or len(_POWERS[0]) < length:
        size = max(length, 1 << 20)
        base = np.full(size, _BASE, dtype=np.uint32)
        inverse = np.full(size, pow(_BASE, -1, 1 << 32), dtype=np.uint32)
        base[0] = inverse[0] = 1
        _POWERS[:] = [np.cumprod(base, dtype=np.uint32), np.cumprod(inverse, dtype=np.uint32)]
    return _POWERS[0][:length], _POWERS[1][:length]


def _groups(items: list[np.ndarray], rows: int) -> list[list[np.ndarray]]:
    """Consecutive groups of at most ``rows`` rows in all (a longer item alone in its group)."""
    groups: list[list[np.ndarray]] = [[]]
    total = 0
    for item in items:
        if groups[-1] and total + len(item) > rows:
            groups.append([])
            total = 0
        groups[-1].append(item)
        total += len(item)
    return groups if groups[0] else []


def _fmix32(hashes: np.ndarray) -> np.ndarray:
    """murmur3's finaliser: spreads crc32's bits so that affine permutations behave as random ones."""
    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))
