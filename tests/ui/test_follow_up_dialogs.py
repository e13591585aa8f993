"""The follow-up dialogs: a good entry is saved and closes the dialog; a bad one gets a sentence
beside the buttons, keeps what was typed, and saves nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from guide_app.book.followups import DueFollowUp, FollowUpKind, plan
from guide_app.book.models import FollowUp
from guide_app.book.store import Book
from guide_app.calls.followups import complete_follow_up
from guide_app.calls.timeline import customer_timeline
from guide_app.errors import ErrorCode
from guide_app.timeutil import utcnow
from tests.support.tasks import put_customer
from ui.dialogs.follow_up import (
    CompleteFollowUpDialog,
    FollowUpDialog,
    LogOutcomeDialog,
    PlanFollowUpDialog,
    RescheduleDialog,
)
from ui.messages import describe_code
from ui.ops import Ops

WAIT = 5000


@pytest.fixture
def wang(book: Book) -> str:
    return put_customer(book, "王丽", wecom_remark="王姐-0512-羽绒服M")


@pytest.fixture
def due(book: Book, wang: str) -> DueFollowUp:
    """An open follow-up, due an hour ago."""
    due_at = utcnow() - timedelta(hours=1)
    with book.writing() as session:
        follow_up_id = plan(session, wang, due_at, FollowUpKind.call)
    return DueFollowUp(follow_up_id, wang, "王丽", due_at, FollowUpKind.call.value, "self")


def _show(qtbot: QtBot, dialog: FollowUpDialog) -> FollowUpDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_due(dialog: PlanFollowUpDialog | RescheduleDialog, year: int, month: int, day: int) -> None:
    dialog.due_field.editor.setDateTime(QDateTime(QDate(year, month, day), QTime(10, 0)))


def _follow_ups(book: Book) -> list[FollowUp]:
    with book.reading() as session:
        return list(session.execute(select(FollowUp).order_by(FollowUp.created_at)).scalars())  # type: ignore[arg-type]


def _count(book: Book) -> int:
    with book.reading() as session:
        return int(session.execute(select(func.count()).select_from(FollowUp)).scalar_one())


def test_planning_tomorrow_saves_the_follow_up_and_closes(
    qtbot: QtBot, ops: Ops, book: Book, wang: str
) -> None:
    dialog = _show(qtbot, PlanFollowUpDialog(ops, wang, "王丽"))
    assert isinstance(dialog, PlanFollowUpDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(FollowUpKind.visit.value))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.keyClick(dialog.due_field.editor, Qt.Key.Key_Return)
    [saved] = _follow_ups(book)
    assert dialog.planned_id == saved.id and saved.kind == "visit" and saved.status == "open"
    tomorrow = datetime.now().date() + timedelta(days=1)
    assert saved.due_at.astimezone() == datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10).astimezone()


@pytest.mark.parametrize(
    ("year_month_day", "code"),
    [
        ((1900, 1, 1), ErrorCode.follow_up_in_past),
        ((9999, 12, 31), ErrorCode.date_invalid),
        (None, ErrorCode.follow_up_in_past),  # yesterday: plausible, but already gone
    ],
)
def test_a_past_or_absurd_date_for_a_new_follow_up_is_refused_inline(
    qtbot: QtBot,
    ops: Ops,
    book: Book,
    wang: str,
    year_month_day: tuple[int, int, int] | None,
    code: ErrorCode,
) -> None:
    dialog = _show(qtbot, PlanFollowUpDialog(ops, wang, "王丽"))
    assert isinstance(dialog, PlanFollowUpDialog)
    yesterday = datetime.now().date() - timedelta(days=1)
    _type_due(dialog, *(year_month_day or (yesterday.year, yesterday.month, yesterday.day)))
    dialog.save_button.click()
    assert dialog.message.isVisible() and dialog.message.text() == describe_code(code)
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert _count(book) == 0


def test_rescheduling_to_an_absurd_year_is_refused_and_the_due_time_stays(
    qtbot: QtBot, ops: Ops, book: Book, due: DueFollowUp
) -> None:
    dialog = _show(qtbot, RescheduleDialog(ops, due))
    assert isinstance(dialog, RescheduleDialog)
    _type_due(dialog, 9999, 1, 1)
    qtbot.keyClick(dialog.due_field.editor, Qt.Key.Key_Return)
    assert dialog.message.text() == describe_code(ErrorCode.date_invalid) and dialog.isVisible()
    [kept] = _follow_ups(book)
    assert kept.due_at == due.due_at
    next_week = datetime.now().date() + timedelta(days=7)
    _type_due(dialog, next_week.year, next_week.month, next_week.day)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        dialog.save_button.click()
    [moved] = _follow_ups(book)
    assert moved.due_at.astimezone().date() == next_week and moved.status == "open"


def test_completing_needs_an_outcome_and_then_puts_it_on_the_timeline(
    qtbot: QtBot, ops: Ops, book: Book, due: DueFollowUp
) -> None:
    dialog = _show(qtbot, CompleteFollowUpDialog(ops, due))
    assert isinstance(dialog, CompleteFollowUpDialog)
    dialog.outcome.setText("   ")
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_Return)
    assert dialog.message.isVisible() and dialog.isVisible()
    assert _follow_ups(book)[0].status == "open"
    dialog.outcome.setText("M码合适，周六来店")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.keyClick(dialog.outcome, Qt.Key.Key_Return)
    [done] = _follow_ups(book)
    assert (done.status, done.outcome) == ("done", "M码合适，周六来店")
    assert [entry.text for entry in customer_timeline(book, due.customer_id)] == ["M码合适，周六来店"]


def test_a_follow_up_closed_meanwhile_is_explained_inline_and_the_text_kept(
    qtbot: QtBot, ops: Ops, book: Book, due: DueFollowUp
) -> None:
    dialog = _show(qtbot, CompleteFollowUpDialog(ops, due))
    assert isinstance(dialog, CompleteFollowUpDialog)
    complete_follow_up(book, due.id, "已在手机上回访")  # another window got there first
    dialog.outcome.setText("尺码合适")
    dialog.save_button.click()
    expected = describe_code(ErrorCode.follow_up_closed)
    qtbot.waitUntil(lambda: dialog.message.text() == expected, timeout=WAIT)
    assert dialog.isVisible() and dialog.outcome.text() == "尺码合适" and dialog.save_button.isEnabled()


def test_logging_an_outcome_needs_words_and_keeps_the_follow_up_open(
    qtbot: QtBot, ops: Ops, book: Book, due: DueFollowUp
) -> None:
    dialog = _show(qtbot, LogOutcomeDialog(ops, due))
    assert isinstance(dialog, LogOutcomeDialog)
    dialog.save_button.click()
    assert dialog.message.isVisible() and customer_timeline(book, due.customer_id) == []
    dialog.text.setText("未接通")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        dialog.save_button.click()
    assert [(entry.kind, entry.text) for entry in customer_timeline(book, due.customer_id)] == [
        ("call", "未接通")
    ]
    assert _follow_ups(book)[0].status == "open"


def test_escape_closes_a_dialog_without_saving(qtbot: QtBot, ops: Ops, book: Book, wang: str) -> None:
    dialog = _show(qtbot, PlanFollowUpDialog(ops, wang, "王丽"))
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        qtbot.keyClick(dialog.due_field.editor, Qt.Key.Key_Escape)
    assert _count(book) == 0
