"""One sync: pull HQ's changes, expand today's tasks, push the outbox, fetch files; and its status."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from guide_app.book.models import SyncState
from guide_app.book.outbox import pending_count
from guide_app.book.segments import refresh_segments
from guide_app.book.store import Book
from guide_app.book.tasks import expand_tasks
from guide_app.errors import GuideError
from guide_app.sync.assets import AssetReport, fetch_assets
from guide_app.sync.client import HqClient
from guide_app.sync.pull import PullReport, pull
from guide_app.sync.push import PushReport, push_outbox
from guide_app.timeutil import from_stored, to_stored, utcnow

STATUS_KEY = "sync_status"


@dataclass
class SyncStatus:
    """What the guide sees of sync: when it last worked, what waits, and what went wrong."""

    last_success_at: str | None = None  # stored UTC text; `last_success()` gives a datetime
    last_attempt_at: str | None = None
    pending_uploads: int = 0
    error_code: str | None = None  # the UI translates it; None when the last sync worked
    error_message: str | None = None
    refused: list[tuple[str, str]] = field(default_factory=list)  # HQ refused these events: (id, reason)

    def last_success(self) -> datetime | None:
        return from_stored(self.last_success_at) if self.last_success_at else None


@dataclass
class SyncReport:
    pulled: PullReport
    pushed: PushReport
    files: AssetReport


def read_status(session: Session) -> SyncStatus:
    state = session.get(SyncState, STATUS_KEY)
    status = SyncStatus()
    if state is not None and state.value:
        known = json.loads(state.value)
        status = SyncStatus(
            **{key: value for key, value in known.items() if key in SyncStatus.__dataclass_fields__}
        )
        status.refused = [tuple(pair) for pair in status.refused]  # type: ignore[misc]
    status.pending_uploads = pending_count(session)
    return status


def _save_status(
    book: Book, started: str, error: GuideError | None, refused: list[tuple[str, str]]
) -> SyncStatus:
    with book.writing() as session:
        status = read_status(session)
        status.last_attempt_at = started
        if error is None:
            status.last_success_at, status.error_code, status.error_message = started, None, None
        else:
            status.error_code, status.error_message = error.code, error.message
        status.refused = (status.refused + refused)[-50:]
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
) -> SyncReport:
    """Everything sync does, in the order that keeps a guide's work safe: HQ's changes first, then
    segments and today's tasks over them, then uploads, then files (the slowest part).
    Any failure is recorded in plain words and raised; what was not done waits for the next run."""

    started = to_stored(utcnow())
    try:
        pulled = await pull(book, client)
        # Stages and RFM segments follow HQ's newest thresholds and the latest sales before the
        # day's tasks pick customers by them (0.65 s at 200k customers when nothing moved).
        refresh_segments(book)
        expand_tasks(book, utcnow().astimezone().date())
        pushed = await push_outbox(book, client)
        files = await fetch_assets(book, client, asset_folder, on_file_progress)
    except GuideError as error:
        _save_status(book, started, error, [])
        raise
    _save_status(book, started, None, pushed.refused)
    return SyncReport(pulled=pulled, pushed=pushed, files=files)
