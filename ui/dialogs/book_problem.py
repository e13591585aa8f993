"""Opening the guide's book, and what to do when it is missing or damaged: restore a backup or start empty."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.account.accounts import GuideAccount
from guide_app.book.store import BackupInfo, Book, list_backups, restore_backup
from guide_app.errors import BookCorrupt, BookMissing, ErrorCode, GuideError
from ui.dialogs.sign_in import problem_label
from ui.look import app_title
from ui.messages import describe, describe_code
from ui.ops import Ops

GiveUp = Callable[[], None]


class BookChoice(Enum):
    restore = "restore"
    start_empty = "start_empty"


def open_book_or_ask(
    account: GuideAccount,
    parent: QWidget | None,
    on_open: Callable[[Book], None],
    *,
    on_give_up: GiveUp | None = None,
) -> None:
    """Open the account's book off the UI thread and hand it to `on_open`. A missing or damaged
    book asks the guide which backup to restore (or to start empty); any other problem is told in
    plain words. `on_give_up` runs when no book was opened (the guide cancelled, or it failed)."""
    ops = Ops(None)  # not parented: the dialog that asks may close before the answer comes
    give_up = on_give_up or (lambda: None)

    def opened(book: Book) -> None:
        ops.shutdown(wait=False)
        on_open(book)

    def failed(error: BaseException) -> None:
        if isinstance(error, BookMissing | BookCorrupt) and "book" in error.details:
            ops.run(
                lambda: list_backups(Path(error.details["book"])),
                lambda backups: _ask(account, error, backups, parent, opened, give_up, ops),
                failure=lambda other: _told(parent, other, give_up, ops),
            )
        else:
            _told(parent, error, give_up, ops)

    ops.run(account.open_book, opened, failure=failed, name="open book")


def _told(parent: QWidget | None, error: BaseException, give_up: GiveUp, ops: Ops) -> None:
    ops.shutdown(wait=False)
    QMessageBox.warning(parent, app_title(), describe(error))
    give_up()


def _ask(
    account: GuideAccount,
    error: GuideError,
    backups: list[BackupInfo],
    parent: QWidget | None,
    opened: Callable[[Book], None],
    give_up: GiveUp,
    ops: Ops,
) -> None:
    if not backups:
        _told(parent, error, give_up, ops)
        return
    dialog = BookProblemDialog(account, error, backups, ops, parent)

    def finished(result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.book is not None:
            opened(dialog.book)
        else:
            ops.shutdown(wait=False)
            give_up()
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()


class BookProblemDialog(QDialog):
    """The book is missing or damaged: the backups, newest first, to restore one (or, when the
    book is missing, to start empty). Accepted with `book` open; the backups always stay."""

    def __init__(
        self,
        account: GuideAccount,
        error: GuideError,
        backups: list[BackupInfo],
        ops: Ops,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.account, self.backups, self._ops = account, backups, ops
        self.book: Book | None = None
        self.missing = error.code is ErrorCode.book_missing
        self.setWindowTitle(self.tr("Your customer book"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        explained = QLabel(describe_code(error.code), self)
        explained.setWordWrap(True)
        layout.addWidget(explained)
        layout.addWidget(QLabel(self.tr("Backups of your book on this PC, newest first:"), self))
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        layout.addLayout(self._buttons())
        self.resize(560, 360)

    def _table(self) -> QTableWidget:
        table = QTableWidget(len(self.backups), 2, self)
        table.setHorizontalHeaderLabels([self.tr("Taken"), self.tr("Customers")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        first_readable = None
        for row, backup in enumerate(self.backups):
            cells = (backup_time_words(backup), customers_words(backup.customers))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if backup.customers is None:  # unreadable: restoring it would only be refused
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                table.setItem(row, column, item)
            if backup.customers is not None and first_readable is None:
                first_readable = row
        if first_readable is not None:
            table.selectRow(first_readable)
        table.doubleClicked.connect(lambda _index: self.restore())
        return table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.start_empty_button = QPushButton(self.tr("Start an empty book"), self)
        self.start_empty_button.setAutoDefault(False)
        self.start_empty_button.setVisible(self.missing)
        self.start_empty_button.clicked.connect(self.start_empty)
        self.restore_button = QPushButton(self.tr("Restore this backup"), self)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.start_empty_button)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        row.addWidget(self.cancel_button)
        return row

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def restore(self) -> None:
        backup = self.chosen()
        if backup is None:
            self._say(self.tr("Choose a backup first."))
            return
        book_path = self.account.book_path

        def restore_and_open() -> Book:
            restore_backup(book_path, backup.path)
            return self.account.open_book()

        self._run(restore_and_open, BookChoice.restore)

    def start_empty(self) -> None:
        confirmed = QMessageBox.question(
            self,
            self.tr("Start an empty book?"),
            self.tr(
                "Your book starts with no customers. The backups stay on this PC, and IT staff can "
                "still restore one later."
            ),
        )
        if confirmed == QMessageBox.StandardButton.Yes:
            self._run(lambda: self.account.open_book(start_empty=True), BookChoice.start_empty)

    def _run(self, call: Callable[[], Book], choice: BookChoice) -> None:
        self._busy(True)
        self.problem.hide()
        self._ops.run(call, self._opened, failure=self._failed, name=f"book {choice.value}")

    def _opened(self, book: Book) -> None:
        self.book = book
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self._say(describe(error))

    def _busy(self, busy: bool) -> None:
        for widget in (self.table, self.restore_button, self.start_empty_button, self.cancel_button):
            widget.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def reject(self) -> None:
        if self.cancel_button.isEnabled():  # never while a restore is half-way
            super().reject()


def backup_time_words(backup: BackupInfo) -> str:
    return backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")


def customers_words(customers: int | None) -> str:
    if customers is None:
        return QCoreApplication.translate("BookProblemDialog", "cannot be read (damaged)")
    return QCoreApplication.translate("BookProblemDialog", "%n customer(s)", "", customers)
