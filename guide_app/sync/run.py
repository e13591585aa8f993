"""One sync: pull HQ's changes, expand today's tasks, push the outbox, fetch files; and its status."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from guide_app.book.models import SyncState
from guide_app.book.outbox import pending_count
from guide_app.book.segments import SegmentChanges, refresh_segments
from guide_app.book.stats import queue_daily_stats
from guide_app.book.store import Book
from guide_app.book.tasks import ExpansionReport, expand_tasks
from guide_app.errors import GuideError
from guide_app.jobs import CancelToken, ProgressSink, control, long_lived_heap_frozen
from guide_app.protocol import DEFAULT_CHANGES_PAGE
from guide_app.sync.assets import AssetReport, fetch_assets
from guide_app.sync.client import HqClient
from guide_app.sync.problems import SyncProblem, SyncProblemKind
from guide_app.sync.pull import PullReport, pull
from guide_app.sync.push import PushReport, push_outbox
from guide_app.timeutil import from_stored, to_stored, utcnow

STATUS_KEY = "sync_status"
MAX_PROBLEMS_KEPT = 200  # a screen lists them; thousands of refusals would say nothing more


@dataclass
class SyncStatus:
    """What the guide sees of sync: when it last worked, what waits, and what went wrong."""

    last_success_at: str | None = None  # stored UTC text; `last_success()` gives a datetime
    last_attempt_at: str | None = None
    pending_uploads: int = 0
    error_code: str | None = None  # the UI translates it; None when the last sync worked
    error_message: str | None = None
    refused: list[tuple[str, str]] = field(default_factory=list)  # HQ refused these events: (id, reason)
    problems: list[SyncProblem] = field(default_factory=list)  # the last sync's, in plain words

    def last_success(self) -> datetime | None:
        return from_stored(self.last_success_at) if self.last_success_at else None


@dataclass
class SyncReport:
    """What one sync did, phase by phase; a failed sync carries the part done in its error's
    `details["report"]`."""

    pulled: PullReport = field(default_factory=PullReport)
    segments: SegmentChanges = field(default_factory=SegmentChanges)
    expansion: ExpansionReport | None = None
    pushed: PushReport = field(default_factory=PushReport)
    files: AssetReport = field(default_factory=AssetReport)
    stats_queued: bool = False  # the day's book statistics were queued for HQ by this sync

    @property
    def problems(self) -> list[SyncProblem]:
        """Every problem met, in plain words: unreadable tasks, refused and disputed uploads, files."""
        unreadable = self.expansion.unreadable_in_words() if self.expansion else []
        return [
            *(
                SyncProblem(SyncProblemKind.task_unreadable, message, task_id)
                for task_id, message in unreadable
            ),
            *self.pushed.problems,
            *self.files.problems,
        ]


def read_status(session: Session) -> SyncStatus:
    state = session.get(SyncState, STATUS_KEY)
    status = SyncStatus()
    if state is not None and state.value:
        known = json.loads(state.value)
        status = SyncStatus(
            **{key: value for key, value in known.items() if key in SyncStatus.__dataclass_fields__}
        )
        status.refused = [tuple(pair) for pair in status.refused]  # type: ignore[misc]
        status.problems = [SyncProblem.from_json(stored) for stored in known.get("problems", [])]
    status.pending_uploads = pending_count(session)
    return status


def _save_status(book: Book, started: str, error: GuideError | None, report: SyncReport) -> SyncStatus:
    with book.writing() as session:
        status = read_status(session)
        status.last_attempt_at = started
        if error is None:
            status.last_success_at, status.error_code, status.error_message = started, None, None
        else:
            status.error_code, status.error_message = error.code, error.message
        status.refused = (status.refused + report.pushed.refused)[-50:]
        status.problems = report.problems[:MAX_PROBLEMS_KEPT]
        status.pending_uploads = pending_count(session)
        state = session.get(SyncState, STATUS_KEY)
        value = json.dumps(asdict(status), ensure_ascii=False)
        if state is None:
            session.add(SyncState(key=STATUS_KEY, value=value))
        else:
            state.value, state.updated_at = value, utcnow()
    return status


async def sync_once(
    book: Book,
    client: HqClient,
    asset_folder: Path,
    on_file_progress: Callable[[int, int | None], None] | None = None,
    *,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
    page_size: int = DEFAULT_CHANGES_PAGE,
    today: date | None = None,
) -> SyncReport:
    """Everything sync does, in the order that keeps a guide's work safe: HQ's changes first, then
    segments and today's tasks over them, then uploads, then files (the slowest part).

    Every database step runs in a worker thread; the event loop (the Qt thread under qasync) only
    waits for HQ. Progress goes to `progress` by phase; a cancel stops at a clean boundary (a
    committed page, batch, chunk or file) and raises Cancelled. Any failure is recorded in plain
    words and raised, with what was done in `error.details["report"]`; what was not done waits
    for the next run."""
    with long_lived_heap_frozen():
        return await _sync_phases(
            book, client, asset_folder, on_file_progress, progress, cancel, page_size, today
        )


async def _sync_phases(
    book: Book,
    client: HqClient,
    asset_folder: Path,
    on_file_progress: Callable[[int, int | None], None] | None,
    progress: ProgressSink | None,
    cancel: CancelToken | None,
    page_size: int,
    today: date | None,
) -> SyncReport:
    started = to_stored(utcnow())
    job = control(progress, cancel)
    report = SyncReport()
    try:
        await pull(book, client, page_size, job=job, report=report.pulled)
        # Stages and RFM segments follow HQ's newest thresholds and the latest sales before the
        # day's tasks pick customers by them (0.65 s at 200k customers when nothing moved).
        report.segments = await asyncio.to_thread(refresh_segments, book, progress=progress, cancel=cancel)
        day = today or utcnow().astimezone().date()
        # The day's counts for HQ, once a local day, after the pull and the refresh so they carry
        # HQ's newest tag groups and today's segments; the push below takes them along.
        report.stats_queued = await asyncio.to_thread(queue_daily_stats, book, day) is not None
        report.expansion = await asyncio.to_thread(expand_tasks, book, day, progress=progress, cancel=cancel)
        await push_outbox(book, client, job=job, report=report.pushed)
        await fetch_assets(book, client, asset_folder, on_file_progress, job=job, report=report.files)
        # Imported here, as calls.performance imports this module (through calls.sync).
        from guide_app.calls.performance import refresh_my_performance

        await refresh_my_performance(book, client)
    except GuideError as error:
        error.details["report"] = report
        await asyncio.to_thread(_save_status, book, started, error, report)
        raise
    await asyncio.to_thread(_save_status, book, started, None, report)
    return report
