"""The customer list's sort by last contact and last purchase, and planning one follow-up for many."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from guide_app.book.customers import CustomerFields
from guide_app.book.followups import FollowUpKind
from guide_app.book.models import Customer, FollowUp
from guide_app.book.search import CustomerQuery, SortKey
from guide_app.book.store import Book
from guide_app.book.timeline import InteractionKind
from guide_app.calls.customers import add_customer, find_customers
from guide_app.calls.followups import plan_follow_ups
from guide_app.calls.timeline import log_interaction
from guide_app.changes import Area
from guide_app.errors import GuideError

NOW = datetime(2026, 11, 30, 8, tzinfo=UTC)


def _customers(book: Book, *names: str) -> dict[str, str]:
    return {name: add_customer(book, CustomerFields(name=name)).value for name in names}


def _names(book: Book, sort: SortKey) -> list[str]:
    return [row.name for row in find_customers(book, CustomerQuery(sort=sort)).rows]


def test_last_contact_lists_the_newest_touch_first_and_the_never_touched_last(book: Book) -> None:
    ids = _customers(book, "王丽", "李强", "张伟")
    log_interaction(book, ids["李强"], InteractionKind.call, at=NOW - timedelta(days=3))
    log_interaction(book, ids["张伟"], InteractionKind.visit, at=NOW - timedelta(days=1))
    assert _names(book, SortKey.last_contact) == ["张伟", "李强", "王丽"]


def test_last_purchase_still_lists_the_never_bought_last(book: Book) -> None:
    ids = _customers(book, "王丽", "李强", "张伟")
    with book.writing() as session:
        for name, days_ago in (("王丽", 9), ("张伟", 2)):
            customer = session.get(Customer, ids[name])
            assert customer is not None
            customer.last_purchase_at = NOW - timedelta(days=days_ago)
    assert _names(book, SortKey.last_purchase) == ["张伟", "王丽", "李强"]


def test_a_bulk_follow_up_plans_one_for_each_selected_customer(book: Book) -> None:
    ids = _customers(book, "王丽", "李强", "张伟")
    chosen = [ids["王丽"], ids["张伟"]]
    outcome = plan_follow_ups(book, chosen, NOW + timedelta(days=1), kind=FollowUpKind.call)
    assert len(outcome.value) == 2 and outcome.changes.touches(Area.follow_ups)
    assert outcome.changes.customer_ids == frozenset(chosen)
    with book.reading() as session:
        planned = sorted(follow_up.customer_id for follow_up in session.execute(select(FollowUp)).scalars())
    assert planned == sorted(chosen)


def test_a_bulk_follow_up_with_a_missing_customer_plans_none(book: Book) -> None:
    ids = _customers(book, "王丽")
    with pytest.raises(GuideError):
        plan_follow_ups(
            book, [ids["王丽"], "no-such-customer"], NOW + timedelta(days=1), kind=FollowUpKind.call
        )
    with book.reading() as session:
        assert session.execute(select(FollowUp)).first() is None
