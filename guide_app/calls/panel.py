"""Screen calls for the side panel: one customer as the panel shows them, and the content for a stage."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from guide_app.book import content, customers, followups, timeline
from guide_app.book.content import Addressee, ContentPiece, fill_placeholders
from guide_app.book.followups import DueFollowUp
from guide_app.book.models import Customer
from guide_app.book.store import Book
from guide_app.book.tags import TagView, customer_tags
from guide_app.book.timeline import TimelineEntry
from guide_app.protocol import ContentKind
from guide_app.timeutil import utcnow

# The panel lists this many suited items at most: the first nine have Ctrl+1..9, and a guide
# beside WeCom scrolls a short list, never a library.
SUITED_LIMIT = 30

# An item suits a stage when HQ named that stage among its `stages` (`named` is 1), or named none.
_SUITS_STAGE = text(
    "SELECT id, named FROM (SELECT id, "
    "EXISTS (SELECT 1 FROM json_each(data, '$.stages') WHERE value = :stage) AS named, "
    "EXISTS (SELECT 1 FROM json_each(data, '$.stages')) AS any_named FROM content_asset) "
    "WHERE named OR NOT any_named"
)


@dataclass(frozen=True, slots=True)
class PanelCustomer:
    """Everything the side panel shows of one customer, read in one go."""

    customer: Customer
    tags: list[TagView]
    open_follow_ups: list[DueFollowUp]  # soonest first
    latest_entry: TimelineEntry | None  # the newest timeline entry, whatever its kind
    suited_content: list[ContentPiece]  # scripts first, placeholders filled in for this customer


def panel_customer(book: Book, customer_id: str, now: datetime | None = None) -> PanelCustomer:
    """A live customer as the panel shows them; a deleted or purged one is refused (customer_missing)."""
    with book.reading() as session:
        customer = customers.live_customer(session, customer_id)
        latest = timeline.timeline(session, customer_id, limit=1)
        addressee = Addressee(customer.name, customer.wecom_remark, customer.gender)
        suited = suited_content(session, customer.lifecycle_stage, now or utcnow())
        return PanelCustomer(
            customer=customer,
            tags=customer_tags(session, customer_id),
            open_follow_ups=followups.open_for_customer(session, customer_id),
            latest_entry=latest[0] if latest else None,
            # Filled here, off the screen's thread: the first fill loads pypinyin for surnames.
            suited_content=[
                replace(piece, text=fill_placeholders(piece.text, addressee)) for piece in suited
            ],
        )


def content_for_stage(book: Book, stage: str, now: datetime | None = None) -> list[ContentPiece]:
    """Items valid now that suit a lifecycle stage (see `suited_content` for their order)."""
    with book.reading() as session:
        return suited_content(session, stage, now or utcnow())


def suited_content(session: Session, stage: str, now: datetime) -> list[ContentPiece]:
    """Scripts first; within each, items made for this stage before those for any stage; then
    the library's order (newest first), which the stable sort keeps."""
    named = {str(row[0]): bool(row[1]) for row in session.execute(_SUITS_STAGE, {"stage": stage})}
    valid = [item for item in content.library(session, now) if item.id in named]
    valid.sort(key=lambda item: (item.kind != ContentKind.script, not named[item.id]))
    return content.pieces(session, [item.id for item in valid[:SUITED_LIMIT]])
