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
    LIVE_SALE,
    ContentItem,
    ContentUsage,
    PushedEvent,
    Sale,
    SaleClaim,
    SopTemplate,
    TaskAssignee,
    TaskProgress,
    table_of,
)
from hq.services.book_stats import apply_book_stats
from hq.services.disputes import guide_names, lock_orders, publish_disputes
from hq.services.sale_corrections import apply_corrections
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
    # Sales before corrections: a correction may refer to a sale of the same batch.
    await _apply_sales(session, viewer, by_kind.get(EventKind.sale, []))
    await apply_corrections(session, viewer, by_kind.get(EventKind.sale_correction, []))
    await _apply_task_progress(session, viewer, by_kind.get(EventKind.task_progress, []))
    await _apply_content_usage(session, viewer, by_kind.get(EventKind.content_usage, []))
    await apply_book_stats(session, viewer, by_kind.get(EventKind.book_stats, []))
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
    """Each sale is kept as a claim; an order is counted once per store, for its first claim; a
    second guide's claim of a counted order is flagged disputed for the manager to settle."""
    if not items:
        return
    store_id = viewer.account.store_id
    if viewer.role is not Role.guide or store_id is None:
        for item in items:
            item.reject("only a store guide records sales")
        return
    bodies = {item.id: item.body for item in items if isinstance(item.body, SaleBody)}
    now = utcnow()
    await lock_orders(session, ((store_id, body.order_no) for body in bodies.values()))
    counted = await _count_new_sales(session, viewer.id, store_id, items, bodies, now)
    names = await guide_names(session, {guide for guide in counted[1].values() if guide != viewer.id})
    disputed = _settle_claims(viewer.id, items, bodies, counted, names)
    await _store_claims(session, viewer.id, store_id, items, bodies, now)
    if disputed:
        await session.execute(
            update(Sale)
            .where(
                col(Sale.store_id) == store_id,
                col(Sale.order_no).in_(disputed),
                col(Sale.voided_at).is_(None),
            )
            .values(disputed=True)
        )
        await publish_disputes(session, ((store_id, order_no) for order_no in disputed))


async def _count_new_sales(
    session: AsyncSession,
    guide_id: int,
    store_id: int,
    items: list[Incoming],
    bodies: dict[str, SaleBody],
    now: Any,
) -> tuple[set[str], dict[str, int]]:
    """Insert a sale for each order not yet counted in the store. Returns the event ids counted
    now, and whom each order of the batch is counted for."""
    order_nos = sorted({body.order_no for body in bodies.values()})
    counted_for = await _counted_sales(session, store_id, order_nos)
    new_sales = []
    for item in items:
        body = bodies[item.id]
        if body.order_no not in counted_for:
            counted_for[body.order_no] = guide_id
            new_sales.append(_sale_row(item.id, store_id, guide_id, body, now))
    new_sales.sort(key=lambda row: row["order_no"])  # one lock order across requests
    inserted = await _insert_sales(session, new_sales)
    if len(inserted) < len(new_sales):  # a concurrent push of another guide won the order
        counted_for = await _counted_sales(session, store_id, order_nos)
    return inserted, counted_for


def _settle_claims(
    guide_id: int,
    items: list[Incoming],
    bodies: dict[str, SaleBody],
    counted: tuple[set[str], dict[str, int]],
    names: dict[int, str],
) -> set[str]:
    """Answer the claims that counted no sale: the guide's own repeat is rejected, another guide's
    counted order is flagged, naming whom it counts for. Returns the orders now disputed."""
    inserted, counted_for = counted
    disputed: set[str] = set()
    for item in items:
        if item.id in inserted:
            continue
        order_no = bodies[item.id].order_no
        if counted_for.get(order_no) == guide_id:
            item.reject(f"order {order_no} is already recorded by you")
        else:
            disputed.add(order_no)
            item.flags.append(FLAG_DISPUTED)
            first = names.get(counted_for[order_no], "another guide")
            item.reason = (
                f"order {order_no} was claimed first by {first} of this store; your manager will settle it"
            )
    return disputed


async def _store_claims(
    session: AsyncSession,
    guide_id: int,
    store_id: int,
    items: list[Incoming],
    bodies: dict[str, SaleBody],
    now: Any,
) -> None:
    """Every claim but a rejected one is kept, counted or not: the manager sees both sides."""
    claims = [
        {
            "event_id": item.id,
            "store_id": store_id,
            "order_no": bodies[item.id].order_no,
            "guide_id": guide_id,
            "amount_fen": bodies[item.id].amount_fen,
            "sold_at": bodies[item.id].sold_at,
            "received_at": now,
            "customer_ref": bodies[item.id].customer_ref,
            "items": [line.model_dump(mode="json") for line in bodies[item.id].items],
            "attribution": bodies[item.id].attribution.value,
        }
        for item in sorted(items, key=lambda item: item.id)
        if item.status is not PushStatus.rejected
    ]
    if claims:
        await session.execute(dialect_insert(session, SaleClaim), claims)


async def _counted_sales(session: AsyncSession, store_id: int, order_nos: list[str]) -> dict[str, int]:
    rows = await session.execute(
        select(col(Sale.order_no), col(Sale.guide_id)).where(
            col(Sale.store_id) == store_id, col(Sale.order_no).in_(order_nos), col(Sale.voided_at).is_(None)
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
        .on_conflict_do_nothing(index_elements=["store_id", "order_no"], index_where=LIVE_SALE)
        .returning(col(Sale.id))
    )
    return {row[0] for row in await session.execute(statement, rows)}


async def _apply_task_progress(session: AsyncSession, viewer: Viewer, items: list[Incoming]) -> None:
    """Progress of a whole batch in three statements: which manager tasks are the guide's, which SOP
    templates it sees, then one upsert. Counts are absolute: the newest report wins, whatever order
    the events arrive in (within the batch, and against what HQ holds)."""
    if not items:
        return
    bodies = {item.id: item.body for item in items if isinstance(item.body, TaskProgressBody)}
    allowed = await _progress_tasks_for(session, viewer, list(bodies.values()))
    newest: dict[tuple[str, str, str], TaskProgressBody] = {}
    for item in items:
        body = bodies[item.id]
        if (body.source, str(body.task_id)) not in allowed:
            item.reject("unknown task, or a task not assigned to you")
            continue
        key = _progress_key(body)
        if key not in newest or newest[key].as_of < body.as_of:
            newest[key] = body  # an older report in the same batch changes nothing
    if not newest:
        return
    now = utcnow()
    rows = [
        {
            "source": source,
            "task_id": task_id,
            "guide_id": viewer.id,
            "day": day,
            "done": body.done,
            "target": body.target,
            "as_of": body.as_of,
            "updated_at": now,
        }
        for (source, task_id, day), body in sorted(newest.items())  # one lock order across requests
    ]
    statement = dialect_insert(session, TaskProgress)
    table = table_of(TaskProgress)
    statement = statement.on_conflict_do_update(
        index_elements=["source", "task_id", "guide_id", "day"],
        set_={
            "done": statement.excluded.done,
            "target": statement.excluded.target,
            "as_of": statement.excluded.as_of,
            "updated_at": statement.excluded.updated_at,
        },
        where=table.c.as_of < statement.excluded.as_of,
    )
    await session.execute(statement, rows)


def _progress_key(body: TaskProgressBody) -> tuple[str, str, str]:
    return body.source.value, str(body.task_id), body.day.isoformat() if body.day else ""


async def _progress_tasks_for(
    session: AsyncSession, viewer: Viewer, bodies: list[TaskProgressBody]
) -> set[tuple[TaskSource, str]]:
    """The (source, task id) pairs of these reports that are this guide's to report on."""
    if viewer.role is not Role.guide:
        return set()
    manager = sorted({str(body.task_id) for body in bodies if body.source is TaskSource.manager})
    sop = sorted({str(body.task_id) for body in bodies if body.source is TaskSource.sop})
    allowed: set[tuple[TaskSource, str]] = set()
    if manager:
        assigned = await session.execute(
            select(col(TaskAssignee.task_id)).where(
                col(TaskAssignee.guide_id) == viewer.id, col(TaskAssignee.task_id).in_(manager)
            )
        )
        allowed |= {(TaskSource.manager, task_id) for (task_id,) in assigned}
    if sop:
        templates = await session.execute(
            select(col(SopTemplate.id), col(SopTemplate.audience)).where(
                col(SopTemplate.id).in_(sop), col(SopTemplate.deleted_at).is_(None)
            )
        )
        seen = [template_id for template_id, audience in templates if viewer.sees_audience(audience)]
        allowed |= {(TaskSource.sop, template_id) for template_id in seen}
    return allowed


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
