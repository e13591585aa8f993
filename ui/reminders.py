"""When to remind: every minute and when follow-ups or tasks change, outside quiet hours, never twice.

The scheduler asks the core (guide_app/calls/reminders.py) what is due and not yet reminded. In
quiet hours it asks nothing, so whatever comes due meanwhile is held; the first check after they
end finds it all at once and it shows as one summary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from guide_app.calls.reminders import Reminder, ReminderKind, due_reminders, record_reminded, reminded_keys
from guide_app.changes import Area, ChangeNotice
from guide_app.settings import Settings
from guide_app.timeutil import utcnow
from ui.ops import Ops, Running

log = logging.getLogger("guide_app.ui")

CHECK_EVERY_MS = 60_000


@dataclass(frozen=True)
class ReminderNotice:
    """What one reminder message says: one follow-up or task, or a summary of several."""

    reminders: tuple[Reminder, ...]

    @property
    def only(self) -> Reminder | None:
        return self.reminders[0] if len(self.reminders) == 1 else None

    def title(self) -> str:
        only = self.only
        if only is None:
            return QCoreApplication.translate("Reminders", "Reminders")
        if only.kind is ReminderKind.follow_up:
            return QCoreApplication.translate("Reminders", "Follow-up due")
        return QCoreApplication.translate("Reminders", "Today's task")

    def text(self) -> str:
        only = self.only
        if only is not None:
            due = only.due_at.astimezone()
            when = (
                due.strftime("%H:%M")
                if due.date() == datetime.now().astimezone().date()
                else due.strftime("%m-%d %H:%M")
            )
            sentence = (
                QCoreApplication.translate("Reminders", "%1, due %2")
                if only.kind is ReminderKind.follow_up
                else QCoreApplication.translate("Reminders", "%1 (due %2)")
            )
            return sentence.replace("%1", only.title).replace("%2", when)
        # Counts go in as plain names, each call on its own: pyside6-lupdate misses a plural otherwise.
        follow_ups = sum(reminder.kind is ReminderKind.follow_up for reminder in self.reminders)
        tasks = len(self.reminders) - follow_ups
        follow_up_words = QCoreApplication.translate("Reminders", "%n follow-up(s) due", "", follow_ups)
        task_words = QCoreApplication.translate("Reminders", "%n task(s) for today", "", tasks)
        if not tasks:
            return follow_up_words
        if not follow_ups:
            return task_words
        return (
            QCoreApplication.translate("Reminders", "%1; %2")
            .replace("%1", follow_up_words)
            .replace("%2", task_words)
        )


class ReminderScheduler(QObject):
    """Emits `reminded(ReminderNotice)` for what came due. `clock` gives the time (tests)."""

    reminded = Signal(object)  # ReminderNotice

    def __init__(
        self,
        ops: Ops,
        chosen: Settings,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._settings = chosen
        self._clock = clock
        self._reminded: set[str] | None = None  # None until read from the book's folder
        self._asking: Running[list[Reminder]] | None = None
        self._ask_again = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check_now)
        ops.changed.connect(self._on_changed)

    def start(self) -> None:
        """Read which reminders were shown already, then check now and every minute."""
        now = self._clock()
        self._ops.query(
            lambda book: reminded_keys(book, now), self._started, failure=self._unread, name="reminded"
        )

    def stop(self) -> None:
        self._timer.stop()
        if self._asking is not None:
            self._asking.discard()
            self._asking = None

    def apply(self, chosen: Settings) -> None:
        """New settings (reminders switched on or off, other quiet hours) count from now."""
        self._settings = chosen
        self.check_now()

    def check_now(self) -> None:
        if self._reminded is None or not self._settings.reminders:
            return
        if self._asking is not None:
            self._ask_again = True
            return
        now = self._clock()
        if self._settings.quiet_hours.covers(now.astimezone().time().replace(tzinfo=None)):
            return  # held: the first check after quiet hours finds it
        shown = frozenset(self._reminded)
        self._asking = self._ops.query(
            lambda book: due_reminders(book, now, shown),
            lambda found: self._found(found, now),
            failure=self._not_asked,
            name="reminders",
        )

    def _started(self, keys: set[str]) -> None:
        self._reminded = keys
        self._timer.start()
        self.check_now()

    def _unread(self, error: BaseException) -> None:
        log.warning("could not read the reminders already shown (%r): they may show once more", error)
        self._started(set())

    def _found(self, found: list[Reminder], now: datetime) -> None:
        self._asking = None
        assert self._reminded is not None
        new = tuple(reminder for reminder in found if reminder.key not in self._reminded)
        if new:
            keys = [reminder.key for reminder in new]
            self._reminded.update(keys)
            self._ops.query(
                lambda book: record_reminded(book, keys, now),
                lambda _none: None,
                failure=lambda error: log.warning(
                    "could not record %d reminders shown: %r", len(keys), error
                ),
                name="record reminded",
            )
            self.reminded.emit(ReminderNotice(new))
        if self._ask_again:
            self._ask_again = False
            self.check_now()

    def _not_asked(self, error: BaseException) -> None:
        self._asking = None
        log.warning("reminders could not be read: %r", error)

    def _on_changed(self, notice: ChangeNotice) -> None:
        if notice.touches(Area.follow_ups, Area.tasks):
            self.check_now()
