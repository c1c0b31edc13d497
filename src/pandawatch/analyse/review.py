"""Review for the web layer: the same functions as `pandawatch review`, over the configured registry.

(The logic is resolve/review.py; the web part lists proposals with ``resolve.review.pending`` over its cached
registry, and decides through ``decide``.)
"""

from __future__ import annotations

from dataclasses import asdict

from ..errors import InvalidInput
from ..registry.load import load_registry
from ..resolve import review
from ..settings import load_settings
from ..store import Store


def decide(store: Store, proposal_id: str, decision: str, registry_dir: str | None = None,
           note: str | None = None) -> dict:  # fmt: skip
    """``decision``: accept or reject (accepted / rejected also understood)."""
    registry = load_registry(registry_dir or str(load_settings().registry_dir))
    action = {"accept": review.accept, "accepted": review.accept, "reject": review.reject,
              "rejected": review.reject}.get(decision)  # fmt: skip
    if action is None:
        raise InvalidInput(f"a decision is accept or reject, not {decision!r}")
    return asdict(action(store, registry, proposal_id, note))
