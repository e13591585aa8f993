"""A customer's timeline: messages, calls, visits, purchases, notes and content sent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.customers import live_customer
from guide_app.book.models import Interaction
from guide_app.errors import ErrorCode, InvalidInput
from guide_app.timeutil import utcnow


class InteractionKind(StrEnum):
    message = "message"
    call = "call"
    visit = "visit"
    purchase = "purchase"
    note = "note"
    content_sent = "content_sent"


_INTERACTION = Interaction.__table__  # type: ignore[attr-defined]
MAX_TEXT = 10_000  # a long visit note fits; a pasted document does not

#: Kinds that count as the guide touching the customer (for last-touch attribution).
TOUCHES = frozenset(
    {InteractionKind.message, InteractionKind.call, InteractionKind.visit, InteractionKind.content_sent}
)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    id: str
    kind: str
    at: datetime
    text: str
    content_id: str | None
    sale_id: str | None


def log_interaction(
    session: Session,
    customer_id: str,
    kind: InteractionKind,
    text: str = "",
    *,
    at: datetime | None = None,
    content_id: str | None = None,
    sale_id: str | None = None,
) -> str:
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            f"the entry has {len(text)} characters; the timeline keeps at most {MAX_TEXT:,}",
            code=ErrorCode.text_too_long,
        )
    customer = live_customer(session, customer_id)
    at = at or utcnow()
    entry_id = str(uuid.uuid4())
    row = {
        "id": entry_id,
        "customer_id": customer_id,
        "kind": kind.value,
        "at": at,
        "text": text,
        "content_id": content_id,
        "sale_id": sale_id,
        "created_at": utcnow(),
    }
    session.execute(insert(_INTERACTION), [row])  # Core: the SQLModel object cost more than the insert
    if kind in TOUCHES and (customer.last_touch_at is None or at > customer.last_touch_at):
        customer.last_touch_at = at
    return entry_id


def timeline(session: Session, customer_id: str, limit: int = 200) -> list[TimelineEntry]:
    """Newest first."""
    rows = session.execute(
        select(
            col(Interaction.id),
            col(Interaction.kind),
            col(Interaction.at),
            col(Interaction.text),
            col(Interaction.content_id),
            col(Interaction.sale_id),
        )
        .where(col(Interaction.customer_id) == customer_id)
        .order_by(col(Interaction.at).desc(), col(Interaction.id))
        .limit(limit)
    )
    return [TimelineEntry(*row) for row in rows]
