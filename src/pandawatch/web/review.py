"""Review of proposed registry changes: listing is open, deciding needs the operator's token. The proposals and
decisions are the knowledge base's (`pandawatch.analyse.review`, as `pandawatch review` uses them)."""

from __future__ import annotations

import hmac

from ..analyse import review
from ..errors import Forbidden
from ..registry.build import ensure_registry
from ..resolve.review import pending
from .context import WebContext


def check_token(ctx: WebContext, given: str | None) -> None:
    """Review actions are off unless the operator set `review_token`; then the request must carry it."""
    expected = str(ctx.settings.review_token or "")
    if not expected:
        raise Forbidden("review is read-only: the operator has not set a review token", source="review",
                        hint="set PANDAWATCH_REVIEW_TOKEN to enable review actions")  # fmt: skip
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Forbidden("missing or wrong review token", source="X-Review-Token")


def proposals(ctx: WebContext, as_of: str | None = None) -> list[dict]:
    """The pending proposals, against the app's cached registry (reloaded when an acceptance rebuilds it)."""
    return [proposal.to_json() for proposal in pending(ctx.store(), ctx.registry(), as_of)]


def decide(ctx: WebContext, proposal_id: str, decision: str) -> dict:
    """Accept (write the registry file, then rebuild the registry tables the pages read) or reject."""
    result = review.decide(ctx.store(), proposal_id, decision, str(ctx.settings.registry_dir))
    if result.get("file"):
        ensure_registry(ctx.store(), ctx.settings.registry_dir)
    return {"proposal": proposal_id, "decision": decision, "result": result}
