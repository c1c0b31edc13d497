"""What kind of source a registry fact rests on: official (zoo, base, government), encyclopaedia, news,
archive copy, or fan site/blog/forum — by the host of each citation's URL (src/pandawatch/data/source_kinds.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import yaml

from ..model import Citation, Loan, Panda
from ..settings import PACKAGE_DATA

KINDS = ("official", "encyclopaedia", "news", "archive", "fan")  # best first


@cache
def _kinds_config() -> dict:
    with (PACKAGE_DATA / "source_kinds.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def source_kind(url: str) -> str:
    """The kind of the source at ``url``; hosts not listed are news."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    config = _kinds_config()
    if any(host.endswith(suffix) for suffix in config["gov_suffixes"]):
        return "official"
    for kind in ("official", "encyclopaedia", "archive", "fan"):
        if any(host == listed or host.endswith("." + listed) for listed in config[kind]):
            return kind
    return "news"


def best_kind(citations: Iterable[Citation]) -> str | None:
    """The best kind among a fact's sources (None when it has none)."""
    kinds = {source_kind(citation.url) for citation in citations}
    return next((kind for kind in KINDS if kind in kinds), None)


@dataclass(frozen=True)
class SourcedFact:
    """One fact of the registry with where it is written and what backs it."""

    file: str
    line: int
    field: str  # born, died, stays[2], start, fee…
    group: str  # birth, death, stay, loan
    citations: tuple[Citation, ...]


def panda_facts(panda: Panda) -> Iterator[SourcedFact]:
    """A panda's births, deaths and stays, each with the sources it names."""
    for group, facts in (("birth", panda.born), ("death", panda.died)):
        for rank, fact in enumerate(facts):
            name = "born" if group == "birth" else "died"
            yield SourcedFact(panda.file, fact.line, name if rank == 0 else f"{name}[{rank}]", group, fact.citations)
    for index, stay in enumerate(panda.stays):
        yield SourcedFact(panda.file, stay.line, f"stays[{index}]", "stay", stay.citations or stay.start.citations)


def loan_facts(loan: Loan) -> Iterator[SourcedFact]:
    """A loan's dated facts and fee, each with the sources it names."""
    for name in ("agreed", "start", "planned_end", "ended"):
        fact = getattr(loan, name)
        if fact:
            yield SourcedFact(loan.file, fact.line, name, "loan", fact.citations)
    for index, extension in enumerate(loan.extensions):
        citations = extension.citations or (extension.date.citations if extension.date else ())
        yield SourcedFact(loan.file, extension.line, f"extensions[{index}]", "loan", citations)
    for index, fee in enumerate(loan.fees):
        yield SourcedFact(loan.file, loan.lines.get("fee", 0), "fee" if index == 0 else f"fee[{index}]", "loan",
                          fee.citations)  # fmt: skip
