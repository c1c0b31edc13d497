"""Review for the web layer: the same functions as `pandawatch review`, over the configured registry.

(The logic is resolve/review.py; this is the entry the web part looks for: ``proposals`` and ``decide``.)
"""

from __future__ import annotations

from dataclasses import asdict

from ..errors import InvalidInput
from ..registry.load import load_registry
from ..resolve import review
from ..settings import load_settings
from ..store import Store


def proposals(store: Store, registry_dir: str | None = None, as_of: str | None = None) -> list[dict]:
    registry = load_registry(registry_dir or str(load_settings().registry_dir))
    return [proposal.to_json() for proposal in review.pending(store, registry, as_of)]


def decide(store: Store, proposal_id: str, decision: str, registry_dir: str | None = None,
           note: str | None = None) -> dict:  # fmt: skip
    """``decision``: accept or reject (accepted / rejected also understood)."""
    registry = load_registry(registry_dir or str(load_settings().registry_dir))
    action = {"accept": review.accept, "accepted": review.accept, "reject": review.reject,
              "rejected": review.reject}.get(decision)  # fmt: skip
    if action is None:
        raise InvalidInput(f"a decision is accept or reject, not {decision!r}")
    return asdict(action(store, registry, proposal_id, note))
