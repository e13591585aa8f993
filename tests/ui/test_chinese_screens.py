"""In zh_CN no English reaches the guide: the window, its menus, and every dialog it opens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from guide_app.account.accounts import GuideAccount
from guide_app.book.store import Book
from guide_app.calls.followups import due_follow_ups
from guide_app.demo.book import make_demo_book
from guide_app.sync.run import SyncStatus
from guide_app.timeutil import utcnow
from tests.support.tasks import put_content, put_sop
from ui.main_window import MainWindow, Page
from ui.ops import Ops
from ui.sync_runner import SyncRunner

# Words the guide's screens keep in Latin letters on purpose: key names, file kinds, the RFM model,
# SOP (the word guides use), the app's own sample address/format hints, and English named in its
# own language in the Settings' language list.
ALLOWED = re.compile(
    r"^(Ctrl|Alt|Shift|Enter|Esc|Space|Tab|Del|F\d+|PgUp|PgDn|Home|End|Up|Down|RFM|SOP|xlsx|Excel|WPS|English|"
    r"http|https|hq|example|cn|csv|txt|png|jpg|mp4|VIP|XS|XL|XXL|ID|OK|Qt)$",
    re.IGNORECASE,
)
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _english_in(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text)  # rich text: the tags are not shown
    plain = re.sub(r"https?://\S+", " ", plain)
    plain = re.sub(r"\b[a-z0-9]+\.[a-z0-9.]+\b", " ", plain)  # a login (sh001.wang) is data, not words
    plain = re.sub(r"\b[A-Z0-9]+-[A-Z0-9-]+\b", " ", plain)  # an order number (SH001-D5F3) is data too
    return [word for word in LATIN_WORD.findall(plain) if not ALLOWED.match(word)]


def _model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    if isinstance(model, QAbstractListModel):
        return  # a list shows no headers
    for section in range(model.columnCount(QModelIndex())):
        header = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(header, str):
            yield header


def _texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """Every piece of text a guide can read on `widget` and its children (headers, not data)."""
    yield "title", widget.windowTitle()
    for child in [widget, *widget.findChildren(QWidget)]:
        name = type(child).__name__
        if isinstance(child, (QLabel, QAbstractButton)):
            yield name, child.text()
        elif isinstance(child, QLineEdit):
            yield name, child.placeholderText()
        elif isinstance(child, QGroupBox):
            yield name, child.title()
        elif isinstance(child, QTabWidget):
            yield from ((name, child.tabText(index)) for index in range(child.count()))
        elif isinstance(child, QComboBox) and not child.isEditable():
            yield from ((name, child.itemText(index)) for index in range(child.count()))
        elif isinstance(child, QAbstractItemView):
            yield from ((name, text) for text in _model_texts(child.model()))
        if child.toolTip():
            yield f"{name} tooltip", child.toolTip()
    for action in widget.findChildren(QAction):
        yield "action", action.text()
        yield "action tooltip", action.toolTip()


def _assert_chinese(widget: QWidget) -> None:
    found = [(where, text) for where, text in _texts_of(widget) if _english_in(text)]
    assert not found, f"English on a zh_CN screen: {found[:15]}"


@pytest.fixture
def window(qtbot: QtBot, ops: Ops, book: Book) -> Iterator[MainWindow]:
    make_demo_book(book, "sh001.wang", 60)
    script = put_content(book, "冬季新品问候话术", "亲爱的会员您好～冬季新品已到店")
    put_sop(book, {"kind": "daily"}, {}, "每日唤醒沉睡客户", content_ids=[script])
    account = GuideAccount("http://127.0.0.1:8710", "sh001.wang")
    window = MainWindow(ops, account, "王丽娟", SyncRunner(ops, account))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: not ops.busy, timeout=15_000)
    yield window
    window.runner.stop()


def test_the_main_window_and_its_views_show_no_english(qtbot: QtBot, window: MainWindow) -> None:
    for page in Page:
        window.show_page(page)
        qtbot.waitUntil(lambda: not window.ops.busy, timeout=15_000)
        _assert_chinese(window)


def test_the_dialogs_a_guide_opens_show_no_english(qtbot: QtBot, window: MainWindow, ops: Ops) -> None:
    from guide_app.calls.content import content_library
    from guide_app.calls.sales import my_sales
    from ui.dialogs.customer_detail import CustomerDetailDialog
    from ui.dialogs.follow_up import PlanFollowUpDialog
    from ui.dialogs.import_wizard import ImportWizard
    from ui.dialogs.lock import LockDialog
    from ui.dialogs.sale_correction import AmendSaleDialog, VoidSaleDialog
    from ui.dialogs.sale_entry import SaleEntryDialog
    from ui.dialogs.send_to import SendToDialog
    from ui.dialogs.settings import SettingsDialog
    from ui.dialogs.sign_in import SignInDialog
    from ui.dialogs.sync_problems import SyncProblemsDialog
    from ui.side_panel import SidePanel

    due: list = []
    ops.query(lambda book: due_follow_ups(book, utcnow() + timedelta(days=30)), due.append)
    qtbot.waitUntil(lambda: bool(due), timeout=10_000)
    first = due[0][0]
    sales: list = []
    ops.query(lambda book: my_sales(book, 1), sales.append)
    qtbot.waitUntil(lambda: bool(sales), timeout=10_000)
    library: list = []
    ops.query(content_library, library.append)
    qtbot.waitUntil(lambda: bool(library), timeout=10_000)
    dialogs: list[QWidget] = [
        CustomerDetailDialog(ops, first.customer_id, window),
        PlanFollowUpDialog(ops, first.customer_id, first.customer_name, window),
        ImportWizard(ops, window),
        LockDialog(GuideAccount("http://127.0.0.1:8710", "sh001.wang"), "王丽娟", window),
        SettingsDialog(window),
        SignInDialog(hq="http://127.0.0.1:8710", login="sh001.wang"),
        SyncProblemsDialog(SyncStatus(last_success_at=datetime.now().isoformat()), window),
        SaleEntryDialog(ops, window),
        AmendSaleDialog(ops, sales[0][0], window),
        VoidSaleDialog(ops, sales[0][0], window),
        SendToDialog(ops, library[0][0].id, library[0][0].title, parent=window),
        SidePanel(ops),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not ops.busy, timeout=15_000)
        _assert_chinese(dialog)
        dialog.close()
