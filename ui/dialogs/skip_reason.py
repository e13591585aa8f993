"""Skipping a customer on a task's list: a reason picked from a short list, or typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.tasks import MAX_SKIP_REASON
from guide_app.calls.tasks import skip_task_customer
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe
from ui.ops import Ops

CONTEXT = "SkipReasonDialog"
# The reasons guides give most; the stored reason is the sentence as shown (in the app's language).
COMMON_REASONS = (
    QT_TRANSLATE_NOOP("SkipReasonDialog", "Already in touch today"),
    QT_TRANSLATE_NOOP("SkipReasonDialog", "Asked not to be disturbed"),
    QT_TRANSLATE_NOOP("SkipReasonDialog", "Deleted me on WeCom"),
    QT_TRANSLATE_NOOP("SkipReasonDialog", "Not a fit for this task"),
    QT_TRANSLATE_NOOP("SkipReasonDialog", "Bought recently"),
)


class SkipReasonDialog(QDialog):
    """Ask why a customer is skipped and save it (`skip_task_customer`); closes once saved.
    Up/Down pick a common reason, typing gives your own, Enter saves."""

    def __init__(
        self,
        ops: Ops,
        task_id: str,
        day: date,
        customer_id: str,
        customer_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.task_id, self.day, self.customer_id = ops, task_id, day, customer_id
        self.setWindowTitle(self.tr("Skip %1").replace("%1", customer_name))
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        prompt = QLabel(self.tr("Why skip %1 today?").replace("%1", customer_name), self)
        layout.addWidget(prompt)
        self.reasons = QListWidget(self)
        for reason in COMMON_REASONS:
            QListWidgetItem(QCoreApplication.translate(CONTEXT, reason), self.reasons)
        self.reasons.setCurrentRow(0)
        self.reasons.setMaximumHeight(self.reasons.sizeHintForRow(0) * (len(COMMON_REASONS) + 1))
        layout.addWidget(self.reasons)
        self.own = QLineEdit(self)
        self.own.setMaxLength(MAX_SKIP_REASON)
        self.own.setPlaceholderText(self.tr("Or write your own reason"))
        layout.addWidget(self.own)
        prompt.setBuddy(self.reasons)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(self.tr("Skip"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reasons.itemDoubleClicked.connect(lambda _item: self._save())
        self.reasons.setFocus()

    def reason(self) -> str:
        """The typed reason if any, else the picked one."""
        typed = self.own.text().strip()
        if typed:
            return typed
        item = self.reasons.currentItem()
        return item.text() if item is not None else ""

    def _save(self) -> None:
        reason = self.reason()
        if not reason:
            self._refused_with(self.tr("Pick or write a reason."))
            return
        self.save_button.setEnabled(False)
        task_id, day, customer_id = self.task_id, self.day, self.customer_id
        self.ops.write(
            lambda book: skip_task_customer(book, task_id, day, customer_id, reason),
            lambda _value: self.accept(),
            failure=lambda error: self._refused_with(describe(error)),
            name="skip task customer",
        )

    def _refused_with(self, text: str) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(text)
        self.message.show()
