"""Pushed corrections of sales: an amend changes the counted amount, a void takes the sale out.

A correction is a new event that refers to the sale event it corrects (a sent event is never
changed). Among one sale's amends the one with the latest `corrected_at` wins (ties: the greater
event id), whatever order they arrive in; a void is final. Every accepted correction is kept in
`sale_correction`, whether or not it changed the figure.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import Role, SaleCorrectionAction, SaleCorrectionBody
from hq.core.db import dialect_insert, utcnow
from hq.models import Sale, SaleClaim, SaleCorrection
from hq.services.disputes import Order, claims_of, live_claim_count, lock_orders, publish_disputes, recount

if TYPE_CHECKING:
    from hq.services.push import Incoming
    from hq.services.visibility import Viewer


def _voided_on(when: datetime) -> str:
    return f"this sale was voided on {when:%Y-%m-%d %H:%M} UTC; a void is final"


async def apply_corrections(session: AsyncSession, viewer: Viewer, items: list[Incoming]) -> None:
    """Apply a batch's corrections in the order sent, then re-count and announce the orders they
    touched. Only the guide's own sales that HQ holds can be corrected."""
    if not items:
        return
    if viewer.role is not Role.guide:
        for item in items:
            item.reject("only a store guide corrects sales")
        return
    bodies = {item.id: item.body for item in items if isinstance(item.body, SaleCorrectionBody)}
    claims = await _own_claims(session, viewer.id, sorted({str(body.sale_id) for body in bodies.values()}))
    orders = sorted(set(claims.values()))
    order_claims = await claims_of(session, orders)
    disputed_before = {order for order in orders if live_claim_count(order_claims, order) >= 2}
    by_id = {claim.event_id: claim for claim in order_claims}
    now = utcnow()
    records: list[dict[str, Any]] = []
    for item in items:
        body = bodies[item.id]
        claim = by_id.get(str(body.sale_id)) if str(body.sale_id) in claims else None
        if claim is None:
            item.reject(
                f"HQ holds no sale {body.sale_id} of yours; a correction must follow its sale, "
                "and only its own guide may correct it"
            )
            continue
        if claim.voided_at is not None:
            item.reject(_voided_on(claim.voided_at))
            continue
        took_effect = _correct(claim, item.id, body)
        if not took_effect:
            item.reason = "a later amend of this sale is already in force; this one is kept on record only"
        records.append(_record(item.id, viewer.id, body, took_effect, now))
    await _save(session, records, by_id, disputed_before, order_claims)


async def _own_claims(session: AsyncSession, guide_id: int, sale_ids: list[str]) -> dict[str, Order]:
    """The guide's claims among these sale ids, and their orders (locked before they are read whole)."""
    rows = await session.execute(
        select(col(SaleClaim.event_id), col(SaleClaim.store_id), col(SaleClaim.order_no)).where(
            col(SaleClaim.event_id).in_(sale_ids), col(SaleClaim.guide_id) == guide_id
        )
    )
    found = {event_id: (store_id, order_no) for event_id, store_id, order_no in rows}
    await lock_orders(session, found.values())
    return found


def _correct(claim: SaleClaim, event_id: str, body: SaleCorrectionBody) -> bool:
    """Apply one correction to its claim; False for an amend older than the one in force."""
    if body.action is SaleCorrectionAction.void:
        claim.voided_at = claim.corrected_at = body.corrected_at
        return True
    in_force = claim.amend_event_id is not None and claim.corrected_at is not None
    if in_force and (body.corrected_at, event_id) < (claim.corrected_at, claim.amend_event_id):
        return False
    assert body.amount_fen is not None  # SaleCorrectionBody requires it of an amend
    if claim.original_amount_fen is None:
        claim.original_amount_fen = claim.amount_fen
    claim.amount_fen = body.amount_fen
    claim.items = [line.model_dump(mode="json") for line in body.items]
    claim.corrected_at = body.corrected_at
    claim.amend_event_id = event_id
    return True


def _record(
    event_id: str, guide_id: int, body: SaleCorrectionBody, took_effect: bool, now: datetime
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "sale_id": str(body.sale_id),
        "guide_id": guide_id,
        "action": body.action.value,
        "amount_fen": body.amount_fen,
        "items": [line.model_dump(mode="json") for line in body.items],
        "reason": body.reason,
        "corrected_at": body.corrected_at,
        "took_effect": took_effect,
        "received_at": now,
    }


async def _save(
    session: AsyncSession,
    records: list[dict[str, Any]],
    by_id: dict[str, SaleClaim],
    disputed_before: set[Order],
    order_claims: list[SaleClaim],
) -> None:
    """Mirror the corrected claims onto their sales, re-count orders that lost their counted sale,
    and tell the claimants of every order that is or was disputed."""
    if not records:
        return
    touched = [by_id[sale_id] for sale_id in sorted({record["sale_id"] for record in records})]
    for claim in touched:
        await session.execute(
            update(Sale)
            .where(col(Sale.id) == claim.event_id)
            .values(
                amount_fen=claim.amount_fen,
                items=claim.items,
                original_amount_fen=claim.original_amount_fen,
                corrected_at=claim.corrected_at,
                voided_at=claim.voided_at,
            )
        )
    await session.flush()  # the claims' new state, before the re-count reads it
    orders = sorted({(claim.store_id, claim.order_no) for claim in touched})
    for order in orders:
        if any(claim.voided_at is not None for claim in touched if (claim.store_id, claim.order_no) == order):
            await recount(session, order, order_claims)
    records.sort(key=lambda record: record["event_id"])
    await session.execute(dialect_insert(session, SaleCorrection), records)
    announce = [
        order for order in orders if order in disputed_before or live_claim_count(order_claims, order) >= 2
    ]
    await publish_disputes(session, announce)
