"""Long jobs (import, export, segment refresh, sync): a progress sink and a cancel token.

A job reports (phase, done, total) between the chunks it already works in, and checks its
token at the same points, so a cancel takes effect at a clean boundary: a transaction not yet
committed is rolled back, one already committed stays whole. Both may be called from any
thread; a screen's sink must hand the report to the UI thread itself (ui/ops.py does).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from guide_app.errors import Cancelled, ErrorCode


class Phase(StrEnum):
    """What a job is doing now; the UI shows each in the guide's words."""

    reading_file = "reading_file"  # import: reading and checking the workbook's rows
    writing_book = "writing_book"  # import: writing the good rows
    exporting = "exporting"  # export: writing customers to the workbook
    segments = "segments"  # refreshing stages and RFM segments
    tasks = "tasks"  # laying today's tasks out over the book
    pulling = "pulling"  # sync: HQ's changes, in pages
    pushing = "pushing"  # sync: uploading sales, task progress and content use
    files = "files"  # sync: downloading content files (done and total in bytes)


@dataclass(frozen=True, slots=True)
class Step:
    phase: Phase
    done: int
    total: int | None  # None when the end is not known yet (a feed still paging)


ProgressSink = Callable[[Step], None]
PACE_WORK = 0.005  # seconds of a job's work between pauses
PACE_PAUSE = 0.0002
# SQLite virtual-machine steps between pace checks inside one statement (~0.1-0.3 ms of work).
PACE_STEPS = 5_000


class CancelToken:
    """Set by the screen (any thread), checked by the job between chunks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class JobControl:
    """What a long job is given: where to report, and whether to stop. Both optional."""

    def __init__(self, progress: ProgressSink | None = None, cancel: CancelToken | None = None) -> None:
        self._progress = progress
        self._cancel = cancel
        self._paused_at = time.monotonic()

    def pace(self) -> None:
        """Hand the GIL to the screen's thread for a moment every PACE_WORK of work.

        A job that releases the GIL thousands of times a second (each sqlite3 step, each
        os.urandom) keeps re-taking it first: every release wakes the waiting thread and restarts
        its 5 ms wait for a switch, so the switch never comes. A 50k-row import held the event
        loop 70-110 ms at a time that way, with no collection running. Sleeping PACE_PAUSE hands
        the GIL over for real; it costs the job ~4% of its time. At 15 ms of work between pauses
        the screen's thread, which takes the GIL again after each call into Qt, still waited
        40-57 ms at a time; at 5 ms the same import's longest wait was 20-30 ms."""
        now = time.monotonic()
        if now - self._paused_at >= PACE_WORK:
            time.sleep(PACE_PAUSE)
            self._paused_at = time.monotonic()

    @contextmanager
    def pacing_statements(self, session: Any) -> Iterator[None]:
        """Pace inside the SQL statements `session` runs, not only between them.

        One statement releases the GIL at every sqlite3 step and never calls `pace`: a lookup of
        500 phones, or an executemany of 250 rows with their search index, kept the screen's
        thread out for its whole length. SQLite's progress handler calls `pace` every PACE_STEPS
        virtual-machine steps instead; it is removed again when the block ends."""
        connection = session.connection().connection.driver_connection

        def handler() -> int:
            self.pace()
            return 0  # go on: a cancel is checked at the job's own boundaries, never mid-statement

        connection.set_progress_handler(handler, PACE_STEPS)
        try:
            yield
        finally:
            connection.set_progress_handler(None, 0)

    def check(self) -> None:
        """Raise Cancelled if the guide asked to stop."""
        if self._cancel is not None and self._cancel.cancelled:
            raise Cancelled("stopped at your request; nothing half-done was kept", code=ErrorCode.cancelled)

    def report(self, phase: Phase, done: int, total: int | None = None) -> None:
        """Tell the sink where the job is, then stop there if the guide asked to."""
        if self._progress is not None:
            self._progress(Step(phase, done, total))
        self.check()


def control(progress: ProgressSink | None = None, cancel: CancelToken | None = None) -> JobControl:
    """The JobControl a job works with (one that reports nowhere and never stops when both are None)."""
    return JobControl(progress, cancel)


_freeze_lock = threading.Lock()
_jobs_freezing = 0
_frozen_for_good = False


def freeze_long_lived() -> None:
    """Freeze what lives now for the rest of the process (an app once its window is up), so no
    collection walks it again; jobs then leave the freeze alone."""
    global _frozen_for_good
    with _freeze_lock:
        gc.freeze()
        _frozen_for_good = True


@contextmanager
def long_lived_heap_frozen() -> Iterator[None]:
    """Keep Python's collector off the objects that existed before a long job while it runs.

    A full collection holds the GIL for as long as it walks the whole heap: the sync's
    allocations set off two of 0.58 s and 0.28 s (50k customers, 5,000 tasks), and the event
    loop's thread waited for every one of them; on a 50k-row import, collections walking
    pypinyin's dictionaries held it 100-190 ms at a time. Frozen, the objects that lived before
    the job are skipped, so a collection walks only what the job made; they are handed back
    after. One count for every job: a separate one would unfreeze the heap under a sync still
    running."""
    global _jobs_freezing
    with _freeze_lock:
        if _jobs_freezing == 0 and not _frozen_for_good:
            gc.freeze()
        _jobs_freezing += 1
    try:
        yield
    finally:
        with _freeze_lock:
            _jobs_freezing -= 1
            if _jobs_freezing == 0 and not _frozen_for_good:
                gc.unfreeze()
