"""A keyboard-first customer field: type a name, pinyin, initials or a phone's tail; ↓ and Enter pick.

The matches drop down in a list under the field that never takes the focus, so the guide keeps
typing while it follows. Enter picks the lit match (the first unless ↓/↑ moved), also when the
search for what was just typed has not answered yet: the pick waits for it. Escape closes the
list; with it closed, Enter and Escape go on to the dialog around the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.search import CustomerQuery, CustomerRow
from guide_app.calls.customers import find_customers
from guide_app.cells import mask_phone
from ui.ops import Ops, Running

# Typing pauses this long before the book is searched: one search per burst of keys.
DEBOUNCE_MS = 120
MATCHES = 8  # what fits the list without a scroll bar; a guide types one more letter for more


@dataclass(frozen=True, slots=True)
class PickedCustomer:
    """The customer the guide picked, as far as a sale or a message needs to know them."""

    id: str
    name: str
    phone: str | None
    row: CustomerRow | None = None  # the search's row when picked from the list


def match_words(row: CustomerRow) -> str:
    """One line of the list: the name, the masked phone and the WeCom remark."""
    parts = [row.name, mask_phone(row.phone), row.wecom_remark]
    return "  ·  ".join(part for part in parts if part)


class CustomerPicker(QWidget):
    """The field and its drop-down list. `picked` fires with the choice; editing the text after a
    pick drops the choice (`cleared`), so what the field shows is always what is chosen."""

    picked = Signal(object)  # PickedCustomer
    cleared = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.chosen: PickedCustomer | None = None
        self.matches: list[CustomerRow] = []
        self._searching: Running[list[CustomerRow]] | None = None
        self._searched_text: str | None = None  # what the list shows the matches of
        self._pick_when_answered = False
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(self.tr("Name, pinyin, initials or the phone's last digits"))
        self.line.setAccessibleName(self.tr("Customer"))
        self.line.setClearButtonEnabled(True)
        self.line.textEdited.connect(self._edited)
        self.line.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        self.setFocusProxy(self.line)
        self.popup = self._build_popup()
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.search)

    def _build_popup(self) -> QListWidget:
        # A tool window that shows without taking the focus: the guide's keys stay in the field.
        popup = QListWidget(self)
        popup.setWindowFlags(Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        popup.setFrameShape(QFrame.Shape.Box)
        popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        popup.setAccessibleName(self.tr("Matching customers"))
        popup.itemClicked.connect(lambda item: self._pick_row(popup.row(item)))
        return popup

    # ----------------------------------------------------------------------------------- choice

    def choose(self, customer: PickedCustomer) -> None:
        """Show `customer` as chosen (a sale opened from a customer's card)."""
        self.chosen = customer
        self.line.setText(customer.name)
        self._close_popup()
        self.picked.emit(customer)

    def clear(self) -> None:
        self.line.clear()
        self._drop_choice()
        self._close_popup()

    def _drop_choice(self) -> None:
        if self.chosen is not None:
            self.chosen = None
            self.cleared.emit()

    def _edited(self, _text: str) -> None:
        self._drop_choice()
        self._pick_when_answered = False
        self.debounce.start()

    # ----------------------------------------------------------------------------------- searching

    def search(self) -> None:
        """Look for what the field says now; an older search still on its way is dropped."""
        self.debounce.stop()
        text = self.line.text().strip()
        if self._searching is not None:
            self._searching.discard()
            self._searching = None
        if not text:
            self._show_matches("", [])
            return
        query = CustomerQuery(text=text, limit=MATCHES)
        self._searching = self.ops.query(
            lambda book: find_customers(book, query, with_total=False).rows,
            lambda rows: self._show_matches(text, rows),
            name="customer picker",
        )

    @property
    def settled(self) -> bool:
        """Whether the list shows the matches of what the field says now."""
        return not self.debounce.isActive() and self._searched_text == self.line.text().strip()

    def _show_matches(self, text: str, rows: list[CustomerRow]) -> None:
        self._searching = None
        self._searched_text = text
        self.matches = list(rows)
        self.popup.clear()
        for row in rows:
            item = QListWidgetItem(match_words(row), self.popup)
            item.setToolTip(match_words(row))
        if self._pick_when_answered:
            self._pick_when_answered = False
            if rows:
                self._pick_row(0)
                return
        if rows and self.line.hasFocus() and self.chosen is None:
            self.popup.setCurrentRow(0)
            self._open_popup()
        else:
            self._close_popup()

    def _open_popup(self) -> None:
        width = max(self.line.width(), 320)
        rows = max(1, self.popup.count())
        height = self.popup.sizeHintForRow(0) * rows + 2 * self.popup.frameWidth() + 2
        self.popup.resize(width, height)
        self.popup.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self.popup.show()

    def _close_popup(self) -> None:
        self.popup.hide()

    def _pick_row(self, row: int) -> None:
        if 0 <= row < len(self.matches):
            found = self.matches[row]
            self.choose(PickedCustomer(found.id, found.name, found.phone, found))

    # ----------------------------------------------------------------------------------- keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        if watched is self.line and event.type() == QEvent.Type.FocusOut:
            self._close_popup()
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        """True when the key was the picker's; Enter and Escape with nothing to pick go on."""
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._move(1 if key == Qt.Key.Key_Down else -1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self._enter()
        if key == Qt.Key.Key_Escape and self.popup.isVisible():
            self._close_popup()
            return True
        return False

    def _move(self, step: int) -> None:
        if not self.settled:
            self.search()
            return
        if not self.popup.isVisible() and self.matches and self.chosen is None:
            self.popup.setCurrentRow(0)
            self._open_popup()
            return
        if self.matches:
            self.popup.setCurrentRow(max(0, min(len(self.matches) - 1, self.popup.currentRow() + step)))

    def _enter(self) -> bool:
        if self.chosen is not None or not self.line.text().strip():
            return False  # nothing to pick: the dialog's Enter
        if not self.settled:
            self._pick_when_answered = True
            if self.debounce.isActive() or self._searching is None:
                self.search()
            return True
        if self.matches:
            self._pick_row(max(0, self.popup.currentRow()))
        return True
