"""Qt models of today's checklist: the tasks with their progress, and one task's customers to tick."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from guide_app.book.tasks import ChecklistItem
from guide_app.calls.tasks import TaskCustomer
from guide_app.protocol import TaskSource
from ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#c62828")
FINISHED = QColor("#6b7280")
SOURCE_WORDS: dict[TaskSource, str] = {
    TaskSource.sop: QT_TRANSLATE_NOOP("ChecklistModel", "SOP"),
    TaskSource.manager: QT_TRANSLATE_NOOP("ChecklistModel", "Manager"),
}


class TaskColumn(IntEnum):
    title = 0
    source = 1
    due = 2
    progress = 3


def due_words(due_at: datetime, day: date) -> str:
    """A task's due time: the clock on the shown day, else month-day and clock (local)."""
    local = due_at.astimezone()
    return local.strftime("%H:%M") if local.date() == day else local.strftime("%m-%d %H:%M")


class ChecklistModel(QAbstractTableModel):
    """The day's tasks, overdue first (the book's order): title, SOP or manager, due, done/target."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.items: list[ChecklistItem] = []
        self.day = date.today()

    def replace(self, items: list[ChecklistItem], day: date) -> None:
        self.beginResetModel()
        self.items, self.day = list(items), day
        self.endResetModel()

    def row_of(self, task_id: str) -> int | None:
        return next((row for row, item in enumerate(self.items) if item.task_id == task_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(TaskColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Task"), self.tr("Kind"), self.tr("Due"), self.tr("Done"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = TaskColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.overdue:
                return QBrush(OVERDUE)
            return QBrush(FINISHED) if _finished(item) else None
        if role == Qt.ItemDataRole.FontRole and item.overdue:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is TaskColumn.progress:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: ChecklistItem, column: TaskColumn) -> str:
        if column is TaskColumn.title:
            return ("✓ " if _finished(item) else "") + item.title
        if column is TaskColumn.source:
            return self.tr(SOURCE_WORDS[item.source])
        if column is TaskColumn.due:
            return due_words(item.due_at, self.day)
        return f"{item.done}/{item.target}"

    def _tooltip(self, item: ChecklistItem) -> str:
        lines = [item.title]
        if item.instructions:
            lines.append(item.instructions)
        if item.overdue:
            lines.append(self.tr("Overdue: it was due at %1").replace("%1", due_words(item.due_at, self.day)))
        lines.append(self.tr("Enter: go to its customers"))
        return "\n".join(lines)


def _finished(item: ChecklistItem) -> bool:
    return item.target > 0 and item.done >= item.target


class TaskCustomersModel(QAbstractListModel):
    """One task's customers for the day, each with a tick for done; a skipped one shows its reason.

    Ticking through the model changes the row at once and asks for the write with
    `tick_requested(customer_id, done)`; the book's answer arrives as a fresh list."""

    tick_requested = Signal(str, bool)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.customers: list[TaskCustomer] = []

    def replace(self, customers: list[TaskCustomer]) -> None:
        self.beginResetModel()
        self.customers = list(customers)
        self.endResetModel()

    def row_of(self, customer_id: str) -> int | None:
        return next((row for row, item in enumerate(self.customers) if item.customer_id == customer_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.customers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        customer = self.customers[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(customer)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if customer.done_at is not None else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not customer.open:
            return QBrush(FINISHED)
        if role == Qt.ItemDataRole.FontRole and customer.skipped_at is not None:
            italic = QFont()
            italic.setItalic(True)
            return italic
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Space: done / not done · S: skip with a reason · Enter: open the customer")
        return None

    def _text(self, customer: TaskCustomer) -> str:
        text = customer.name
        if customer.wecom_remark and customer.wecom_remark != customer.name:
            text += f"  ({customer.wecom_remark})"
        if customer.skipped_at is not None:
            text += "  — " + self.tr("skipped: %1").replace("%1", customer.skip_reason)
        return text

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        self.set_done(index.row(), done)
        return True

    def set_done(self, row: int, done: bool) -> None:
        """Show the tick now and ask for it to be saved."""
        customer = self.customers[row]
        marked = datetime.now().astimezone() if done else None
        self.customers[row] = dataclasses.replace(customer, done_at=marked, skipped_at=None, skip_reason="")
        changed = self.index(row, 0)
        self.dataChanged.emit(changed, changed)
        self.tick_requested.emit(customer.customer_id, done)

    def next_open_after(self, row: int) -> str | None:
        """The id of the first open customer after `row`, else before it: where the cursor goes
        once `row` is ticked, so Space, Space, Space works down the list."""
        order = [*range(row + 1, len(self.customers)), *range(0, row)]
        return next(
            (self.customers[other].customer_id for other in order if self.customers[other].open), None
        )
