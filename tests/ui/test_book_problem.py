"""A missing or damaged book at sign-in: the guide picks a backup to restore, or starts empty, and goes on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from guide_app.account.accounts import GuideAccount
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.store import Book, open_book
from guide_app.timeutil import utcnow
from ui.dialogs.book_problem import BookProblemDialog, open_book_or_ask


@pytest.fixture
def account(app_data: object) -> GuideAccount:
    """A guide whose book had backups taken on two days: 2 customers, then 3."""
    guide = GuideAccount("http://192.168.1.10:8710", "wang.li")
    book = open_book(guide.book_path, take_backup=False)
    names = iter(["王丽", "李静", "张三"])
    for count, day in ((2, 2), (1, 1)):
        with book.writing() as session:
            for _ in range(count):
                add_customer(session, CustomerFields(name=next(names)))
        book.backup(utcnow() - timedelta(days=day))
    book.close()
    return guide


def _asked(qtbot: QtBot) -> BookProblemDialog:
    found: list[BookProblemDialog] = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, BookProblemDialog) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown, timeout=5000)
    qtbot.addWidget(found[0])  # closed after the test, whatever happens
    return found[0]


def _customers(book: Book) -> int:
    with book.sql_reader() as connection:
        return int(connection.execute("SELECT count(*) FROM customer").fetchone()[0])


def _close(books: list[Book]) -> None:
    for book in books:
        book.close()


def test_a_missing_book_is_restored_from_the_newest_backup(qtbot: QtBot, account: GuideAccount) -> None:
    account.book_path.unlink()
    opened: list[Book] = []
    open_book_or_ask(account, None, opened.append)
    dialog = _asked(qtbot)
    assert dialog.table.rowCount() == 2 and dialog.start_empty_button.isVisible()
    assert "3" in dialog.table.item(0, 1).text()  # newest first, with its customers
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    try:
        assert _customers(opened[0]) == 3
    finally:
        _close(opened)


def test_a_missing_book_can_start_empty_on_purpose(
    qtbot: QtBot, account: GuideAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    account.book_path.unlink()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    opened: list[Book] = []
    open_book_or_ask(account, None, opened.append)
    qtbot.mouseClick(_asked(qtbot).start_empty_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    try:
        assert _customers(opened[0]) == 0
    finally:
        _close(opened)


def test_a_damaged_book_offers_no_empty_start_and_cancel_gives_up(
    qtbot: QtBot, account: GuideAccount
) -> None:
    account.book_path.write_bytes(b"this is not a database" * 200)
    opened: list[Book] = []
    gave_up: list[bool] = []
    open_book_or_ask(account, None, opened.append, on_give_up=lambda: gave_up.append(True))
    dialog = _asked(qtbot)
    assert not dialog.start_empty_button.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(gave_up), timeout=5000)
    assert not opened
