"""Orders claimed by two guides, as a manager or HQ settles them: the queue and the decision."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import DisputeDecision, SaleClaimPublic, SaleDisputePublic
from guide_app.workspace.session import Workspace

MAX_REASON = 200


class DisputeFilter(StrEnum):
    """Which orders the queue lists (HQ's `state` parameter)."""

    open = "open"
    decided = "decided"
    all = "all"


def disputed_since(dispute: SaleDisputePublic) -> datetime:
    """When the order became disputed: the second claim reached HQ."""
    arrivals = sorted(claim.received_at for claim in dispute.claims)
    return arrivals[1] if len(arrivals) > 1 else arrivals[0]


def live_claims(dispute: SaleDisputePublic) -> list[SaleClaimPublic]:
    """The claims a decision may credit: a voided claim is withdrawn by its guide."""
    return [claim for claim in dispute.claims if not claim.voided]


def decision_for(dispute: SaleDisputePublic, claim_event_id: UUID, reason: str) -> DisputeDecision:
    """The decision to send, or an error the manager can fix (no reason, a withdrawn claim)."""
    reason = " ".join(reason.split())
    if not reason:
        raise GuideError("a decision needs a reason", code=ErrorCode.dispute_reason_missing)
    if len(reason) > MAX_REASON:
        raise GuideError("the reason is too long", code=ErrorCode.text_too_long)
    claim = next((claim for claim in dispute.claims if claim.event_id == claim_event_id), None)
    if claim is None or claim.voided:
        raise GuideError("that claim was withdrawn by its guide", code=ErrorCode.dispute_claim_withdrawn)
    return DisputeDecision(
        store_id=dispute.store_id,
        order_no=dispute.order_no,
        credit_event_id=claim_event_id,
        reason=reason,
    )


async def list_disputes(workspace: Workspace, state: DisputeFilter) -> list[SaleDisputePublic]:
    """The viewer's disputed orders (a manager: their region's), newest first."""
    async with workspace.client() as client:
        return await client.get_list("/sales/disputes", SaleDisputePublic, {"state": state.value})


async def decide_dispute(
    workspace: Workspace, dispute: SaleDisputePublic, claim_event_id: UUID, reason: str
) -> Outcome[SaleDisputePublic]:
    """Credit the order to one live claim; HQ records who decided, when and why."""
    decision = decision_for(dispute, claim_event_id, reason)
    async with workspace.client() as client:
        decided = await client.send("POST", "/sales/disputes/decide", SaleDisputePublic, decision)
    assert decided is not None
    return Outcome(decided, ChangeNotice.of(Area.disputes, Area.team))
