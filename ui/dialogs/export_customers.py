"""Exporting the customer list as it is filtered and sorted to an xlsx file, phones masked unless asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.search import CustomerQuery
from guide_app.book.store import Book
from guide_app.calls.exports import export_customers
from guide_app.jobs import CancelToken, ProgressSink, Step
from ui.messages import describe
from ui.ops import Ops, Running


def default_path(today: date) -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / f"customers-{today:%Y%m%d}.xlsx"


class ExportCustomersDialog(QDialog):
    """Where to write, whether phones are whole, and the export's progress with a Cancel.
    After `accept()`, `written` is how many customers the file holds."""

    def __init__(self, ops: Ops, query: CustomerQuery, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.query = ops, query
        self.written = 0
        self._running: Running[int] | None = None
        self.setWindowTitle(self.tr("Export this list"))
        self.setMinimumWidth(480)
        heading = QLabel(self.tr("Export the %n customer(s) of this list to an Excel file.", "", count), self)
        heading.setWordWrap(True)
        self.path = QLineEdit(str(default_path(date.today())), self)
        self.path.setAccessibleName(self.tr("File"))
        browse = QPushButton(self.tr("Choose…"), self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.full_phones = QCheckBox(self.tr("Full phone numbers (otherwise 138****8000)"), self)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("Export"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(row)
        for widget in (self.full_phones, self.progress, self.message, self.buttons):
            layout.addWidget(widget)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path.text(), self.tr("Excel workbook (*.xlsx)")
        )
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")

    def start(self) -> None:
        if self._running is not None:
            return
        path, query, full = Path(self.path.text().strip()), self.query, self.full_phones.isChecked()
        if not path.name:
            return
        self.message.hide()
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()

        def call(book: Book, progress: ProgressSink, cancel: CancelToken) -> int:
            return export_customers(book, query, path, full_phones=full, progress=progress, cancel=cancel)

        self._running = self.ops.job(
            call, self._finished, progress=self._stepped, failure=self._failed, name="export customers"
        )

    def _stepped(self, step: Step) -> None:
        if step.total:
            self.progress.setRange(0, step.total)
            self.progress.setValue(step.done)

    def _finished(self, written: int) -> None:
        self._running = None
        self.written = written
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._running = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.message.setText(describe(error))
        self.message.show()

    def reject(self) -> None:
        """Cancel stops a running export (no file is left) before it closes the dialog."""
        if self._running is not None:
            self._running.cancel()
            self._running = None
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running is not None:
            self._running.cancel()
            self._running = None
        super().closeEvent(event)
