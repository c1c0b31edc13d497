"""Review of proposed registry changes: listing is open, deciding needs the operator's token.

Adapter note: proposals and decisions belong to the knowledge-base part (`pandawatch.analyse.review`). This
module only guards them with the token and calls that part when it is there.
"""

from __future__ import annotations

import hmac
import importlib

from ..errors import Forbidden, PandawatchError
from .context import WebContext


class NotAvailable(PandawatchError):
    status_code = 501


def _review_module():
    try:
        return importlib.import_module("pandawatch.analyse.review")
    except ImportError:
        return None


def check_token(ctx: WebContext, given: str | None) -> None:
    """Review actions are off unless the operator set `review_token`; then the request must carry it."""
    expected = str(ctx.settings.review_token or "")
    if not expected:
        raise Forbidden("review is read-only: the operator has not set a review token", source="review",
                        hint="set PANDAWATCH_REVIEW_TOKEN to enable review actions")  # fmt: skip
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Forbidden("missing or wrong review token", source="X-Review-Token")


def proposals(ctx: WebContext) -> list[dict]:
    module = _review_module()
    if module is None or not hasattr(module, "proposals"):
        return []
    return [dict(item) if isinstance(item, dict) else vars(item) for item in module.proposals(ctx.store(), str(ctx.settings.registry_dir))]


def decide(ctx: WebContext, proposal_id: str, decision: str) -> dict:
    module = _review_module()
    if module is None or not hasattr(module, "decide"):
        raise NotAvailable("review decisions are not available yet", source="review")
    result = module.decide(ctx.store(), proposal_id, decision, str(ctx.settings.registry_dir))
    return {"proposal": proposal_id, "decision": decision, "result": result}
