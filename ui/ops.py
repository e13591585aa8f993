"""Running the core's calls off the UI thread, and bringing their result, error or progress back to it.

The model is Anki's CollectionOp/QueryOp. A screen hands `Ops` a call `fn(book) -> result` and the
callbacks for its answer; the call runs on a worker thread, and the callbacks run on the UI thread
through queued signals. A write returns an `Outcome`, whose change notice `Ops.changed` carries to
every view; views refresh from it and never call each other. No widget holds the book itself.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from guide_app.book.store import Book
from guide_app.changes import ChangeNotice, Outcome
from guide_app.errors import Cancelled, GuideError
from guide_app.jobs import CancelToken, ProgressSink, Step

log = logging.getLogger("guide_app.ui")

T = TypeVar("T")
Failure = Callable[[BaseException], None]
# Progress reaches the UI at most this often (a job may report thousands of times a second).
PROGRESS_INTERVAL = 0.05


class Running(Generic[T]):
    """A call on its way. `cancel()` asks a long job to stop at its next clean point and drops
    the answer; `discard()` only drops it (a search overtaken by the next keystroke)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.token = CancelToken()
        self._dropped = threading.Event()
        self.finished = False

    def cancel(self) -> None:
        self.token.cancel()
        self._dropped.set()

    def discard(self) -> None:
        self._dropped.set()

    @property
    def dropped(self) -> bool:
        return self._dropped.is_set()


class _Answer:
    """What a worker hands back: the call's value, or the exception it raised."""

    __slots__ = ("deliver", "error", "fail", "running", "value")

    def __init__(
        self,
        running: Running[Any],
        deliver: Callable[[Any], None],
        fail: Failure,
        value: Any = None,
        error: BaseException | None = None,
    ) -> None:
        self.running, self.deliver, self.fail, self.value, self.error = running, deliver, fail, value, error


class Ops(QObject):
    """The one way a screen reaches the book: queries, writes, long jobs and async jobs (sync)."""

    changed = Signal(object)  # ChangeNotice: what a write or a sync changed
    failed = Signal(object)  # BaseException: a call failed and its screen gave no handler of its own
    _answered = Signal(object)  # _Answer, from a worker thread
    _stepped = Signal(object, object)  # (Running, Step), from a worker thread

    def __init__(self, book: Book | None, parent: QObject | None = None, workers: int = 3) -> None:
        """`book` is None before sign-in: then only `run` and `run_async` work."""
        super().__init__(parent)
        self._maybe_book = book
        # Three workers: a long job (import, sync) never keeps a search or a save waiting.
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="guide-op")
        self._closed = False  # shut down: later calls (a view's timer before it is deleted) are dropped
        self._running: set[Running[Any]] = set()
        self._progress: dict[Running[Any], Callable[[Step], None]] = {}
        self._answered.connect(self._on_answer, Qt.ConnectionType.QueuedConnection)
        self._stepped.connect(self._on_step, Qt.ConnectionType.QueuedConnection)

    # ----------------------------------------------------------------------------------- the calls

    def query(
        self,
        call: Callable[[Book], T],
        success: Callable[[T], None],
        *,
        failure: Failure | None = None,
        name: str = "query",
    ) -> Running[T]:
        """Read something; `success(result)` runs on the UI thread unless the call was dropped."""
        running: Running[T] = Running(name)
        book = self._book
        self._submit(running, lambda: call(book), success, failure)
        return running

    def write(
        self,
        call: Callable[[Book], Outcome[T]],
        success: Callable[[T], None] | None = None,
        *,
        failure: Failure | None = None,
        name: str = "write",
    ) -> Running[T]:
        """Change the book; every view hears what changed, then `success(value)` runs."""
        running: Running[T] = Running(name)
        book = self._book
        self._submit(running, lambda: call(book), self._announcing(success), failure)
        return running

    def job(
        self,
        call: Callable[[Book, ProgressSink, CancelToken], T],
        success: Callable[[T], None],
        *,
        progress: Callable[[Step], None] | None = None,
        failure: Failure | None = None,
        name: str = "job",
    ) -> Running[T]:
        """A long job with progress and cancel. A result that is an `Outcome` is announced to
        every view before `success` gets it."""
        running: Running[T] = Running(name)
        sink = self._sink_for(running, progress)
        book = self._book
        self._submit(running, lambda: call(book, sink, running.token), self._announcing_any(success), failure)
        return running

    def async_job(
        self,
        call: Callable[[Book, ProgressSink, CancelToken], Awaitable[T]],
        success: Callable[[T], None],
        *,
        progress: Callable[[Step], None] | None = None,
        failure: Failure | None = None,
        name: str = "async job",
    ) -> Running[T]:
        """A coroutine job (sync, downloads) on a worker thread with its own event loop, so its
        network waits and its parsing never touch the UI thread's loop."""
        running: Running[T] = Running(name)
        sink = self._sink_for(running, progress)
        book = self._book

        def in_thread() -> T:
            return asyncio.run(_awaited(call(book, sink, running.token)))

        self._submit(running, in_thread, self._announcing_any(success), failure)
        return running

    def run(
        self,
        call: Callable[[], T],
        success: Callable[[T], None],
        *,
        failure: Failure | None = None,
        name: str = "call",
    ) -> Running[T]:
        """A call that needs no book (opening one, reading a file's sheets)."""
        running: Running[T] = Running(name)
        self._submit(running, call, self._announcing_any(success), failure)
        return running

    def run_async(
        self,
        call: Callable[[], Awaitable[T]],
        success: Callable[[T], None],
        *,
        failure: Failure | None = None,
        name: str = "async call",
    ) -> Running[T]:
        """A coroutine that needs no book (signing in, out), on a worker thread's own loop."""
        running: Running[T] = Running(name)
        self._submit(running, lambda: asyncio.run(_awaited(call())), self._announcing_any(success), failure)
        return running

    def remote_write(
        self,
        call: Callable[[], Awaitable[Outcome[T]]],
        success: Callable[[T], None] | None = None,
        *,
        failure: Failure | None = None,
        name: str = "remote write",
    ) -> Running[T]:
        """A workspace's write at HQ (no book): every view hears what changed, then `success(value)`."""
        running: Running[T] = Running(name)
        self._submit(running, lambda: asyncio.run(_awaited(call())), self._announcing(success), failure)
        return running

    def remote_job(
        self,
        call: Callable[[ProgressSink, CancelToken], Awaitable[T]],
        success: Callable[[T], None],
        *,
        progress: Callable[[Step], None] | None = None,
        failure: Failure | None = None,
        name: str = "remote job",
    ) -> Running[T]:
        """A workspace's long coroutine job at HQ (no book: a sheet's download) with progress and
        cancel, as `async_job` runs a guide's."""
        running: Running[T] = Running(name)
        sink = self._sink_for(running, progress)

        def in_thread() -> T:
            return asyncio.run(_awaited(call(sink, running.token)))

        self._submit(running, in_thread, self._announcing_any(success), failure)
        return running

    def announce(self, changes: ChangeNotice) -> None:
        """Tell every view what changed (a failed sync's partial work, for one)."""
        if not changes.empty:
            self.changed.emit(changes)

    @property
    def _book(self) -> Book:
        if self._maybe_book is None:
            raise RuntimeError("this Ops has no book: only run() and run_async() work before sign-in")
        return self._maybe_book

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def shutdown(self, wait: bool = True) -> None:
        """Stop every job at its next clean point, drop their answers, and wait for the workers.
        A call made afterwards (a view's clock timer firing before the view is deleted, after a
        sign-out) is dropped: it never runs and never answers."""
        self._closed = True
        for running in list(self._running):
            running.cancel()
        self._pool.shutdown(wait=wait, cancel_futures=True)

    # ----------------------------------------------------------------------------------- plumbing

    def _announcing(self, success: Callable[[T], None] | None) -> Callable[[Outcome[T]], None]:
        def delivered(outcome: Outcome[T]) -> None:
            self.announce(outcome.changes)
            if success is not None and _still_there(success):
                success(outcome.value)

        return delivered

    def _announcing_any(self, success: Callable[[T], None]) -> Callable[[T], None]:
        def delivered(result: T) -> None:
            changes = getattr(result, "changes", None)
            if isinstance(changes, ChangeNotice):
                self.announce(changes)
            if _still_there(success):
                success(result)

        return delivered

    def _submit(
        self,
        running: Running[Any],
        work: Callable[[], Any],
        deliver: Callable[[Any], None],
        failure: Failure | None,
    ) -> None:
        if self._closed:
            running.discard()
            return
        self._running.add(running)
        fail = failure if failure is not None else self.failed.emit

        def in_worker() -> None:
            try:
                value = work()
            except BaseException as error:
                self._answered.emit(_Answer(running, deliver, fail, error=error))
            else:
                self._answered.emit(_Answer(running, deliver, fail, value=value))

        self._pool.submit(in_worker)

    @Slot(object)
    def _on_answer(self, answer: _Answer) -> None:
        running = answer.running
        running.finished = True
        self._running.discard(running)
        self._progress.pop(running, None)
        error = answer.error
        if error is not None:
            changes = error.details.get("changes") if isinstance(error, GuideError) else None
            if isinstance(changes, ChangeNotice):
                self.announce(changes)  # the part done before the failure still changed the book
            if isinstance(error, Cancelled) or running.dropped:
                return
            if not isinstance(error, GuideError):
                log.error("%s failed", running.name, exc_info=error)
            if _still_there(answer.fail):
                answer.fail(error)
            return
        if running.dropped:
            changes = getattr(answer.value, "changes", None)
            if isinstance(changes, ChangeNotice):
                self.announce(changes)  # a dropped write still changed the book
            return
        if _still_there(answer.deliver):
            answer.deliver(answer.value)

    def _sink_for(self, running: Running[Any], progress: Callable[[Step], None] | None) -> ProgressSink:
        if progress is None:
            return _ignore
        self._progress[running] = progress
        last_sent = [0.0]

        def sink(step: Step) -> None:  # on the worker thread
            now = time.monotonic()
            finished = step.total is not None and step.done >= step.total
            if finished or now - last_sent[0] >= PROGRESS_INTERVAL:
                last_sent[0] = now
                self._stepped.emit(running, step)

        return sink

    @Slot(object, object)
    def _on_step(self, running: Running[Any], step: Step) -> None:
        receiver = self._progress.get(running)
        if receiver is not None and not running.dropped and _still_there(receiver):
            receiver(step)


def _still_there(callback: Callable[..., Any]) -> bool:
    """False when `callback` is a method of a widget Qt has deleted meanwhile (a dialog closed
    while its save was on its way): its answer has nowhere to go."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def _ignore(_step: Step) -> None:
    return None


async def _awaited(awaitable: Awaitable[T]) -> T:
    return await awaitable
