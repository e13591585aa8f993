"""Follow-ups (跟进/回访): what a guide plans to do for a customer, and when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.customers import live_customer
from guide_app.book.models import Customer, FollowUp
from guide_app.book.timeline import InteractionKind, log_interaction
from guide_app.errors import Conflict, ErrorCode, NotFound
from guide_app.timeutil import utcnow


class FollowUpKind(StrEnum):
    message = "message"
    call = "call"
    visit = "visit"
    other = "other"


class FollowUpStatus(StrEnum):
    open = "open"
    done = "done"
    cancelled = "cancelled"


class FollowUpSource(StrEnum):
    self = "self"
    sop = "sop"
    manager = "manager"


_TIMELINE_KIND = {
    FollowUpKind.message: InteractionKind.message,
    FollowUpKind.call: InteractionKind.call,
    FollowUpKind.visit: InteractionKind.visit,
    FollowUpKind.other: InteractionKind.note,
}


@dataclass(frozen=True, slots=True)
class DueFollowUp:
    id: str
    customer_id: str
    customer_name: str
    due_at: datetime
    kind: str
    source: str


def plan(
    session: Session,
    customer_id: str,
    due_at: datetime,
    kind: FollowUpKind,
    source: FollowUpSource = FollowUpSource.self,
) -> str:
    live_customer(session, customer_id)
    follow_up = FollowUp(
        id=str(uuid.uuid4()), customer_id=customer_id, due_at=due_at, kind=kind.value, source=source.value
    )
    session.add(follow_up)
    session.flush()
    return follow_up.id


def _open(session: Session, follow_up_id: str) -> FollowUp:
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFound("no such follow-up", code=ErrorCode.follow_up_missing)
    if follow_up.status != FollowUpStatus.open:
        raise Conflict("this follow-up is already closed", code=ErrorCode.follow_up_closed)
    return follow_up


def complete(session: Session, follow_up_id: str, outcome: str) -> None:
    """Done: the outcome also goes onto the customer's timeline."""
    follow_up = _open(session, follow_up_id)
    follow_up.status, follow_up.outcome = FollowUpStatus.done.value, outcome[:500]
    follow_up.done_at = follow_up.updated_at = utcnow()
    log_interaction(session, follow_up.customer_id, _TIMELINE_KIND[FollowUpKind(follow_up.kind)], outcome)


def cancel(session: Session, follow_up_id: str) -> None:
    follow_up = _open(session, follow_up_id)
    follow_up.status, follow_up.updated_at = FollowUpStatus.cancelled.value, utcnow()


def due(session: Session, by: datetime, limit: int = 500) -> list[DueFollowUp]:
    """Open follow-ups due at or before `by`, most overdue first, for live customers."""
    rows = session.execute(
        select(
            col(FollowUp.id),
            col(FollowUp.customer_id),
            col(Customer.name),
            col(FollowUp.due_at),
            col(FollowUp.kind),
            col(FollowUp.source),
        )
        .join(Customer, col(Customer.id) == col(FollowUp.customer_id))
        .where(
            col(FollowUp.status) == FollowUpStatus.open.value,
            col(FollowUp.due_at) <= by,
            col(Customer.deleted_at).is_(None),
        )
        .order_by(col(FollowUp.due_at), col(FollowUp.id))
        .limit(limit)
    )
    return [DueFollowUp(*row) for row in rows]
