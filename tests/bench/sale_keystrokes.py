"""`python -m tests.bench.sale_keystrokes`: the keys from the Sales view to a saved sale (issue 10).

Goal: at most 12 keystrokes besides the typed values (the customer search text, the order number
and the amount). Every key goes to the widget that has the keyboard focus, as a real keyboard's
would, so a key the guide would have to add (a Tab to reach a field, an Enter to pick) is
counted. tests/ui/test_sales_view.py drives the same path with pytest-qt and asserts the count.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from guide_app.book.customers import CustomerFields
from guide_app.book.sales import RecordedSale
from guide_app.book.store import open_book
from guide_app.calls.customers import add_customer
from guide_app.calls.sales import my_sales
from ui.dialogs.sale_entry import SaleEntryDialog
from ui.look import make_application
from ui.ops import Ops
from ui.views.sales import SalesView

KEYSTROKE_GOAL = 12
WAIT_MS = 10_000
NoModifier = Qt.KeyboardModifier.NoModifier


class Keyboard(Protocol):
    """What drives the keys: pytest-qt's qtbot in the test, QTest here."""

    def keyClick(self, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = NoModifier) -> None: ...

    def keyClicks(self, widget: QWidget, sequence: str) -> None: ...

    def waitUntil(self, callback: Callable[[], bool], *, timeout: int = ...) -> None: ...


@dataclass
class KeyCount:
    """The keys pressed besides the typed values, and the values typed."""

    keystrokes: int = 0
    typed: list[str] = field(default_factory=list)


class CountingKeyboard:
    """Presses keys where the focus is, counting every key that is not part of a typed value."""

    def __init__(self, keyboard: Keyboard) -> None:
        self.keyboard, self.count = keyboard, KeyCount()

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "no widget has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NoModifier) -> None:
        self.count.keystrokes += 1
        self.keyboard.keyClick(self.focused(), key, modifier)

    def type(self, value: str) -> None:
        self.count.typed.append(value)
        self.keyboard.keyClicks(self.focused(), value)


def record_sale_from_keyboard(
    keyboard: Keyboard, view: SalesView, search: str, order_no: str, amount: str
) -> tuple[KeyCount, RecordedSale]:
    """From the Sales view with its list focused: Ctrl+N, the search, Enter (picks the first
    match and moves to the order number), the order number, Tab, the amount, Enter (saves)."""
    keys = CountingKeyboard(keyboard)
    view.table.setFocus(Qt.FocusReason.OtherFocusReason)
    keyboard.waitUntil(lambda: QApplication.focusWidget() is view.table, timeout=WAIT_MS)
    keys.press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.active_dialog
    assert isinstance(dialog, SaleEntryDialog)
    saved: list[RecordedSale] = []
    dialog.saved.connect(saved.append)  # the dialog is deleted once it closes
    keyboard.waitUntil(lambda: QApplication.focusWidget() is dialog.customer.line, timeout=WAIT_MS)
    keys.type(search)
    keys.press(Qt.Key.Key_Return)
    keyboard.waitUntil(lambda: QApplication.focusWidget() is dialog.order_no, timeout=WAIT_MS)
    keys.type(order_no)
    keys.press(Qt.Key.Key_Tab)
    keys.type(amount)
    keys.press(Qt.Key.Key_Return)
    keyboard.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    return keys.count, saved[0]


class QTestKeyboard:
    """QTest's keys, and a wait that keeps the event loop turning."""

    def keyClick(self, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = NoModifier) -> None:
        QTest.keyClick(widget, key, modifier)

    def keyClicks(self, widget: QWidget, sequence: str) -> None:
        QTest.keyClicks(widget, sequence)

    def waitUntil(self, callback: Callable[[], bool], *, timeout: int = WAIT_MS) -> None:
        deadline = time.monotonic() + timeout / 1000
        while not callback():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there in time")
            QTest.qWait(10)


def main() -> int:
    app = make_application("zh_CN")
    with tempfile.TemporaryDirectory() as folder:
        book = open_book(Path(folder) / "book.sqlite3")
        added = datetime.now(UTC) - timedelta(days=3)
        add_customer(book, CustomerFields(name="王丽", phone="13800138000", added_at=added))
        add_customer(book, CustomerFields(name="李强", phone="13900139000", added_at=added))
        ops = Ops(book)
        view = SalesView(ops)
        view.resize(1366, 768)
        view.show()
        view.activateWindow()
        count, _recorded = record_sale_from_keyboard(QTestKeyboard(), view, "wl", "JD20261130088", "1299")
        saved = len(my_sales(book))
        ops.shutdown(wait=True)
        view.close()
        book.close()
    met = "met" if count.keystrokes <= KEYSTROKE_GOAL and saved == 1 else "NOT met"
    typed = ", ".join(repr(value) for value in count.typed)
    print(f"Sale entry, Sales view to a saved sale: {count.keystrokes} keystrokes + typed values ({typed})")
    print(f"Goal: at most {KEYSTROKE_GOAL} plus the typed values: {met} ({saved} sale saved)")
    del app
    return 0 if met == "met" else 1


if __name__ == "__main__":
    raise SystemExit(main())
