"""Adding a customer by hand: the profile form, saved only when the core accepts every field."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout, QWidget

from guide_app.book.customers import CustomerFields
from guide_app.calls.customers import add_customer
from guide_app.errors import GuideError
from ui.dialogs.customer_form import CustomerForm
from ui.ops import Ops


class NewCustomerDialog(QDialog):
    """After `accept()`, `customer_id` is the new customer's id (the list can open their card)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.customer_id: str | None = None
        self.setWindowTitle(self.tr("New customer"))
        self.resize(560, 520)
        self.form = CustomerForm(self)
        self.form.submitted.connect(self.save)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAutoDefault(False)  # Enter in a field saves through `submitted`, once
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        self.form.name.setFocus()

    def save(self) -> None:
        self.form.clear_errors()
        try:
            given: CustomerFields = self.form.new_customer()
        except GuideError as error:
            self.form.show_error(error)
            return
        self.save_button.setEnabled(False)
        self.ops.write(lambda book: add_customer(book, given), self._added, failure=self._refused, name="add")

    def _added(self, customer_id: str) -> None:
        self.customer_id = customer_id
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.form.show_error(error)

    def reject(self) -> None:
        """Esc: ask before throwing away what was typed."""
        if self.form.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Discard new customer"),
                self.tr("Discard this new customer? Nothing of it has been saved."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
