"""The customer's profile fields as one form, with the core's refusals shown beside the field they name."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.customers import CustomerFields, Gender
from guide_app.book.models import Customer
from guide_app.errors import ErrorCode, GuideError
from guide_app.xlsx.dates import normalize_date
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe

# The fields a guide edits here, in CustomerFields' names (added_at is the import's, not the guide's).
EDITABLE = ("name", "phone", "wecom_remark", "birthday", "gender", "source_channel", "consent", "notes")

# Where a refusal without a named field belongs.
_FIELD_OF_CODE: dict[ErrorCode, str] = {
    ErrorCode.name_missing: "name",
    ErrorCode.name_too_long: "name",
    ErrorCode.phone_invalid: "phone",
    ErrorCode.date_invalid: "birthday",
    ErrorCode.date_ambiguous: "birthday",
    ErrorCode.gender_invalid: "gender",
}

GENDER_WORDS: dict[Gender, str] = {
    Gender.unknown: QT_TRANSLATE_NOOP("CustomerForm", "Not given"),
    Gender.female: QT_TRANSLATE_NOOP("CustomerForm", "Female"),
    Gender.male: QT_TRANSLATE_NOOP("CustomerForm", "Male"),
}

ERROR_STYLE = "color: #b3261e;"


def _translated(source: str) -> str:
    return QCoreApplication.translate("CustomerForm", source)


def gender_words(stored: str) -> str:
    """A stored gender in the guide's words (a value from a newer version shows as stored)."""
    try:
        return _translated(GENDER_WORDS[Gender(stored)])
    except ValueError:
        return stored


def _blank_values() -> dict[str, Any]:
    blank = CustomerFields(name="", phone="")
    return {name: getattr(blank, name) for name in EDITABLE}


class CustomerForm(QWidget):
    """Name, phone, WeCom remark, birthday, gender, source, consent and notes. It saves nothing
    itself: the dialog asks for `changes()` and hands the core's refusal back to `show_error`."""

    edited = Signal()  # any field changed by the guide
    submitted = Signal()  # Enter in a one-line field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saved: dict[str, Any] = _blank_values()
        self._errors: dict[str, QLabel] = {}
        self.name = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText("13800138000")
        self.wecom_remark = QLineEdit(self)
        self.wecom_remark.setPlaceholderText(self.tr("e.g. Ms Wang-0512-down jacket M"))
        self.birthday = QLineEdit(self)
        self.birthday.setPlaceholderText("1990-05-03")
        self.gender = QComboBox(self)
        for gender, words in GENDER_WORDS.items():
            self.gender.addItem(_translated(words), gender.value)
        self.source_channel = QLineEdit(self)
        self.source_channel.setPlaceholderText(self.tr("e.g. store QR code, live stream, referral"))
        self.consent = QCheckBox(self.tr("Agrees to receive marketing messages"), self)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.general_error = self._error_label()
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        rows = (
            (self.tr("&Name"), self.name, "name"),
            (self.tr("P&hone"), self.phone, "phone"),
            (self.tr("&WeCom remark"), self.wecom_remark, "wecom_remark"),
            (self.tr("&Birthday"), self.birthday, "birthday"),
            (self.tr("Gender"), self.gender, "gender"),
            (self.tr("S&ource"), self.source_channel, "source_channel"),
            (self.tr("Consent"), self.consent, "consent"),
            (self.tr("Notes"), self.notes, "notes"),
        )
        for label_text, editor, field_name in rows:
            label = QLabel(label_text, self)
            label.setBuddy(editor)
            cell = QWidget(self)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            self._errors[field_name] = self._error_label()
            column.addWidget(self._errors[field_name])
            form.addRow(label, cell)
        form.addRow(self.general_error)

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    def _connect(self) -> None:
        for line in (self.name, self.phone, self.wecom_remark, self.birthday, self.source_channel):
            line.textEdited.connect(self.edited)
            line.returnPressed.connect(self.submitted)
        self.gender.activated.connect(self.edited)
        self.consent.clicked.connect(self.edited)
        self.notes.textChanged.connect(self.edited)

    # ----------------------------------------------------------------------------------- values

    def load(self, customer: Customer) -> None:
        """Show the customer as saved; what the guide typed before is dropped."""
        self._saved = {name: getattr(customer, name) for name in EDITABLE}
        self._saved["phone"] = self._saved["phone"] or ""
        self.name.setText(customer.name)
        self.phone.setText(customer.phone or "")
        self.wecom_remark.setText(customer.wecom_remark)
        self.birthday.setText(customer.birthday.isoformat() if customer.birthday else "")
        self.gender.setCurrentIndex(max(0, self.gender.findData(customer.gender)))
        self.source_channel.setText(customer.source_channel)
        self.consent.setChecked(customer.consent)
        self.notes.blockSignals(True)  # a load is not an edit
        self.notes.setPlainText(customer.notes)
        self.notes.blockSignals(False)
        self.clear_errors()

    def mark_saved(self) -> None:
        """What the form shows is now what the book holds (a save went through)."""
        self._saved = self.values()

    def values(self) -> dict[str, Any]:
        """What the form says now. A birthday that is not a date raises the core's InvalidInput."""
        return {
            "name": self.name.text(),
            "phone": self.phone.text().strip(),
            "wecom_remark": self.wecom_remark.text(),
            "birthday": self._birthday(),
            "gender": self.gender.currentData(),
            "source_channel": self.source_channel.text(),
            "consent": self.consent.isChecked(),
            "notes": self.notes.toPlainText(),
        }

    def _birthday(self) -> date | None:
        # The import's reader: the guide may type 1990/5/3 or 1990年5月3日 as in a spreadsheet.
        return normalize_date(self.birthday.text(), latest=date.max)

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the saved customer (InvalidInput for an unreadable birthday)."""
        now = self.values()
        changed = {name: value for name, value in now.items() if value != self._saved[name]}
        if "phone" in changed and not changed["phone"]:
            changed["phone"] = None
        return changed

    def new_customer(self) -> CustomerFields:
        """The form as a new customer's fields (InvalidInput for an unreadable birthday)."""
        now = self.values()
        known = {item.name for item in fields(CustomerFields)}
        return CustomerFields(**{name: value for name, value in now.items() if name in known})

    def is_dirty(self) -> bool:
        try:
            return bool(self.changes())
        except GuideError:
            return True  # an unreadable birthday is still an edit the guide would lose

    # ----------------------------------------------------------------------------------- errors

    def show_error(self, error: BaseException) -> None:
        """The refusal beside its field (focused), or under the form when it names none."""
        self.clear_errors()
        field_name = None
        if isinstance(error, GuideError):
            field_name = error.details.get("field") or _FIELD_OF_CODE.get(error.code)
        label = self._errors.get(str(field_name), self.general_error)
        label.setText(describe(error))
        label.show()
        editor = getattr(self, str(field_name), None)
        if isinstance(editor, QWidget):
            editor.setFocus()

    def error_text(self, field_name: str) -> str:
        """The message shown beside a field ("" when none is)."""
        label = self._errors.get(field_name, self.general_error)
        return label.text() if not label.isHidden() else ""

    def clear_errors(self) -> None:
        for label in (*self._errors.values(), self.general_error):
            label.clear()
            label.hide()
