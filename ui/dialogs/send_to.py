"""Choosing customers for a content item: by search or from today's task lists; then "sent to" is logged.

One dialog in two modes: `Purpose.send` ticks any number of customers and logs the item on each
one's timeline with HQ's usage count (`record_content_sent`); `Purpose.copy_for` picks one
customer, whose name fills the script's placeholders. The keyboard does it all: type to search,
Down into the list, Space to tick, Enter to send, Alt+T for today's targets, Escape to leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.search import CustomerQuery
from guide_app.book.store import Book
from guide_app.calls.content import record_content_sent
from guide_app.calls.customers import find_customers
from guide_app.calls.tasks import task_customers, todays_checklist
from ui.messages import describe
from ui.ops import Ops, Running

SEARCH_LIMIT = 50  # a guide narrows by typing; a longer list is never read
SEARCH_DEBOUNCE_MS = 150


class Purpose(Enum):
    send = "send"  # tick many, log "sent" on each
    copy_for = "copy_for"  # pick one, to fill a script in for them


@dataclass(frozen=True, slots=True)
class Candidate:
    customer_id: str
    name: str
    remark: str


def search_candidates(book: Book, text: str) -> list[Candidate]:
    page = find_customers(book, CustomerQuery(text=text, limit=SEARCH_LIMIT), with_total=False)
    return [Candidate(row.id, row.name, row.wecom_remark) for row in page.rows]


def todays_targets(book: Book, day: date, now: datetime) -> list[Candidate]:
    """Every customer on today's task lists still to be contacted, once each, in the tasks' order."""
    found: dict[str, Candidate] = {}
    for task in todays_checklist(book, day, now):
        if not task.per_customer:
            continue
        for customer in task_customers(book, task.task_id, day):
            if customer.open:
                found.setdefault(
                    customer.customer_id,
                    Candidate(customer.customer_id, customer.name, customer.wecom_remark),
                )
    return list(found.values())


class SendToDialog(QDialog):
    """Pick customers for `content_id`. In send mode it closes once the sends are logged (`sent`
    carries how many); in copy-for mode `picked(customer_id, name)` fires and it closes."""

    sent = Signal(int)
    picked = Signal(str, str)

    def __init__(
        self,
        ops: Ops,
        content_id: str,
        title: str,
        purpose: Purpose = Purpose.send,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.content_id, self.purpose = ops, content_id, purpose
        self.chosen: dict[str, Candidate] = {}
        self.shown: list[Candidate] = []
        self._loading: Running[list[Candidate]] | None = None
        # Enter in the list both activates the row and reaches the default button: act once.
        self._confirmed = False
        sending = purpose is Purpose.send
        self.setWindowTitle(
            (self.tr("Send “%1” to…") if sending else self.tr("Copy “%1” for…")).replace("%1", title)
        )
        self.resize(520, 520)
        self._build(sending)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.today_box.toggled.connect(lambda _on: self.reload())
        self.reload()

    def _build(self, sending: bool) -> None:
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        search_label = QLabel(self.tr("&Find"), self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name, phone, WeCom remark or pinyin"))
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.today_box = QCheckBox(self.tr("&Today's targets"), self)
        self.today_box.setToolTip(
            self.tr("Only the customers on today's task lists still to contact (Alt+T)")
        )
        row.addWidget(search_label)
        row.addWidget(self.search, 1)
        row.addWidget(self.today_box)
        layout.addLayout(row)
        self.list = QListWidget(self)
        self.list.setToolTip(
            self.tr("Space: tick or untick · Enter: send")
            if sending
            else self.tr("Enter: choose this customer")
        )
        self.list.itemChanged.connect(self._ticked)
        self.list.itemActivated.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(self)
        self.empty.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.empty)
        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        layout.addWidget(self.chosen_label)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.chosen_label.setVisible(sending)
        self._show_chosen()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----------------------------------------------------------------------------------- reading

    def reload(self) -> None:
        if self._loading is not None:
            self._loading.discard()
        text = self.search.text().strip()
        if self.today_box.isChecked():
            day, now = datetime.now().date(), datetime.now().astimezone()
            self._loading = self.ops.query(
                lambda book: [c for c in todays_targets(book, day, now) if _has(c, text)],
                self._show,
                name="today's targets",
            )
        else:
            self._loading = self.ops.query(
                lambda book: search_candidates(book, text), self._show, name="find customers"
            )

    def _show(self, candidates: list[Candidate]) -> None:
        self.shown = candidates
        self.list.blockSignals(True)
        self.list.clear()
        for candidate in candidates:
            text = candidate.name if not candidate.remark else f"{candidate.name}  ·  {candidate.remark}"
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, candidate.customer_id)
            if self.purpose is Purpose.send:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = candidate.customer_id in self.chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        if candidates:
            self.list.setCurrentRow(0)
        self.empty.setText("" if candidates else self.tr("Nobody matches."))

    # ----------------------------------------------------------------------------------- choosing

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.search.hasFocus() and event.key() == Qt.Key.Key_Down and self.list.count():
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().keyPressEvent(event)

    def tick(self, customer_id: str, on: bool = True) -> None:
        """Tick (or untick) a customer shown in the list."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == customer_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _ticked(self, item: QListWidgetItem) -> None:
        customer_id = str(item.data(Qt.ItemDataRole.UserRole))
        candidate = next((c for c in self.shown if c.customer_id == customer_id), None)
        if candidate is None:
            return
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen[customer_id] = candidate
        else:
            self.chosen.pop(customer_id, None)
        self._show_chosen()

    def _activated(self, item: QListWidgetItem) -> None:
        if self.purpose is Purpose.send and not self.chosen:  # Enter with nobody ticked: this one
            item.setCheckState(Qt.CheckState.Checked)
        self.confirm()

    def _show_chosen(self) -> None:
        if self.purpose is Purpose.copy_for:
            self.ok_button.setText(self.tr("Choose"))
            return
        count = len(self.chosen)
        names = "、".join(candidate.name for candidate in self.chosen.values())
        self.chosen_label.setText(
            self.tr("Chosen: %1").replace("%1", names)
            if count
            else self.tr("Tick the customers you sent it to.")
        )
        self.ok_button.setText(self.tr("Log as sent to %n customer(s)", "", count))
        self.ok_button.setEnabled(count > 0)

    def confirm(self) -> None:
        if self._confirmed:
            return
        if self.purpose is Purpose.copy_for:
            current = self.list.currentItem()
            if current is None:
                return
            customer_id = str(current.data(Qt.ItemDataRole.UserRole))
            candidate = next(c for c in self.shown if c.customer_id == customer_id)
            self._confirmed = True
            self.picked.emit(candidate.customer_id, candidate.name)
            self.accept()
            return
        if not self.chosen:
            return
        ids, content_id = list(self.chosen), self.content_id
        self._confirmed = True
        self.ok_button.setEnabled(False)
        self.ops.write(
            lambda book: record_content_sent(book, content_id, ids),
            self._logged,
            failure=self._refused,
            name="log content sent",
        )

    def _logged(self, count: int) -> None:
        self.sent.emit(count)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._confirmed = False
        self.ok_button.setEnabled(True)
        self.message.setText(describe(error))
        self.message.show()


def _has(candidate: Candidate, text: str) -> bool:
    """Today's targets narrowed by what was typed (their name or remark)."""
    return not text or text in candidate.name or text in candidate.remark
