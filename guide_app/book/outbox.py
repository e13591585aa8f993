"""The outbox: events HQ must learn of (sales, task progress, content use) and their upload state."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.models import Outbox


class OutboxStatus(StrEnum):
    pending = "pending"  # waiting to upload
    accepted = "accepted"  # HQ holds it (accepted now, or a duplicate of an earlier delivery)
    rejected = "rejected"  # HQ refused it; the guide sees the reason
    conflict = "conflict"  # HQ holds a different event under this id; the guide sees it


def pending_count(session: Session) -> int:
    query = select(func.count()).select_from(Outbox).where(col(Outbox.status) == OutboxStatus.pending)
    return int(session.execute(query).scalar_one())
