"""Follow-ups (跟进/回访): what a guide plans to do for a customer, and when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.customers import live_customer
from guide_app.book.models import Customer, FollowUp
from guide_app.book.timeline import InteractionKind, log_interaction
from guide_app.errors import Conflict, ErrorCode, InvalidInput, NotFound
from guide_app.timeutil import utcnow

MAX_OUTCOME = 500  # the column's size
#: How far ahead a follow-up may be planned: further than this is a slip of the keyboard (9999).
MAX_AHEAD = timedelta(days=2 * 366)
#: A time picked "now" is already past when saved: a minute's grace keeps it valid.
PAST_GRACE = timedelta(minutes=1)


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


def complete(session: Session, follow_up_id: str, outcome: str) -> str:
    """Done: the outcome also goes onto the customer's timeline. Returns the customer's id."""
    if len(outcome) > MAX_OUTCOME:
        raise InvalidInput(
            f"the outcome has {len(outcome)} characters; keep it to {MAX_OUTCOME} (put more in a note)",
            code=ErrorCode.text_too_long,
        )
    follow_up = _open(session, follow_up_id)
    follow_up.status, follow_up.outcome = FollowUpStatus.done.value, outcome
    follow_up.done_at = follow_up.updated_at = utcnow()
    log_interaction(session, follow_up.customer_id, _TIMELINE_KIND[FollowUpKind(follow_up.kind)], outcome)
    return follow_up.customer_id


def check_due_at(due_at: datetime, now: datetime) -> None:
    """Refuse a time a guide cannot mean for a follow-up they plan or move: past, or years ahead."""
    if due_at.tzinfo is None or due_at.utcoffset() is None:
        raise InvalidInput("a follow-up's time needs its time zone", code=ErrorCode.date_invalid)
    if due_at < now - PAST_GRACE:
        raise InvalidInput("a follow-up cannot be planned in the past", code=ErrorCode.follow_up_in_past)
    if due_at > now + MAX_AHEAD:
        raise InvalidInput(
            f"a follow-up can be planned at most {MAX_AHEAD.days} days ahead", code=ErrorCode.date_invalid
        )


def reschedule(session: Session, follow_up_id: str, due_at: datetime, now: datetime | None = None) -> str:
    """Move an open follow-up to a new time from now on. Returns the customer's id."""
    now = now or utcnow()
    check_due_at(due_at, now)
    follow_up = _open(session, follow_up_id)
    follow_up.due_at, follow_up.updated_at = due_at, now
    return follow_up.customer_id


def cancel(session: Session, follow_up_id: str) -> str:
    """Not needed any more. Returns the customer's id."""
    follow_up = _open(session, follow_up_id)
    follow_up.status, follow_up.updated_at = FollowUpStatus.cancelled.value, utcnow()
    return follow_up.customer_id


def _views() -> Select[str, str, str, datetime, str, str]:
    return select(
        col(FollowUp.id),
        col(FollowUp.customer_id),
        col(Customer.name),
        col(FollowUp.due_at),
        col(FollowUp.kind),
        col(FollowUp.source),
    ).join(Customer, col(Customer.id) == col(FollowUp.customer_id))


def open_for_customer(session: Session, customer_id: str) -> list[DueFollowUp]:
    """A customer's open follow-ups, soonest first."""
    rows = session.execute(
        _views()
        .where(col(FollowUp.customer_id) == customer_id, col(FollowUp.status) == FollowUpStatus.open.value)
        .order_by(col(FollowUp.due_at), col(FollowUp.id))
    )
    return [DueFollowUp(*row) for row in rows]


def due(session: Session, by: datetime, limit: int = 500) -> list[DueFollowUp]:
    """Open follow-ups due at or before `by`, most overdue first, for live customers."""
    rows = session.execute(
        _views()
        .where(
            col(FollowUp.status) == FollowUpStatus.open.value,
            col(FollowUp.due_at) <= by,
            col(Customer.deleted_at).is_(None),
        )
        .order_by(col(FollowUp.due_at), col(FollowUp.id))
        .limit(limit)
    )
    return [DueFollowUp(*row) for row in rows]
