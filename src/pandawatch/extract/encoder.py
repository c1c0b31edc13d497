"""Sentence embeddings from a small pretrained encoder (all-MiniLM-L6-v2, int8 ONNX), loaded offline.

The files come from installed PyPI packages named in ``data/encoder.yaml`` and are checked against the hashes
recorded there before the first use: a changed or missing file is an error, never a download. Embeddings are
the mean of the token vectors over the attention mask, L2-normalised (as sentence-transformers pools them).
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from ..errors import PandawatchError
from ..settings import PACKAGE_DATA


_MEMO_SIZE = 50_000


class EncoderUnavailable(PandawatchError):
    """The encoder's files are missing or differ from the recorded release."""


def _package_file(entry: dict) -> Path:
    spec = importlib.util.find_spec(entry["package"])
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(f"the package {entry['package']} is not installed (run scripts/setup.sh)")
    path = Path(list(spec.submodule_search_locations)[0]) / entry["file"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    if digest != entry["sha256"]:
        raise EncoderUnavailable(f"{path}: {'missing' if digest is None else 'sha256 ' + digest} is not the "
                                 f"recorded release ({entry['sha256']})")
    return path


class SentenceEncoder:
    def __init__(self, config: dict) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one core per process: workers scale out, not threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(_package_file(config["model"])), options,
                                                    providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(_package_file(config["tokenizer"])))
        self.tokenizer.enable_truncation(int(config["max_tokens"]))
        self.tokenizer.enable_padding()
        self.batch_size = int(config["batch_size"])
        self.dimensions = int(self.session.get_outputs()[0].shape[-1])
        self.known: dict[str, np.ndarray] = {}  # text → embedding: training and cross-validation meet a
        # sentence many times; bounded so that a long ingest does not grow it without end

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit-length row per text (float32)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        found = {text: self.known[text] for text in texts if text in self.known}
        new = [text for text in dict.fromkeys(texts) if text not in found]
        for start in range(0, len(new), self.batch_size):
            batch = new[start:start + self.batch_size]
            found.update(zip(batch, self._batch(batch)))
        if len(self.known) + len(new) > _MEMO_SIZE:
            self.known.clear()
        self.known.update((text, found[text]) for text in new)
        return np.vstack([found[text] for text in texts])

    def forget(self) -> None:
        """Empty the memo of encoded sentences."""
        self.known.clear()

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([item.ids for item in encoded], dtype=np.int64)
        mask = np.array([item.attention_mask for item in encoded], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return (pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


@cache
def load_encoder() -> SentenceEncoder:
    """The packaged encoder (cached: loaded and checked once per process)."""
    with (PACKAGE_DATA / "encoder.yaml").open(encoding="utf-8") as handle:
        return SentenceEncoder(yaml.safe_load(handle))
