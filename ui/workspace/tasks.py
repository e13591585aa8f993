"""Tasks (任务): the tasks a manager or HQ handed out, and the chosen task's progress board by guide.

The list and every board are read together (`list_tasks`). While the page is shown it reads HQ
again on a timer, so a manager watching the board sees guides catch up without pressing F5; a
re-read keeps the chosen task and where the board was scrolled.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QHideEvent, QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area
from guide_app.protocol import GuideProgress, StorePublic, TaskPublic
from guide_app.timeutil import utcnow
from guide_app.workspace.org_lookup import Organisation, organisation
from guide_app.workspace.session import Workspace
from guide_app.workspace.tasks import TaskRow, cancel_task, list_tasks
from ui.dialogs.customer_words import local_time
from ui.i18n import QT_TRANSLATE_NOOP
from ui.look import app_title
from ui.messages import describe
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown
from ui.workspace.rule_editor import rule_summary
from ui.workspace.task_dialog import TaskDialog

# How often a shown page reads HQ again (30–60 s: a guide's progress arrives with their sync).
BOARD_REFRESH_MS = 45_000
WATCHED = (Area.manager_tasks, Area.team)
ID_ROLE = Qt.ItemDataRole.UserRole
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # a task's TaskState; on the board, whether a guide is overdue
OVERDUE_COLOUR = QColor("#c62828")
CANCELLED_COLOUR = QColor("#9e9e9e")


class TaskState(StrEnum):
    """A task as the list sums it up."""

    open = "open"
    overdue = "overdue"  # past due, and some guide has not reached their target
    done = "done"
    cancelled = "cancelled"


STATE_WORDS: dict[TaskState, str] = {
    TaskState.open: QT_TRANSLATE_NOOP("TasksPage", "Open"),
    TaskState.done: QT_TRANSLATE_NOOP("TasksPage", "Done"),
    TaskState.cancelled: QT_TRANSLATE_NOOP("TasksPage", "Cancelled"),
}


def task_state(row: TaskRow) -> TaskState:
    if row.task.cancelled:
        return TaskState.cancelled
    if row.overdue_guides:
        return TaskState.overdue
    if row.target and row.done >= row.target:
        return TaskState.done
    return TaskState.open


class TaskColumn:
    title, due, guides, progress, state = range(5)


class BoardColumn:
    guide, store, done, bar, overdue, updated = range(6)


class ProgressBarDelegate(QStyledItemDelegate):
    """Paints a row's done / target as a bar (FRACTION_ROLE: 0–1), cheap for hundreds of guides."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        fraction = index.data(FRACTION_ROLE)
        if not isinstance(fraction, float):
            super().paint(painter, option, index)
            return
        style = QApplication.style()
        # The row's own background first, so a chosen row stays highlighted across the bar.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        bar = QStyleOptionProgressBar()
        rect = QRect(option.rect)
        bar.rect = rect.adjusted(4, 4, -4, -4)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(fraction * 1000)
        bar.textVisible = False
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(120, super().sizeHint(option, index).height())


class TasksPage(QWidget):
    """The viewer's tasks (cancelled ones marked), New task… (Ctrl+N), Cancel task, and the
    chosen task's board: guide, store, done / target, a bar, overdue, last update."""

    def __init__(
        self,
        ops: Ops,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        refresh_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.rows: dict[str, TaskRow] = {}
        self.stores: dict[int, StorePublic] = {}
        self.reading: Running[Any] | None = None
        self._select_next: str | None = None  # a task just created: show its board
        self._read_again = False
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_board())
        splitter.setSizes([520, 700])
        layout.addWidget(splitter, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms if refresh_ms is not None else BOARD_REFRESH_MS)
        self.timer.timeout.connect(self.read)
        self.freshness = ReadWhenShown(self, ops, self.read, WATCHED)
        self.setFocusProxy(self.tasks)

    # ----------------------------------------------------------------------------------- layout

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        heading = QLabel(self.tr("Tasks"), self)
        heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        bar.addWidget(heading)
        self.status = QLabel(self)
        self.status.setStyleSheet("color: palette(mid);")
        bar.addWidget(self.status, 1)
        self.new_button = QPushButton(self.tr("&New task…"), self)
        self.new_button.setToolTip(self.tr("Hand out a task to guides (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_task)
        QShortcut(
            QKeySequence("Ctrl+N"), self, self.new_task, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        bar.addWidget(self.new_button)
        self.cancel_button = QPushButton(self.tr("&Cancel task…"), self)
        self.cancel_button.setToolTip(self.tr("Withdraw the chosen task from its guides (Ctrl+Delete)"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_chosen)
        QShortcut(
            QKeySequence("Ctrl+Delete"),
            self,
            self.cancel_chosen,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        bar.addWidget(self.cancel_button)
        return bar

    def _build_list(self) -> QWidget:
        self.tasks = QTreeWidget(self)
        self.tasks.setRootIsDecorated(False)
        self.tasks.setUniformRowHeights(True)
        self.tasks.setAlternatingRowColors(True)
        self.tasks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tasks.setAccessibleName(self.tr("Tasks"))
        self.tasks.setHeaderLabels(
            [self.tr("Task"), self.tr("Due"), self.tr("Guides"), self.tr("Done"), self.tr("State")]
        )
        header = self.tasks.header()
        header.setSectionResizeMode(TaskColumn.title, QHeaderView.ResizeMode.Stretch)
        for column in (TaskColumn.due, TaskColumn.guides, TaskColumn.progress, TaskColumn.state):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tasks.currentItemChanged.connect(lambda *_: self._show_board())
        return self.tasks

    def _build_board(self) -> QWidget:
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.details_title = QLabel(holder)
        self.details_title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.details_title.setTextFormat(Qt.TextFormat.PlainText)
        self.details_title.setWordWrap(True)
        column.addWidget(self.details_title)
        self.details = QLabel(holder)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.details)
        self.board = QTreeWidget(holder)
        self.board.setRootIsDecorated(False)
        self.board.setUniformRowHeights(True)
        self.board.setAlternatingRowColors(True)
        self.board.setAccessibleName(self.tr("Progress by guide"))
        self.board.setHeaderLabels(
            [
                self.tr("Guide"),
                self.tr("Store"),
                self.tr("Done / target"),
                self.tr("Progress"),
                self.tr("Overdue"),
                self.tr("Last update"),
            ]
        )
        self.board.setItemDelegateForColumn(BoardColumn.bar, ProgressBarDelegate(self.board))
        header = self.board.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BoardColumn.bar, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.board.setSortingEnabled(True)
        self.board.sortByColumn(BoardColumn.guide, Qt.SortOrder.AscendingOrder)
        column.addWidget(self.board, 1)
        return holder

    # ----------------------------------------------------------------------------------- reading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def read(self) -> None:
        """Read the tasks and their boards (and, the first time, the store names) from HQ."""
        if self.reading is not None and not self.reading.finished:
            self._read_again = True  # one more read once this one answers, never a queue of them
            return
        workspace, first = self.workspace, not self.stores

        async def tasks_and_stores() -> tuple[list[TaskRow], Organisation | None]:
            rows = await list_tasks(workspace)
            return rows, (await organisation(workspace) if first else None)

        self.status.setText(self.tr("Reading HQ…"))
        self.reading = self.ops.run_async(
            tasks_and_stores, self._show, failure=self._failed, name="read tasks"
        )

    def _answered(self) -> None:
        if self._read_again:
            self._read_again = False
            self.read()

    def _show(self, answer: tuple[list[TaskRow], Organisation | None]) -> None:
        rows, org = answer
        if org is not None:
            self.stores = {store.id: store for store in org.stores}
        chosen = self._select_next or self.chosen_id()
        self._select_next = None
        self.rows = {str(row.task.id): row for row in rows}
        scroll = self.tasks.verticalScrollBar().value()
        self.tasks.blockSignals(True)
        self.tasks.clear()
        for row in rows:
            self._task_item(row)
        self.tasks.blockSignals(False)
        self._choose(chosen)
        self.tasks.verticalScrollBar().setValue(scroll)
        self.status.setText(
            self.tr("%n task(s) · read %1", "", len(rows)).replace("%1", local_time(utcnow()))
        )
        self._answered()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe(error))
        self._answered()

    def _task_item(self, row: TaskRow) -> QTreeWidgetItem:
        task, state = row.task, task_state(row)
        item = QTreeWidgetItem(
            self.tasks,
            [
                task.title,
                local_time(task.due_at),
                str(len(task.guide_ids)),
                f"{row.done} / {row.target}",
                self._state_words(row, state),
            ],
        )
        item.setData(TaskColumn.title, ID_ROLE, str(task.id))
        item.setData(TaskColumn.state, STATE_ROLE, state.value)
        item.setToolTip(TaskColumn.title, task.title)
        if state is TaskState.cancelled:
            for column in range(self.tasks.columnCount()):
                item.setForeground(column, QBrush(CANCELLED_COLOUR))
        elif state is TaskState.overdue:
            item.setForeground(TaskColumn.state, QBrush(OVERDUE_COLOUR))
        return item

    def _state_words(self, row: TaskRow, state: TaskState) -> str:
        if state is TaskState.overdue:
            return self.tr("%n guide(s) overdue", "", row.overdue_guides)
        return QCoreApplication.translate("TasksPage", STATE_WORDS[state])

    def chosen_id(self) -> str | None:
        item = self.tasks.currentItem()
        return str(item.data(TaskColumn.title, ID_ROLE)) if item is not None else None

    def _choose(self, task_id: str | None) -> None:
        for index in range(self.tasks.topLevelItemCount()):
            item = self.tasks.topLevelItem(index)
            if item is not None and item.data(TaskColumn.title, ID_ROLE) == task_id:
                self.tasks.setCurrentItem(item)
                return
        first = self.tasks.topLevelItem(0)
        if first is not None:
            self.tasks.setCurrentItem(first)
        else:
            self._show_board()

    # ----------------------------------------------------------------------------------- the board

    def _show_board(self) -> None:
        task_id = self.chosen_id()
        row = self.rows.get(task_id) if task_id is not None else None
        self.cancel_button.setEnabled(row is not None and not row.task.cancelled)
        if row is None:
            self.details_title.setText(self.tr("No task yet. Press Ctrl+N to hand one out."))
            self.details.clear()
            self.board.clear()
            return
        self.details_title.setText(row.task.title)
        self.details.setText(self._details(row.task))
        scroll = self.board.verticalScrollBar().value()
        current = self.board.currentItem()
        current_guide = current.data(BoardColumn.guide, ID_ROLE) if current is not None else None
        self.board.setSortingEnabled(False)
        self.board.clear()
        for progress in row.board.guides:
            item = self._guide_item(progress)
            if progress.guide_id == current_guide:
                self.board.setCurrentItem(item)
        self.board.setSortingEnabled(True)
        self.board.verticalScrollBar().setValue(scroll)

    def _details(self, task: TaskPublic) -> str:
        lines = []
        if task.instructions:
            lines.append(task.instructions)
        facts = [self.tr("Due %1").replace("%1", local_time(task.due_at))]
        facts.append(self.tr("%n item(s) of content", "", len(task.content_ids)))
        facts.append(rule_summary(task.rule))
        if task.cancelled:
            facts.append(self.tr("Cancelled"))
        lines.append(" · ".join(facts))
        return "\n".join(lines)

    def _guide_item(self, progress: GuideProgress) -> QTreeWidgetItem:
        store = self.stores.get(progress.store_id or 0)
        fraction = min(progress.done, progress.target) / progress.target if progress.target else 1.0
        updated = progress.updated_at
        item = QTreeWidgetItem(
            self.board,
            [
                progress.guide_name,
                store.name if store is not None else "",
                f"{progress.done} / {progress.target}",
                "",
                self.tr("Overdue") if progress.overdue else "",
                local_time(updated) if updated is not None else self.tr("No report yet"),
            ],
        )
        item.setData(BoardColumn.guide, ID_ROLE, progress.guide_id)
        item.setData(BoardColumn.bar, FRACTION_ROLE, float(fraction))
        item.setData(BoardColumn.overdue, STATE_ROLE, progress.overdue)
        if progress.overdue:
            for column in (BoardColumn.guide, BoardColumn.done, BoardColumn.overdue):
                item.setForeground(column, QBrush(OVERDUE_COLOUR))
        return item

    # ----------------------------------------------------------------------------------- actions

    def new_task(self) -> None:
        dialog = TaskDialog(self.ops, self.workspace, self)
        dialog.accepted.connect(lambda: self._created(dialog.created))
        dialog.open()
        self.dialog = dialog  # for tests and screenshots: the dialog on screen

    def _created(self, task: TaskPublic | None) -> None:
        if task is not None:
            self._select_next = str(task.id)  # the notice's re-read shows its board

    def cancel_chosen(self) -> None:
        task_id = self.chosen_id()
        row = self.rows.get(task_id) if task_id is not None else None
        if row is None or row.task.cancelled:
            return
        asked = QMessageBox.question(
            self,
            app_title(),
            self.tr("Cancel the task '%1'? Its guides will no longer see it.").replace("%1", row.task.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if asked != QMessageBox.StandardButton.Yes:
            return
        workspace, chosen = self.workspace, UUID(str(task_id))
        self.cancel_button.setEnabled(False)
        self.ops.remote_write(
            lambda: cancel_task(workspace, chosen),
            lambda _task: None,
            failure=self._cancel_refused,
            name="cancel task",
        )

    def _cancel_refused(self, error: BaseException) -> None:
        self.cancel_button.setEnabled(True)
        QMessageBox.warning(self, app_title(), describe(error))
