"""ui/ops.py: calls run off the UI thread, and answers, failures, progress and notices come back on it."""

from __future__ import annotations

import threading

import shiboken6
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.book.store import Book
from guide_app.calls.customers import add_customer
from guide_app.changes import Area, ChangeNotice
from guide_app.errors import ErrorCode, InvalidInput
from guide_app.jobs import CancelToken, Phase, ProgressSink, Step, control
from ui.ops import Ops


def test_a_query_runs_off_the_ui_thread_and_answers_on_it(qtbot: QtBot, ops: Ops) -> None:
    ui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def call(_book: Book) -> int:
        seen["worker"] = threading.get_ident()
        return 42

    answers: list[int] = []

    def success(value: int) -> None:
        seen["answer"] = threading.get_ident()
        answers.append(value)

    ops.query(call, success)
    qtbot.waitUntil(lambda: answers == [42], timeout=5000)
    assert seen["worker"] != ui_thread and seen["answer"] == ui_thread


def test_a_write_announces_what_changed_to_every_view(qtbot: QtBot, ops: Ops) -> None:
    with qtbot.waitSignal(ops.changed, timeout=5000) as heard:
        ops.write(lambda book: add_customer(book, CustomerFields(name="王丽")))
    notice = heard.args[0]
    assert isinstance(notice, ChangeNotice) and notice.touches(Area.customers)


def test_a_failure_reaches_the_screen_and_changes_nothing(qtbot: QtBot, ops: Ops) -> None:
    failures: list[BaseException] = []
    ops.write(lambda book: add_customer(book, CustomerFields(name="")), failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], InvalidInput) and failures[0].code is ErrorCode.name_missing


def test_a_call_after_shutdown_is_dropped_not_raised(qtbot: QtBot, book: Book) -> None:
    """After a sign-out the book's Ops is shut down, and a view's clock timer may still fire
    before the view is deleted: its call must neither raise in the event loop nor run."""
    closed = Ops(book)
    closed.shutdown(wait=True)
    ran: list[str] = []
    answers: list[str] = []
    running = closed.job(lambda _book, _sink, _token: ran.append("ran"), answers.append)
    assert running.dropped and not running.finished
    assert ran == [] and answers == []


def test_a_discarded_answer_is_never_delivered(qtbot: QtBot, ops: Ops) -> None:
    release = threading.Event()
    answers: list[str] = []
    stale = ops.query(lambda _book: release.wait(5) and "stale", answers.append)
    fresh = ops.query(lambda _book: "fresh", answers.append)
    stale.discard()
    release.set()
    qtbot.waitUntil(lambda: stale.finished and fresh.finished, timeout=5000)
    assert answers == ["fresh"]


def test_a_cancelled_job_stops_and_progress_came_back_on_the_ui_thread(qtbot: QtBot, ops: Ops) -> None:
    started = threading.Event()

    def long_job(_book: Book, progress: ProgressSink, cancel: CancelToken) -> int:
        job = control(progress, cancel)
        for done in range(10_000):
            job.report(Phase.writing_book, done, 10_000)
            started.set()
            threading.Event().wait(0.001)
        return 1

    steps: list[Step] = []
    results: list[int] = []
    failures: list[BaseException] = []
    running = ops.job(long_job, results.append, progress=steps.append, failure=failures.append)
    assert started.wait(5)
    qtbot.waitUntil(lambda: bool(steps), timeout=5000)
    running.cancel()
    qtbot.waitUntil(lambda: running.finished, timeout=5000)
    assert results == [] and failures == []  # cancelled: no answer, no error dialog
    assert all(step.phase is Phase.writing_book for step in steps) and len(steps) < 10_000


def test_an_answer_for_a_closed_dialog_is_dropped_but_its_change_still_announced(
    qtbot: QtBot, ops: Ops
) -> None:
    from PySide6.QtWidgets import QDialog

    release = threading.Event()

    class Card(QDialog):
        def saved(self, _value: object) -> None:
            self.setWindowTitle("saved")  # on a deleted dialog this raises RuntimeError

    card = Card()
    notices: list[ChangeNotice] = []
    ops.changed.connect(notices.append)

    def slow_add(book: Book) -> object:
        release.wait(5)
        return add_customer(book, CustomerFields(name="王丽"))

    running = ops.write(slow_add, card.saved)  # type: ignore[arg-type]
    card.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(card), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: running.finished, timeout=5000)
    assert notices and notices[0].touches(Area.customers)
