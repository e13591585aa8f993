"""The tray and its reminders: a follow-up due now reminds once and opens that customer, a task
opens Today, quiet hours hold reminders for one summary after, and `--minimized` starts in the tray."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
from pytestqt.qtbot import QtBot

from guide_app.book.followups import FollowUpKind
from guide_app.book.store import Book, open_book
from guide_app.book.tasks import expand_tasks
from guide_app.calls.followups import plan_follow_up
from guide_app.calls.reminders import ReminderKind
from guide_app.settings import QuietHours, Settings
from guide_app.timeutil import utcnow
from tests.support.tasks import put_customer, put_sop
from tests.ui import desk_support
from tests.ui.desk_support import ACCOUNT
from ui.app import Desk, parse_arguments
from ui.dialogs.customer_detail import CustomerDetailDialog
from ui.dialogs.sign_in import SignedIn
from ui.ops import Ops
from ui.reminders import ReminderNotice, ReminderScheduler
from ui.sync_runner import SyncRunner
from ui.tray import Tray

signed_in_desk = desk_support.signed_in_desk  # a fixture shared with the tray's tests

ALWAYS = Settings(quiet_hours=QuietHours(on=False))


@pytest.fixture
def tray(qapp: QApplication) -> Iterator[Tray]:
    made = Tray()
    yield made
    made.icon.hide()


def _scheduler(
    ops: Ops, chosen: Settings = ALWAYS, clock: Callable[[], datetime] = utcnow
) -> ReminderScheduler:
    return ReminderScheduler(ops, chosen, clock=clock)


def _quiet(qtbot: QtBot, ops: Ops) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=5000)


def test_a_follow_up_due_now_reminds_and_opens_that_customer(
    qtbot: QtBot, ops: Ops, book: Book, tray: Tray
) -> None:
    wang = put_customer(book, "王姐")
    put_customer(book, "李四")
    plan_follow_up(book, wang, utcnow() - timedelta(minutes=1), FollowUpKind.call)
    scheduler = _scheduler(ops)
    scheduler.reminded.connect(lambda notice: tray.show_reminder(notice, None))
    with qtbot.waitSignal(scheduler.reminded, timeout=5000) as reminded:
        scheduler.start()
    notice = reminded.args[0]
    assert isinstance(notice, ReminderNotice) and notice.only is not None
    assert (notice.only.kind, notice.only.target_id) == (ReminderKind.follow_up, wang)
    assert "王姐" in notice.text() and tray.last_notice is notice
    with qtbot.waitSignal(tray.open_customer, timeout=2000) as opened:
        tray.icon.messageClicked.emit()  # what the system sends when the guide clicks the message
    assert opened.args == [wang]
    scheduler.stop()


def test_a_reminder_is_never_repeated_even_by_a_new_scheduler(qtbot: QtBot, ops: Ops, book: Book) -> None:
    plan_follow_up(book, put_customer(book, "王姐"), utcnow(), FollowUpKind.call)
    first = _scheduler(ops)
    with qtbot.waitSignal(first.reminded, timeout=5000):
        first.start()
    shown: list[ReminderNotice] = []
    first.reminded.connect(shown.append)
    first.check_now()
    _quiet(qtbot, ops)
    first.stop()
    after_restart = _scheduler(ops)  # the app started again: the shown keys are read from the book's folder
    after_restart.reminded.connect(shown.append)
    after_restart.start()
    _quiet(qtbot, ops)
    after_restart.check_now()
    _quiet(qtbot, ops)
    assert shown == []
    after_restart.stop()


def test_a_new_follow_up_due_now_reminds_as_soon_as_it_is_planned(qtbot: QtBot, ops: Ops, book: Book) -> None:
    scheduler = _scheduler(ops)
    scheduler.start()
    _quiet(qtbot, ops)
    zhang = put_customer(book, "张三")
    with qtbot.waitSignal(scheduler.reminded, timeout=5000) as reminded:
        ops.write(lambda book: plan_follow_up(book, zhang, utcnow(), FollowUpKind.message))
    assert reminded.args[0].only.target_id == zhang
    scheduler.stop()


def test_quiet_hours_hold_reminders_for_one_summary_when_they_end(
    qtbot: QtBot, ops: Ops, book: Book, tray: Tray
) -> None:
    evening = datetime.now().astimezone().replace(hour=22, minute=0, second=0, microsecond=0)
    for name in ("王姐", "李四"):
        plan_follow_up(book, put_customer(book, name), evening - timedelta(minutes=30), FollowUpKind.call)
    clock = [evening]
    chosen = Settings(quiet_hours=QuietHours(on=True, start=time(21), end=time(9)))
    scheduler = _scheduler(ops, chosen, clock=lambda: clock[0])
    shown: list[ReminderNotice] = []
    scheduler.reminded.connect(shown.append)
    scheduler.start()
    _quiet(qtbot, ops)
    clock[0] = evening + timedelta(hours=10)  # 08:00 the next morning: still quiet
    scheduler.check_now()
    _quiet(qtbot, ops)
    assert shown == []
    clock[0] = evening + timedelta(hours=11, minutes=1)  # 09:01
    with qtbot.waitSignal(scheduler.reminded, timeout=5000) as reminded:
        scheduler.check_now()
    summary = reminded.args[0]
    assert summary.only is None and len(summary.reminders) == 2
    assert "2" in summary.text()
    tray.show_reminder(summary, None)
    with qtbot.waitSignal(tray.open_today, timeout=2000):
        tray.icon.messageClicked.emit()
    scheduler.stop()


def test_reminders_switched_off_stay_silent(qtbot: QtBot, ops: Ops, book: Book) -> None:
    plan_follow_up(book, put_customer(book, "王姐"), utcnow(), FollowUpKind.call)
    scheduler = _scheduler(ops, Settings(reminders=False))
    shown: list[ReminderNotice] = []
    scheduler.reminded.connect(shown.append)
    scheduler.start()
    _quiet(qtbot, ops)
    assert shown == []
    with qtbot.waitSignal(scheduler.reminded, timeout=5000):
        scheduler.apply(ALWAYS)  # switched on: what is due comes now
    scheduler.stop()


def test_a_task_reminder_opens_that_task(qtbot: QtBot, ops: Ops, book: Book, tray: Tray) -> None:
    put_customer(book, "王姐")
    task_id = put_sop(book, {"kind": "daily"}, title="会员日邀约")
    expand_tasks(book, datetime.now().astimezone().date())
    scheduler = _scheduler(ops)
    with qtbot.waitSignal(scheduler.reminded, timeout=5000) as reminded:
        scheduler.start()
    notice = reminded.args[0]
    assert notice.only is not None and notice.only.kind is ReminderKind.task
    assert "会员日邀约" in notice.text()
    tray.show_reminder(notice, None)
    with qtbot.waitSignal(tray.open_task, timeout=2000) as opened:
        tray.icon.messageClicked.emit()
    assert opened.args == [task_id]
    scheduler.stop()


def test_without_a_tray_a_reminder_shows_over_the_window_and_opens_the_customer(
    qtbot: QtBot, ops: Ops, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ui.tray.tray_available", lambda: False)
    no_tray = Tray()
    window = QMainWindow()
    typing = QLineEdit("王姐-0512-羽绒服M", window)
    window.setCentralWidget(typing)
    qtbot.addWidget(window)
    window.show()
    typing.setFocus()
    wang = put_customer(book, "王姐")
    plan_follow_up(book, wang, utcnow(), FollowUpKind.call)
    scheduler = _scheduler(ops)
    scheduler.reminded.connect(lambda notice: no_tray.show_reminder(notice, window))
    with qtbot.waitSignal(scheduler.reminded, timeout=5000):
        scheduler.start()
    banner = no_tray.banner
    assert banner is not None and banner.isVisible() and "王姐" in banner.text.text()
    assert banner.parentWidget() is window and window.focusWidget() is typing  # the guide types on
    with qtbot.waitSignal(no_tray.open_customer, timeout=2000) as opened:
        qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [wang]
    scheduler.stop()


def test_minimized_starts_in_the_tray_with_no_window_and_a_reminder_opens_the_customer(
    qtbot: QtBot, qapp: QApplication, monkeypatch: pytest.MonkeyPatch, signed_in_desk: Callable[..., Desk]
) -> None:
    assert parse_arguments(["--minimized"]).minimized
    monkeypatch.setattr("ui.tray.tray_available", lambda: True)
    desk = signed_in_desk(minimized=True, chosen=ALWAYS)
    assert desk.window is not None and desk.book is not None
    assert [widget for widget in qapp.topLevelWidgets() if widget.isVisible()] == []
    wang = put_customer(desk.book, "王姐")
    plan_follow_up(desk.book, wang, utcnow(), FollowUpKind.call)
    assert desk.reminders is not None
    with qtbot.waitSignal(desk.reminders.reminded, timeout=5000):
        desk.reminders.check_now()
    desk.tray.icon.messageClicked.emit()
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=5000)
    cards = desk.window.findChildren(CustomerDetailDialog)
    assert [card.customer_id for card in cards] == [wang]
    for card in cards:
        card.close()
    desk.window.close()  # with a tray, closing goes to the tray and the book stays open
    assert desk.window is not None and not desk.window.isVisible() and desk.book is not None


def test_minimized_before_sign_in_shows_nothing_until_the_tray_opens_the_sign_in(
    qtbot: QtBot, qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("ui.tray.tray_available", lambda: True)
    monkeypatch.setattr("ui.app.freeze_long_lived", lambda: None)
    monkeypatch.setattr(SyncRunner, "sync_now", lambda self: None)
    desk = Desk(qapp, ACCOUNT.hq_url, ACCOUNT.login, minimized=True)
    try:
        desk.start()
        assert desk.sign_in_dialog is not None and not desk.sign_in_dialog.isVisible()
        assert [widget for widget in qapp.topLevelWidgets() if widget.isVisible()] == []
        desk.tray.open_action.trigger()
        qtbot.waitUntil(desk.sign_in_dialog.isVisible, timeout=2000)
        desk.signed_in = SignedIn(ACCOUNT, "王丽娟", offline=True)  # as the dialog reports a sign-in
        desk._book_opened(open_book(tmp_path / "book.sqlite3"))
        assert desk.window is not None and desk.window.isVisible()  # signed in by hand: the window opens
    finally:
        desk._close_book()
        if desk.sign_in_dialog is not None:
            desk.sign_in_dialog.close()
        desk.tray.icon.hide()
