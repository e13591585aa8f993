"""Recording a sale from the keyboard: customer by search, order number, amount in yuan, items, time.

Every refusal shows beside the field it is about and saves nothing, whether this dialog finds it
(an amount with three decimals, a date before 2000) or the core does (an order number already
recorded). Before saving, the dialog says whether HQ's attribution rule credits the sale to the
guide, and why. Enter picks the customer in the search field and saves everywhere else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.sales import AttributionPreview, RecordedSale, SaleLine
from guide_app.calls.sales import explain_attribution, record_sale
from guide_app.errors import ErrorCode, GuideError
from guide_app.money import AmountProblem, AmountRefused, fen_from_yuan_text
from guide_app.protocol import MAX_SALE_ITEMS, AttributionReason, AttributionRule
from guide_app.timeutil import utcnow
from ui.dialogs.customer_words import yuan
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe, describe_code
from ui.ops import Ops, Running
from ui.widgets.customer_picker import CustomerPicker, PickedCustomer

CONTEXT = "SaleEntry"
ERROR_STYLE = "color: #b3261e;"
CREDITED_STYLE = "color: #1b5e20;"
# A sale's time may run this far ahead of the PC's clock (two tills' clocks disagree a little);
# the core refuses beyond 10 minutes, so the guide hears it here first.
FUTURE_SLACK = timedelta(minutes=5)
EARLIEST_SALE = datetime(2000, 1, 1)  # local; before this a date is a typing slip
TIME_FORMAT = "yyyy-MM-dd HH:mm"
ORDER_NO = re.compile(r"[A-Za-z0-9_\-]{1,64}")  # what HQ's schema accepts (protocol.SaleBody)
MAX_QTY = 10_000
MAX_ITEM_NAME = 100  # protocol.SaleItem
ATTRIBUTION_DEBOUNCE_MS = 200


AMOUNT_WORDS: dict[AmountProblem, str] = {
    AmountProblem.empty: QT_TRANSLATE_NOOP("SaleEntry", "Enter the amount paid, e.g. 1,299.00."),
    AmountProblem.unreadable: QT_TRANSLATE_NOOP(
        "SaleEntry", "That is not an amount: type digits, e.g. 1299.5."
    ),
    AmountProblem.negative: QT_TRANSLATE_NOOP(
        "SaleEntry", "An amount cannot be negative. For a return, correct or void the sale."
    ),
    AmountProblem.zero: QT_TRANSLATE_NOOP(
        "SaleEntry", "¥0.00 is no sale: type the amount paid, or void the sale if nothing was paid."
    ),
    AmountProblem.too_precise: QT_TRANSLATE_NOOP("SaleEntry", "At most 2 decimals: ¥ and fen."),
    AmountProblem.too_large: QT_TRANSLATE_NOOP("SaleEntry", "That is more than one sale can be."),
}


def amount_words(problem: AmountProblem) -> str:
    return QCoreApplication.translate(CONTEXT, AMOUNT_WORDS[problem])


def yuan_text(amount_fen: int) -> str:
    """An amount as a guide types it back in (1,299.50), for a field's starting text."""
    return yuan(amount_fen).removeprefix("¥")


# --------------------------------------------------------------------------------------- attribution


def _not_credited_words(rule: AttributionRule) -> str:
    if rule is AttributionRule.owner_only:
        return QCoreApplication.translate(
            "SaleEntry",
            "HQ would not credit this sale to you: %1 joined your book after the sale, and HQ credits "
            "only customers already in your book.",
        )
    if rule is AttributionRule.last_touch_only:
        return QCoreApplication.translate(
            "SaleEntry",
            "HQ would not credit this sale to you: you had no contact with %1 within HQ's attribution "
            "window of the sale, and HQ credits only customers you contacted in it.",
        )
    return QCoreApplication.translate(
        "SaleEntry",
        "HQ would not credit this sale to you: %1 joined your book after the sale, and you had no "
        "contact with them within HQ's attribution window.",
    )


def attribution_words(
    name: str, preview: AttributionPreview | None, refused_by: AttributionRule | None = None
) -> str:
    """HQ's rule's answer as the guide reads it: credited and why, or (None) not and why not,
    in the words of the rule that refused it."""
    if preview is None:
        return _not_credited_words(refused_by or AttributionRule.owner_or_last_touch).replace("%1", name)
    days = preview.days  # a plain name: pyside6-lupdate skips a plural's expression
    if preview.reason is AttributionReason.owner and days == 0:
        words = QCoreApplication.translate("SaleEntry", "Credited to you: you added %1 today.")
    elif preview.reason is AttributionReason.owner:
        words = QCoreApplication.translate(
            "SaleEntry", "Credited to you: you added %1 %n day(s) ago.", "", days
        )
    elif days == 0:
        words = QCoreApplication.translate(
            "SaleEntry", "Credited to you: you contacted %1 within HQ's %2-day window of the sale."
        )
    else:
        words = QCoreApplication.translate(
            "SaleEntry",
            "Credited to you: you last contacted %1 %n day(s) before the sale, within HQ's %2-day window.",
            "",
            days,
        )
    return words.replace("%1", name).replace("%2", str(preview.window_days))


# --------------------------------------------------------------------------------------- fields


class FieldErrors:
    """One red line under each field, and one under the form for what names no field."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.labels: dict[str, QLabel] = {}
        self.general = self.label_for("")

    def label_for(self, field: str) -> QLabel:
        label = QLabel(self.parent)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self.labels[field] = label
        return label

    def show(self, field: str, text: str) -> None:
        label = self.labels.get(field, self.general)
        label.setText(text)
        label.show()

    def text(self, field: str) -> str:
        label = self.labels.get(field, self.general)
        return label.text() if not label.isHidden() else ""

    def shown(self) -> list[str]:
        return [field for field, label in self.labels.items() if not label.isHidden()]

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear()
            label.hide()


def field_cell(parent: QWidget, editor: QWidget, *below: QWidget) -> QWidget:
    """An editor with its notes stacked under it, as one cell of a form."""
    cell = QWidget(parent)
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(editor)
    for widget in below:
        column.addWidget(widget)
    return cell


class Field(StrEnum):
    customer = "customer"
    order_no = "order_no"
    amount = "amount"
    sold_at = "sold_at"
    items = "items"


# Where a refusal of the core belongs when it names no field of its own.
FIELD_OF_CODE: dict[ErrorCode, Field] = {
    ErrorCode.order_recorded: Field.order_no,
    ErrorCode.sale_in_future: Field.sold_at,
    ErrorCode.sale_not_attributable: Field.customer,
    ErrorCode.customer_missing: Field.customer,
}
# The core's field names (SaleBody's) as this dialog's fields.
FIELD_OF_BODY: dict[str, Field] = {
    "order_no": Field.order_no,
    "amount_fen": Field.amount,
    "items": Field.items,
    "sold_at": Field.sold_at,
    "customer_ref": Field.customer,
}


def field_of(error: BaseException) -> Field | None:
    if not isinstance(error, GuideError):
        return None
    named = str(error.details.get("field") or "").split(".")[0]
    return FIELD_OF_BODY.get(named) or FIELD_OF_CODE.get(error.code)


class ItemColumn(IntEnum):
    item = 0
    qty = 1
    price = 2


class ItemsTable(QTableWidget):
    """Optional items: name, quantity, price paid per unit. Blank rows are left out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Qty"), self.tr("Unit price (¥)")])
        self.setAccessibleName(self.tr("Items"))
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(ItemColumn.item, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(ItemColumn.qty, 56)
        self.setColumnWidth(ItemColumn.price, 120)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in every other field
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setMaximumHeight(120)

    def add_line(self, name: str = "", qty: int = 1, price_text: str = "") -> None:
        if self.rowCount() >= MAX_SALE_ITEMS:
            return
        row = self.rowCount()
        self.insertRow(row)
        for column, text in (
            (ItemColumn.item, name),
            (ItemColumn.qty, str(qty)),
            (ItemColumn.price, price_text),
        ):
            self.setItem(row, column, QTableWidgetItem(text))
        self.setCurrentCell(row, ItemColumn.item)

    def editing(self) -> bool:
        """Whether a cell's editor is open (Enter there ends the cell; the next Enter saves)."""
        return self.state() == QAbstractItemView.State.EditingState

    def remove_current(self) -> None:
        if self.currentRow() >= 0:
            self.removeRow(self.currentRow())

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def lines(self) -> list[SaleLine]:
        """The filled rows as sale lines; ValueError with the guide's words for the first bad one."""
        lines: list[SaleLine] = []
        for row in range(self.rowCount()):
            name, qty_text, price_text = (self.cell_text(row, column) for column in ItemColumn)
            if not name and not price_text:
                continue
            lines.append(self._line(row + 1, name, qty_text, price_text))
        return lines

    def _line(self, number: int, name: str, qty_text: str, price_text: str) -> SaleLine:
        where = self.tr("Item %1: ").replace("%1", str(number))
        if not name:
            raise ValueError(where + self.tr("name the item, or clear its row."))
        if len(name) > MAX_ITEM_NAME:
            raise ValueError(where + self.tr("the name is at most 100 characters."))
        qty_text = unicodedata.normalize("NFKC", qty_text)
        if not qty_text.isdigit() or not 1 <= int(qty_text) <= MAX_QTY:
            raise ValueError(where + self.tr("the quantity is a whole number from 1 to 10,000."))
        try:
            price = fen_from_yuan_text(price_text)
        except AmountRefused as refused:
            raise ValueError(where + amount_words(refused.problem)) from refused
        return SaleLine(name=name, qty=int(qty_text), unit_price_fen=price)


# --------------------------------------------------------------------------------------- dialog


def local_qdatetime(moment: datetime) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


@dataclass(frozen=True, slots=True)
class SaleInput:
    """What the dialog holds once every field reads well."""

    customer_id: str
    order_no: str
    amount_fen: int
    lines: list[SaleLine]
    sold_at: datetime


class SaleEntryDialog(QDialog):
    """One sale. `saved` carries the RecordedSale once the book has it; the dialog then closes."""

    saved = Signal(object)  # RecordedSale

    def __init__(
        self, ops: Ops, parent: QWidget | None = None, customer: PickedCustomer | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("Record a sale"))
        self.setMinimumWidth(600)
        self.recorded: RecordedSale | None = None
        self.attribution: AttributionPreview | None = None
        self.not_credited = False  # HQ's rule would not credit the sale to this guide
        self._checking: Running[AttributionPreview] | None = None
        self._saving = False
        self._time_edited = False
        self.errors = FieldErrors(self)
        self._build()
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(ATTRIBUTION_DEBOUNCE_MS)
        self._recheck.timeout.connect(self._check_attribution)
        self.customer.picked.connect(self._customer_picked)
        self.customer.cleared.connect(self._customer_cleared)
        if customer is not None:  # opened from a customer: the order number comes first
            self.customer.choose(customer)
            self.order_no.setFocus()
        else:
            self.customer.setFocus()

    def _build(self) -> None:
        self.customer = CustomerPicker(self.ops, self)
        self.credit = QLabel(self)
        self.credit.setWordWrap(True)
        self.credit.setAccessibleName(self.tr("Attribution"))
        self.order_no = QLineEdit(self)
        self.order_no.setMaxLength(64)
        self.order_no.setPlaceholderText(self.tr("As on the till's receipt, e.g. JD20261130088"))
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("Yuan paid, e.g. 1,299.00"))
        self.sold_at = self._build_time()
        self.items = ItemsTable(self)
        form = QFormLayout()
        form.addRow(self._label(self.tr("&Customer"), self.customer), self._cell(Field.customer, self.credit))
        form.addRow(self._label(self.tr("&Order no."), self.order_no), self._cell(Field.order_no))
        form.addRow(self._label(self.tr("&Amount (¥)"), self.amount), self._cell(Field.amount))
        form.addRow(self._label(self.tr("&Time of sale"), self.sold_at), self._cell(Field.sold_at))
        form.addRow(self._label(self.tr("&Items"), self.items), self._items_cell())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(self.tr("Save (Enter)"))
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.order_no.textEdited.connect(lambda _text: self._clear_error(Field.order_no))
        self.amount.textEdited.connect(lambda _text: self._clear_error(Field.amount))

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _cell(self, field: Field, *extra: QWidget) -> QWidget:
        editor = self._editor(field)
        return field_cell(self, editor, *extra, self.errors.label_for(field))

    def _editor(self, field: Field) -> QWidget:
        editors: dict[Field, QWidget] = {
            Field.customer: self.customer,
            Field.order_no: self.order_no,
            Field.amount: self.amount,
            Field.sold_at: self.sold_at,
            Field.items: self.items,
        }
        return editors[field]

    def _build_time(self) -> QDateTimeEdit:
        editor = QDateTimeEdit(self)
        editor.setDisplayFormat(TIME_FORMAT)
        editor.setCalendarPopup(True)
        # Any year is typed as typed, so a slip (1900, 2062) gets a sentence instead of a clamp.
        editor.setDateTimeRange(
            QDateTime(QDate(1900, 1, 1), QTime(0, 0)), QDateTime(QDate(9999, 12, 31), QTime(23, 59))
        )
        editor.setAccessibleName(self.tr("Sold at"))
        editor.setDateTime(local_qdatetime(utcnow()))
        editor.dateTimeChanged.connect(self._time_changed)
        return editor

    def _items_cell(self) -> QWidget:
        add = QPushButton(self.tr("Add item"), self)
        add.setAutoDefault(False)
        add.setToolTip(self.tr("Add an item line (Ctrl+I)"))
        add.setShortcut("Ctrl+I")
        add.clicked.connect(self._add_item)
        remove = QPushButton(self.tr("Remove item"), self)
        remove.setAutoDefault(False)
        remove.clicked.connect(self.items.remove_current)
        hint = QLabel(self.tr("Optional. When listed, the items must add up to the amount."), self)
        hint.setStyleSheet("color: #6b7280;")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        row = QWidget(self)
        row.setLayout(buttons)
        return field_cell(self, self.items, row, hint, self.errors.label_for(Field.items))

    def _add_item(self) -> None:
        self.items.add_line()
        self.items.setFocus()
        self.items.edit(self.items.model().index(self.items.currentRow(), ItemColumn.item))

    # ----------------------------------------------------------------------------------- time

    def _time_changed(self) -> None:
        self._time_edited = True
        self._clear_error(Field.sold_at)
        if self.customer.chosen is not None:
            self._recheck.start()

    def chosen_time(self) -> datetime:
        """The sale's time: now unless the guide changed it (a dialog left open keeps up)."""
        if not self._time_edited:
            return utcnow()
        chosen = self.sold_at.dateTime()
        day, clock = chosen.date(), chosen.time()
        local = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute()).astimezone()
        return local.astimezone(UTC)

    def _time_problem(self, sold_at: datetime) -> str:
        if sold_at > utcnow() + FUTURE_SLACK:
            return self.tr("That time is in the future. Record a sale when it has happened.")
        if sold_at < EARLIEST_SALE.astimezone():
            return self.tr("That date is before 2000: check the year.")
        return ""

    # ----------------------------------------------------------------------------------- attribution

    def _customer_picked(self, _customer: PickedCustomer) -> None:
        self._clear_error(Field.customer)
        self._check_attribution()
        if self.customer.line.hasFocus():
            self.order_no.setFocus(Qt.FocusReason.TabFocusReason)

    def _customer_cleared(self) -> None:
        self.attribution, self.not_credited = None, False
        self.credit.clear()

    def _check_attribution(self) -> None:
        chosen = self.customer.chosen
        if chosen is None:
            return
        if self._checking is not None:
            self._checking.discard()
        customer_id, sold_at = chosen.id, self.chosen_time()
        self._checking = self.ops.query(
            lambda book: explain_attribution(book, customer_id, sold_at),
            lambda preview: self._show_attribution(chosen, preview),
            failure=lambda error: self._attribution_refused(chosen, error),
            name="attribution preview",
        )

    def _show_attribution(
        self,
        chosen: PickedCustomer,
        preview: AttributionPreview | None,
        refused_by: AttributionRule | None = None,
    ) -> None:
        self._checking = None
        if self.customer.chosen != chosen:
            return  # the guide picked someone else meanwhile
        self.attribution, self.not_credited = preview, preview is None
        self.credit.setText(attribution_words(chosen.name, preview, refused_by))
        self.credit.setStyleSheet(ERROR_STYLE if preview is None else CREDITED_STYLE)

    def _attribution_refused(self, chosen: PickedCustomer, error: BaseException) -> None:
        if isinstance(error, GuideError) and error.code is ErrorCode.sale_not_attributable:
            rule = error.details.get("rule")
            self._show_attribution(chosen, None, rule if isinstance(rule, AttributionRule) else None)
        else:
            self._checking = None
            self.errors.show(Field.customer, describe(error))

    # ----------------------------------------------------------------------------------- saving

    def _clear_error(self, field: Field) -> None:
        label = self.errors.labels.get(field)
        if label is not None:
            label.hide()
        self.errors.general.hide()

    def read_input(self) -> SaleInput | None:
        """The fields as a sale, or None after showing every field's problem beside it."""
        self.errors.clear()
        chosen = self.customer.chosen
        if chosen is None:
            self.errors.show(
                Field.customer,
                self.tr(
                    "Pick the customer: type a name, pinyin initials or the phone's last digits, then Enter."
                ),
            )
        elif self.not_credited:
            self.errors.show(Field.customer, describe_code(ErrorCode.sale_not_attributable))
        order_no = self.order_no.text().strip()
        if not order_no:
            self.errors.show(Field.order_no, self.tr("Enter the order number from the receipt."))
        elif not ORDER_NO.fullmatch(order_no):
            self.errors.show(Field.order_no, self.tr("An order number has letters, digits, - and _ only."))
        amount = self._read_amount()
        sold_at = self.chosen_time()
        if problem := self._time_problem(sold_at):
            self.errors.show(Field.sold_at, problem)
        lines = self._read_lines(amount)
        if self.errors.shown() or chosen is None or amount is None or lines is None:
            self._focus_first_problem()
            return None
        return SaleInput(chosen.id, order_no, amount, lines, sold_at)

    def _read_amount(self) -> int | None:
        try:
            return fen_from_yuan_text(self.amount.text())
        except AmountRefused as refused:
            self.errors.show(Field.amount, amount_words(refused.problem))
            return None

    def _read_lines(self, amount: int | None) -> list[SaleLine] | None:
        try:
            lines = self.items.lines()
        except ValueError as problem:
            self.errors.show(Field.items, str(problem))
            return None
        listed = sum(line.qty * line.unit_price_fen for line in lines)
        if lines and amount is not None and listed != amount:
            self.errors.show(
                Field.items,
                self.tr("The items add up to %1 but the amount is %2: correct one, or remove the items.")
                .replace("%1", yuan(listed))
                .replace("%2", yuan(amount)),
            )
            return None
        return lines

    def _focus_first_problem(self) -> None:
        for field in Field:
            if field.value in self.errors.shown():
                self._editor(field).setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def save(self) -> None:
        if self._saving:
            return  # one sale per press of Enter, however fast the second comes
        sale = self.read_input()
        if sale is None:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ops.write(
            lambda book: record_sale(
                book, sale.order_no, sale.amount_fen, sale.lines, sale.customer_id, sale.sold_at
            ),
            self._saved,
            failure=self._refused,
            name="record sale",
        )

    def _saved(self, recorded: RecordedSale) -> None:
        self.recorded = recorded
        self.saved.emit(recorded)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        field = field_of(error)
        self.errors.show(field.value if field is not None else "", describe(error))
        if field is not None:
            self._editor(field).setFocus(Qt.FocusReason.OtherFocusReason)

    def has_input(self) -> bool:
        """Whether the guide typed something Escape would throw away."""
        typed = (self.customer.line.text(), self.order_no.text(), self.amount.text())
        return any(text.strip() for text in typed) or self.items.rowCount() > 0

    def reject(self) -> None:
        """Escape: ask before throwing away a half-typed sale (a guide is interrupted all day)."""
        if self.has_input() and not self._saving:
            answer = QMessageBox.question(
                self,
                self.tr("Discard this sale"),
                self.tr("Discard this sale? Nothing of it has been saved."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
