"""Today (今日): the day's SOP and manager tasks to tick off, the follow-ups due, and birthdays ahead.

Three columns fit 1366×768 beside nothing else: the tasks (overdue first), the chosen task's
words and customers, and the follow-ups and birthdays. Everything is reachable from the keyboard;
each list's tooltip names its keys. The view reads through `ops.query` and writes through
`ops.write` or its dialogs, and refreshes from `ops.changed`, from a new local day (a PC left on
overnight), and when a due time passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QLocale, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.birthdays import UpcomingBirthday
from guide_app.book.content import ContentPiece
from guide_app.book.followups import DueFollowUp
from guide_app.book.store import Book
from guide_app.book.tasks import MAX_COUNT, ChecklistItem
from guide_app.calls.birthdays import upcoming_birthdays
from guide_app.calls.content import content_pieces, record_content_copied
from guide_app.calls.followups import due_follow_ups
from guide_app.calls.tasks import (
    TaskCustomer,
    lay_out_day,
    record_goal_progress,
    set_task_customer_done,
    task_customers,
    todays_checklist,
)
from guide_app.changes import Area
from guide_app.jobs import CancelToken, ProgressSink
from guide_app.protocol import ContentKind
from guide_app.timeutil import local_midnight, utcnow
from ui.dialogs.customer_detail import CustomerDetailDialog
from ui.dialogs.follow_up import CompleteFollowUpDialog, LogOutcomeDialog, RescheduleDialog
from ui.dialogs.skip_reason import SkipReasonDialog
from ui.models.checklist import ChecklistModel, TaskCustomersModel
from ui.models.follow_ups import FollowUpsModel
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown

BIRTHDAY_DAYS = 7
# Areas whose change can alter what Today shows (names come from customers; scripts from content).
WATCHED = (Area.tasks, Area.follow_ups, Area.customers, Area.content)
CLOCK_MS = 60_000  # how often the view looks at the clock for a new day or a due time passing


@dataclass(frozen=True, slots=True)
class TodaySnapshot:
    """What Today shows, read in one go off the UI thread."""

    day: date
    now: datetime
    checklist: list[ChecklistItem]
    follow_ups: list[DueFollowUp]
    birthdays: list[UpcomingBirthday]


def read_today(book: Book, day: date, now: datetime) -> TodaySnapshot:
    """The day's tasks, the follow-ups due by its end (overdue ones first), and birthdays ahead."""
    return TodaySnapshot(
        day=day,
        now=now,
        checklist=todays_checklist(book, day, now),
        follow_ups=due_follow_ups(book, local_midnight(day + timedelta(days=1))),
        birthdays=upcoming_birthdays(book, day, BIRTHDAY_DAYS),
    )


@dataclass(frozen=True, slots=True)
class TaskDetail:
    task_id: str
    customers: list[TaskCustomer]
    pieces: list[ContentPiece]


def read_task(book: Book, task_id: str, day: date, content_ids: list[str]) -> TaskDetail:
    return TaskDetail(task_id, task_customers(book, task_id, day), content_pieces(book, content_ids))


def script_of(pieces: list[ContentPiece]) -> ContentPiece | None:
    """The piece C copies: the task's script, else its first piece with words to paste."""
    with_text = [piece for piece in pieces if piece.text]
    scripts = [piece for piece in with_text if piece.kind == ContentKind.script]
    chosen = scripts or with_text
    return chosen[0] if chosen else None


def _stack(view: QWidget, empty_text: str, parent: QWidget) -> tuple[QStackedWidget, QLabel]:
    """A list and the plain sentence shown in its place when it is empty."""
    stack = QStackedWidget(parent)
    stack.addWidget(view)
    empty = QLabel(empty_text, parent)
    empty.setWordWrap(True)
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setStyleSheet("color: #6b7280; padding: 12px;")
    stack.addWidget(empty)
    return stack, empty


def _show_list(stack: QStackedWidget, has_rows: bool) -> None:
    stack.setCurrentIndex(0 if has_rows else 1)


def _rows_view(model: QAbstractItemModel, parent: QWidget) -> QTreeView:
    """A flat table of one-line rows: the first column takes the width, the others fit their text."""
    view = QTreeView(parent)
    view.setModel(model)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for fitted in range(1, model.columnCount()):
        header.setSectionResizeMode(fitted, QHeaderView.ResizeMode.ResizeToContents)
    return view


def _heading(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    label.setStyleSheet("font-weight: bold;")
    return label


class TodayView(QWidget):
    """The guide's day at a glance, worked through from the keyboard."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.day = datetime.now().date()
        self.snapshot: TodaySnapshot | None = None
        self.detail: TaskDetail | None = None
        # The dialog open over the view (non-blocking, so the view keeps refreshing under it).
        self.active_dialog: QDialog | None = None
        self._loading: Running[Any] | None = None
        self._loading_task: Running[Any] | None = None
        self._keep_customer: str | None = None
        self._showing = False
        self.tasks_model = ChecklistModel(self)
        self.customers_model = TaskCustomersModel(self)
        self.follow_ups_model = FollowUpsModel(self)
        self._build()
        self._build_keys()
        self.customers_model.tick_requested.connect(self._save_tick)
        self.freshness = ReadWhenShown(self, ops, self._read, WATCHED)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._look_at_clock)
        self._clock.start()
        self.lay_out_day()

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        self.day_label = QLabel(self)
        self.day_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.notice_label = QLabel(self)
        self.notice_label.setStyleSheet("color: #1b5e20;")
        header = QHBoxLayout()
        header.addWidget(self.day_label)
        header.addSpacing(12)
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.notice_label)
        outer.addLayout(header)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_tasks_column())
        splitter.addWidget(self._build_task_column())
        splitter.addWidget(self._build_right_column())
        splitter.setSizes([400, 400, 400])
        for column in range(3):
            splitter.setCollapsible(column, False)
        outer.addWidget(splitter, 1)

    def _build_tasks_column(self) -> QWidget:
        """The day's tasks, and under them the chosen task's instructions and content."""
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 4, 0)
        self.tasks_view = _rows_view(self.tasks_model, column)
        self.tasks_view.setAlternatingRowColors(True)
        self.tasks_view.setToolTip(
            self.tr("Up/Down: choose a task · Enter: go to its customers · C: copy its script")
        )
        self.tasks_stack, self.tasks_empty = _stack(
            self.tasks_view, self.tr("No tasks today. Sync (F5) to fetch HQ's tasks."), column
        )
        layout.addWidget(_heading(self.tr("&Tasks"), self.tasks_view, column))
        layout.addWidget(self.tasks_stack, 3)
        self.task_title = QLabel(column)
        self.task_title.setStyleSheet("font-weight: bold;")
        self.task_title.setWordWrap(True)
        self.instructions = QLabel(column)
        self.instructions.setWordWrap(True)
        self.instructions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.task_title)
        layout.addWidget(self.instructions)
        layout.addWidget(self._build_content_box(column), 2)
        self.tasks_view.selectionModel().currentRowChanged.connect(self._task_chosen)
        return column

    def _build_content_box(self, column: QWidget) -> QWidget:
        """The task's script, shown as it will be pasted, with its copy button; then its other items."""
        box = QWidget(column)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy script"), box)
        self.copy_button.setToolTip(self.tr("Copy the task's script to paste in WeCom (C)"))
        self.copy_button.clicked.connect(self.copy_script)
        self.content_label = QLabel(box)
        self.content_label.setStyleSheet("color: #6b7280;")
        row.addWidget(self.copy_button)
        row.addWidget(self.content_label, 1)
        layout.addLayout(row)
        self.script_preview = QLabel(box)
        self.script_preview.setWordWrap(True)
        self.script_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.script_preview.setStyleSheet("background: #f3f4f6; border-radius: 4px; padding: 6px;")
        layout.addWidget(self.script_preview)
        self.content_list = QListWidget(box)
        self.content_list.setToolTip(self.tr("Enter or double-click: copy this item to paste in WeCom"))
        self.content_list.itemActivated.connect(self._copy_item)
        layout.addWidget(self.content_list, 1)
        layout.addStretch(0)
        return box

    def _build_task_column(self) -> QWidget:
        """The chosen task's customers to tick or skip, or the count of a goal without customers."""
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(4, 0, 4, 0)
        self.customers_view = QListView(column)
        self.customers_view.setModel(self.customers_model)
        self.customers_view.setUniformItemSizes(True)
        self.customers_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.customers_view.setToolTip(
            self.tr("Space: done / not done · S: skip with a reason · Enter: open the customer")
        )
        self.customers_heading = _heading(self.tr("C&ustomers"), self.customers_view, column)
        self.customers_stack, self.customers_empty = _stack(
            self.customers_view, self.tr("Choose a task on the left to see its customers."), column
        )
        layout.addWidget(self.customers_heading)
        layout.addWidget(self.customers_stack, 1)
        actions = QHBoxLayout()
        self.done_button = QPushButton(self.tr("Done / not done"), column)
        self.done_button.setToolTip(self.tr("Tick the chosen customer done, or back (Space)"))
        self.done_button.clicked.connect(self.tick_current)
        self.skip_button = QPushButton(self.tr("Skip…"), column)
        self.skip_button.setToolTip(self.tr("Skip the chosen customer with a reason (S)"))
        self.skip_button.clicked.connect(self.skip_current)
        actions.addWidget(self.done_button)
        actions.addWidget(self.skip_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.goal_box = self._build_goal_box(column)
        layout.addWidget(self.goal_box)
        return column

    def _build_goal_box(self, column: QWidget) -> QWidget:
        """For a manager's goal counted by hand ("share 30 posters"): how many are done."""
        box = QWidget(column)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        explanation = QLabel(
            self.tr("This goal has no customer list: enter how many are done. HQ gets it at the next sync."),
            box,
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        row = QHBoxLayout()
        self.goal_spin = QSpinBox(box)
        self.goal_spin.setRange(0, MAX_COUNT)
        goal_label = QLabel(self.tr("&Done so far"), box)
        goal_label.setBuddy(self.goal_spin)
        self.goal_of = QLabel(box)
        self.goal_save = QPushButton(self.tr("Save count"), box)
        self.goal_save.setToolTip(self.tr("Save how many are done (Enter)"))
        self.goal_save.clicked.connect(self.save_goal_count)
        self.goal_spin.editingFinished.connect(self._goal_entered)
        for widget in (goal_label, self.goal_spin, self.goal_of, self.goal_save):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return box

    def _build_right_column(self) -> QWidget:
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(4, 0, 0, 0)
        self.follow_ups_view = _rows_view(self.follow_ups_model, column)
        self.follow_ups_view.setToolTip(
            self.tr("Ctrl+Enter: complete · R: reschedule · L: log outcome · Enter: open the customer")
        )
        self.follow_ups_stack, self.follow_ups_empty = _stack(
            self.follow_ups_view, self.tr("No follow-ups due today."), column
        )
        self.follow_ups_heading = _heading(self.tr("&Follow-ups due"), self.follow_ups_view, column)
        layout.addWidget(self.follow_ups_heading)
        layout.addWidget(self.follow_ups_stack, 3)
        buttons = QHBoxLayout()
        self.complete_button = QPushButton(self.tr("Complete…"), column)
        self.complete_button.setToolTip(self.tr("Done, with what came of it (Ctrl+Enter)"))
        self.complete_button.clicked.connect(self.complete_current)
        self.reschedule_button = QPushButton(self.tr("Reschedule…"), column)
        self.reschedule_button.setToolTip(self.tr("Move it to another time (R)"))
        self.reschedule_button.clicked.connect(self.reschedule_current)
        self.log_button = QPushButton(self.tr("Log outcome…"), column)
        self.log_button.setToolTip(self.tr("Note what happened and keep it open (L)"))
        self.log_button.clicked.connect(self.log_current)
        for button in (self.complete_button, self.reschedule_button, self.log_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.birthdays_list = QListWidget(column)
        self.birthdays_list.setToolTip(self.tr("Birthdays in the next 7 days · Enter: open the customer"))
        self.birthdays_list.itemActivated.connect(self._open_birthday)
        self.birthdays_stack, self.birthdays_empty = _stack(
            self.birthdays_list, self.tr("No birthdays in the next 7 days."), column
        )
        layout.addWidget(_heading(self.tr("&Birthdays, next 7 days"), self.birthdays_list, column))
        layout.addWidget(self.birthdays_stack, 2)
        return column

    def _build_keys(self) -> None:
        def key(sequence: str, widget: QWidget, slot: Any, context: Qt.ShortcutContext) -> None:
            shortcut = QShortcut(QKeySequence(sequence), widget)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

        only = Qt.ShortcutContext.WidgetShortcut
        for enter in ("Return", "Enter"):
            key(enter, self.tasks_view, self._enter_task, only)
            key(enter, self.customers_view, self._open_current_customer, only)
            key(enter, self.follow_ups_view, self._open_follow_up_customer, only)
            key("Ctrl+" + enter, self.follow_ups_view, self.complete_current, only)
        key("Space", self.customers_view, self.tick_current, only)
        key("S", self.customers_view, self.skip_current, only)
        key("R", self.follow_ups_view, self.reschedule_current, only)
        key("L", self.follow_ups_view, self.log_current, only)
        key("C", self, self.copy_script, Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # ----------------------------------------------------------------------------------- reading

    def lay_out_day(self) -> None:
        """Put today's customers on the tasks' lists (a sync does it too; offline, only this does)."""
        day = self.day

        def call(book: Book, progress: ProgressSink, cancel: CancelToken) -> Any:
            return lay_out_day(book, day, progress, cancel)

        self.ops.job(call, lambda _outcome: None, name="lay out today's tasks")

    def reload(self) -> None:
        """Read the day again (hidden: when shown again)."""
        self.freshness.request()

    def _read(self) -> None:
        """An older read still on its way is dropped."""
        if self._loading is not None:
            self._loading.discard()
        day, now = self.day, utcnow()
        self._loading = self.ops.query(lambda book: read_today(book, day, now), self._show, name="today")

    def _look_at_clock(self) -> None:
        today = datetime.now().date()
        if today != self.day:
            self.day = today
            self.lay_out_day()
            self.reload()
        elif self.snapshot is not None and self._a_due_time_passed(self.snapshot, utcnow()):
            self.reload()

    @staticmethod
    def _a_due_time_passed(snapshot: TodaySnapshot, now: datetime) -> bool:
        """Whether something shown as not yet due has become overdue since it was read."""
        dues = [item.due_at for item in snapshot.checklist] + [item.due_at for item in snapshot.follow_ups]
        return any(snapshot.now < due <= now for due in dues)

    # ----------------------------------------------------------------------------------- showing

    def _show(self, snapshot: TodaySnapshot) -> None:
        self.snapshot = snapshot
        task_id = self.current_task_id()
        follow_up = self.current_follow_up()
        self._showing = True  # the task is read once, at the end, not at each cursor move here
        self.tasks_model.replace(snapshot.checklist, snapshot.day)
        self.follow_ups_model.replace(snapshot.follow_ups, snapshot.now)
        self._select(self.tasks_view, self.tasks_model.row_of(task_id) if task_id else None)
        self._select(self.follow_ups_view, self.follow_ups_model.row_of(follow_up.id) if follow_up else None)
        self._show_birthdays(snapshot.birthdays)
        _show_list(self.tasks_stack, bool(snapshot.checklist))
        _show_list(self.follow_ups_stack, bool(snapshot.follow_ups))
        self.follow_ups_heading.setText(self._follow_ups_heading())
        day = QDate(snapshot.day.year, snapshot.day.month, snapshot.day.day)
        self.day_label.setText(QLocale().toString(day, QLocale.FormatType.LongFormat))
        self.summary_label.setText(self.summary())
        self._showing = False
        self._load_task()

    @staticmethod
    def _select(view: QAbstractItemView, row: int | None) -> None:
        model = view.model()
        if model.rowCount() == 0:
            return
        view.setCurrentIndex(model.index(row if row is not None else 0, 0))

    def _follow_ups_heading(self) -> str:
        overdue = self.follow_ups_model.overdue_count
        if overdue:
            return self.tr("&Follow-ups due (%n overdue)", "", overdue)
        return self.tr("&Follow-ups due")

    def _show_birthdays(self, birthdays: list[UpcomingBirthday]) -> None:
        self.birthdays_list.clear()
        for birthday in birthdays:
            when = birthday.celebrate_on.strftime("%m-%d")
            if birthday.days_until == 0:
                text = self.tr("%1 — today").replace("%1", birthday.name)
            else:
                text = (
                    self.tr("%1 — %2, in %n day(s)", "", birthday.days_until)
                    .replace("%1", birthday.name)
                    .replace("%2", when)
                )
            item = QListWidgetItem(text, self.birthdays_list)
            item.setData(Qt.ItemDataRole.UserRole, birthday.customer_id)
        _show_list(self.birthdays_stack, bool(birthdays))

    def summary(self) -> str:
        """One line: tasks and their customers, follow-ups due and overdue, birthdays ahead."""
        snapshot = self.snapshot
        if snapshot is None:
            return ""
        per_customer = [item for item in snapshot.checklist if item.per_customer]
        done = sum(item.done for item in per_customer)
        target = sum(item.target for item in per_customer)
        parts = [self.tr("%n task(s)", "", len(snapshot.checklist))]
        if target:
            parts.append(
                self.tr("%1 of %2 customers done").replace("%1", str(done)).replace("%2", str(target))
            )
        parts.append(self.tr("%n follow-up(s) due", "", len(snapshot.follow_ups)))
        overdue = self.follow_ups_model.overdue_count
        if overdue:
            parts.append(self.tr("%n overdue", "", overdue))
        parts.append(self.tr("%n birthday(s) in the next 7 days", "", len(snapshot.birthdays)))
        return " · ".join(parts)

    # ----------------------------------------------------------------------------------- one task

    def current_task(self) -> ChecklistItem | None:
        index = self.tasks_view.currentIndex()
        return self.tasks_model.items[index.row()] if index.isValid() else None

    def current_task_id(self) -> str | None:
        task = self.current_task()
        return task.task_id if task is not None else None

    def _task_chosen(self) -> None:
        if not self._showing:
            self._load_task()

    def _load_task(self) -> None:
        task = self.current_task()
        if self._loading_task is not None:
            self._loading_task.discard()
        self._show_task_frame(task)
        if task is None:
            self.detail = None
            self.customers_model.replace([])
            self._show_pieces([])
            return
        day, task_id, ids = self.day, task.task_id, task.content_ids
        self._loading_task = self.ops.query(
            lambda book: read_task(book, task_id, day, ids), self._show_task, name="today's task"
        )

    def _show_task_frame(self, task: ChecklistItem | None) -> None:
        """The parts that need no read: title, instructions, and whether it is ticked or counted."""
        per_customer = task is None or task.per_customer
        self.task_title.setText(task.title if task else "")
        self.instructions.setText(task.instructions if task else "")
        self.instructions.setVisible(bool(task and task.instructions))
        for ticking in (self.customers_heading, self.customers_stack, self.done_button, self.skip_button):
            ticking.setVisible(per_customer)
        self.goal_box.setVisible(not per_customer)
        if task is not None and not per_customer:
            self.goal_spin.setValue(task.done)
            self.goal_of.setText(self.tr("of %1").replace("%1", str(task.target)))
        if task is not None and per_customer:
            progress = f"{task.done}/{task.target}"
            self.customers_heading.setText(self.tr("C&ustomers (%1 done)").replace("%1", progress))

    def _show_task(self, detail: TaskDetail) -> None:
        if detail.task_id != self.current_task_id():
            return
        keep = self._keep_customer or self.current_customer_id()
        self._keep_customer = None
        self.detail = detail
        self.customers_model.replace(detail.customers)
        self._select(self.customers_view, self.customers_model.row_of(keep) if keep else None)
        self.customers_empty.setText(self.tr("Nobody in your book matches this task today."))
        _show_list(self.customers_stack, bool(detail.customers))
        self._show_pieces(detail.pieces)

    def _show_pieces(self, pieces: list[ContentPiece]) -> None:
        script = script_of(pieces)
        self.copy_button.setEnabled(script is not None)
        self.content_label.setText(script.title if script else self.tr("No script with this task"))
        self.script_preview.setText(script.text if script else "")
        self.script_preview.setVisible(script is not None)
        self.content_list.clear()
        for piece in pieces:
            if piece is script:
                continue
            item = QListWidgetItem(piece.title, self.content_list)
            item.setData(Qt.ItemDataRole.UserRole, piece)
        self.content_list.setVisible(self.content_list.count() > 0)

    def _enter_task(self) -> None:
        task = self.current_task()
        if task is None:
            return
        target = self.customers_view if task.per_customer else self.goal_spin
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----------------------------------------------------------------------------------- ticking

    def current_customer(self) -> TaskCustomer | None:
        index = self.customers_view.currentIndex()
        return self.customers_model.customers[index.row()] if index.isValid() else None

    def current_customer_id(self) -> str | None:
        customer = self.current_customer()
        return customer.customer_id if customer is not None else None

    def tick_current(self) -> None:
        """Done (or back to not done) for the chosen customer; the cursor moves to the next open one."""
        index = self.customers_view.currentIndex()
        if not index.isValid():
            return
        row = index.row()
        done = self.customers_model.customers[row].done_at is None
        following = self.customers_model.next_open_after(row) if done else None
        self.customers_model.set_done(row, done)
        if following is not None:
            self._keep_customer = following
            next_row = self.customers_model.row_of(following)
            if next_row is not None:
                self.customers_view.setCurrentIndex(self.customers_model.index(next_row, 0))

    def _save_tick(self, customer_id: str, done: bool) -> None:
        task_id, day = self.current_task_id(), self.day
        if task_id is None:
            return
        self.ops.write(
            lambda book: set_task_customer_done(book, task_id, day, customer_id, done),
            name="tick task customer",
        )

    def skip_current(self) -> None:
        customer, task_id = self.current_customer(), self.current_task_id()
        if customer is None or task_id is None:
            return
        following = self.customers_model.next_open_after(self.customers_view.currentIndex().row())
        dialog = SkipReasonDialog(self.ops, task_id, self.day, customer.customer_id, customer.name, self)
        dialog.accepted.connect(lambda: setattr(self, "_keep_customer", following))
        self._open_dialog(dialog)

    def _goal_entered(self) -> None:
        if self.goal_spin.hasFocus():  # Enter in the box, not the focus leaving it
            self.save_goal_count()

    def save_goal_count(self) -> None:
        task = self.current_task()
        if task is None or task.per_customer:
            return
        task_id, done = task.task_id, self.goal_spin.value()
        self.ops.write(
            lambda book: record_goal_progress(book, task_id, done),
            lambda _value: self.notice_label.setText(self.tr("Count saved.")),
            name="goal count",
        )

    def open_customer(self, customer_id: str | None) -> None:
        """The customer's card, over Today (Enter on a task's customer, a follow-up or a birthday)."""
        if customer_id is not None:
            self._open_dialog(CustomerDetailDialog(self.ops, customer_id, self))

    def _open_current_customer(self) -> None:
        self.open_customer(self.current_customer_id())

    def _open_follow_up_customer(self) -> None:
        follow_up = self.current_follow_up()
        self.open_customer(follow_up.customer_id if follow_up is not None else None)

    def _open_birthday(self, item: QListWidgetItem) -> None:
        self.open_customer(str(item.data(Qt.ItemDataRole.UserRole)))

    # ----------------------------------------------------------------------------------- content

    def copy_script(self) -> None:
        """Put the chosen task's script on the clipboard (to paste in WeCom) and count the copy."""
        script = script_of(self.detail.pieces) if self.detail is not None else None
        if script is None:
            self.notice_label.setText(self.tr("This task has no script to copy."))
            return
        self._copy(script)

    def _copy_item(self, item: QListWidgetItem) -> None:
        piece = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(piece, ContentPiece):
            self._copy(piece)

    def _copy(self, piece: ContentPiece) -> None:
        clipboard = QGuiApplication.clipboard()
        if piece.text:
            clipboard.setText(piece.text)
        elif piece.local_path and not (image := QImage(piece.local_path)).isNull():
            clipboard.setImage(image)
        else:
            self.notice_label.setText(self.tr("This file is not on this PC yet: sync (F5) to fetch it."))
            return
        content_id = piece.id
        self.ops.write(lambda book: record_content_copied(book, content_id), name="count content copy")
        self.notice_label.setText(self.tr("Copied “%1”: paste it in WeCom.").replace("%1", piece.title))

    # ----------------------------------------------------------------------------------- follow-ups

    def current_follow_up(self) -> DueFollowUp | None:
        index = self.follow_ups_view.currentIndex()
        return self.follow_ups_model.follow_ups[index.row()] if index.isValid() else None

    def complete_current(self) -> None:
        follow_up = self.current_follow_up()
        if follow_up is not None:
            self._open_dialog(CompleteFollowUpDialog(self.ops, follow_up, self))

    def reschedule_current(self) -> None:
        follow_up = self.current_follow_up()
        if follow_up is not None:
            self._open_dialog(RescheduleDialog(self.ops, follow_up, self))

    def log_current(self) -> None:
        follow_up = self.current_follow_up()
        if follow_up is not None:
            self._open_dialog(LogOutcomeDialog(self.ops, follow_up, self))

    def _open_dialog(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking; focus comes back to where the guide was when it closes."""
        focused = self.focusWidget()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(focused))
        self.active_dialog = dialog
        dialog.open()

    def _dialog_closed(self, focused: QWidget | None) -> None:
        self.active_dialog = None
        if focused is not None:
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
