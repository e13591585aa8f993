"""Recording and correcting a sale: the sale, its outbox event, the timeline and the customer's
totals, at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.customer_ref import customer_ref
from guide_app.book.customers import live_customer
from guide_app.book.hq_settings import current_settings
from guide_app.book.models import Customer, Outbox, Sale
from guide_app.book.outbox import OutboxStatus
from guide_app.book.timeline import InteractionKind, log_interaction
from guide_app.errors import Conflict, ErrorCode, InvalidInput, NotFound
from guide_app.protocol import (
    AttributionReason,
    AttributionRule,
    EventKind,
    SaleBody,
    SaleCorrectionAction,
    SaleCorrectionBody,
)
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


@dataclass(frozen=True)
class AttributionPreview:
    """Why HQ's rule credits a sale to this guide, in numbers a sentence can be made of."""

    reason: AttributionReason
    since: datetime  # owner: when the customer was added; last touch: the guide's last contact
    days: int  # whole days from `since` to the sale (0 when on the same day or after it)
    window_days: int  # HQ's last-touch window

    @property
    def words(self) -> str:
        """In English, for logs and the command line (the sale dialog words it for the guide)."""
        if self.reason is AttributionReason.owner:
            return f"credited to you: you added this customer {self.days} day(s) ago"
        return (
            f"credited to you: you last contacted them {self.days} day(s) ago, "
            f"within HQ's {self.window_days}-day window"
        )


def attribution_for(session: Session, customer: Customer, sold_at: datetime) -> AttributionReason:
    return explain_attribution(session, customer, sold_at).reason


def explain_attribution(session: Session, customer: Customer, sold_at: datetime) -> AttributionPreview:
    """HQ's rule (AttributionRule): the customer was already in this guide's book (owner), and/or
    was touched by the guide within HQ's window of the sale (last touch). InvalidInput
    (sale_not_attributable, with `rule` and `window_days` in its details) when the rule credits
    the sale to nobody here."""
    settings = current_settings(session)
    rule, window_days = settings.attribution_rule, settings.attribution_window_days
    if rule is not AttributionRule.last_touch_only and customer.added_at <= sold_at:
        return AttributionPreview(
            AttributionReason.owner, customer.added_at, (sold_at - customer.added_at).days, window_days
        )
    window = timedelta(days=window_days)
    touched = customer.last_touch_at
    if (
        rule is not AttributionRule.owner_only
        and touched is not None
        and sold_at - window <= touched <= sold_at + window
    ):
        return AttributionPreview(
            AttributionReason.last_touch, touched, max(0, (sold_at - touched).days), window_days
        )
    raise InvalidInput(
        _NOT_CREDITED[rule], code=ErrorCode.sale_not_attributable, rule=rule, window_days=window_days
    )


_NOT_CREDITED = {
    AttributionRule.owner_or_last_touch: "this customer joined the book after the sale and had no "
    "contact in HQ's attribution window",
    AttributionRule.owner_only: "this customer joined the book after the sale, and HQ credits only "
    "customers already in the book",
    AttributionRule.last_touch_only: "you had no contact with this customer within HQ's attribution "
    "window of the sale, and HQ credits only contacted customers",
}


def _lines_json(lines: list[SaleLine]) -> list[dict[str, Any]]:
    return [
        {"sku": line.sku, "name": line.name, "qty": line.qty, "unit_price_fen": line.unit_price_fen}
        for line in lines
    ]


def _checked_body(schema: type[SaleBody] | type[SaleCorrectionBody], body: dict[str, Any]) -> dict[str, Any]:
    """The outbox only ever holds what HQ's schema accepts; a refusal names the field."""
    try:
        return schema.model_validate(body).model_dump(mode="json")
    except ValidationError as error:
        first = error.errors()[0]
        if not first["loc"]:  # the whole-body rule: the listed items add up to the amount
            raise InvalidInput(first["msg"], code=ErrorCode.sale_items_mismatch, field="items") from error
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(f"{where}: {first['msg']}", code=ErrorCode.sale_invalid, field=where) from error


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
        "items": _lines_json(lines),
        "customer_ref": ref,
        "sold_at": sold_at.isoformat(),
        "attribution": attribution.value,
    }
    return _checked_body(SaleBody, body)


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
    if amount_fen <= 0:  # commission counts what was paid: ¥0 is a slip, and a return is a void
        raise InvalidInput(
            "a sale must have an amount paid above ¥0", code=ErrorCode.sale_invalid, field="amount_fen"
        )
    customer = live_customer(session, customer_id)
    # Order numbers are kept in capitals (SaleBody); a book may hold older ones typed in lower case.
    spelled = order_no.strip().upper()
    if session.execute(select(col(Sale.id)).where(func.upper(col(Sale.order_no)) == spelled)).first():
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
        f"{body['order_no']} ¥{amount_fen / 100:,.2f}",
        at=sold_at,
        sale_id=sale_id,
    )
    return RecordedSale(id=sale_id, attribution=attribution)


# --------------------------------------------------------------------------- corrections


@dataclass(frozen=True)
class CorrectedSale:
    sale_id: str
    correction_id: str | None  # None: HQ refused the sale, so its void stays on this PC
    customer_id: str | None  # None once the customer was purged


_ONE_TICK = timedelta(microseconds=1)


def _after(moment: datetime, *earlier: datetime | None) -> datetime:
    """`moment`, or just after the latest of `earlier`: the outbox pushes by created_at and HQ
    keeps the latest corrected_at, so a coarse clock (Windows ticks every 15.6 ms) must never
    give a correction the same time as the event it follows."""
    latest = max((when for when in earlier if when is not None), default=None)
    return moment if latest is None or moment > latest else latest + _ONE_TICK


def _refused_by_hq(sent: Outbox | None) -> bool:
    return sent is not None and sent.status in (OutboxStatus.rejected, OutboxStatus.conflict)


def _correctable(session: Session, sale_id: str, action: SaleCorrectionAction) -> tuple[Sale, Outbox | None]:
    """The sale and its own outbox event, once the correction is known to make sense."""
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise NotFound("no such sale", code=ErrorCode.sale_missing)
    if sale.voided_at is not None:
        raise Conflict(f"order {sale.order_no} is voided; a void is final", code=ErrorCode.sale_voided)
    sent = session.get(Outbox, sale_id)
    if _refused_by_hq(sent) and action is SaleCorrectionAction.amend:
        raise Conflict(f"HQ refused order {sale.order_no}", code=ErrorCode.sale_refused_by_hq)
    return sale, sent


def _check_correction(
    sale: Sale, action: SaleCorrectionAction, amount_fen: int | None, lines: list[SaleLine]
) -> None:
    if action is SaleCorrectionAction.void:
        if amount_fen is not None or lines:
            raise InvalidInput(
                "a void takes no amount and no items", code=ErrorCode.sale_invalid, field="amount_fen"
            )
        return
    if amount_fen is None or amount_fen < 0:
        raise InvalidInput(
            "an amend needs the amount paid, 0 or more", code=ErrorCode.sale_invalid, field="amount_fen"
        )
    if amount_fen == sale.amount_fen:
        raise InvalidInput(
            f"order {sale.order_no} is already {amount_fen} fen",
            code=ErrorCode.sale_amount_unchanged,
            field="amount_fen",
        )


def correct_sale(
    session: Session,
    sale_id: str,
    action: SaleCorrectionAction,
    amount_fen: int | None,
    lines: list[SaleLine],
    reason: str,
) -> CorrectedSale:
    """Call inside `book.writing()`. Amend or void one of the guide's sales: a new outbox event
    (the sale's own event is never changed), the sale's amount in force, the customer's totals
    and a timeline entry, together. Among amends the latest wins; a void is final."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "say why the sale is corrected", code=ErrorCode.correction_reason_missing, field="reason"
        )
    sale, sent = _correctable(session, sale_id, action)
    _check_correction(sale, action, amount_fen, lines)
    now = _after(utcnow(), sale.corrected_at)
    body = _checked_body(
        SaleCorrectionBody,
        {
            "sale_id": sale.id,
            "action": action.value,
            "amount_fen": amount_fen,
            "items": _lines_json(lines),
            "reason": reason,
            "corrected_at": now.isoformat(),
        },
    )
    # HQ never held a sale it refused: voiding one is this PC's business alone.
    correction_id = None if _refused_by_hq(sent) else _queue_correction(session, sale, sent, body, now)
    before = sale.amount_fen
    if action is SaleCorrectionAction.void:
        sale.voided_at = now
    else:
        assert amount_fen is not None  # _check_correction
        if sale.original_amount_fen is None:
            sale.original_amount_fen = before
        sale.amount_fen, sale.items = amount_fen, body["items"]
    sale.corrected_at, sale.correction_id = now, correction_id or sale.correction_id
    _retotal_customer(session, sale, before)
    _log_correction(session, sale, action, before, reason, now)
    return CorrectedSale(sale.id, correction_id, sale.customer_id)


def _queue_correction(
    session: Session, sale: Sale, sent: Outbox | None, body: dict[str, Any], now: datetime
) -> str:
    """The correction's event, queued after the sale's and after any earlier correction."""
    previous = session.get(Outbox, sale.correction_id) if sale.correction_id else None
    created_at = _after(now, sent.created_at if sent else None, previous.created_at if previous else None)
    correction_id = str(uuid.uuid4())
    session.execute(
        insert(_OUTBOX),
        [
            {
                "id": correction_id,
                "kind": EventKind.sale_correction.value,
                "body": body,
                "status": OutboxStatus.pending.value,
                "flags": [],
                "attempts": 0,
                "created_at": created_at,
            }
        ],
    )
    return correction_id


def _retotal_customer(session: Session, sale: Sale, amount_before: int) -> None:
    """The buyer's totals after a correction: an amend moves the money; a void takes the sale
    out of the count, the money and, when it was the latest, the last purchase."""
    customer = session.get(Customer, sale.customer_id) if sale.customer_id else None
    if customer is None:
        return
    if sale.voided_at is None:
        customer.monetary_fen += sale.amount_fen - amount_before
        return
    customer.monetary_fen -= amount_before
    customer.purchase_count = max(0, customer.purchase_count - 1)
    session.flush()
    customer.last_purchase_at = session.execute(
        select(func.max(col(Sale.sold_at))).where(
            col(Sale.customer_id) == customer.id, col(Sale.voided_at).is_(None)
        )
    ).scalar()


def _log_correction(
    session: Session, sale: Sale, action: SaleCorrectionAction, before: int, reason: str, now: datetime
) -> None:
    customer = session.get(Customer, sale.customer_id) if sale.customer_id else None
    if customer is None or customer.deleted_at is not None:
        return  # a purged or deleted customer's timeline takes no entries
    # Stored words stay in whatever language the book is read in later: numbers and the guide's
    # own reason only (a void takes the amount to nothing).
    after = 0 if action is SaleCorrectionAction.void else sale.amount_fen
    text = f"{sale.order_no} ¥{before / 100:,.2f} → ¥{after / 100:,.2f} · {reason}"
    log_interaction(session, customer.id, InteractionKind.note, text, at=now, sale_id=sale.id)
