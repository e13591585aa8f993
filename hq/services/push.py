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
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import (
    EVENT_BODIES,
    NUL_CHECKED,
    ContentUsageBody,
    EventKind,
    PushRequest,
    PushStatus,
    Request,
    Role,
    SaleBody,
    TaskProgressBody,
    TaskSource,
)
from hq.core.db import Database, utcnow
from hq.models import Sale
from hq.services.book_stats import apply_book_stats
from hq.services.disputes import guide_names, publish_disputes
from hq.services.push_store import KnownEvent, ProgressRow, PushStore, SaleRow, UsageRow, push_store
from hq.services.sale_corrections import apply_corrections
from hq.services.visibility import Viewer

FLAG_DISPUTED = "order_disputed"


@dataclass
class Incoming:
    """One event of a batch on its way through: its parsed body and, in the end, its answer."""

    id: str
    kind: EventKind
    body: Request | None = None
    body_json: dict[str, Any] = field(default_factory=dict)  # the body as its digest saw it
    digest: str = ""
    status: PushStatus | None = None
    reason: str | None = None
    flags: list[str] = field(default_factory=list)

    def reject(self, reason: str) -> None:
        self.status, self.reason = PushStatus.rejected, reason

    def sale_row(self) -> SaleRow:
        body = self.body
        assert isinstance(body, SaleBody)
        return SaleRow(
            event_id=self.id,
            order_no=body.order_no,
            amount_fen=body.amount_fen,
            items=self.body_json["items"],
            customer_ref=body.customer_ref,
            sold_at=body.sold_at,
            attribution=body.attribution.value,
        )


def _explain(error: ValidationError) -> str:
    parts = []
    for problem in error.errors()[:3]:
        where = ".".join(str(part) for part in problem["loc"]) or "body"
        parts.append(f"{where}: {problem['msg']}")
    return "; ".join(parts)


def _free_of_nul(request: PushRequest) -> bool:
    """True when no text in the batch's bodies holds NUL, found with one scan of the batch's JSON
    instead of a walk of every object (that walk was half of validating a 200-sale batch)."""
    try:
        text = orjson.dumps([event.body for event in request.events])
    except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits: let each model say what is wrong
        return False
    return b"\\u0000" not in text


def _parse(request: PushRequest) -> list[Incoming]:
    context = {NUL_CHECKED: True} if _free_of_nul(request) else None
    incoming = []
    for event in request.events:
        item = Incoming(id=str(event.id), kind=event.kind)
        try:
            item.body = EVENT_BODIES[event.kind].model_validate(event.body, context=context)
        except ValidationError as error:
            item.reject(_explain(error))
        else:
            # The digest is part of the idempotency record: its canonical form may never change.
            item.body_json = item.body.model_dump(mode="json")
            canonical = {"kind": event.kind.value, "body": item.body_json}
            item.digest = hashlib.sha256(orjson.dumps(canonical, option=orjson.OPT_SORT_KEYS)).hexdigest()
        incoming.append(item)
    return incoming


def _classify_known(viewer: Viewer, items: list[Incoming], known: list[KnownEvent]) -> None:
    """Answer for ids HQ has already stored: the same event again gets its first answer again
    (a rejection stays a rejection, a disputed claim stays flagged); a different body is a conflict."""
    pending = {item.id: item for item in items}
    for event in known:
        item = pending[event.id]
        if event.account_id != viewer.id or event.digest != item.digest or event.kind != item.kind.value:
            item.status = PushStatus.conflict
            item.reason = "this event id was already used with a different body; the original is kept"
        elif event.outcome == PushStatus.rejected.value:
            item.status, item.reason = PushStatus.rejected, event.reason
        else:
            item.status = PushStatus.duplicate
            # A repeated sale that was a losing claim (a claim but no counted sale) keeps its flag.
            if item.kind is EventKind.sale and event.claimed and not event.counted:
                item.flags.append(FLAG_DISPUTED)


async def _claim_ids(store: PushStore, viewer: Viewer, items: list[Incoming]) -> list[Incoming]:
    """Claim first: store the valid ids, then look up only the ids that were taken already (by an
    earlier push, or a concurrent one that committed first). Returns the events this request
    claimed, in the order sent."""
    fresh = [item for item in items if item.status is None]
    if not fresh:
        return []
    # Sorted, so concurrent requests with overlapping ids take their row locks in one order and
    # cannot deadlock on PostgreSQL's unique index.
    events = sorted((item.id, item.kind.value, item.digest) for item in fresh)
    claimed = await store.claim(viewer.id, events, utcnow())
    lost = [item for item in fresh if item.id not in claimed]
    if lost:
        _classify_known(viewer, lost, await store.known([item.id for item in lost]))
    return [item for item in fresh if item.id in claimed]


async def store_batch(database: Database, viewer: Viewer, request: PushRequest) -> dict[str, Any]:
    """`push` in a write transaction of its own, tried again when PostgreSQL picks it as a
    deadlock's victim; committed before the answer is returned."""
    return await database.write_with_retry(lambda session: push(session, viewer, request))


async def push(session: AsyncSession, viewer: Viewer, request: PushRequest) -> dict[str, Any]:
    """Apply a batch; returns the PushResponse as JSON (built as dicts: 200 answer models per batch
    cost more than the statements that store the batch)."""
    items = _parse(request)
    store = push_store(session)
    claimed = await _claim_ids(store, viewer, items)
    by_kind: dict[EventKind, list[Incoming]] = {}
    for item in claimed:
        by_kind.setdefault(item.kind, []).append(item)
    # Sales before corrections: a correction may refer to a sale of the same batch.
    await _apply_sales(session, store, viewer, by_kind.get(EventKind.sale, []))
    corrections = by_kind.get(EventKind.sale_correction, [])
    if corrections:
        await store.flush()  # the session's own statements see every write before them
        await apply_corrections(session, viewer, corrections)
    await _apply_task_progress(store, viewer, by_kind.get(EventKind.task_progress, []))
    await _apply_content_usage(store, viewer, by_kind.get(EventKind.content_usage, []))
    book_stats = by_kind.get(EventKind.book_stats, [])
    if book_stats:
        await store.flush()
        await apply_book_stats(session, viewer, book_stats)
    # A business rejection is kept with its id, so a replay gets the same answer.
    await store.reject(
        sorted((item.id, item.reason or "") for item in claimed if item.status is PushStatus.rejected)
    )
    await store.flush()
    for item in claimed:
        if item.status is None:
            item.status = PushStatus.accepted
    results = [
        {
            "id": item.id,
            "status": (item.status or PushStatus.rejected).value,
            "reason": item.reason,
            "flags": item.flags,
        }
        for item in items
    ]
    return {"results": results}


async def _apply_sales(
    session: AsyncSession, store: PushStore, viewer: Viewer, items: list[Incoming]
) -> None:
    """Each sale is kept as a claim; an order is counted once per store, for its first claim; a
    second guide's claim of a counted order is flagged disputed for the manager to settle."""
    if not items:
        return
    store_id = viewer.account.store_id
    if viewer.role is not Role.guide or store_id is None:
        for item in items:
            item.reject("only a store guide records sales")
        return
    sales = {item.id: item.sale_row() for item in items}
    now = utcnow()
    counted = await _count_new_sales(store, viewer.id, store_id, items, sales, now)
    names = await guide_names(session, {guide for guide in counted[1].values() if guide != viewer.id})
    disputed = _settle_claims(viewer.id, items, sales, counted, names)
    kept = [sales[item.id] for item in items if item.status is not PushStatus.rejected]
    kept.sort(key=lambda sale: sale.event_id)
    # Every claim but a rejected one is kept, counted or not: the manager sees both sides.
    await store.insert_claims(store_id, viewer.id, kept, now)
    if disputed:
        await store.flush()
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
    store: PushStore,
    guide_id: int,
    store_id: int,
    items: list[Incoming],
    sales: dict[str, SaleRow],
    now: Any,
) -> tuple[set[str], dict[str, int]]:
    """Count the first claim of each order of the batch, unless the order is counted already (its
    insert then does nothing). Returns the event ids counted now, and whom each order of the batch
    is counted for."""
    first: dict[str, SaleRow] = {}
    for item in items:
        first.setdefault(sales[item.id].order_no, sales[item.id])
    # Sorted by order number: one lock order across requests.
    ordered = sorted(first.values(), key=lambda sale: sale.order_no)
    inserted = await store.insert_sales(store_id, guide_id, ordered, now)
    counted_for = {order_no: guide_id for order_no, sale in first.items() if sale.event_id in inserted}
    taken = sorted(order_no for order_no in first if order_no not in counted_for)
    if taken:
        counted_for.update(await store.counted_sales(store_id, taken))
    return inserted, counted_for


def _settle_claims(
    guide_id: int,
    items: list[Incoming],
    sales: dict[str, SaleRow],
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
        order_no = sales[item.id].order_no
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


async def _apply_task_progress(store: PushStore, viewer: Viewer, items: list[Incoming]) -> None:
    """Progress of a whole batch in three statements: which manager tasks are the guide's, which SOP
    templates it sees, then one upsert. Counts are absolute: the newest report wins, whatever order
    the events arrive in (within the batch, and against what HQ holds)."""
    if not items:
        return
    bodies = {item.id: item.body for item in items if isinstance(item.body, TaskProgressBody)}
    allowed = await _progress_tasks_for(store, viewer, list(bodies.values()))
    newest: dict[tuple[str, str, str], TaskProgressBody] = {}
    for item in items:
        body = bodies[item.id]
        if (body.source, str(body.task_id)) not in allowed:
            item.reject("unknown task, or a task not assigned to you")
            continue
        key = _progress_key(body)
        if key not in newest or newest[key].as_of < body.as_of:
            newest[key] = body  # an older report in the same batch changes nothing
    rows = [
        ProgressRow(source, task_id, day, body.done, body.target, body.as_of)
        for (source, task_id, day), body in sorted(newest.items())  # one lock order across requests
    ]
    await store.upsert_progress(viewer.id, rows, utcnow())


def _progress_key(body: TaskProgressBody) -> tuple[str, str, str]:
    return body.source.value, str(body.task_id), body.day.isoformat() if body.day else ""


async def _progress_tasks_for(
    store: PushStore, viewer: Viewer, bodies: list[TaskProgressBody]
) -> set[tuple[TaskSource, str]]:
    """The (source, task id) pairs of these reports that are this guide's to report on."""
    if viewer.role is not Role.guide:
        return set()
    manager = sorted({str(body.task_id) for body in bodies if body.source is TaskSource.manager})
    sop = sorted({str(body.task_id) for body in bodies if body.source is TaskSource.sop})
    allowed: set[tuple[TaskSource, str]] = set()
    if manager:
        assigned = await store.assigned_tasks(viewer.id, manager)
        allowed |= {(TaskSource.manager, task_id) for task_id in assigned}
    if sop:
        templates = await store.live_sop_audiences(sop)
        seen = [template_id for template_id, audience in templates if viewer.sees_audience(audience)]
        allowed |= {(TaskSource.sop, template_id) for template_id in seen}
    return allowed


async def _apply_content_usage(store: PushStore, viewer: Viewer, items: list[Incoming]) -> None:
    if not items:
        return
    content_ids = sorted(
        {str(item.body.content_id) for item in items if isinstance(item.body, ContentUsageBody)}
    )
    rows = await store.content_audiences(content_ids)
    # A withdrawn item still counts for the days it was in the library (a guide offline for a
    # week reports sends made before it was withdrawn), never for a later day.
    last_day = {
        content_id: None if deleted_at is None else deleted_at.astimezone(UTC).date()
        for content_id, audience, deleted_at in rows
        if viewer.sees_audience(audience)
    }
    usage: list[UsageRow] = []
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
        usage.append(UsageRow(item.id, content_id, body.action.value, body.count, body.day.isoformat()))
    usage.sort(key=lambda row: row.event_id)  # one lock order across requests
    await store.insert_usage(viewer.id, usage, utcnow())
