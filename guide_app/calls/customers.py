"""Screen calls about customers: find, show one, add, edit, delete, restore, purge, merge."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from guide_app.book import customers, followups, timeline
from guide_app.book.customers import CustomerFields
from guide_app.book.models import Customer
from guide_app.book.search import CustomerQuery, CustomerRow, count_customers, search_customers
from guide_app.book.store import Book
from guide_app.book.tags import TagView, customer_tags
from guide_app.changes import Area, ChangeNotice, Outcome

#: What a customer's own change can move: their row, their list position, their tasks' counts.
_CUSTOMER_AREAS = (Area.customers, Area.tasks)


class Presence(StrEnum):
    """Whether a customer is in the book: a deleted one can be restored, a purged one is gone."""

    live = "live"
    deleted = "deleted"
    purged = "purged"


@dataclass(frozen=True, slots=True)
class CustomerPage:
    """One page of the customer list and how many match in all."""

    rows: list[CustomerRow]
    total: int


@dataclass(frozen=True, slots=True)
class CustomerCard:
    """Everything the customer card shows, read in one go."""

    customer: Customer
    tags: list[TagView]
    open_follow_ups: list[followups.DueFollowUp]
    timeline: list[timeline.TimelineEntry]


def find_customers(book: Book, query: CustomerQuery, *, with_total: bool = True) -> CustomerPage:
    """A page of matching customers (and, unless asked not to, how many match)."""
    with book.sql_reader() as connection:
        rows = search_customers(connection, query)
        total = count_customers(connection, query) if with_total else len(rows)
    return CustomerPage(rows, total)


def customer_card(book: Book, customer_id: str, timeline_limit: int = 200) -> CustomerCard:
    with book.reading() as session:
        customer = customers.live_customer(session, customer_id)
        return CustomerCard(
            customer=customer,
            tags=customer_tags(session, customer_id),
            open_follow_ups=followups.open_for_customer(session, customer_id),
            timeline=timeline.timeline(session, customer_id, limit=timeline_limit),
        )


def customer_presence(book: Book, customer_id: str) -> Presence:
    """For a screen showing one customer: live, deleted (restorable) or purged (or never there)."""
    with book.reading() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            return Presence.purged
        return Presence.live if customer.deleted_at is None else Presence.deleted


def add_customer(book: Book, given: CustomerFields) -> Outcome[str]:
    """The new customer's id. Adding can put them on today's task lists at the next expansion."""
    with book.writing() as session:
        customer_id = customers.add_customer(session, given)
    return Outcome(customer_id, ChangeNotice.of(*_CUSTOMER_AREAS, customers=[customer_id]))


def update_customer(book: Book, customer_id: str, changes: dict[str, Any]) -> Outcome[None]:
    with book.writing() as session:
        customers.update_customer(session, customer_id, changes)
    return Outcome(None, ChangeNotice.of(*_CUSTOMER_AREAS, customers=[customer_id]))


def delete_customer(book: Book, customer_id: str) -> Outcome[None]:
    """Soft delete: the customer leaves lists and task counts, and can be restored."""
    with book.writing() as session:
        customers.soft_delete(session, customer_id)
    return Outcome(None, ChangeNotice.of(*_CUSTOMER_AREAS, Area.follow_ups, customers=[customer_id]))


def restore_customer(book: Book, customer_id: str) -> Outcome[None]:
    with book.writing() as session:
        customers.restore(session, customer_id)
    return Outcome(None, ChangeNotice.of(*_CUSTOMER_AREAS, Area.follow_ups, customers=[customer_id]))


def purge_customer(book: Book, customer_id: str) -> Outcome[None]:
    """Erase for good (the customer's request under PIPL); sales stay, unlinked."""
    with book.writing() as session:
        customers.purge(session, customer_id)
    areas = (*_CUSTOMER_AREAS, Area.tags, Area.follow_ups, Area.timeline, Area.sales)
    return Outcome(None, ChangeNotice.of(*areas, customers=[customer_id]))


def merge_customers(book: Book, keep_id: str, drop_id: str) -> Outcome[None]:
    with book.writing() as session:
        customers.merge(session, keep_id, drop_id)
    areas = (*_CUSTOMER_AREAS, Area.tags, Area.follow_ups, Area.timeline, Area.sales)
    return Outcome(None, ChangeNotice.of(*areas, customers=[keep_id, drop_id]))


def duplicate_groups(book: Book) -> list[list[str]]:
    """Live customers sharing a phone number, oldest first in each group."""
    with book.reading() as session:
        return customers.duplicate_groups(session)
