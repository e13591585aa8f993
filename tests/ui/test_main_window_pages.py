"""The window's pages from the keyboard: Ctrl+3..5 make Content, Sales and My performance when first
wanted and put the focus where the guide's next key works."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from guide_app.account.accounts import GuideAccount
from ui.dialogs.sale_entry import SaleEntryDialog
from ui.main_window import MainWindow, Page
from ui.ops import Ops
from ui.sync_runner import SyncRunner

CTRL = Qt.KeyboardModifier.ControlModifier
WAIT_MS = 10_000


@pytest.fixture
def window(qtbot: QtBot, ops: Ops) -> Iterator[MainWindow]:
    account = GuideAccount("http://127.0.0.1:9", "sh001.wang")
    shown = MainWindow(ops, account, "王丽娟", SyncRunner(ops, account))
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=WAIT_MS)
    yield shown
    shown.runner.stop()


def test_the_later_pages_are_made_only_when_first_wanted(window: MainWindow) -> None:
    assert (window._content, window._sales, window._performance) == (None, None, None)


def test_ctrl_3_puts_the_focus_in_contents_search(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.pages.currentIndex() == Page.content
    assert window.content.search.hasFocus()


def test_ctrl_4_then_ctrl_n_opens_the_sale_entry(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert window.pages.currentIndex() == Page.sales
    focused = QApplication.focusWidget()
    assert focused is not None and window.sales.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SaleEntryDialog), timeout=WAIT_MS)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    dialog.close()


def test_ctrl_5_shows_my_performance(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    assert window.pages.currentIndex() == Page.performance
    assert window.performance.isVisible()
