"""Writing a demo book: customers, tags, follow-ups and timeline in bulk, then sales one by one.

Customers and their history go in with Core executemany, a chunk to a transaction (ORM objects
one by one would take minutes at 200k). Sales go through the core's own `record_sale`, so each
gets its outbox event, timeline entry and customer totals exactly as a sale at the till does,
and the next sync uploads them to HQ. Running it again adds only what is missing: customers have
fixed ids and sales fixed order numbers.

Measured on a shared, busy 2-core PC: customers with their history at 20,000 in 13-20 s and at
200,000 in 181 s (a quarter of it drawing them; most of the rest is the book's own per-row cost,
search keys and the FTS index, which an xlsx import pays too). Sales cost 1.5-4 ms each through
`record_sale`: ~5 s for a 2,000-customer book's 2,700, but minutes for a 200k benchmark book.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.batching import batched
from guide_app.book.customer_ref import customer_ref
from guide_app.book.customers import customer_row
from guide_app.book.followups import FollowUpStatus
from guide_app.book.models import (
    BookTable,
    Customer,
    CustomerTag,
    FollowUp,
    Interaction,
    Sale,
    SyncState,
    Tag,
    TagGroup,
)
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.segments import refresh_segments
from guide_app.book.store import Book
from guide_app.book.tags import PersonalTags, TagSource
from guide_app.book.timeline import TOUCHES
from guide_app.demo.history import with_history
from guide_app.demo.people import DemoCustomer, DemoSale, draw_customer
from guide_app.jobs import CancelToken, JobControl, Phase, ProgressSink, control
from guide_app.timeutil import utcnow

DEFAULT_CUSTOMERS = 2_000
CUSTOMERS_PER_COMMIT = 5_000
SALES_PER_COMMIT = 1_000
_TOUCH_VALUES = frozenset(kind.value for kind in TOUCHES)


@dataclass(frozen=True)
class DemoBookReport:
    """What one run added (zero on a second run) and what the book now holds from the demo."""

    customers_added: int
    sales_recorded: int
    sales_fen: int  # every demo sale of the book, recorded now or before
    customers_seconds: float  # customers, tags, follow-ups and timeline
    sales_seconds: float  # recording the sales one by one, and stages and segments after them

    @property
    def seconds(self) -> float:
        return self.customers_seconds + self.sales_seconds


def demo_customers(login: str, count: int, now: datetime) -> Iterator[DemoCustomer]:
    """The login's first `count` demo customers with their history, each from its own seeded random."""
    today = now.astimezone().date()
    for number in range(count):
        rng = random.Random(f"{login}\n{number}")
        customer = draw_customer(rng, login, number, now, today)
        yield with_history(rng, login, number, customer, now, today)


def make_demo_book(
    book: Book,
    login: str,
    count: int = DEFAULT_CUSTOMERS,
    now: datetime | None = None,
    *,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> DemoBookReport:
    """Fill `login`'s book with `count` believable customers and their history, then work out
    stages and RFM segments as a sync would. HQ's tag groups are used when the book has them
    (after the first sync); personal tags always."""
    started = time.perf_counter()
    job = control(progress, cancel)
    added, planned = write_demo_customers(book, login, count, now or utcnow(), job)
    written = time.perf_counter()
    recorded, total = record_demo_sales(book, planned, job)
    refresh_segments(book, progress=progress, cancel=cancel)
    return DemoBookReport(added, recorded, total, written - started, time.perf_counter() - written)


def write_demo_customers(
    book: Book, login: str, count: int, now: datetime, job: JobControl | None = None
) -> tuple[int, list[tuple[str, DemoSale]]]:
    """Write the customers the book lacks, with tags, follow-ups and timeline; return how many
    were added and every demo customer's planned sales (customer id, sale)."""
    job = job or control()
    planned: list[tuple[str, DemoSale]] = []
    added = 0
    with book.reading() as session:
        present = set(session.execute(select(col(Customer.id))).scalars())
        hq_tags = _hq_tag_ids(session)
    for chunk in batched(demo_customers(login, count, now), CUSTOMERS_PER_COMMIT):
        planned += [(customer.id, sale) for customer in chunk for sale in customer.sales]
        fresh = [customer for customer in chunk if customer.id not in present]
        if fresh:
            with book.writing() as session:
                _write_customers(session, fresh, hq_tags, now)
        added += len(fresh)
        job.report(Phase.writing_book, added, count)
    return added, planned


def _hq_tag_ids(session: Session) -> dict[tuple[str, str], str]:
    """(group name, tag name) → tag id of HQ's live tags in this book."""
    rows = session.execute(
        select(col(TagGroup.name), col(Tag.name), col(Tag.id))
        .join(Tag, col(Tag.group_id) == col(TagGroup.id))
        .where(
            col(TagGroup.source) == TagSource.hq.value,
            col(TagGroup.deleted_at).is_(None),
            col(Tag.deleted_at).is_(None),
        )
    )
    return {(group, tag): tag_id for group, tag, tag_id in rows}


def _write_customers(
    session: Session, customers: list[DemoCustomer], hq_tags: dict[tuple[str, str], str], now: datetime
) -> None:
    rows = [_customer_row(customer, now) for customer in customers]
    session.execute(insert(_table(Customer)), rows)
    personal = PersonalTags(session)
    links = [
        {"customer_id": customer.id, "tag_id": tag_id, "created_at": customer.added_at}
        for customer in customers
        for tag_id in _tag_ids(customer, hq_tags, personal)
    ]
    personal.write_pending()
    for table, entries in (
        (CustomerTag, links),
        (FollowUp, list(_follow_up_rows(customers, now))),
        (Interaction, list(_interaction_rows(customers))),
    ):
        if entries:
            session.execute(insert(_table(table)), entries)


def _table(model: type[BookTable]) -> Table:
    """The model's table: Core executemany on it, where the ORM's bulk insert took 4x longer
    (it split 5,000 rows into hundreds of statements by which columns each row had)."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _customer_row(customer: DemoCustomer, now: datetime) -> dict[str, Any]:
    row = customer_row(customer.fields, now, customer_id=customer.id)
    touches = [entry.at for entry in customer.timeline if entry.kind in _TOUCH_VALUES]
    row["last_touch_at"] = max(touches, default=None)
    return row


def _tag_ids(
    customer: DemoCustomer, hq_tags: dict[tuple[str, str], str], personal: PersonalTags
) -> Iterable[str]:
    found = (hq_tags.get(pair) for pair in customer.hq_tags)
    yield from (tag_id for tag_id in found if tag_id is not None)
    yield from (personal.id_of(name) for name in customer.personal_tags)


def _follow_up_rows(customers: list[DemoCustomer], now: datetime) -> Iterator[dict[str, Any]]:
    for customer in customers:
        for follow_up in customer.follow_ups:
            closed = follow_up.status != FollowUpStatus.open
            yield {
                "id": str(uuid.uuid4()),
                "customer_id": customer.id,
                "due_at": follow_up.due_at,
                "kind": follow_up.kind,
                "status": follow_up.status,
                "outcome": follow_up.outcome,
                "source": follow_up.source,
                "created_at": min(follow_up.due_at, now),
                "updated_at": min(follow_up.due_at, now),
                "done_at": follow_up.due_at if closed else None,
            }


def _interaction_rows(customers: list[DemoCustomer]) -> Iterator[dict[str, Any]]:
    for customer in customers:
        for entry in customer.timeline:
            yield {
                "id": str(uuid.uuid4()),
                "customer_id": customer.id,
                "kind": entry.kind,
                "at": entry.at,
                "text": entry.text,
                "content_id": None,
                "sale_id": None,
                "created_at": entry.at,
            }


def record_demo_sales(
    book: Book, planned: list[tuple[str, DemoSale]], job: JobControl | None = None
) -> tuple[int, int]:
    """Record, oldest first, the planned sales whose order numbers the book does not hold yet,
    each through the core's `record_sale` (sale, outbox event, timeline, customer totals).
    Returns how many were recorded now and the fen of all the planned orders the book holds."""
    with book.reading() as session:
        rows = session.execute(select(col(Sale.order_no), col(Sale.amount_fen)))
        recorded = {order: amount for order, amount in rows}
    missing = sorted(
        ((customer_id, sale) for customer_id, sale in planned if sale.order_no not in recorded),
        key=lambda pair: pair[1].sold_at,
    )
    for done, chunk in enumerate(batched(missing, SALES_PER_COMMIT)):
        with book.writing() as session, session.no_autoflush:
            # The chunk's customers and the book's sync state (the customer_ref secret) held in
            # the session: record_sale then finds them there instead of asking SQLite three times
            # a sale (the session only keeps objects someone holds), and the customers' new
            # totals are flushed together at the commit.
            buyers = {customer_id for customer_id, _sale in chunk}
            customer_ref(session, chunk[0][0])  # makes the secret on a book's first sale
            loaded = [
                *session.execute(select(Customer).where(col(Customer.id).in_(buyers))).scalars(),
                *session.execute(select(SyncState)).scalars(),
            ]
            for customer_id, sale in chunk:
                lines = [SaleLine(item.name, item.qty, item.unit_price_fen, item.sku) for item in sale.items]
                record_sale(session, sale.order_no, sale.amount_fen, lines, customer_id, sale.sold_at)
            del loaded
        if job is not None:
            job.report(Phase.writing_book, min((done + 1) * SALES_PER_COMMIT, len(missing)), len(missing))
    held = sum(recorded.get(sale.order_no, sale.amount_fen) for _customer, sale in planned)
    return len(missing), held
