"""Receiving pushed events: every id stored once, forever; effects applied exactly once.

Delivery from the desktop is at-least-once (it retries until it hears an answer), so the
effect must be exactly-once here: an event id is claimed with INSERT … ON CONFLICT DO NOTHING
in the same transaction as its effect, and only the request that claimed it applies it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import (
    EVENT_BODIES,
    ContentUsageBody,
    EventKind,
    PushItemResult,
    PushRequest,
    PushResponse,
    PushStatus,
    Request,
    Role,
    SaleBody,
    TaskProgressBody,
    TaskSource,
)
from hq.core.db import dialect_insert, utcnow
from hq.models import (
    ContentItem,
    ContentUsage,
    PushedEvent,
    Sale,
    SaleClaim,
    SopTemplate,
    TaskProgress,
    table_of,
)
from hq.services.tasks import guide_is_assigned
from hq.services.visibility import Viewer

FLAG_DISPUTED = "order_disputed"


@dataclass
class Incoming:
    """One event of a batch on its way through: its parsed body and, in the end, its answer."""

    id: str
    kind: EventKind
    body: Request | None = None
    digest: str = ""
    status: PushStatus | None = None
    reason: str | None = None
    flags: list[str] = field(default_factory=list)

    def reject(self, reason: str) -> None:
        self.status, self.reason = PushStatus.rejected, reason


def _explain(error: ValidationError) -> str:
    parts = []
    for problem in error.errors()[:3]:
        where = ".".join(str(part) for part in problem["loc"]) or "body"
        parts.append(f"{where}: {problem['msg']}")
    return "; ".join(parts)


def _parse(request: PushRequest) -> list[Incoming]:
    incoming = []
    for event in request.events:
        item = Incoming(id=str(event.id), kind=event.kind)
        try:
            item.body = EVENT_BODIES[event.kind].model_validate(event.body)
        except ValidationError as error:
            item.reject(_explain(error))
        else:
            canonical = {"kind": event.kind.value, "body": item.body.model_dump(mode="json")}
            item.digest = hashlib.sha256(orjson.dumps(canonical, option=orjson.OPT_SORT_KEYS)).hexdigest()
        incoming.append(item)
    return incoming


async def _classify_known(session: AsyncSession, viewer: Viewer, items: list[Incoming]) -> None:
    """Answer for ids HQ has already stored: the same event again gets its first answer again
    (a rejection stays a rejection, a disputed claim stays flagged); a different body is a conflict."""
    pending = {item.id: item for item in items if item.status is None}
    if not pending:
        return
    rows = await session.execute(
        select(
            col(PushedEvent.id),
            col(PushedEvent.account_id),
            col(PushedEvent.body_digest),
            col(PushedEvent.kind),
            col(PushedEvent.outcome),
            col(PushedEvent.reason),
        ).where(col(PushedEvent.id).in_(list(pending)))
    )
    repeated_sales = []
    for event_id, account_id, digest, kind, outcome, reason in rows:
        item = pending[event_id]
        if account_id != viewer.id or digest != item.digest or kind != item.kind.value:
            item.status = PushStatus.conflict
            item.reason = "this event id was already used with a different body; the original is kept"
        elif outcome == PushStatus.rejected.value:
            item.status, item.reason = PushStatus.rejected, reason
        else:
            item.status = PushStatus.duplicate
            if item.kind is EventKind.sale:
                repeated_sales.append(item)
    await _flag_disputed_repeats(session, repeated_sales)


async def _flag_disputed_repeats(session: AsyncSession, items: list[Incoming]) -> None:
    """A repeated sale that was a losing claim (a claim but no counted sale) keeps its flag."""
    if not items:
        return
    ids = [item.id for item in items]
    claimed = set(
        (
            await session.execute(select(col(SaleClaim.event_id)).where(col(SaleClaim.event_id).in_(ids)))
        ).scalars()
    )
    counted = set((await session.execute(select(col(Sale.id)).where(col(Sale.id).in_(ids)))).scalars())
    for item in items:
        if item.id in claimed and item.id not in counted:
            item.flags.append(FLAG_DISPUTED)


async def _claim_ids(session: AsyncSession, viewer: Viewer, items: list[Incoming]) -> list[Incoming]:
    """Store the new ids; returns the events this request claimed (a concurrent one may win some)."""
    fresh = [item for item in items if item.status is None]
    if not fresh:
        return []
    now = utcnow()
    statement = (
        dialect_insert(session, PushedEvent)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(col(PushedEvent.id))
    )
    # Sorted, so concurrent requests with overlapping ids take their row locks in one order and
    # cannot deadlock on PostgreSQL's unique index.
    rows = [
        {
            "id": item.id,
            "account_id": viewer.id,
            "kind": item.kind.value,
            "body_digest": item.digest,
            "outcome": PushStatus.accepted.value,
            "reason": None,
            "received_at": now,
        }
        for item in sorted(fresh, key=lambda item: item.id)
    ]
    claimed = {row[0] for row in await session.execute(statement, rows)}
    lost = [item for item in fresh if item.id not in claimed]
    if lost:
        await _classify_known(session, viewer, lost)
    return [item for item in fresh if item.id in claimed]


async def push(session: AsyncSession, viewer: Viewer, request: PushRequest) -> PushResponse:
    items = _parse(request)
    await _classify_known(session, viewer, items)
    claimed = await _claim_ids(session, viewer, items)
    by_kind: dict[EventKind, list[Incoming]] = {}
    for item in claimed:
        by_kind.setdefault(item.kind, []).append(item)
    await _apply_sales(session, viewer, by_kind.get(EventKind.sale, []))
    await _apply_task_progress(session, viewer, by_kind.get(EventKind.task_progress, []))
    await _apply_content_usage(session, viewer, by_kind.get(EventKind.content_usage, []))
    await _store_rejections(session, [item for item in claimed if item.status is PushStatus.rejected])
    for item in claimed:
        if item.status is None:
            item.status = PushStatus.accepted
    return PushResponse(
        results=[
            PushItemResult(
                id=item.id, status=item.status or PushStatus.rejected, reason=item.reason, flags=item.flags
            )
            for item in items
        ]
    )


async def _store_rejections(session: AsyncSession, rejected: list[Incoming]) -> None:
    """A business rejection is kept with its id, so a replay gets the same answer."""
    for item in rejected:
        await session.execute(
            update(PushedEvent)
            .where(col(PushedEvent.id) == item.id)
            .values(outcome=PushStatus.rejected.value, reason=item.reason)
        )


async def _apply_sales(session: AsyncSession, viewer: Viewer, items: list[Incoming]) -> None:
    if not items:
        return
    store_id = viewer.account.store_id
    if viewer.role is not Role.guide or store_id is None:
        for item in items:
            item.reject("only a store guide records sales")
        return
    now = utcnow()
    bodies: dict[str, SaleBody] = {}
    for item in items:
        assert isinstance(item.body, SaleBody)
        bodies[item.id] = item.body
    claims: list[dict[str, Any]] = [
        {
            "event_id": item.id,
            "store_id": store_id,
            "order_no": bodies[item.id].order_no,
            "guide_id": viewer.id,
            "amount_fen": bodies[item.id].amount_fen,
            "sold_at": bodies[item.id].sold_at,
            "received_at": now,
        }
        for item in items
    ]
    order_nos = sorted({body.order_no for body in bodies.values()})
    counted = await _counted_sales(session, store_id, order_nos)
    new_sales = []
    for item in items:
        body = bodies[item.id]
        if body.order_no not in counted:
            counted[body.order_no] = viewer.id
            new_sales.append(_sale_row(item.id, store_id, viewer.id, body, now))
    new_sales.sort(key=lambda row: row["order_no"])  # one lock order across requests
    inserted = await _insert_sales(session, new_sales)
    if len(inserted) < len(new_sales):  # a concurrent push of another guide won the order
        counted = await _counted_sales(session, store_id, order_nos)
    disputed_orders = set()
    for item in items:
        if item.id in inserted:
            continue
        order_no = bodies[item.id].order_no
        if counted.get(order_no) == viewer.id:
            item.reject(f"order {order_no} is already recorded by you")
        else:
            disputed_orders.add(order_no)
            item.flags.append(FLAG_DISPUTED)
            item.reason = (
                f"order {order_no} was claimed by another guide of this store; your manager will settle it"
            )
    rejected = {item.id for item in items if item.status is PushStatus.rejected}
    kept_claims = sorted(
        (claim for claim in claims if claim["event_id"] not in rejected), key=lambda claim: claim["event_id"]
    )
    if kept_claims:
        await session.execute(dialect_insert(session, SaleClaim), kept_claims)
    if disputed_orders:
        await session.execute(
            update(Sale)
            .where(col(Sale.store_id) == store_id, col(Sale.order_no).in_(disputed_orders))
            .values(disputed=True)
        )


async def _counted_sales(session: AsyncSession, store_id: int, order_nos: list[str]) -> dict[str, int]:
    rows = await session.execute(
        select(col(Sale.order_no), col(Sale.guide_id)).where(
            col(Sale.store_id) == store_id, col(Sale.order_no).in_(order_nos)
        )
    )
    return {order_no: guide_id for order_no, guide_id in rows}


def _sale_row(event_id: str, store_id: int, guide_id: int, body: SaleBody, now: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "order_no": body.order_no,
        "store_id": store_id,
        "guide_id": guide_id,
        "customer_ref": body.customer_ref,
        "amount_fen": body.amount_fen,
        "items": [line.model_dump(mode="json") for line in body.items],
        "sold_at": body.sold_at,
        "attribution": body.attribution.value,
        "disputed": False,
        "received_at": now,
    }


async def _insert_sales(session: AsyncSession, rows: list[dict[str, Any]]) -> set[str]:
    if not rows:
        return set()
    statement = (
        dialect_insert(session, Sale)
        .on_conflict_do_nothing(index_elements=["store_id", "order_no"])
        .returning(col(Sale.id))
    )
    return {row[0] for row in await session.execute(statement, rows)}


async def _apply_task_progress(session: AsyncSession, viewer: Viewer, items: list[Incoming]) -> None:
    if not items:
        return
    now = utcnow()
    for item in sorted(items, key=lambda item: _progress_key(item.body)):
        body = item.body
        assert isinstance(body, TaskProgressBody)
        if not await _task_is_for(session, viewer, body):
            item.reject("unknown task, or a task not assigned to you")
            continue
        values = {
            "source": body.source.value,
            "task_id": str(body.task_id),
            "guide_id": viewer.id,
            "day": body.day.isoformat() if body.day else "",
            "done": body.done,
            "target": body.target,
            "as_of": body.as_of,
            "updated_at": now,
        }
        statement = dialect_insert(session, TaskProgress).values(**values)
        table = table_of(TaskProgress)
        # Counts are absolute: the newest report wins, whatever order the events arrive in.
        statement = statement.on_conflict_do_update(
            index_elements=["source", "task_id", "guide_id", "day"],
            set_={
                "done": body.done,
                "target": body.target,
                "as_of": statement.excluded.as_of,
                "updated_at": now,
            },
            where=table.c.as_of < statement.excluded.as_of,
        )
        await session.execute(statement)


def _progress_key(body: Request | None) -> tuple[str, str, str]:
    assert isinstance(body, TaskProgressBody)
    return body.source.value, str(body.task_id), body.day.isoformat() if body.day else ""


async def _task_is_for(session: AsyncSession, viewer: Viewer, body: TaskProgressBody) -> bool:
    if viewer.role is not Role.guide:
        return False
    if body.source is TaskSource.manager:
        return await guide_is_assigned(session, viewer.id, str(body.task_id))
    template = await session.get(SopTemplate, str(body.task_id))
    return template is not None and template.deleted_at is None and viewer.sees_audience(template.audience)


async def _apply_content_usage(session: AsyncSession, viewer: Viewer, items: list[Incoming]) -> None:
    if not items:
        return
    content_ids = sorted(
        {str(item.body.content_id) for item in items if isinstance(item.body, ContentUsageBody)}
    )
    rows = await session.execute(
        select(col(ContentItem.id), col(ContentItem.audience), col(ContentItem.deleted_at)).where(
            col(ContentItem.id).in_(content_ids)
        )
    )
    # A withdrawn item still counts for the days it was in the library (a guide offline for a
    # week reports sends made before it was withdrawn), never for a later day.
    last_day = {
        content_id: None if deleted_at is None else deleted_at.astimezone(UTC).date()
        for content_id, audience, deleted_at in rows
        if viewer.sees_audience(audience)
    }
    now = utcnow()
    usage: list[dict[str, Any]] = []
    for item in items:
        body = item.body
        assert isinstance(body, ContentUsageBody)
        content_id = str(body.content_id)
        if content_id not in last_day:
            item.reject("unknown content item")
            continue
        withdrawn = last_day[content_id]
        if withdrawn is not None and body.day > withdrawn:
            item.reject(f"the content item was withdrawn on {withdrawn.isoformat()}")
            continue
        usage.append(
            {
                "event_id": item.id,
                "account_id": viewer.id,
                "content_id": content_id,
                "action": body.action.value,
                "count": body.count,
                "day": body.day.isoformat(),
                "received_at": now,
            }
        )
    if usage:
        usage.sort(key=lambda row: row["event_id"])
        await session.execute(dialect_insert(session, ContentUsage), usage)
