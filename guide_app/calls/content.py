"""Screen calls about the content library: what can be sent now, and logging what was sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from guide_app.book import content
from guide_app.book.content import ContentPiece, LibraryItem
from guide_app.book.store import Book
from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.protocol import ContentAction
from guide_app.timeutil import utcnow


def content_library(
    book: Book, now: datetime | None = None, kind: str | None = None, text: str = ""
) -> list[LibraryItem]:
    """Items valid now, newest first, optionally of one kind and matching the typed words."""
    with book.reading() as session:
        return content.library(session, now or utcnow(), kind, text)


def content_pieces(book: Book, content_ids: Sequence[str]) -> list[ContentPiece]:
    """A task's content with the text to paste, in the task's order; items gone from the library
    are left out."""
    with book.reading() as session:
        return content.pieces(session, list(content_ids))


def record_content_sent(book: Book, content_id: str, customer_ids: Sequence[str]) -> Outcome[int]:
    """The guide sent this item to these customers (in WeCom): each one's timeline, their last
    touch, and HQ's usage count, all in one commit. The value is how many customers."""
    with book.writing() as session:
        for customer_id in customer_ids:
            content.record_sent(session, content_id, customer_id)
    areas = (Area.timeline, Area.customers, Area.outbox)
    return Outcome(len(customer_ids), ChangeNotice.of(*areas, customers=customer_ids))


def record_content_copied(book: Book, content_id: str) -> Outcome[None]:
    """Copied to the clipboard (to paste into WeCom): counted for HQ."""
    with book.writing() as session:
        content.record_usage(session, content_id, ContentAction.copied)
    return Outcome(None, ChangeNotice.of(Area.outbox))
