"""Qt model of the follow-ups due today and overdue: customer, due time, how; overdue in red."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from guide_app.book.followups import DueFollowUp, FollowUpSource
from guide_app.timeutil import utcnow
from ui.dialogs.follow_up import kind_words
from ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#c62828")
SOURCE_WORDS: dict[FollowUpSource, str] = {
    FollowUpSource.self: QT_TRANSLATE_NOOP("FollowUpsModel", "planned by you"),
    FollowUpSource.sop: QT_TRANSLATE_NOOP("FollowUpsModel", "from an SOP"),
    FollowUpSource.manager: QT_TRANSLATE_NOOP("FollowUpsModel", "from your manager"),
}


class FollowUpColumn(IntEnum):
    customer = 0
    due = 1
    kind = 2


class FollowUpsModel(QAbstractTableModel):
    """Open follow-ups due by the end of the day, most overdue first (the book's order)."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.follow_ups: list[DueFollowUp] = []
        self.now = utcnow()

    def replace(self, follow_ups: list[DueFollowUp], now: datetime) -> None:
        self.beginResetModel()
        self.follow_ups, self.now = list(follow_ups), now
        self.endResetModel()

    def overdue(self, follow_up: DueFollowUp) -> bool:
        return follow_up.due_at < self.now

    @property
    def overdue_count(self) -> int:
        return sum(1 for follow_up in self.follow_ups if self.overdue(follow_up))

    def row_of(self, follow_up_id: str) -> int | None:
        return next((row for row, item in enumerate(self.follow_ups) if item.id == follow_up_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.follow_ups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FollowUpColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Customer"), self.tr("Due"), self.tr("How"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        follow_up = self.follow_ups[index.row()]
        column = FollowUpColumn(index.column())
        overdue = self.overdue(follow_up)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is FollowUpColumn.customer:
                return follow_up.customer_name
            if column is FollowUpColumn.due:
                return self._due_text(follow_up, overdue)
            return kind_words(follow_up.kind)
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.FontRole and overdue and column is FollowUpColumn.due:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(follow_up)
        return None

    def _due_text(self, follow_up: DueFollowUp, overdue: bool) -> str:
        local, today = follow_up.due_at.astimezone(), self.now.astimezone().date()
        if not overdue:
            return local.strftime("%H:%M")
        days = (today - local.date()).days
        if days <= 0:
            return self.tr("%1 overdue").replace("%1", local.strftime("%H:%M"))
        return self.tr("%n day(s) overdue", "", days)

    def _tooltip(self, follow_up: DueFollowUp) -> str:
        try:
            source = self.tr(SOURCE_WORDS[FollowUpSource(follow_up.source)])
        except ValueError:
            source = ""
        due = follow_up.due_at.astimezone().strftime("%Y-%m-%d %H:%M")
        lines = [f"{follow_up.customer_name} · {kind_words(follow_up.kind)} · {due}", source]
        lines.append(self.tr("Ctrl+Enter: complete · R: reschedule · L: log outcome"))
        return "\n".join(line for line in lines if line)
