"""Pushing the outbox: oldest first, in batches; HQ's per-event answer is recorded in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import col

from guide_app.book.models import Outbox
from guide_app.book.outbox import OutboxStatus
from guide_app.book.store import Book
from guide_app.protocol import MAX_PUSH_BATCH, PushResponse, PushStatus
from guide_app.sync.client import HqClient
from guide_app.timeutil import utcnow

DEFAULT_BATCH = 200
MAX_BATCHES_PER_PUSH = 10_000


@dataclass
class PushReport:
    accepted: int = 0
    duplicates: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (event id, reason)
    flagged: list[tuple[str, list[str]]] = field(default_factory=list)


def _next_batch(book: Book, size: int) -> list[Outbox]:
    with book.reading() as session:
        query = (
            select(Outbox)
            .where(col(Outbox.status) == OutboxStatus.pending)
            .order_by(col(Outbox.created_at), col(Outbox.id))
            .limit(size)
        )
        return list(session.execute(query).scalars())


def _record_answers(book: Book, answer: PushResponse, report: PushReport) -> None:
    now = utcnow()
    with book.writing() as session:
        for result in answer.results:
            event = session.get(Outbox, str(result.id))
            if event is None or event.status != OutboxStatus.pending:
                continue  # answered by a concurrent push already
            event.attempts, event.answered_at, event.flags = event.attempts + 1, now, result.flags
            if result.status in (PushStatus.accepted, PushStatus.duplicate):
                event.status = OutboxStatus.accepted
                report.accepted += result.status is PushStatus.accepted
                report.duplicates += result.status is PushStatus.duplicate
            else:
                event.status = (
                    OutboxStatus.rejected if result.status is PushStatus.rejected else OutboxStatus.conflict
                )
                event.reason = (result.reason or result.status.value)[:300]
                report.refused.append((event.id, event.reason))
            if result.flags:
                event.reason = (result.reason or ", ".join(result.flags))[:300]
                report.flagged.append((event.id, result.flags))


async def push_outbox(book: Book, client: HqClient, batch_size: int = DEFAULT_BATCH) -> PushReport:
    """Send everything pending. A failure (offline, HQ down) leaves the rest pending for next time;
    a batch HQ stored but whose answer was lost is simply sent again and answered `duplicate`."""
    report = PushReport()
    batch_size = max(1, min(batch_size, MAX_PUSH_BATCH))
    for _ in range(MAX_BATCHES_PER_PUSH):
        batch = _next_batch(book, batch_size)
        if not batch:
            break
        answer = await client.push(
            [{"id": event.id, "kind": event.kind, "body": event.body} for event in batch]
        )
        _record_answers(book, answer, report)
    return report
