"""Screen calls about sales: who a sale would be credited to, recording one, the guide's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlmodel import col

from guide_app.book import sales
from guide_app.book.customers import live_customer
from guide_app.book.models import Customer, Sale
from guide_app.book.sales import RecordedSale, SaleLine
from guide_app.book.store import Book
from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.protocol import AttributionReason
from guide_app.timeutil import utcnow


@dataclass(frozen=True, slots=True)
class SaleRow:
    id: str
    order_no: str
    amount_fen: int
    sold_at: datetime
    attribution: AttributionReason
    customer_id: str | None  # None once the customer was purged
    customer_name: str


def attribution_preview(book: Book, customer_id: str, sold_at: datetime | None = None) -> AttributionReason:
    """What HQ's rule gives this sale before it is saved; InvalidInput (sale_not_attributable)
    when it would not count for this guide."""
    with book.reading() as session:
        customer = live_customer(session, customer_id)
        return sales.attribution_for(session, customer, sold_at or utcnow())


def record_sale(
    book: Book,
    order_no: str,
    amount_fen: int,
    lines: list[SaleLine],
    customer_id: str,
    sold_at: datetime | None = None,
) -> Outcome[RecordedSale]:
    """The sale, its upload, the timeline entry and the customer's totals, in one commit."""
    with book.writing() as session:
        recorded = sales.record_sale(session, order_no, amount_fen, lines, customer_id, sold_at)
    areas = (Area.sales, Area.outbox, Area.customers, Area.timeline, Area.tasks)
    return Outcome(recorded, ChangeNotice.of(*areas, customers=[customer_id]))


def recent_sales(book: Book, limit: int = 200) -> list[SaleRow]:
    """The guide's sales, newest first."""
    return _sale_rows(book, _sale_rows_query().limit(limit))


def customer_sales(book: Book, customer_id: str, limit: int = 500) -> list[SaleRow]:
    """One customer's sales (merged duplicates' included), newest first."""
    return _sale_rows(book, _sale_rows_query().where(col(Sale.customer_id) == customer_id).limit(limit))


#: A sale row's columns: id, order no, amount, sold at, attribution, customer id, customer name.
_SaleQuery = Select[str, str, int, datetime, str, str | None, str]


def _sale_rows_query() -> _SaleQuery:
    return (
        select(
            col(Sale.id),
            col(Sale.order_no),
            col(Sale.amount_fen),
            col(Sale.sold_at),
            col(Sale.attribution),
            col(Sale.customer_id),
            col(Customer.name),
        )
        .outerjoin(Customer, col(Customer.id) == col(Sale.customer_id))
        .order_by(col(Sale.sold_at).desc(), col(Sale.id))
    )


def _sale_rows(book: Book, query: _SaleQuery) -> list[SaleRow]:
    with book.reading() as session:
        rows = session.execute(query).all()
    return [
        SaleRow(sale_id, order_no, amount, sold_at, AttributionReason(attribution), customer_id, name or "")
        for sale_id, order_no, amount, sold_at, attribution, customer_id, name in rows
    ]
