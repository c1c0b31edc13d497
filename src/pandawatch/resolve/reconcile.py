"""News against the registry: what the news tells that the registry lacks, or dates differently.

Each such story becomes a ``Proposal``: a change to the registry, with its evidence. Pure: stories, facts and
the loaded registry in, proposals out. Writing an accepted proposal is export/registry_edit.py's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analyse.facts import Fact, name_index
from ..analyse.stories import Story, gap_days, window_days, kb_config
from ..analyse.timeline import merge
from ..model import PartialDate
from ..resolve.names import NameIndex


@dataclass(frozen=True)
class Proposal:
    """A proposed registry change. ``kind``: missing (the registry lacks it) or date-differs."""

    kind: str
    story: Story
    fact: Fact | None
    panda_ids: tuple[str, ...]  # the registry pandas the story's names resolve to
    institution_id: str | None

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def dates(self) -> list[dict]:
        """Every date on the table, side by side: the registry's and each report's."""
        shown = [{"date": self.fact.date.iso, "by": "registry", "file": self.fact.file}] if self.fact else []
        return shown + [{"date": r.event.date, "by": r.citation.publisher or r.citation.url,
                         "published": r.citation.published, "evidence": r.event.evidence}
                        for r in self.story.reports]  # fmt: skip

    def summary(self) -> str:
        pandas = ", ".join(self.story.pandas) or "pandas not named"
        what = f"{self.story.status} {self.story.type} {self.story.date} ({pandas}; {self.story.host})"
        if self.kind == "date-differs":
            return f"{what}: the registry says {self.fact.date.iso}"
        return f"{what}: not in the registry"

    def to_json(self) -> dict:
        story = self.story
        return {"id": self.id, "kind": self.kind, "type": story.type, "status": story.status, "date": story.date,
                "countries": [story.source, story.target], "pandas": list(story.pandas),
                "panda_ids": list(self.panda_ids), "institution": story.institution,
                "institution_id": self.institution_id, "registry_file": self.fact.file if self.fact else None,
                "summary": self.summary(), "dates": self.dates, "sources": story.sources_json()}  # fmt: skip


def propose(stories: list[Story], facts: list[Fact], registry: object) -> list[Proposal]:
    """The registry changes the news argues for, in date order."""
    settings = kb_config()["reconcile"]
    wanted = [s for s in stories if s.type in settings["proposable_types"] and s.date and s.host
              and max(r.event.confidence for r in s.reports) >= settings["min_confidence"]]  # fmt: skip
    names = name_index(registry)
    proposals = []
    for entry in merge(facts, wanted):
        if entry.story is None:
            continue
        if entry.fact is None:
            if _already_known(entry.story, facts, registry):
                continue
            other = _same_pandas_other_date(entry.story, facts)
            proposals.append(_proposal("date-differs" if other else "missing", entry.story, other, names, registry))
        elif not PartialDate(entry.story.date).agrees_with(entry.fact.date):
            proposals.append(_proposal("date-differs", entry.story, entry.fact, names, registry))
    return proposals


def _already_known(story: Story, facts: list[Fact], registry: object) -> bool:
    """A plan the registry records as done, or an agreement for a loan the registry has (by its start)."""
    if story.status == "planned" and any(_plan_done(story, fact) for fact in facts):
        return True
    return story.type == "LOAN_AGREEMENT" and any(_same_loan(story, loan, registry) for loan in registry.loans.values())


def _same_pandas_other_date(story: Story, facts: list[Fact]) -> Fact | None:
    """The registry's record of the same thing happening to the same pandas there, at another date."""
    if not story.pandas:
        return None
    same = [fact for fact in facts if fact.type == story.type and fact.host == story.host
            and fact.event_status == story.status and set(story.pandas) & set(fact.pandas)]  # fmt: skip
    return min(same, key=lambda fact: gap_days(PartialDate(story.date), fact.date), default=None)


def _plan_done(story: Story, fact: Fact) -> bool:
    if fact.type != story.type or fact.host != story.host or fact.event_status != "occurred":
        return False
    if story.pandas and not set(story.pandas) & set(fact.pandas):
        return False
    return gap_days(PartialDate(story.date), fact.date) <= window_days(story.type)


def _same_loan(story: Story, loan: object, registry: object) -> bool:
    """A loan of the story's host agreed or begun in the story's year or the two after it (news often dates
    a loan by the animals' arrival), with a panda in common when both name theirs."""
    years = [int(fact.date.iso[:4]) for fact in (loan.agreed, loan.start) if fact]
    if loan.host_country != story.host or not years:
        return False
    year = int(story.date[:4])
    names = {registry.pandas[pid].name for pid in loan.pandas if pid in registry.pandas}
    in_time = min(years) <= year <= max(years) or any(year <= begun <= year + 2 for begun in years)
    return in_time and (not story.pandas or not names or bool(names & set(story.pandas)))


def _proposal(kind: str, story: Story, fact: Fact | None, names: NameIndex, registry: object) -> Proposal:
    ids = tuple(pid for name in story.pandas if (pid := resolve_panda(names, registry, name, story.host)))
    place = names.institution(story.institution) if story.institution else None
    return Proposal(kind, story, fact, ids, place.id if place else None)


def resolve_panda(names: NameIndex, registry: object, name: str, host: str | None) -> str | None:
    """The one registry panda called ``name`` that lived in (or was born in) ``host``; None when unsure."""
    candidates = names.pandas(name)
    if host:
        candidates = [p for p in candidates if host in _countries(registry, p)] or candidates
    return candidates[0].id if len(candidates) == 1 else None


def _countries(registry: object, panda: object) -> set[str]:
    places = [stay.institution for stay in panda.stays] + ([panda.born_at] if panda.born_at else [])
    return {registry.institutions[p].country for p in places if p in registry.institutions}
