"""Review: the proposed registry changes still undecided; accepting one writes the registry, rejecting one is
remembered. An accepted change must leave `registry check` passing, or the files are put back as they were."""

from __future__ import annotations

from pathlib import Path

from ..analyse.facts import registry_facts
from ..analyse.stories import stored_stories
from ..errors import InvalidInput, NotFound, RegistryError
from ..export import registry_edit
from ..model import Citation
from ..registry.load import load_registry
from ..registry.validate import check_registry
from ..store import Store
from ..store.queries import EventFilter
from ..store.review import Decision, decisions, record_decision
from .reconcile import Proposal, propose


def pending(store: Store, registry: object, as_of: str | None = None) -> list[Proposal]:
    """Proposals nobody has accepted or rejected yet."""
    stories = stored_stories(store, EventFilter(as_of=as_of))
    decided = decisions(store)
    return [p for p in propose(stories, registry_facts(registry), registry) if p.id not in decided]


def find_proposal(store: Store, registry: object, proposal_id: str) -> Proposal:
    for proposal in pending(store, registry):
        if proposal.id == proposal_id:
            return proposal
    if proposal_id in decisions(store):
        raise InvalidInput(f"proposal {proposal_id} was already {decisions(store)[proposal_id].decision}")
    raise NotFound(f"no pending proposal {proposal_id}", hint="`pandawatch review` lists them")


def reject(store: Store, registry: object, proposal_id: str, note: str | None = None) -> Decision:
    proposal = find_proposal(store, registry, proposal_id)
    return _remember(store, proposal, "rejected", None, note)


def accept(store: Store, registry: object, proposal_id: str, note: str | None = None) -> Decision:
    """Write the proposal into the registry files at ``registry.root``; check them; remember the decision."""
    proposal = find_proposal(store, registry, proposal_id)
    root = Path(registry.root)
    with registry_edit.all_or_nothing(root):
        written = apply(proposal, registry, root)
        problems = [p for p in check_registry(load_registry(root)) if Path(p.file).name == written.name]
        if problems:
            raise RegistryError(f"the change would break the registry: {problems[0].one_line()}",
                                source=str(written), hint="edit the file by hand")
    return _remember(store, proposal, "accepted", str(written), note)


def apply(proposal: Proposal, registry: object, root: Path) -> Path:
    """Write one proposal; return the file written."""
    story, citation = proposal.story, _citation(proposal)
    host_places = {i.id for i in registry.institutions.values() if i.country == story.host}
    if proposal.kind == "date-differs":
        return _alternative(proposal, registry, citation)
    if story.type == "PANDA_DEPARTURE" and proposal.panda_ids:
        for panda_id in proposal.panda_ids:
            registry_edit.end_stay(_panda_file(registry, panda_id), host_places, story.date, story.status, citation)
        return _panda_file(registry, proposal.panda_ids[0])
    if story.type == "PANDA_DEATH" and len(proposal.panda_ids) == 1:
        registry_edit.add_death(_panda_file(registry, proposal.panda_ids[0]), host_places, story.date, citation)
        return _panda_file(registry, proposal.panda_ids[0])
    if story.type == "PANDA_BIRTH" and story.pandas and not proposal.panda_ids and proposal.institution_id:
        return registry_edit.new_panda(root, story.pandas[0], story.date, proposal.institution_id, citation)
    if story.type == "LOAN_AGREEMENT" and proposal.institution_id:
        return registry_edit.new_loan(root, story.host, proposal.institution_id, story.date,
                                      list(proposal.panda_ids), citation)  # fmt: skip
    raise InvalidInput(f"proposal {proposal.id} ({story.type}) cannot be written automatically",
                       hint="the pandas or the institution are not known to the registry: edit it by hand")  # fmt: skip


def _alternative(proposal: Proposal, registry: object, citation: Citation) -> Path:
    field = {"PANDA_BIRTH": "born", "PANDA_DEATH": "died"}.get(proposal.story.type)
    if not field or not proposal.fact.panda_ids:
        raise InvalidInput(f"a differing {proposal.story.type} date cannot be written automatically",
                           source=proposal.fact.file, hint="add it by hand beside the registry's date")  # fmt: skip
    path = _panda_file(registry, proposal.fact.panda_ids[0])
    registry_edit.add_alternative_date(path, field, proposal.story.date, citation)
    return path


def _citation(proposal: Proposal) -> Citation:
    # The first report that has a URL of its own is the one cited.
    report = next((r for r in proposal.story.reports if r.citation.url.startswith("http")), proposal.story.first)
    return report.citation


def _panda_file(registry: object, panda_id: str) -> Path:
    return Path(registry.root) / "pandas" / f"{panda_id}.yaml"


def _remember(store: Store, proposal: Proposal, decision: str, file: str | None, note: str | None) -> Decision:
    story = proposal.story
    record_decision(store, Decision(proposal.id, decision, "", proposal.kind, story.type, story.date,
                                    story.pandas, file, note))  # fmt: skip
    return decisions(store)[proposal.id]
