"""Reading sales back: a guide their own, a manager their region's, HQ all; and order disputes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from sqlmodel import col

from guide_app.protocol import AttributionReason, Role, SaleClaimPublic, SaleDisputePublic, SalePublic
from hq.core.errors import NotFound
from hq.models import Sale, SaleClaim, Store
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


async def list_disputes(session: AsyncSession, viewer: Viewer) -> list[SaleDisputePublic]:
    """Orders claimed by more than one guide of a store: counted once, listed for the manager."""
    query = _scoped(
        select(Sale).where(col(Sale.disputed).is_(True), col(Sale.voided_at).is_(None)),
        viewer,
        col(Sale.store_id),
        col(Sale.guide_id),
    )
    disputes = []
    for sale in (await session.execute(query.order_by(col(Sale.sold_at).desc()))).scalars():
        claims = await session.execute(
            select(SaleClaim)
            .where(col(SaleClaim.store_id) == sale.store_id, col(SaleClaim.order_no) == sale.order_no)
            .order_by(col(SaleClaim.received_at), col(SaleClaim.event_id))
        )
        disputes.append(
            SaleDisputePublic(
                store_id=sale.store_id,
                order_no=sale.order_no,
                counted_sale_id=uuid.UUID(sale.id),
                counted_guide_id=sale.guide_id,
                claims=[
                    SaleClaimPublic(
                        event_id=uuid.UUID(claim.event_id),
                        guide_id=claim.guide_id,
                        amount_fen=claim.amount_fen,
                        sold_at=claim.sold_at,
                        received_at=claim.received_at,
                    )
                    for claim in claims.scalars()
                ],
            )
        )
    return disputes
