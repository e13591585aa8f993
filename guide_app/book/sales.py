"""Recording a sale: the sale, its outbox event, the timeline and the customer's totals, at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.customer_ref import customer_ref
from guide_app.book.customers import live_customer
from guide_app.book.hq_settings import current_settings
from guide_app.book.models import Customer, Outbox, Sale
from guide_app.book.outbox import OutboxStatus
from guide_app.book.timeline import InteractionKind, log_interaction
from guide_app.errors import Conflict, ErrorCode, InvalidInput
from guide_app.protocol import AttributionReason, EventKind, SaleBody
from guide_app.timeutil import utcnow

_SALE = Sale.__table__  # type: ignore[attr-defined]
_OUTBOX = Outbox.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SaleLine:
    name: str
    qty: int
    unit_price_fen: int
    sku: str = ""


@dataclass(frozen=True)
class RecordedSale:
    id: str
    attribution: AttributionReason


def attribution_for(session: Session, customer: Customer, sold_at: datetime) -> AttributionReason:
    """HQ's rule: the customer was already in this guide's book (owner), or was added later but
    touched by the guide within HQ's window before the sale (last touch)."""
    if customer.added_at <= sold_at:
        return AttributionReason.owner
    window = timedelta(days=current_settings(session).attribution_window_days)
    if customer.last_touch_at is not None and sold_at - window <= customer.last_touch_at <= sold_at + window:
        return AttributionReason.last_touch
    raise InvalidInput(
        "this customer joined the book after the sale and had no contact in HQ's attribution window",
        code=ErrorCode.sale_not_attributable,
    )


def _sale_body(
    order_no: str,
    amount_fen: int,
    lines: list[SaleLine],
    ref: str,
    sold_at: datetime,
    attribution: AttributionReason,
) -> dict[str, Any]:
    body = {
        "order_no": order_no.strip(),
        "amount_fen": amount_fen,
        "items": [
            {"sku": line.sku, "name": line.name, "qty": line.qty, "unit_price_fen": line.unit_price_fen}
            for line in lines
        ],
        "customer_ref": ref,
        "sold_at": sold_at.isoformat(),
        "attribution": attribution.value,
    }
    try:  # the outbox only ever holds what HQ's schema accepts
        return SaleBody.model_validate(body).model_dump(mode="json")
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(f"{where}: {first['msg']}", code=ErrorCode.sale_invalid, field=where) from error


def record_sale(
    session: Session,
    order_no: str,
    amount_fen: int,
    lines: list[SaleLine],
    customer_id: str,
    sold_at: datetime | None = None,
) -> RecordedSale:
    """Call inside `book.writing()`: the sale and its outbox event commit together or not at all."""
    sold_at = sold_at or utcnow()
    if sold_at > utcnow() + timedelta(minutes=10):
        raise InvalidInput("the sale time is in the future", code=ErrorCode.sale_in_future)
    customer = live_customer(session, customer_id)
    if session.execute(select(col(Sale.id)).where(col(Sale.order_no) == order_no.strip())).first():
        raise Conflict(f"order {order_no} is already recorded", code=ErrorCode.order_recorded)
    attribution = attribution_for(session, customer, sold_at)
    body = _sale_body(order_no, amount_fen, lines, customer_ref(session, customer_id), sold_at, attribution)
    sale_id, now = str(uuid.uuid4()), utcnow()
    # Core inserts: building the SQLModel objects (their validation) was a third of a sale's 8 ms.
    session.execute(
        insert(_SALE),
        [
            {
                "id": sale_id,
                "order_no": body["order_no"],
                "amount_fen": amount_fen,
                "items": body["items"],
                "customer_id": customer_id,
                "sold_at": sold_at,
                "attribution": attribution.value,
                "created_at": now,
            }
        ],
    )
    session.execute(
        insert(_OUTBOX),
        [
            {
                "id": sale_id,
                "kind": EventKind.sale.value,
                "body": body,
                "status": OutboxStatus.pending.value,
                "flags": [],
                "attempts": 0,
                "created_at": now,
            }
        ],
    )
    customer.purchase_count += 1
    customer.monetary_fen += amount_fen
    if customer.last_purchase_at is None or sold_at > customer.last_purchase_at:
        customer.last_purchase_at = sold_at
    log_interaction(
        session,
        customer_id,
        InteractionKind.purchase,
        f"{order_no} ¥{amount_fen / 100:,.2f}",
        at=sold_at,
        sale_id=sale_id,
    )
    return RecordedSale(id=sale_id, attribution=attribution)
