"""The guide's words for a customer's stage, segment, timeline kinds, follow-ups and sales, and money as ¥."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from guide_app.book.followups import FollowUpSource
from guide_app.book.timeline import InteractionKind
from guide_app.protocol import AttributionReason, LifecycleStage, RfmSegment
from guide_app.timeutil import local
from ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "CustomerWords"

STAGE_WORDS: dict[str, str] = {
    LifecycleStage.new: QT_TRANSLATE_NOOP("CustomerWords", "New"),
    LifecycleStage.active: QT_TRANSLATE_NOOP("CustomerWords", "Active"),
    LifecycleStage.dormant: QT_TRANSLATE_NOOP("CustomerWords", "Dormant"),
    LifecycleStage.lost: QT_TRANSLATE_NOOP("CustomerWords", "Lost"),
}

SEGMENT_WORDS: dict[str, str] = {
    RfmSegment.champions: QT_TRANSLATE_NOOP("CustomerWords", "High value"),
    RfmSegment.loyal: QT_TRANSLATE_NOOP("CustomerWords", "Loyal"),
    RfmSegment.potential: QT_TRANSLATE_NOOP("CustomerWords", "Promising"),
    RfmSegment.new: QT_TRANSLATE_NOOP("CustomerWords", "First purchase"),
    RfmSegment.at_risk: QT_TRANSLATE_NOOP("CustomerWords", "At risk"),
    RfmSegment.hibernating: QT_TRANSLATE_NOOP("CustomerWords", "Hibernating"),
}

INTERACTION_WORDS: dict[str, str] = {
    InteractionKind.message: QT_TRANSLATE_NOOP("CustomerWords", "Message"),
    InteractionKind.call: QT_TRANSLATE_NOOP("CustomerWords", "Call"),
    InteractionKind.visit: QT_TRANSLATE_NOOP("CustomerWords", "Store visit"),
    InteractionKind.purchase: QT_TRANSLATE_NOOP("CustomerWords", "Purchase"),
    InteractionKind.note: QT_TRANSLATE_NOOP("CustomerWords", "Note"),
    InteractionKind.content_sent: QT_TRANSLATE_NOOP("CustomerWords", "Content sent"),
}

FOLLOW_UP_SOURCE_WORDS: dict[str, str] = {
    FollowUpSource.self: QT_TRANSLATE_NOOP("CustomerWords", "Planned by you"),
    FollowUpSource.sop: QT_TRANSLATE_NOOP("CustomerWords", "SOP task"),
    FollowUpSource.manager: QT_TRANSLATE_NOOP("CustomerWords", "From your manager"),
}

ATTRIBUTION_WORDS: dict[str, str] = {
    AttributionReason.owner: QT_TRANSLATE_NOOP("CustomerWords", "Your customer"),
    AttributionReason.last_touch: QT_TRANSLATE_NOOP("CustomerWords", "You served them last"),
}


def word(table: dict[str, str], key: str | StrEnum | None) -> str:
    """The translated word for a stored value; a value from a newer version shows as stored."""
    if key is None:
        return "—"
    source = table.get(str(key))
    return QCoreApplication.translate(CONTEXT, source) if source is not None else str(key)


def yuan(amount_fen: int) -> str:
    """¥1,299.00 from 129900 fen, in integer arithmetic."""
    sign = "-" if amount_fen < 0 else ""
    whole, fen = divmod(abs(amount_fen), 100)
    return f"{sign}¥{whole:,}.{fen:02d}"


def local_time(moment: datetime) -> str:
    """A stored UTC moment as this PC's local date and time."""
    return local(moment).strftime("%Y-%m-%d %H:%M")
