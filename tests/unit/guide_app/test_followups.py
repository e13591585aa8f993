"""Follow-ups (跟进/回访): planned, closed once, listed when due, never silently cut short."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from guide_app.book.customers import CustomerFields, add_customer, live_customer, soft_delete
from guide_app.book.followups import (
    MAX_OUTCOME,
    FollowUpKind,
    FollowUpSource,
    cancel,
    complete,
    due,
    open_for_customer,
    plan,
    reschedule,
)
from guide_app.book.models import FollowUp, Interaction
from guide_app.book.store import Book
from guide_app.book.timeline import timeline
from guide_app.calls.followups import reschedule_follow_up
from guide_app.changes import Area
from guide_app.errors import Conflict, ErrorCode, InvalidInput, NotFound

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def _customer(book: Book, name: str) -> str:
    with book.writing() as session:
        return add_customer(session, CustomerFields(name=name))


def _plan(book: Book, customer_id: str, due_at: datetime, kind: FollowUpKind = FollowUpKind.call) -> str:
    with book.writing() as session:
        return plan(session, customer_id, due_at, kind)


def test_due_lists_open_follow_ups_most_overdue_first_and_not_future_ones(book: Book) -> None:
    wang, li = _customer(book, "王姐"), _customer(book, "李先生")
    later = _plan(book, wang, NOW - timedelta(hours=1))
    earliest = _plan(book, li, NOW - timedelta(days=2), FollowUpKind.visit)
    _plan(book, li, NOW + timedelta(days=1))  # not due yet
    with book.reading() as session:
        listed = due(session, NOW)
    assert [item.id for item in listed] == [earliest, later]
    assert [(item.customer_name, item.kind) for item in listed] == [("李先生", "visit"), ("王姐", "call")]


def test_completing_logs_the_outcome_on_the_timeline_as_a_touch(book: Book) -> None:
    wang = _customer(book, "王姐")
    follow_up = _plan(book, wang, NOW, FollowUpKind.message)
    with book.writing() as session:
        assert complete(session, follow_up, "尺码合适，下周来店") == wang
    with book.reading() as session:
        entries = timeline(session, wang)
        assert [(entry.kind, entry.text) for entry in entries] == [("message", "尺码合适，下周来店")]
        assert live_customer(session, wang).last_touch_at is not None
        assert due(session, NOW + timedelta(days=1)) == []
        assert open_for_customer(session, wang) == []


def test_a_closed_follow_up_cannot_be_closed_again(book: Book) -> None:
    follow_up = _plan(book, _customer(book, "王姐"), NOW)
    with book.writing() as session:
        cancel(session, follow_up)
    for close in (lambda s: complete(s, follow_up, "again"), lambda s: cancel(s, follow_up)):
        with pytest.raises(Conflict) as refused, book.writing() as session:
            close(session)
        assert refused.value.code is ErrorCode.follow_up_closed
    with book.reading() as session:
        assert session.get(FollowUp, follow_up).status == "cancelled"


def test_an_over_long_outcome_is_refused_whole_never_cut(book: Book) -> None:
    wang = _customer(book, "王姐")
    follow_up = _plan(book, wang, NOW)
    with pytest.raises(InvalidInput) as refused, book.writing() as session:
        complete(session, follow_up, "好" * (MAX_OUTCOME + 1))
    assert refused.value.code is ErrorCode.text_too_long
    assert str(MAX_OUTCOME) in refused.value.message
    with book.reading() as session:
        assert session.get(FollowUp, follow_up).status == "open"
        assert session.execute(select(func.count()).select_from(Interaction)).scalar_one() == 0
    with book.writing() as session:  # exactly the limit is kept whole
        complete(session, follow_up, "好" * MAX_OUTCOME)
    with book.reading() as session:
        assert session.get(FollowUp, follow_up).outcome == "好" * MAX_OUTCOME


def test_follow_ups_of_deleted_customers_are_not_due(book: Book) -> None:
    wang, li = _customer(book, "王姐"), _customer(book, "李先生")
    _plan(book, wang, NOW - timedelta(hours=2))
    kept = _plan(book, li, NOW - timedelta(hours=1))
    with book.writing() as session:
        soft_delete(session, wang)
    with book.reading() as session:
        assert [item.id for item in due(session, NOW)] == [kept]


def test_planning_for_an_unknown_customer_or_closing_an_unknown_follow_up_is_refused(book: Book) -> None:
    with pytest.raises(NotFound), book.writing() as session:
        plan(session, "no-such-customer", NOW, FollowUpKind.call)
    with pytest.raises(NotFound), book.writing() as session:
        complete(session, "no-such-follow-up", "done")


def test_open_follow_ups_of_one_customer_soonest_first_with_their_source(book: Book) -> None:
    wang = _customer(book, "王姐")
    with book.writing() as session:
        second = plan(session, wang, NOW + timedelta(days=3), FollowUpKind.visit, FollowUpSource.manager)
        first = plan(session, wang, NOW + timedelta(days=1), FollowUpKind.call, FollowUpSource.sop)
    with book.reading() as session:
        listed = open_for_customer(session, wang)
    assert [(item.id, item.source) for item in listed] == [(first, "sop"), (second, "manager")]


def test_rescheduling_moves_an_open_follow_up_and_refuses_past_or_absurd_times(book: Book) -> None:
    wang = _customer(book, "王姐")
    follow_up_id = _plan(book, wang, NOW - timedelta(days=2))
    moved = reschedule_follow_up(book, follow_up_id, NOW + timedelta(days=3), now=NOW)
    assert moved.changes.touches(Area.follow_ups) and moved.changes.customer_ids == {wang}
    with book.reading() as session:
        assert due(session, NOW) == [] and len(due(session, NOW + timedelta(days=3))) == 1
    for bad, code in (
        (NOW - timedelta(hours=1), ErrorCode.follow_up_in_past),
        (datetime(9999, 1, 1, tzinfo=UTC), ErrorCode.date_invalid),
        (datetime(2026, 12, 1, 10, 0), ErrorCode.date_invalid),  # no time zone
    ):
        with pytest.raises(InvalidInput) as refused, book.writing() as session:
            reschedule(session, follow_up_id, bad, now=NOW)
        assert refused.value.code is code
    with book.reading() as session:
        [kept] = due(session, NOW + timedelta(days=3))
    assert kept.due_at == NOW + timedelta(days=3)


def test_a_closed_follow_up_cannot_be_rescheduled(book: Book) -> None:
    follow_up_id = _plan(book, _customer(book, "王姐"), NOW)
    with book.writing() as session:
        complete(session, follow_up_id, "已回访")
    with pytest.raises(Conflict), book.writing() as session:
        reschedule(session, follow_up_id, NOW + timedelta(days=1), now=NOW)
