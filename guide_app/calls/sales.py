"""Screen calls about sales: who a sale would be credited to, recording and correcting one, and
the guide's list with where each sale stands at HQ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select
from sqlmodel import col

from guide_app.book import sales
from guide_app.book.customers import live_customer
from guide_app.book.models import Customer, HqRecord, Outbox, Sale
from guide_app.book.sales import AttributionPreview, CorrectedSale, RecordedSale, SaleLine
from guide_app.book.store import Book
from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.protocol import AttributionReason, SaleCorrectionAction
from guide_app.sync.problems import SaleStanding, UploadState, standing_of, standing_query
from guide_app.timeutil import utcnow

#: What a sale's record or correction changes on screen.
_SALE_AREAS = (Area.sales, Area.outbox, Area.customers, Area.timeline)


@dataclass(frozen=True, slots=True)
class SaleRow:
    """One sale as the Sales list and the customer card show it, with where it stands at HQ."""

    id: str
    order_no: str
    amount_fen: int  # in force: after the latest amend (a voided sale keeps its last amount)
    sold_at: datetime
    attribution: AttributionReason
    customer_id: str | None  # None once the customer was purged
    customer_name: str
    lines: tuple[SaleLine, ...]
    original_amount_fen: int | None  # the amount first recorded, once an amend changed it
    voided: bool
    corrected_at: datetime | None
    standing: SaleStanding

    @property
    def upload(self) -> UploadState:
        """The sale's own state at HQ: waiting, counted, disputed or rejected."""
        return self.standing.upload

    @property
    def correction_upload(self) -> UploadState | None:
        """The latest correction's upload: waiting, counted or rejected; None without one."""
        return self.standing.correction_upload

    @property
    def words(self) -> str:
        """The standing in plain English (the UI says it in the guide's language: ui.messages)."""
        return self.standing.words

    @property
    def credited_elsewhere(self) -> bool:
        """A manager credited the sale's order to another guide: it no longer counts for this one."""
        dispute = self.standing.dispute
        return dispute is not None and dispute.decided_by is not None and not dispute.counted_for_me


def attribution_preview(book: Book, customer_id: str, sold_at: datetime | None = None) -> AttributionReason:
    """What HQ's rule gives this sale before it is saved; InvalidInput (sale_not_attributable)
    when it would not count for this guide."""
    return explain_attribution(book, customer_id, sold_at).reason


def explain_attribution(book: Book, customer_id: str, sold_at: datetime | None = None) -> AttributionPreview:
    """HQ's rule for this sale with what it rests on ("you added this customer 3 days ago"), to
    show before saving; InvalidInput (sale_not_attributable) when it would not count."""
    with book.reading() as session:
        customer = live_customer(session, customer_id)
        return sales.explain_attribution(session, customer, sold_at or utcnow())


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
    return Outcome(recorded, ChangeNotice.of(*_SALE_AREAS, Area.tasks, customers=[customer_id]))


def correct_sale(
    book: Book,
    sale_id: str,
    *,
    action: SaleCorrectionAction,
    amount_fen: int | None = None,
    lines: list[SaleLine] | None = None,
    reason: str,
) -> Outcome[CorrectedSale]:
    """Amend (the amount actually paid, and its items if listed) or void one of the guide's sales,
    in one commit: a new upload after the sale's own, the sale's amount in force, the buyer's
    totals and timeline. Refusals name the field (`details["field"]`: amount_fen, items, reason):
    sale_missing, sale_voided (a void is final), sale_amount_unchanged, sale_items_mismatch,
    sale_invalid, sale_refused_by_hq (amending a sale HQ refused), correction_reason_missing."""
    with book.writing() as session:
        corrected = sales.correct_sale(session, sale_id, action, amount_fen, list(lines or ()), reason)
    if corrected.customer_id is None:  # a purged customer's sale: no card or timeline to refresh
        return Outcome(corrected, ChangeNotice.of(Area.sales, Area.outbox))
    return Outcome(corrected, ChangeNotice.of(*_SALE_AREAS, customers=[corrected.customer_id]))


def my_sales(book: Book, limit: int = 200, offset: int = 0) -> list[SaleRow]:
    """The guide's sales, newest first, each with its standing at HQ and the words for it."""
    return _sale_rows(book, _sale_rows_query().limit(limit).offset(offset))


def recent_sales(book: Book, limit: int = 200) -> list[SaleRow]:
    """The newest `limit` of `my_sales`."""
    return my_sales(book, limit)


def customer_sales(book: Book, customer_id: str, limit: int = 500) -> list[SaleRow]:
    """One customer's sales (merged duplicates' included), newest first."""
    return _sale_rows(book, _sale_rows_query().where(col(Sale.customer_id) == customer_id).limit(limit))


_SaleQuery = Select[Sale, Outbox, Outbox, HqRecord, str]


def _sale_rows_query() -> _SaleQuery:
    return (
        standing_query()
        .add_columns(col(Customer.name))
        .outerjoin(Customer, col(Customer.id) == col(Sale.customer_id))
        .order_by(col(Sale.sold_at).desc(), col(Sale.id))
    )


def _sale_rows(book: Book, query: _SaleQuery) -> list[SaleRow]:
    with book.reading() as session:
        rows = session.execute(query).all()
    return [
        SaleRow(
            id=sale.id,
            order_no=sale.order_no,
            amount_fen=sale.amount_fen,
            sold_at=sale.sold_at,
            attribution=AttributionReason(sale.attribution),
            customer_id=sale.customer_id,
            customer_name=name or "",
            lines=tuple(
                SaleLine(i["name"], i["qty"], i["unit_price_fen"], i.get("sku", "")) for i in sale.items or ()
            ),
            original_amount_fen=sale.original_amount_fen,
            voided=sale.voided_at is not None,
            corrected_at=sale.corrected_at,
            standing=standing_of(sale, sent, correction, notice),
        )
        for sale, sent, correction, notice, name in rows
    ]
