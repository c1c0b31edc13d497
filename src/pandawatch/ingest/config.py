"""Ingestion's configuration: the packaged data/ingest.yaml, read once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from ..settings import PACKAGE_DATA


@dataclass(frozen=True)
class JunkRules:
    tail_markers: re.Pattern
    inline_lines: re.Pattern
    furniture_run_lines: int
    furniture_line_max_chars: int
    trailing_run_lines: int
    min_article_chars: int


@dataclass(frozen=True)
class IngestConfig:
    byline_search_chars: int
    date_languages: tuple[str, ...]
    language_sample_chars: int
    english_stopwords: frozenset[str]
    english_stopword_share: float
    title_max_chars: int
    min_text_chars: int
    num_perm: int
    shingle_words: int
    minhash_seed: int
    junk: JunkRules


def _whole_line(patterns: list[str]) -> re.Pattern:
    """One alternation of all the patterns: a single regex pass per line, however many patterns."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def ingest_config() -> IngestConfig:
    raw = yaml.safe_load((PACKAGE_DATA / "ingest.yaml").read_text(encoding="utf-8"))
    junk = raw["junk"]
    return IngestConfig(
        byline_search_chars=raw["byline_search_chars"],
        date_languages=tuple(raw["date_languages"]),
        language_sample_chars=raw["language_sample_chars"],
        english_stopwords=frozenset(raw["english_fast_path"]["stopwords"].split()),
        english_stopword_share=raw["english_fast_path"]["share"],
        title_max_chars=raw["title_max_chars"],
        min_text_chars=raw["min_text_chars"],
        num_perm=raw["minhash"]["num_perm"],
        shingle_words=raw["minhash"]["shingle_words"],
        minhash_seed=raw["minhash"]["seed"],
        junk=JunkRules(
            tail_markers=_whole_line(junk["tail_markers"]),
            inline_lines=_whole_line(junk["inline_lines"]),
            furniture_run_lines=junk["furniture_run_lines"],
            furniture_line_max_chars=junk["furniture_line_max_chars"],
            trailing_run_lines=junk["trailing_run_lines"],
            min_article_chars=junk["min_article_chars"],
        ),
    )
