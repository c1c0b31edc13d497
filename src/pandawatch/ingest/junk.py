"""Page junk: cut what follows an article on a page (comments, related stories, teasers) and furniture lines.

Two rules, both configured in data/ingest.yaml:
- a marker line ("Related Articles", "Comments", "Hashtags"…) after the article has begun ends the article;
- structure: a run of short lines that are not sentences (menus, teaser headers, "an hour ago") ends it too.
Everything cut is returned, so the caller records it: nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import JunkRules

_SENTENCE_ENDS, _CLOSERS = ".!?…。！？", "'\"”’)]"


@dataclass(frozen=True)
class Trimmed:
    text: str
    removed: tuple[str, ...]  # each cut piece, prefixed with the rule that cut it


def trim_junk(text: str, rules: JunkRules) -> Trimmed:
    """The article part of ``text`` and the pieces of page furniture cut from it."""
    lines = text.split("\n")
    kept, inline = _drop_inline(lines, rules)
    cut_at, rule = _tail_start(kept, rules)
    removed = list(inline)
    if cut_at is not None:
        tail = "\n".join(kept[cut_at:]).strip()
        removed.append(f"[{rule}] {tail}")
        kept = kept[:cut_at]
    return Trimmed("\n".join(kept).strip(), tuple(removed))


def _matches(line: str, patterns: re.Pattern) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) < 200 and patterns.fullmatch(stripped) is not None


def _drop_inline(lines: list[str], rules: JunkRules) -> tuple[list[str], list[str]]:
    kept, removed = [], []
    for line in lines:
        if _matches(line, rules.inline_lines):
            removed.append(f"[furniture line] {line.strip()}")
        else:
            kept.append(line)
    return kept, removed


def _tail_start(lines: list[str], rules: JunkRules) -> tuple[int | None, str]:
    """Index of the first line of the page's tail, and which rule found it."""
    earliest = _earliest_line(lines, rules.min_article_chars)
    for index in range(earliest, len(lines)):
        if _matches(lines[index], rules.tail_markers):
            return index, f"marker: {lines[index].strip()}"
        if _furniture_run_at(lines, index, rules):
            return index, "run of furniture lines"
    return None, ""


def _earliest_line(lines: list[str], min_chars: int) -> int:
    """The first line that may start the tail: after the first sentence line and ``min_chars`` of text."""
    seen = 0
    sentence_seen = False
    for index, line in enumerate(lines):
        if sentence_seen and seen >= min_chars:
            return index
        sentence_seen = sentence_seen or _is_sentence_line(line)
        seen += len(line) + 1
    return len(lines)


def _is_sentence_line(line: str) -> bool:
    """Ends like a sentence: a full stop (or ! ? …) and maybe closing quotes or brackets. Read from the end:
    a regular expression anchored at ``$`` tries every position of a paragraph-long line."""
    end = line.rstrip().rstrip(_CLOSERS)
    return bool(end) and end[-1] in _SENTENCE_ENDS


def _is_furniture(line: str, rules: JunkRules) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= rules.furniture_line_max_chars and not _is_sentence_line(stripped)


def _furniture_run_at(lines: list[str], index: int, rules: JunkRules) -> bool:
    """True when the non-blank lines from ``index`` on start with ``furniture_run_lines`` short non-sentences,
    or are all short non-sentences, at least ``trailing_run_lines`` of them, to the end of the text."""
    if not _is_furniture(lines[index], rules):
        return False
    rest = [line for line in lines[index:] if line.strip()]
    run = rest[: rules.furniture_run_lines]
    if len(run) == rules.furniture_run_lines and all(_is_furniture(line, rules) for line in run):
        return True
    return len(rest) >= rules.trailing_run_lines and all(_is_furniture(line, rules) for line in rest)
