"""Correcting one of the guide's sales: amend its amount, or void it, always with a reason.

A correction travels to HQ as its own event (the sale already sent is never changed); among
amends the latest counts, and a void is final. Each refusal shows beside its field and saves
nothing, as in the sale dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from guide_app.calls.sales import SaleRow, correct_sale
from guide_app.errors import ErrorCode, GuideError
from guide_app.money import AmountRefused, fen_from_yuan_text
from guide_app.protocol import SaleCorrectionAction
from ui.dialogs.customer_words import local_time, yuan
from ui.dialogs.sale_entry import FieldErrors, amount_words, field_cell, yuan_text
from ui.messages import describe, describe_code
from ui.ops import Ops

MAX_REASON = 200  # protocol.SaleCorrectionBody.reason
AMOUNT, REASON = "amount", "reason"
_FIELD_OF_CODE = {
    ErrorCode.correction_reason_missing: REASON,
    ErrorCode.sale_amount_unchanged: AMOUNT,
    ErrorCode.sale_items_mismatch: AMOUNT,
}
_FIELD_OF_BODY = {"amount_fen": AMOUNT, "items": AMOUNT, "reason": REASON}


def correction_field(error: BaseException) -> str:
    """The field a refusal of the core is about ("" for the line under the form)."""
    if not isinstance(error, GuideError):
        return ""
    named = str(error.details.get("field") or "").split(".")[0]
    return _FIELD_OF_BODY.get(named) or _FIELD_OF_CODE.get(error.code, "")


class CorrectionDialog(QDialog):
    """The frame both corrections share: which sale, a reason, and one write at a time."""

    action: SaleCorrectionAction

    def __init__(self, ops: Ops, sale: SaleRow, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.sale = ops, sale
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self._saving = False
        self.errors = FieldErrors(self)
        self.heading = QLabel(self._sale_words(), self)
        self.heading.setWordWrap(True)
        self.form = QFormLayout()
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(MAX_REASON)
        self.reason.textEdited.connect(lambda _text: self.errors.clear())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)  # each correction connects `accepted` to its save
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

    def _sale_words(self) -> str:
        return (
            self.tr("Order %1 · %2 · sold %3 · %4")
            .replace("%1", self.sale.order_no)
            .replace("%2", self.sale.customer_name or "—")
            .replace("%3", local_time(self.sale.sold_at))
            .replace("%4", yuan(self.sale.amount_fen))
        )

    def add_reason_row(self, placeholder: str) -> None:
        label = QLabel(self.tr("&Reason"), self)
        label.setBuddy(self.reason)
        self.reason.setPlaceholderText(placeholder)
        self.form.addRow(label, field_cell(self, self.reason, self.errors.label_for(REASON)))

    def read_reason(self) -> str | None:
        reason = self.reason.text().strip()
        if not reason:
            self.errors.show(REASON, self.tr("Say why: your manager and HQ see it with the correction."))
            return None
        return reason

    def send(self, amount_fen: int | None, reason: str) -> None:
        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        sale_id, action = self.sale.id, self.action
        self.ops.write(
            lambda book: correct_sale(
                book, sale_id, action=action, amount_fen=amount_fen, lines=[], reason=reason
            ),
            lambda _value: self.accept(),
            failure=self._refused,
            name=f"sale {action.value}",
        )

    def _refused(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        field = correction_field(error)
        self.errors.show(field, describe(error))
        editor = {REASON: self.reason}.get(field) or getattr(self, "amount", None)
        if isinstance(editor, QWidget) and field:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)


class AmendSaleDialog(CorrectionDialog):
    """The amount actually paid, replacing what was typed; the list shows both."""

    action = SaleCorrectionAction.amend

    def __init__(self, ops: Ops, sale: SaleRow, parent: QWidget | None = None) -> None:
        super().__init__(ops, sale, self.tr("Correct the amount"), parent)
        self.amount = QLineEdit(yuan_text(sale.amount_fen), self)
        self.amount.selectAll()
        self.amount.textEdited.connect(lambda _text: self.errors.clear())
        label = QLabel(self.tr("&Amount paid (¥)"), self)
        label.setBuddy(self.amount)
        self.form.addRow(label, field_cell(self, self.amount, self.errors.label_for(AMOUNT)))
        self.add_reason_row(self.tr("e.g. typed 1299 for 1199; one item came back"))
        self.save_button.setText(self.tr("Save correction"))
        self.buttons.accepted.connect(self.save)
        self.amount.setFocus()

    def save(self) -> None:
        self.errors.clear()
        try:
            amount: int | None = fen_from_yuan_text(self.amount.text())
        except AmountRefused as refused:
            self.errors.show(AMOUNT, amount_words(refused.problem))
            amount = None
        else:
            if amount == self.sale.amount_fen:
                self.errors.show(AMOUNT, describe_code(ErrorCode.sale_amount_unchanged))
                amount = None
        reason = self.read_reason()
        if amount is None:
            self.amount.setFocus()
        elif reason is None:
            self.reason.setFocus()
        else:
            self.send(amount, reason)


class VoidSaleDialog(CorrectionDialog):
    """The sale did not happen, or all of it came back: it counts for nothing, for good."""

    action = SaleCorrectionAction.void

    def __init__(self, ops: Ops, sale: SaleRow, parent: QWidget | None = None) -> None:
        super().__init__(ops, sale, self.tr("Void the sale"), parent)
        warning = QLabel(
            self.tr(
                "A void is final: the sale counts for nothing, here and at HQ. "
                "To change the amount, correct it instead."
            ),
            self,
        )
        warning.setWordWrap(True)
        self.form.addRow(warning)
        self.add_reason_row(self.tr("e.g. the customer returned everything; recorded twice"))
        self.save_button.setText(self.tr("Void sale"))
        self.buttons.accepted.connect(self.save)
        self.reason.setFocus()

    def save(self) -> None:
        self.errors.clear()
        reason = self.read_reason()
        if reason is None:
            self.reason.setFocus()
            return
        self.send(None, reason)
