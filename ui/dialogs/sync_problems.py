"""The last sync's problems in plain words, each with what to do about it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.sync.problems import SyncProblemKind
from guide_app.sync.run import SyncStatus
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe_code, describe_problem, translate

KIND_WORDS: dict[SyncProblemKind, str] = {
    SyncProblemKind.task_unreadable: QT_TRANSLATE_NOOP("Messages", "Task left out"),
    SyncProblemKind.upload_rejected: QT_TRANSLATE_NOOP("Messages", "Upload refused"),
    SyncProblemKind.upload_conflict: QT_TRANSLATE_NOOP("Messages", "Upload clashes"),
    SyncProblemKind.order_disputed: QT_TRANSLATE_NOOP("Messages", "Order disputed"),
    SyncProblemKind.file_failed: QT_TRANSLATE_NOOP("Messages", "File not downloaded"),
}


class SyncProblemsDialog(QDialog):
    """Lists what the last sync could not do; nothing here changes the book."""

    def __init__(self, status: SyncStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sync problems"))
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        summary = QLabel(self)
        summary.setWordWrap(True)
        if status.error_code:
            summary.setText(
                self.tr("The last sync stopped: %1").replace("%1", describe_code(status.error_code))
            )
        else:
            summary.setText(self.tr("The last sync finished. These items need your attention:"))
        layout.addWidget(summary)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("What it means"), self.tr("Reference")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self._fill(status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, status: SyncStatus) -> None:
        rows: list[tuple[str, str, str]] = []
        for problem in status.problems:
            kind = SyncProblemKind(problem.kind)
            rows.append((translate(KIND_WORDS[kind]), describe_problem(kind), _short(problem.ref)))
        known = {problem.ref for problem in status.problems}
        for event_id, _reason in status.refused:
            if event_id not in known:  # HQ's reason is English: the sentence for the kind says it plainly
                kind = SyncProblemKind.upload_rejected
                rows.append((translate(KIND_WORDS[kind]), describe_problem(kind), _short(event_id)))
        if not rows:
            rows.append((self.tr("None"), self.tr("Nothing needs your attention."), ""))
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, text in enumerate(row):
                self.table.setItem(number, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()


def _short(reference: str) -> str:
    """Enough of an id to tell two apart and to quote to support."""
    return reference[:8]
