"""Dialogs about one follow-up (跟进): plan it, move it, complete it with an outcome, log what happened.

Each dialog does its own `ops.write`, closes with `accept()` when the book has it, and shows a
refusal inline above its buttons, keeping what the guide typed. Views hear the change from
`ops.changed` like any other write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.followups import MAX_OUTCOME, DueFollowUp, FollowUpKind, check_due_at
from guide_app.book.store import Book
from guide_app.book.timeline import InteractionKind
from guide_app.calls.followups import complete_follow_up, plan_follow_up, reschedule_follow_up
from guide_app.calls.timeline import log_interaction
from guide_app.changes import Outcome
from guide_app.errors import GuideError
from guide_app.timeutil import utcnow
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe
from ui.ops import Ops

T = TypeVar("T")
CONTEXT = "FollowUp"
# The hour a quick pick ("tomorrow") lands on: the store is open and the quiet hours are over.
QUICK_HOUR = 10
DUE_FORMAT = "yyyy-MM-dd HH:mm"

KIND_WORDS: dict[FollowUpKind, str] = {
    FollowUpKind.message: QT_TRANSLATE_NOOP("FollowUp", "Message"),
    FollowUpKind.call: QT_TRANSLATE_NOOP("FollowUp", "Call"),
    FollowUpKind.visit: QT_TRANSLATE_NOOP("FollowUp", "Store visit"),
    FollowUpKind.other: QT_TRANSLATE_NOOP("FollowUp", "Other"),
}
LOG_KIND_WORDS: dict[InteractionKind, str] = {
    InteractionKind.message: QT_TRANSLATE_NOOP("FollowUp", "Message"),
    InteractionKind.call: QT_TRANSLATE_NOOP("FollowUp", "Call"),
    InteractionKind.visit: QT_TRANSLATE_NOOP("FollowUp", "Store visit"),
    InteractionKind.note: QT_TRANSLATE_NOOP("FollowUp", "Note"),
}
# The follow-up kind a timeline entry of the same nature takes, to preselect "log outcome".
LOG_KIND_FOR: dict[str, InteractionKind] = {
    FollowUpKind.message: InteractionKind.message,
    FollowUpKind.call: InteractionKind.call,
    FollowUpKind.visit: InteractionKind.visit,
}


def kind_words(kind: str) -> str:
    """A follow-up's kind as the guide says it (an unknown stored kind reads as "Other")."""
    try:
        known = FollowUpKind(kind)
    except ValueError:
        known = FollowUpKind.other
    return QCoreApplication.translate(CONTEXT, KIND_WORDS[known])


def kind_choice(parent: QWidget) -> QComboBox:
    """A follow-up kind picker, on "Message" (what guides do most, in WeCom)."""
    box = QComboBox(parent)
    for kind, words in KIND_WORDS.items():
        box.addItem(QCoreApplication.translate(CONTEXT, words), kind.value)
    box.setCurrentIndex(box.findData(FollowUpKind.message.value))
    return box


def quick_due(today: date, days_ahead: int) -> datetime:
    """`days_ahead` days from `today` at QUICK_HOUR, local time."""
    return datetime.combine(today + timedelta(days=days_ahead), time(QUICK_HOUR)).astimezone()


class DueTimeField(QWidget):
    """A local date and time, with quick picks for the usual answers (tomorrow, in 3 days, next week).

    The editor accepts any year so that a slip (1900, 9999) reaches `check_due_at` and gets a
    sentence, instead of being clamped silently to something the guide did not type."""

    def __init__(self, initial: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = QDateTimeEdit(self)
        self.editor.setDisplayFormat(DUE_FORMAT)
        self.editor.setCalendarPopup(True)
        self.editor.setDateTimeRange(
            QDateTime(QDate(1900, 1, 1), QTime(0, 0)), QDateTime(QDate(9999, 12, 31), QTime(23, 59))
        )
        self.editor.setAccessibleName(self.tr("Due"))
        self.set_due(initial)
        layout.addWidget(self.editor)
        picks = QHBoxLayout()
        for text, days in ((self.tr("Tomorrow"), 1), (self.tr("In 3 days"), 3), (self.tr("Next week"), 7)):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.setToolTip(self.tr("%1 at %2:00").replace("%1", text).replace("%2", str(QUICK_HOUR)))
            button.clicked.connect(lambda _checked=False, ahead=days: self._pick(ahead))
            picks.addWidget(button)
        layout.addLayout(picks)
        self.setFocusProxy(self.editor)

    def _pick(self, days_ahead: int) -> None:
        self.set_due(quick_due(datetime.now().date(), days_ahead))

    def set_due(self, due: datetime) -> None:
        local = due.astimezone()
        self.editor.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )

    def due(self) -> datetime:
        """The chosen time as an aware datetime on this PC's clock."""
        chosen = self.editor.dateTime()
        day, clock = chosen.date(), chosen.time()
        return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute()).astimezone()


class FollowUpDialog(QDialog):
    """The frame the dialogs share: a form, an inline message, Save and Cancel, one write at a time.
    Each dialog connects `buttons.accepted` to its own check-and-save."""

    def __init__(self, ops: Ops, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        outer = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setAccessibleName(QCoreApplication.translate("FollowUp", "Problem"))
        self.message.hide()
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(QCoreApplication.translate("FollowUp", "Save (Enter)"))
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def add_kind_and_due(self) -> None:
        """The "how" and "when" of a new follow-up: a message, tomorrow at QUICK_HOUR unless changed."""
        self.kind = kind_choice(self)
        self.due_field = DueTimeField(quick_due(datetime.now().date(), 1), self)
        self.form.addRow(self.tr("&How"), self.kind)
        self.form.addRow(self.tr("&When"), self.due_field)
        self.due_field.setFocus()

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def write(self, call: Callable[[Book], Outcome[T]], on_saved: Callable[[T], None] | None = None) -> None:
        """Save through `ops`; close once the book has it, or say why not and keep the input."""
        self.show_problem("")
        self.save_button.setEnabled(False)

        def saved(value: T) -> None:
            if on_saved is not None:
                on_saved(value)
            self.accept()

        self.ops.write(call, saved, failure=self._refused, name="follow-up dialog")

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.show_problem(describe(error))

    def due_refused(self, due: datetime) -> bool:
        """Say why `due` cannot be a follow-up's time, before anything is sent to the book."""
        try:
            check_due_at(due, utcnow())
        except GuideError as error:
            self.show_problem(describe(error))
            return True
        return False


class PlanFollowUpDialog(FollowUpDialog):
    """Plan a follow-up for one customer: kind and time (tomorrow at 10:00 unless changed).
    After `accept()`, `planned_id` holds the new follow-up's id."""

    def __init__(self, ops: Ops, customer_id: str, customer_name: str, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Plan a follow-up"), parent)
        self.buttons.accepted.connect(self._save)
        self.customer_id = customer_id
        self.planned_id: str | None = None
        self.heading.setText(self.tr("Follow up with %1").replace("%1", customer_name))
        self.add_kind_and_due()

    def _save(self) -> None:
        due = self.due_field.due()
        if self.due_refused(due):
            return
        kind = FollowUpKind(self.kind.currentData())
        customer_id = self.customer_id
        self.write(lambda book: plan_follow_up(book, customer_id, due, kind), self._planned)

    def _planned(self, follow_up_id: str) -> None:
        self.planned_id = follow_up_id


class RescheduleDialog(FollowUpDialog):
    """Move an open follow-up to a new time from now on (tomorrow at 10:00 unless changed)."""

    def __init__(self, ops: Ops, follow_up: DueFollowUp, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Reschedule follow-up"), parent)
        self.buttons.accepted.connect(self._save)
        self.follow_up = follow_up
        self.heading.setText(
            self.tr("%1 with %2, due %3")
            .replace("%1", kind_words(follow_up.kind))
            .replace("%2", follow_up.customer_name)
            .replace("%3", follow_up.due_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        )
        self.due_field = DueTimeField(quick_due(datetime.now().date(), 1), self)
        self.form.addRow(self.tr("&New time"), self.due_field)
        self.due_field.setFocus()

    def _save(self) -> None:
        due = self.due_field.due()
        if self.due_refused(due):
            return
        follow_up_id = self.follow_up.id
        self.write(lambda book: reschedule_follow_up(book, follow_up_id, due))


class CompleteFollowUpDialog(FollowUpDialog):
    """Close a follow-up as done with its outcome (required: it is what the timeline keeps)."""

    def __init__(self, ops: Ops, follow_up: DueFollowUp, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Complete follow-up"), parent)
        self.buttons.accepted.connect(self._save)
        self.follow_up = follow_up
        self.heading.setText(
            self.tr("%1 with %2")
            .replace("%1", kind_words(follow_up.kind))
            .replace("%2", follow_up.customer_name)
        )
        self.outcome = QLineEdit(self)
        self.outcome.setMaxLength(MAX_OUTCOME)
        self.outcome.setPlaceholderText(self.tr("What came of it, e.g. size M fits, will visit Saturday"))
        self.form.addRow(self.tr("&Outcome"), self.outcome)
        self.outcome.setFocus()

    def _save(self) -> None:
        outcome = self.outcome.text().strip()
        if not outcome:
            self.show_problem(self.tr("Write what came of it: it goes onto the customer's timeline."))
            self.outcome.setFocus()
            return
        follow_up_id = self.follow_up.id
        self.write(lambda book: complete_follow_up(book, follow_up_id, outcome))


class LogOutcomeDialog(FollowUpDialog):
    """Log what happened on the customer's timeline (no answer, will call back…) and keep the
    follow-up open: a try that did not finish the job."""

    def __init__(self, ops: Ops, follow_up: DueFollowUp, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Log outcome"), parent)
        self.buttons.accepted.connect(self._save)
        self.follow_up = follow_up
        self.heading.setText(self.tr("%1: the follow-up stays open").replace("%1", follow_up.customer_name))
        self.kind = QComboBox(self)
        for kind, words in LOG_KIND_WORDS.items():
            self.kind.addItem(QCoreApplication.translate(CONTEXT, words), kind.value)
        preselected = LOG_KIND_FOR.get(follow_up.kind, InteractionKind.note)
        self.kind.setCurrentIndex(self.kind.findData(preselected.value))
        self.text = QLineEdit(self)
        self.text.setMaxLength(MAX_OUTCOME)
        self.text.setPlaceholderText(self.tr("e.g. no answer, call again after 14:00"))
        self.form.addRow(self.tr("&How"), self.kind)
        self.form.addRow(self.tr("&What happened"), self.text)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save(self) -> None:
        text = self.text.text().strip()
        if not text:
            self.show_problem(self.tr("Write what happened."))
            self.text.setFocus()
            return
        kind = InteractionKind(self.kind.currentData())
        customer_id = self.follow_up.customer_id
        self.write(lambda book: log_interaction(book, customer_id, kind, text))
