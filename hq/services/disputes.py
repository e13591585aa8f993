"""Orders claimed by more than one guide: whom an order is counted for, and telling the claimants."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, insert, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import (
    ChangeOp,
    DisputeClaimSeen,
    EntityKind,
    SaleDisputeNotice,
    dispute_id,
)
from hq.models import Account, DisputeDecision, Sale, SaleClaim
from hq.services.changes import record_change
from hq.services.visibility import ScopeKind

Order = tuple[int, str]  # (store id, order number)


def order_lock_key(order: Order) -> int:
    digest = hashlib.sha256(f"guide-desk:order:{order[0]}:{order[1]}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def lock_orders(session: AsyncSession, orders: Iterable[Order]) -> None:
    """Serialise the transactions that change who an order counts for (a new claim, a void).

    Without it, on PostgreSQL a void re-counting an order and another guide's new claim on it
    could each miss the other, leaving a live claim with no counted sale. SQLite writers are
    serial already. Keys are taken in one sorted order, so two pushes cannot deadlock.
    """
    bind = session.bind
    if bind is None or bind.dialect.name != "postgresql":
        return
    keys = sorted({order_lock_key(order) for order in orders})
    if keys:
        await session.execute(
            text("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:keys AS bigint[])) AS k"),
            {"keys": keys},
        )


async def claims_of(session: AsyncSession, orders: Sequence[Order]) -> list[SaleClaim]:
    """Every claim on these orders, earliest received first (the order they compete in)."""
    if not orders:
        return []
    query = (
        select(SaleClaim)
        .where(tuple_(col(SaleClaim.store_id), col(SaleClaim.order_no)).in_(sorted(set(orders))))
        .order_by(col(SaleClaim.received_at), col(SaleClaim.event_id))
        .execution_options(populate_existing=True)
    )
    return list((await session.execute(query)).scalars())


def live_claim_count(claims: Iterable[SaleClaim], order: Order) -> int:
    return sum(1 for claim in claims if (claim.store_id, claim.order_no) == order and claim.voided_at is None)


def _sale_from_claim(claim: SaleClaim, disputed: bool) -> dict[str, object]:
    return {
        "id": claim.event_id,
        "order_no": claim.order_no,
        "store_id": claim.store_id,
        "guide_id": claim.guide_id,
        "customer_ref": claim.customer_ref,
        "amount_fen": claim.amount_fen,
        "items": claim.items,
        "sold_at": claim.sold_at,
        "attribution": claim.attribution,
        "disputed": disputed,
        "received_at": claim.received_at,
        "original_amount_fen": claim.original_amount_fen,
        "corrected_at": claim.corrected_at,
        "voided_at": None,
        "decided": False,  # publish_disputes settles the flags against the decision in force
    }


async def count_order_for(
    session: AsyncSession, order: Order, claim: SaleClaim | None, claims: Sequence[SaleClaim]
) -> None:
    """Make `claim` the order's counted sale (None: nothing counts), from the claim's own columns.

    The sale counted so far stops counting: a voided one keeps its row (voided), any other is
    removed, its claim staying as a claim. `claims` are the order's claims, for the disputed
    flag (two or more live claims). A manager settling a dispute moves the count with this too.
    """
    store_id, order_no = order
    assert claim is None or (claim.voided_at is None and (claim.store_id, claim.order_no) == order)
    where_live = (
        col(Sale.store_id) == store_id,
        col(Sale.order_no) == order_no,
        col(Sale.voided_at).is_(None),
    )
    disputed = live_claim_count(claims, order) >= 2
    live = (await session.execute(select(col(Sale.id)).where(*where_live))).scalar()
    if claim is not None and live == claim.event_id:
        await session.execute(update(Sale).where(col(Sale.id) == live).values(disputed=disputed))
        return
    if live is not None:
        await session.execute(delete(Sale).where(col(Sale.id) == live))
    if claim is not None:
        await session.execute(insert(Sale), [_sale_from_claim(claim, disputed)])


def earliest_live_claim(claims: Sequence[SaleClaim], order: Order) -> SaleClaim | None:
    """The claim an order counts for when nobody decided otherwise: the first received, not voided."""
    return next(
        (
            claim
            for claim in claims  # claims_of sorts them earliest first
            if (claim.store_id, claim.order_no) == order and claim.voided_at is None
        ),
        None,
    )


async def recount(session: AsyncSession, order: Order, claims: Sequence[SaleClaim]) -> None:
    """After a void: keep a live counted sale if there is one, else count the earliest live claim."""
    store_id, order_no = order
    live = (
        await session.execute(
            select(col(Sale.id)).where(
                col(Sale.store_id) == store_id,
                col(Sale.order_no) == order_no,
                col(Sale.voided_at).is_(None),
            )
        )
    ).scalar()
    counted = next((claim for claim in claims if claim.event_id == live), None)
    await count_order_for(session, order, counted or earliest_live_claim(claims, order), claims)


async def guide_names(session: AsyncSession, guide_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(guide_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(col(Account.id), col(Account.display_name)).where(col(Account.id).in_(ids))
    )
    return {int(account_id): name for account_id, name in rows if account_id is not None}


async def decisions_of(session: AsyncSession, orders: Sequence[Order]) -> dict[Order, DisputeDecision]:
    """The decision row of each of these orders that has one (in force or not: see `decision_holds`)."""
    if not orders:
        return {}
    query = (
        select(DisputeDecision)
        .where(tuple_(col(DisputeDecision.store_id), col(DisputeDecision.order_no)).in_(sorted(set(orders))))
        .execution_options(populate_existing=True)
    )
    return {(row.store_id, row.order_no): row for row in (await session.execute(query)).scalars()}


def decision_holds(decision: DisputeDecision | None, claims: Iterable[SaleClaim]) -> bool:
    """A manager's decision stays in force while its credited claim is live and no claim arrived
    after it: a void of that claim, or a guide claiming the order later, puts the order back in
    the queue (the row is kept for history; deciding again replaces it)."""
    if decision is None:
        return False
    order = (decision.store_id, decision.order_no)
    own = [claim for claim in claims if (claim.store_id, claim.order_no) == order]
    credited = next((claim for claim in own if claim.event_id == decision.credit_event_id), None)
    if credited is None or credited.voided_at is not None:
        return False
    return all(claim.received_at <= decision.decided_at for claim in own if claim.voided_at is None)


async def _settle_flags(
    session: AsyncSession,
    order: Order,
    counted_id: str | None,
    claims: Sequence[SaleClaim],
    decision: DisputeDecision | None,
) -> None:
    """The counted sale is `decided` while a decision holds, else `disputed` with two live claims."""
    if counted_id is None:
        return
    decided = decision_holds(decision, claims)
    disputed = not decided and live_claim_count(claims, order) >= 2
    await session.execute(
        update(Sale).where(col(Sale.id) == counted_id).values(disputed=disputed, decided=decided)
    )


async def publish_disputes(session: AsyncSession, orders: Iterable[Order]) -> None:
    """Settle each order's disputed/decided flags against its claims and decision, then tell every
    guide with a claim on it who claims it, whom it counts for now, and who decided it and why.

    Every path that changes an order's claims (a new claim, a void) or its decision ends here, so
    the flags are set in one place.
    """
    wanted = sorted(set(orders))
    if not wanted:
        return
    claims = await claims_of(session, wanted)
    decisions = await decisions_of(session, wanted)
    deciders = (decision.decided_by for decision in decisions.values())
    names = await guide_names(session, [*(claim.guide_id for claim in claims), *deciders])
    live = await session.execute(
        select(col(Sale.store_id), col(Sale.order_no), col(Sale.id)).where(
            tuple_(col(Sale.store_id), col(Sale.order_no)).in_(wanted), col(Sale.voided_at).is_(None)
        )
    )
    counted = {(store_id, order_no): sale_id for store_id, order_no, sale_id in live}
    for order in wanted:
        own = [claim for claim in claims if (claim.store_id, claim.order_no) == order]
        decision = decisions.get(order)
        await _settle_flags(session, order, counted.get(order), own, decision)
        in_force = decision if decision_holds(decision, own) else None
        await _publish_one(session, order, own, counted.get(order), names, in_force)


async def _publish_one(
    session: AsyncSession,
    order: Order,
    claims: list[SaleClaim],
    counted_id: str | None,
    names: dict[int, str],
    decision: DisputeDecision | None,
) -> None:
    counted = next((claim for claim in claims if claim.event_id == counted_id), None)
    notice = SaleDisputeNotice(
        store_id=order[0],
        order_no=order[1],
        counted_event_id=uuid.UUID(counted.event_id) if counted else None,
        counted_guide_name=names.get(counted.guide_id, "") if counted else "",
        claims=[
            DisputeClaimSeen(
                event_id=uuid.UUID(claim.event_id),
                guide_id=claim.guide_id,
                guide_name=names.get(claim.guide_id, ""),
                amount_fen=claim.amount_fen,
                received_at=claim.received_at,
                voided=claim.voided_at is not None,
            )
            for claim in claims
        ],
        decided_by=names.get(decision.decided_by, "") if decision else None,
        decision_reason=decision.reason if decision else None,
    )
    scopes = [(ScopeKind.account, guide_id) for guide_id in sorted({claim.guide_id for claim in claims})]
    await record_change(
        session,
        EntityKind.sale_dispute,
        dispute_id(*order),
        ChangeOp.upsert,
        notice.model_dump(mode="json"),
        scopes,
    )
