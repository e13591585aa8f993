"""A manager settles a disputed order: which guide's claim gets the credit, and why."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import AuditAction, DisputeDecision, SaleDisputePublic
from hq.core.db import utcnow
from hq.core.errors import Conflict, Invalid, NotFound
from hq.models import DisputeDecision as DecisionRow
from hq.models import Sale, SaleClaim, Store
from hq.services import audit
from hq.services.disputes import (
    Order,
    claims_of,
    count_order_for,
    guide_names,
    live_claim_count,
    lock_orders,
    publish_disputes,
)
from hq.services.sales import dispute_of
from hq.services.visibility import Viewer


async def decide(session: AsyncSession, viewer: Viewer, decision: DisputeDecision) -> SaleDisputePublic:
    """Credit the order to the chosen live claim, record the decision (replacing an earlier one),
    audit it and tell every claimant. Returns the order as the disputes list shows it now."""
    order: Order = (decision.store_id, decision.order_no)
    store = await session.get(Store, decision.store_id)
    if store is None or not viewer.manages_region(store.region_id):
        raise NotFound("no such order")  # a store of another region is not revealed
    await lock_orders(session, [order])  # against a push claiming or voiding the order meanwhile
    claims = await claims_of(session, [order])
    if not claims:
        raise NotFound("no such order")
    credited = next((claim for claim in claims if claim.event_id == str(decision.credit_event_id)), None)
    if credited is None:
        raise Invalid(f"claim {decision.credit_event_id} is not a claim on order {decision.order_no}")
    if credited.voided_at is not None:
        raise Invalid("that claim was voided by its guide; credit one of the live claims")
    if live_claim_count(claims, order) < 2:
        raise Conflict(f"order {decision.order_no} is not disputed: only one live claim is left")
    counted_before = await _state(session, order, claims)
    earlier_reason = await _record_decision(session, viewer, order, credited, decision.reason)
    before = {**counted_before, "reason": earlier_reason}
    await count_order_for(session, order, credited, claims)
    await publish_disputes(session, [order])
    after = {**await _state(session, order, claims), "reason": decision.reason}
    await audit.record(
        session,
        viewer.id,
        audit.AuditEntity.dispute,
        f"{order[0]}:{order[1]}",
        AuditAction.decide_dispute,
        before,
        after,
    )
    return await dispute_of(session, order)


async def _record_decision(
    session: AsyncSession,
    viewer: Viewer,
    order: Order,
    credited: SaleClaim,
    reason: str,
) -> str | None:
    """Write the decision in force, replacing an earlier one; returns the earlier one's reason."""
    row = await session.get(DecisionRow, order)
    earlier_reason = row.reason if row is not None else None
    now = utcnow()
    if row is None:
        session.add(
            DecisionRow(
                store_id=order[0],
                order_no=order[1],
                credit_event_id=credited.event_id,
                decided_by=viewer.id,
                reason=reason,
                decided_at=now,
            )
        )
    else:
        row.credit_event_id, row.decided_by, row.reason, row.decided_at = (
            credited.event_id,
            viewer.id,
            reason,
            now,
        )
    await session.flush()  # publish_disputes reads it back
    return earlier_reason


async def _state(session: AsyncSession, order: Order, claims: list[SaleClaim]) -> dict[str, Any]:
    """Whom the order counts for: the counted claim's event id, its guide's id and name."""
    counted_id = (
        await session.execute(
            select(col(Sale.id)).where(
                col(Sale.store_id) == order[0], col(Sale.order_no) == order[1], col(Sale.voided_at).is_(None)
            )
        )
    ).scalar()
    counted = next((claim for claim in claims if claim.event_id == counted_id), None)
    if counted is None:
        return {"counted_event_id": None, "guide_id": None, "guide_name": None}
    names = await guide_names(session, [counted.guide_id])
    return {
        "counted_event_id": counted.event_id,
        "guide_id": counted.guide_id,
        "guide_name": names.get(counted.guide_id, ""),
    }
