"""Screen calls about follow-ups (跟进/回访): plan one, close it, list what is due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from guide_app.book import followups
from guide_app.book.followups import DueFollowUp, FollowUpKind, FollowUpSource
from guide_app.book.store import Book
from guide_app.changes import Area, ChangeNotice, Outcome


def plan_follow_up(
    book: Book,
    customer_id: str,
    due_at: datetime,
    kind: FollowUpKind,
    source: FollowUpSource = FollowUpSource.self,
) -> Outcome[str]:
    with book.writing() as session:
        follow_up_id = followups.plan(session, customer_id, due_at, kind, source)
    return Outcome(follow_up_id, ChangeNotice.of(Area.follow_ups, customers=[customer_id]))


def plan_follow_ups(
    book: Book,
    customer_ids: Sequence[str],
    due_at: datetime,
    kind: FollowUpKind,
    source: FollowUpSource = FollowUpSource.self,
) -> Outcome[list[str]]:
    """One follow-up for each listed customer (a bulk action on a selection), all or none."""
    with book.writing() as session:
        follow_up_ids = [
            followups.plan(session, customer_id, due_at, kind, source) for customer_id in customer_ids
        ]
    return Outcome(follow_up_ids, ChangeNotice.of(Area.follow_ups, customers=customer_ids))


def complete_follow_up(book: Book, follow_up_id: str, outcome: str) -> Outcome[None]:
    """Done; the outcome goes onto the timeline and counts as a touch of the customer."""
    with book.writing() as session:
        customer_id = followups.complete(session, follow_up_id, outcome)
    areas = (Area.follow_ups, Area.timeline, Area.customers)
    return Outcome(None, ChangeNotice.of(*areas, customers=[customer_id]))


def reschedule_follow_up(
    book: Book, follow_up_id: str, due_at: datetime, now: datetime | None = None
) -> Outcome[None]:
    """Move an open follow-up to a new time (not in the past, not years ahead)."""
    with book.writing() as session:
        customer_id = followups.reschedule(session, follow_up_id, due_at, now)
    return Outcome(None, ChangeNotice.of(Area.follow_ups, customers=[customer_id]))


def cancel_follow_up(book: Book, follow_up_id: str) -> Outcome[None]:
    with book.writing() as session:
        customer_id = followups.cancel(session, follow_up_id)
    return Outcome(None, ChangeNotice.of(Area.follow_ups, customers=[customer_id]))


def due_follow_ups(book: Book, by: datetime, limit: int = 500) -> list[DueFollowUp]:
    """Open follow-ups due at or before `by`, most overdue first."""
    with book.reading() as session:
        return followups.due(session, by, limit)
