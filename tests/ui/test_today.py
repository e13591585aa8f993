"""Today: ticking and skipping a task's customers from the keyboard, copying its script, working
through due follow-ups, and seeing the week's birthdays."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlmodel import col

from guide_app.book.followups import FollowUpKind, plan
from guide_app.book.models import FollowUp, Outbox, TaskTarget
from guide_app.book.store import Book
from guide_app.calls.tasks import lay_out_day, task_customers
from guide_app.calls.timeline import customer_timeline
from guide_app.protocol import EventKind
from guide_app.timeutil import utcnow
from tests.support.tasks import put_content, put_customer, put_manager_task, put_sop
from ui.dialogs.customer_detail import CustomerDetailDialog
from ui.dialogs.follow_up import CompleteFollowUpDialog, LogOutcomeDialog, RescheduleDialog
from ui.dialogs.skip_reason import SkipReasonDialog
from ui.models.checklist import OVERDUE
from ui.models.follow_ups import FollowUpColumn
from ui.ops import Ops
from ui.views.today import TodayView

WAIT = 5000
D = TypeVar("D", bound=QDialog)
SCRIPT = "亲爱的会员您好～冬季新品已到店，羽绒服全场8.5折，欢迎周末来试穿！"


@dataclass(frozen=True)
class Day:
    today: date
    task_id: str
    script_id: str
    customers: dict[str, str]  # name → id
    overdue_follow_up: str


def _birthday_in(today: date, days: int) -> date:
    celebrated = today + timedelta(days=days)
    return (
        celebrated.replace(year=1990) if (celebrated.month, celebrated.day) != (2, 29) else date(1992, 2, 29)
    )


@pytest.fixture
def day(book: Book) -> Day:
    """Three 金卡 customers on a daily SOP with a script, one overdue follow-up, two birthdays."""
    today = datetime.now().date()
    customers = {
        name: put_customer(book, name, tags=("金卡",), wecom_remark=remark)
        for name, remark in (("王丽", "王姐-0512-羽绒服M"), ("李娜", "李姐 老客"), ("张敏", ""))
    }
    customers["赵芳"] = put_customer(book, "赵芳", birthday=_birthday_in(today, 3))
    customers["钱静"] = put_customer(book, "钱静", birthday=_birthday_in(today, 10))
    script_id = put_content(book, "冬季新品问候话术", SCRIPT)
    task_id = put_sop(
        book,
        {"kind": "daily"},
        {"tags_all": ["金卡"]},
        "金卡会员新品触达",
        content_ids=[script_id],
        due_time="23:59",
    )
    lay_out_day(book, today)
    with book.writing() as session:
        overdue = plan(session, customers["李娜"], utcnow() - timedelta(days=2), FollowUpKind.call)
        plan(session, customers["张敏"], utcnow() + timedelta(days=3), FollowUpKind.message)  # not due yet
    return Day(today, task_id, script_id, customers, overdue)


@pytest.fixture
def open_today(qtbot: QtBot, ops: Ops) -> Iterator[Callable[[], TodayView]]:
    """Shows Today at the store PC's size; every one shown is closed before the Ops stops (a
    hidden Today reads nothing more)."""
    opened: list[TodayView] = []

    def shown() -> TodayView:
        today = TodayView(ops)
        qtbot.addWidget(today)
        today.resize(1366, 768)
        today.show()
        today.activateWindow()
        opened.append(today)
        return today

    yield shown
    for today in opened:
        today.close()


@pytest.fixture
def view(qtbot: QtBot, open_today: Callable[[], TodayView], day: Day) -> TodayView:
    shown = open_today()
    qtbot.waitUntil(lambda: shown.detail is not None and shown.detail.task_id == day.task_id, timeout=WAIT)
    return shown


def _targets(book: Book, task_id: str, today: date) -> dict[str, TaskTarget]:
    with book.reading() as session:
        rows = session.execute(
            select(TaskTarget).where(col(TaskTarget.task_id) == task_id, col(TaskTarget.day) == today)
        ).scalars()
        return {row.customer_id: row for row in rows}


def _opened(qtbot: QtBot, view: TodayView, kind: type[D]) -> D:
    """The dialog a key opened, once it has the keyboard (as it would on screen)."""
    dialog = view.active_dialog
    assert isinstance(dialog, kind)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()), timeout=WAIT)
    return dialog


def _open_follow_up(book: Book, follow_up_id: str) -> FollowUp:
    with book.reading() as session:
        follow_up = session.get(FollowUp, follow_up_id)
        assert follow_up is not None
        return follow_up


def test_space_ticks_a_customer_done_in_the_book_and_the_progress_follows(
    qtbot: QtBot, view: TodayView, book: Book, day: Day
) -> None:
    view.customers_view.setFocus()
    first = view.current_customer()
    assert first is not None and view.tasks_model.items[0].done == 0
    qtbot.keyClick(view.customers_view, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: _targets(book, day.task_id, day.today)[first.customer_id].done_at is not None, timeout=WAIT
    )
    qtbot.waitUntil(lambda: view.tasks_model.items[0].done == 1, timeout=WAIT)
    assert view.tasks_model.items[0].target == 3
    # The cursor went on to the next customer still to do, so Space again ticks the next one.
    current = view.current_customer()
    assert current is not None and current.customer_id != first.customer_id and current.open
    assert "1/3" in view.customers_heading.text()


def test_skipping_with_a_reason_stores_it_and_shrinks_the_target(
    qtbot: QtBot, view: TodayView, book: Book, day: Day
) -> None:
    view.customers_view.setFocus()
    skipped = view.current_customer()
    assert skipped is not None
    qtbot.keyClick(view.customers_view, Qt.Key.Key_S)
    dialog = _opened(qtbot, view, SkipReasonDialog)
    dialog.own.insert("上周刚买过，下月再联系")  # as an input method commits Chinese text
    qtbot.keyClick(dialog.own, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.active_dialog is None, timeout=WAIT)
    row = _targets(book, day.task_id, day.today)[skipped.customer_id]
    assert (row.skip_reason, row.done_at) == ("上周刚买过，下月再联系", None)
    qtbot.waitUntil(lambda: view.tasks_model.items[0].target == 2, timeout=WAIT)

    def reason_shown() -> str:
        listed = {customer.customer_id: customer for customer in view.customers_model.customers}
        return listed[skipped.customer_id].skip_reason

    qtbot.waitUntil(lambda: reason_shown() == "上周刚买过，下月再联系", timeout=WAIT)


def test_a_skip_needs_a_reason_and_escape_saves_nothing(
    qtbot: QtBot, view: TodayView, book: Book, day: Day
) -> None:
    view.customers_view.setFocus()
    qtbot.keyClick(view.customers_view, Qt.Key.Key_S)
    dialog = _opened(qtbot, view, SkipReasonDialog)
    dialog.reasons.setCurrentRow(-1)
    dialog.save_button.click()
    assert dialog.message.isVisible() and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.active_dialog is None, timeout=WAIT)
    assert all(row.skipped_at is None for row in _targets(book, day.task_id, day.today).values())


def test_c_copies_the_tasks_script_to_the_clipboard_and_counts_the_copy(
    qtbot: QtBot, view: TodayView, book: Book, day: Day
) -> None:
    QGuiApplication.clipboard().clear()
    view.tasks_view.setFocus()
    qtbot.keyClick(view.tasks_view, Qt.Key.Key_C)
    assert QGuiApplication.clipboard().text() == SCRIPT

    def copies() -> list[Outbox]:
        with book.reading() as session:
            events = session.execute(
                select(Outbox).where(col(Outbox.kind) == EventKind.content_usage.value)
            ).scalars()
            return [event for event in events if event.body["action"] == "copied"]

    qtbot.waitUntil(lambda: len(copies()) == 1, timeout=WAIT)
    assert copies()[0].body["content_id"] == day.script_id
    assert view.script_preview.text() == SCRIPT


def test_an_overdue_follow_up_is_shown_overdue_and_a_future_one_not_at_all(view: TodayView, day: Day) -> None:
    model = view.follow_ups_model
    assert [follow_up.id for follow_up in model.follow_ups] == [day.overdue_follow_up]
    due = model.index(0, FollowUpColumn.due)
    assert model.data(due, Qt.ItemDataRole.ForegroundRole).color() == OVERDUE
    assert "2" in model.data(due) and model.overdue_count == 1
    assert "1" in view.follow_ups_heading.text()


def test_completing_a_follow_up_from_today_closes_it_in_the_book_and_the_list(
    qtbot: QtBot, view: TodayView, book: Book, day: Day
) -> None:
    view.follow_ups_view.setFocus()
    qtbot.keyClick(view.follow_ups_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = _opened(qtbot, view, CompleteFollowUpDialog)
    dialog.outcome.insert("尺码合适，周六到店再看大衣")  # as an input method commits Chinese text
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.follow_ups_model.rowCount() == 0, timeout=WAIT)
    follow_up = _open_follow_up(book, day.overdue_follow_up)
    assert (follow_up.status, follow_up.outcome) == ("done", "尺码合适，周六到店再看大衣")
    assert view.follow_ups_stack.currentIndex() == 1  # the "nothing due" sentence


def test_rescheduling_a_follow_up_from_today_moves_it_off_todays_list(
    qtbot: QtBot, view: TodayView, book: Book, day: Day
) -> None:
    view.follow_ups_view.setFocus()
    qtbot.keyClick(view.follow_ups_view, Qt.Key.Key_R)
    dialog = _opened(qtbot, view, RescheduleDialog)
    qtbot.keyClick(dialog.due_field.editor, Qt.Key.Key_Return)  # tomorrow 10:00, the default
    qtbot.waitUntil(lambda: view.follow_ups_model.rowCount() == 0, timeout=WAIT)
    follow_up = _open_follow_up(book, day.overdue_follow_up)
    assert follow_up.status == "open"
    assert follow_up.due_at.astimezone().date() == day.today + timedelta(days=1)


def test_logging_an_outcome_keeps_the_follow_up_open_and_fills_the_timeline(
    qtbot: QtBot, view: TodayView, book: Book, day: Day
) -> None:
    view.follow_ups_view.setFocus()
    qtbot.keyClick(view.follow_ups_view, Qt.Key.Key_L)
    dialog = _opened(qtbot, view, LogOutcomeDialog)
    dialog.text.insert("未接通，下午再打")  # as an input method commits Chinese text
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.active_dialog is None, timeout=WAIT)
    assert _open_follow_up(book, day.overdue_follow_up).status == "open"
    entries = customer_timeline(book, day.customers["李娜"])
    assert [(entry.kind, entry.text) for entry in entries] == [("call", "未接通，下午再打")]


def test_birthdays_within_seven_days_show_and_later_ones_do_not(view: TodayView) -> None:
    shown = [view.birthdays_list.item(row).text() for row in range(view.birthdays_list.count())]
    assert len(shown) == 1 and "赵芳" in shown[0]


def test_a_goal_without_customers_is_counted_by_hand(
    qtbot: QtBot, open_today: Callable[[], TodayView], book: Book
) -> None:
    today = datetime.now().date()
    goal = put_manager_task(book, utcnow() + timedelta(days=2), None, 30, title="分享双12海报30次")
    shown = open_today()
    qtbot.waitUntil(lambda: shown.current_task_id() == goal, timeout=WAIT)
    assert shown.goal_box.isVisible() and not shown.customers_stack.isVisible()
    shown.goal_spin.setValue(12)
    shown.goal_save.click()
    qtbot.waitUntil(lambda: shown.tasks_model.items and shown.tasks_model.items[0].done == 12, timeout=WAIT)
    assert task_customers(book, goal, today) == []


def test_an_empty_day_says_what_to_do(qtbot: QtBot, open_today: Callable[[], TodayView]) -> None:
    shown = open_today()
    qtbot.waitUntil(lambda: shown.snapshot is not None, timeout=WAIT)
    assert shown.tasks_stack.currentIndex() == 1 and shown.tasks_empty.isVisible()
    assert "F5" in shown.tasks_empty.text()  # it says how to fetch HQ's tasks, whatever the language
    assert shown.birthdays_stack.currentIndex() == 1


def test_a_new_local_day_is_read_without_restarting(
    qtbot: QtBot, view: TodayView, book: Book, day: Day
) -> None:
    view.day = day.today - timedelta(days=1)  # as if the view was opened yesterday and left on
    view.reload()
    qtbot.waitUntil(lambda: view.tasks_model.rowCount() == 0, timeout=WAIT)
    view._look_at_clock()
    assert view.day == day.today
    qtbot.waitUntil(lambda: view.tasks_model.rowCount() == 1, timeout=WAIT)


def test_enter_on_a_tasks_customer_opens_their_card(qtbot: QtBot, view: TodayView) -> None:
    view.customers_view.setFocus()
    chosen = view.current_customer()
    assert chosen is not None
    qtbot.keyClick(view.customers_view, Qt.Key.Key_Return)
    card = _opened(qtbot, view, CustomerDetailDialog)
    assert card.customer_id == chosen.customer_id
    card.reject()
    qtbot.waitUntil(lambda: view.active_dialog is None, timeout=WAIT)
    assert view.focusWidget() is view.customers_view  # the keyboard goes back where the guide was
