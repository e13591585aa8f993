"""The content library on the PC: what is valid to send now, and counting what was sent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.models import ContentAsset, Outbox
from guide_app.book.timeline import InteractionKind, log_interaction
from guide_app.errors import ErrorCode, NotFound
from guide_app.protocol import ContentAction, ContentUsageBody, EventKind
from guide_app.timeutil import utcnow


@dataclass(frozen=True, slots=True)
class LibraryItem:
    id: str
    kind: str
    title: str
    campaign: str
    valid_until: datetime | None
    local_path: str | None


def library(session: Session, now: datetime, kind: str | None = None, text: str = "") -> list[LibraryItem]:
    """Items valid at `now` (expired and not-yet-started ones are hidden), newest campaigns first."""
    query = select(
        col(ContentAsset.id),
        col(ContentAsset.kind),
        col(ContentAsset.title),
        col(ContentAsset.campaign),
        col(ContentAsset.valid_until),
        col(ContentAsset.local_path),
    ).where(
        or_(col(ContentAsset.valid_from).is_(None), col(ContentAsset.valid_from) <= now),
        or_(col(ContentAsset.valid_until).is_(None), col(ContentAsset.valid_until) > now),
    )
    if kind:
        query = query.where(col(ContentAsset.kind) == kind)
    for word in text.split():
        query = query.where(
            or_(col(ContentAsset.title).contains(word), col(ContentAsset.campaign).contains(word))
        )
    rows = session.execute(query.order_by(col(ContentAsset.updated_at).desc(), col(ContentAsset.id)))
    return [LibraryItem(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class ContentPiece:
    """An item as a task hands it to the guide: what to paste into WeCom, and its file if any."""

    id: str
    kind: str
    title: str
    text: str  # a script's words, a card's blurb, a link's address; empty for a bare poster
    local_path: str | None


def _paste_text(data: dict[str, object]) -> str:
    parts = [str(data.get("body") or "").strip(), str(data.get("link_url") or "").strip()]
    return "\n".join(part for part in parts if part)


def pieces(session: Session, content_ids: list[str]) -> list[ContentPiece]:
    """The items with these ids still in the library, in the order given (a task's order)."""
    if not content_ids:
        return []
    rows = session.execute(select(ContentAsset).where(col(ContentAsset.id).in_(content_ids))).scalars()
    found = {
        item.id: ContentPiece(item.id, item.kind, item.title, _paste_text(item.data or {}), item.local_path)
        for item in rows
    }
    return [found[content_id] for content_id in content_ids if content_id in found]


def record_usage(session: Session, content_id: str, action: ContentAction, day: date | None = None) -> None:
    """Count one use for HQ, as its own event. HQ adds counts up, so an event is never changed
    after it is written: raising a waiting event's count in place could lose the uses if that
    event was already on its way (HQ keeps the first body it got under an id)."""
    if session.get(ContentAsset, content_id) is None:
        raise NotFound("no such content item", code=ErrorCode.content_missing)
    day = day or utcnow().astimezone().date()
    usage = ContentUsageBody(content_id=uuid.UUID(content_id), action=action, count=1, day=day)
    session.add(
        Outbox(id=str(uuid.uuid4()), kind=EventKind.content_usage.value, body=usage.model_dump(mode="json"))
    )


def record_sent(session: Session, content_id: str, customer_id: str) -> None:
    """The guide sent this poster / card / script to a customer: timeline, touch, and HQ's count."""
    item = session.get(ContentAsset, content_id)
    if item is None:
        raise NotFound("no such content item", code=ErrorCode.content_missing)
    log_interaction(session, customer_id, InteractionKind.content_sent, item.title, content_id=content_id)
    record_usage(session, content_id, ContentAction.sent)
