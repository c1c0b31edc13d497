"""Extraction speed: pandawatch's full extraction against spaCy's own full pipeline, same articles, same run.

    .venv/bin/python bench/extract_bench.py [--rounds N]

Articles: ../shared/dev/articles and ../shared/seeds, read with pandawatch.ingest. "Relevant" are those with
gold events, "irrelevant" those whose gold file is empty. Figures are articles per second on one core
(one process, one thread), the mean over the rounds, and the median (and range) of the rounds' ratios. Targets:
relevant ≥ 0.5× spaCy sm's full pipeline with the learned detector (issue 10); irrelevant ≥ 1,000/s.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

SHARED = Path(__file__).resolve().parents[2] / "shared"


def load_articles():
    from pandawatch.ingest import read
    from pandawatch.model import Document

    relevant, irrelevant = [], []
    for folder in (SHARED / "dev" / "articles", SHARED / "seeds"):
        for item in read(str(folder)):
            if not isinstance(item, Document):
                continue
            gold = SHARED / "dev" / "gold" / f"{Path(item.id).stem}.jsonl"
            (relevant if gold.is_file() and gold.read_text().strip() else irrelevant).append(item)
    return relevant, irrelevant


def rate(function, documents, rounds: int, cold: bool = False) -> float:
    if cold:
        from pandawatch.extract.encoder import load_encoder

        load_encoder().forget()
    started = time.perf_counter()
    for _ in range(rounds):
        function(documents)
    return rounds * len(documents) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import spacy

    from pandawatch.extract import extract_events, load_nlp
    from pandawatch.extract.components.names import load_registry_names
    from pandawatch.extract.nlp import MODEL

    relevant, irrelevant = load_articles()
    full = spacy.load(MODEL)
    nlp = load_nlp()
    load_registry_names()
    for document in relevant[:2]:  # warm caches (gazetteers, registry, lexicon)
        extract_events(document, nlp)

    def ours(documents):
        for document in documents:
            extract_events(document, nlp)

    def spacy_full(documents):
        for _ in full.pipe(document.text for document in documents):
            pass

    figures = {"articles": {"relevant": len(relevant), "irrelevant": len(irrelevant)}}
    for kind, documents, repeat in (("relevant_per_s", relevant, 1), ("irrelevant_per_s", irrelevant, 200)):
        # the two sides alternate round by round, so that load from elsewhere falls on both alike; each round of
        # ours starts with the encoder's memo empty (a second pass over the same sentences would be free)
        rounds = [(rate(ours, documents, repeat, cold=True), rate(spacy_full, documents, 1)) for _ in range(args.rounds)]
        ratios = sorted(mine / theirs for mine, theirs in rounds)
        figures[kind] = {"pandawatch": round(sum(mine for mine, _ in rounds) / len(rounds), 2),
                         "spacy_full": round(sum(theirs for _, theirs in rounds) / len(rounds), 2),
                         "speedup_median": round(ratios[len(ratios) // 2], 2),
                         "speedup_range": [round(ratios[0], 2), round(ratios[-1], 2)]}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
