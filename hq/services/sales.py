"""Reading sales back: a guide their own, a manager their region's, HQ all; and order disputes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import TypeVarTuple

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from sqlmodel import col

from guide_app.protocol import AttributionReason, Role, SaleClaimPublic, SaleDisputePublic, SalePublic
from hq.core.errors import NotFound
from hq.models import Sale, SaleClaim, Store
from hq.services.disputes import Order, claims_of, decision_holds, decisions_of, guide_names
from hq.services.visibility import Viewer

_Row = TypeVarTuple("_Row")


def _scoped(
    query: Select[*_Row], viewer: Viewer, store_column: Mapped[int], guide_column: Mapped[int]
) -> Select[*_Row]:
    if viewer.is_admin:
        return query
    if viewer.role is Role.manager:
        region_stores = select(col(Store.id)).where(col(Store.region_id) == viewer.account.region_id)
        return query.where(store_column.in_(region_stores))
    return query.where(guide_column == viewer.id)


def sale_public(sale: Sale) -> SalePublic:
    return SalePublic(
        id=uuid.UUID(sale.id),
        order_no=sale.order_no,
        store_id=sale.store_id,
        guide_id=sale.guide_id,
        customer_ref=sale.customer_ref,
        amount_fen=sale.amount_fen,
        items=sale.items,
        sold_at=sale.sold_at,
        attribution=AttributionReason(sale.attribution),
        disputed=sale.disputed,
        received_at=sale.received_at,
        voided=sale.voided_at is not None,
        original_amount_fen=sale.original_amount_fen,
        corrected_at=sale.corrected_at,
        decided=sale.decided,
    )


async def list_sales(
    session: AsyncSession,
    viewer: Viewer,
    since: datetime | None,
    until: datetime | None,
    offset: int,
    limit: int,
    include_voided: bool = False,
) -> list[SalePublic]:
    """Newest first; a voided sale only when asked for (it never counts)."""
    query = _scoped(select(Sale), viewer, col(Sale.store_id), col(Sale.guide_id))
    if not include_voided:
        query = query.where(col(Sale.voided_at).is_(None))
    if since is not None:
        query = query.where(col(Sale.sold_at) >= since)
    if until is not None:
        query = query.where(col(Sale.sold_at) < until)
    query = query.order_by(col(Sale.sold_at).desc(), col(Sale.id)).offset(offset).limit(limit)
    return [sale_public(sale) for sale in (await session.execute(query)).scalars()]


async def get_sale(session: AsyncSession, viewer: Viewer, sale_id: uuid.UUID) -> SalePublic:
    query = _scoped(
        select(Sale).where(col(Sale.id) == str(sale_id)), viewer, col(Sale.store_id), col(Sale.guide_id)
    )
    sale = (await session.execute(query)).scalar()
    if sale is None:
        raise NotFound("no such sale")
    return sale_public(sale)


async def sales_total(session: AsyncSession, viewer: Viewer) -> tuple[int, int]:
    """(count, amount in fen) of counted sales this viewer may see."""
    query = _scoped(
        select(func.count(), func.coalesce(func.sum(col(Sale.amount_fen)), 0)).where(
            col(Sale.voided_at).is_(None)
        ),
        viewer,
        col(Sale.store_id),
        col(Sale.guide_id),
    )
    count, total = (await session.execute(query)).one()
    return int(count), int(total)


class DisputeState(StrEnum):
    open = "open"  # claimed by two or more guides, nobody decided (or the decision no longer holds)
    decided = "decided"  # a manager's decision is in force
    all = "all"


async def list_disputes(
    session: AsyncSession, viewer: Viewer, state: DisputeState = DisputeState.open
) -> list[SaleDisputePublic]:
    """Orders claimed by more than one guide of a store, newest sale first: counted once, for the
    first claim until a manager decides. The counted sale's flags say which queue it is in
    (disputes.publish_disputes keeps them in step with the claims and the decision)."""
    flags = {
        DisputeState.open: col(Sale.disputed).is_(True),
        DisputeState.decided: col(Sale.decided).is_(True),
        DisputeState.all: or_(col(Sale.disputed).is_(True), col(Sale.decided).is_(True)),
    }
    query = _scoped(
        select(Sale).where(flags[state], col(Sale.voided_at).is_(None)),
        viewer,
        col(Sale.store_id),
        col(Sale.guide_id),
    )
    counted = list((await session.execute(query.order_by(col(Sale.sold_at).desc(), col(Sale.id)))).scalars())
    return await _disputes_public(session, counted)


async def dispute_of(session: AsyncSession, order: Order) -> SaleDisputePublic:
    """One order as the disputes list shows it (it has a counted sale: a decision just moved it)."""
    query = (
        select(Sale)
        .where(col(Sale.store_id) == order[0], col(Sale.order_no) == order[1], col(Sale.voided_at).is_(None))
        .execution_options(populate_existing=True)
    )
    sale = (await session.execute(query)).scalar()
    if sale is None:
        raise NotFound("no such order")
    [dispute] = await _disputes_public(session, [sale])
    return dispute


async def _disputes_public(session: AsyncSession, counted: list[Sale]) -> list[SaleDisputePublic]:
    orders = [(sale.store_id, sale.order_no) for sale in counted]
    claims = await claims_of(session, orders)
    decisions = await decisions_of(session, orders)
    names = await guide_names(
        session,
        [*(claim.guide_id for claim in claims), *(decision.decided_by for decision in decisions.values())],
    )
    store_names = await _store_names(session, {sale.store_id for sale in counted})
    by_order: dict[Order, list[SaleClaim]] = {}
    for claim in claims:
        by_order.setdefault((claim.store_id, claim.order_no), []).append(claim)
    disputes = []
    for sale in counted:
        own = by_order.get((sale.store_id, sale.order_no), [])
        decision = decisions.get((sale.store_id, sale.order_no))
        in_force = decision if decision_holds(decision, own) else None
        disputes.append(
            SaleDisputePublic(
                store_id=sale.store_id,
                order_no=sale.order_no,
                store_name=store_names.get(sale.store_id, ""),
                counted_sale_id=uuid.UUID(sale.id),
                counted_guide_id=sale.guide_id,
                counted_guide_name=names.get(sale.guide_id, ""),
                claims=[_claim_public(claim, names) for claim in own],
                decided=in_force is not None,
                decided_by=in_force.decided_by if in_force else None,
                decided_by_name=names.get(in_force.decided_by, "") if in_force else None,
                decision_reason=in_force.reason if in_force else None,
                decided_at=in_force.decided_at if in_force else None,
            )
        )
    return disputes


def _claim_public(claim: SaleClaim, names: dict[int, str]) -> SaleClaimPublic:
    return SaleClaimPublic(
        event_id=uuid.UUID(claim.event_id),
        guide_id=claim.guide_id,
        guide_name=names.get(claim.guide_id, ""),
        amount_fen=claim.amount_fen,
        sold_at=claim.sold_at,
        received_at=claim.received_at,
        voided=claim.voided_at is not None,
        attribution=AttributionReason(claim.attribution),
    )


async def _store_names(session: AsyncSession, store_ids: set[int]) -> dict[int, str]:
    if not store_ids:
        return {}
    rows = await session.execute(
        select(col(Store.id), col(Store.name)).where(col(Store.id).in_(sorted(store_ids)))
    )
    return {int(store_id): name for store_id, name in rows if store_id is not None}
