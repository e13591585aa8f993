"""Screen calls about a customer's timeline: log a message, call, visit or note; read it back."""

from __future__ import annotations

from datetime import datetime

from guide_app.book import timeline
from guide_app.book.store import Book
from guide_app.book.timeline import InteractionKind, TimelineEntry
from guide_app.changes import Area, ChangeNotice, Outcome


def log_interaction(
    book: Book, customer_id: str, kind: InteractionKind, text: str = "", *, at: datetime | None = None
) -> Outcome[str]:
    """The entry's id. A message, call or visit is a touch: it moves the customer's stage."""
    with book.writing() as session:
        entry_id = timeline.log_interaction(session, customer_id, kind, text, at=at)
    return Outcome(entry_id, ChangeNotice.of(Area.timeline, Area.customers, customers=[customer_id]))


def customer_timeline(book: Book, customer_id: str, limit: int = 200) -> list[TimelineEntry]:
    """Newest first."""
    with book.reading() as session:
        return timeline.timeline(session, customer_id, limit)
