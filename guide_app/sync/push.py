"""Pushing the outbox: oldest first, in batches; HQ's per-event answer is recorded in one transaction."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import col

from guide_app.book.models import Outbox
from guide_app.book.outbox import OutboxStatus, pending_count
from guide_app.book.store import Book
from guide_app.jobs import JobControl, Phase, control
from guide_app.protocol import MAX_PUSH_BATCH, PushResponse, PushStatus
from guide_app.sync.client import HqClient
from guide_app.sync.problems import SyncProblem, upload_problem
from guide_app.timeutil import utcnow

DEFAULT_BATCH = 200
MAX_BATCHES_PER_PUSH = 10_000


@dataclass
class PushReport:
    accepted: int = 0
    duplicates: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (event id, reason)
    flagged: list[tuple[str, list[str]]] = field(default_factory=list)
    problems: list[SyncProblem] = field(default_factory=list)  # refused and disputed, in plain words

    @property
    def answered(self) -> int:
        return self.accepted + self.duplicates + len(self.refused)


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
            problem = upload_problem(event)
            if problem is not None:
                report.problems.append(problem)


def _pending(book: Book) -> int:
    with book.reading() as session:
        return pending_count(session)


async def push_outbox(
    book: Book,
    client: HqClient,
    batch_size: int = DEFAULT_BATCH,
    *,
    job: JobControl | None = None,
    report: PushReport | None = None,
) -> PushReport:
    """Send everything pending. A failure (offline, HQ down) leaves the rest pending for next time;
    a batch HQ stored but whose answer was lost is simply sent again and answered `duplicate`.
    The book is read and written in a worker thread: the event loop only waits for HQ. A cancel
    stops between batches; every answered batch is recorded (and added to `report`, if given)."""
    job = job or control()
    report = report or PushReport()
    batch_size = max(1, min(batch_size, MAX_PUSH_BATCH))
    total = await asyncio.to_thread(_pending, book)
    sent = 0
    job.report(Phase.pushing, sent, total)
    for _ in range(MAX_BATCHES_PER_PUSH):
        batch = await asyncio.to_thread(_next_batch, book, batch_size)
        if not batch:
            break
        answer = await client.push(
            [{"id": event.id, "kind": event.kind, "body": event.body} for event in batch]
        )
        await asyncio.to_thread(_record_answers, book, answer, report)
        sent += len(batch)
        total = max(total, sent)  # sales recorded meanwhile join this push
        job.report(Phase.pushing, sent, total)
    return report
