"""Signing in: HQ address, login and password, online at HQ or offline with the last sign-in here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from guide_app.account import recent
from guide_app.account.accounts import GuideAccount, SignInResult, sign_in_or_offline
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import AccountPublic, Role
from ui.look import app_title
from ui.messages import describe, describe_code
from ui.ops import Ops, Running

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #1f5f99;"


@dataclass(frozen=True)
class SignedIn:
    """Who signed in; `offline` when HQ could not be reached and this PC checked the password."""

    account: GuideAccount
    display_name: str
    offline: bool
    me: AccountPublic | None = None  # HQ's record of the account (None offline: a guide's book)

    @property
    def role(self) -> Role:
        return self.me.role if self.me is not None else Role.guide


class SignInState(Enum):
    idle = "idle"
    signing_in = "signing_in"  # HQ is being asked (or this PC checks the password offline)
    opening_book = "opening_book"  # signed in; the app is opening the guide's book


class Field(Enum):
    hq = "hq"
    login = "login"
    password = "password"
    general = "general"


# Where each reason is shown: under the field the guide must fix, else below the form.
FIELD_OF: dict[ErrorCode, Field] = {
    ErrorCode.hq_address_invalid: Field.hq,
    ErrorCode.password_missing: Field.password,
    ErrorCode.wrong_password: Field.password,
    ErrorCode.offline_password_wrong: Field.password,
}


class SignInDialog(QDialog):
    """Non-modal: the app's first window. Emits `signed_in` (a SignedIn) and stays open, busy,
    while the app opens the book; `book_not_opened()` makes it usable again."""

    signed_in = Signal(object)

    def __init__(
        self, hq: str | None = None, login: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in — %1").replace("%1", app_title()))
        self.state = SignInState.idle
        self._offered = (hq, login)
        self._remembered = recent.Remembered()
        self._running: Running[SignInResult] | None = None
        self._given_password: str | None = None  # `sign_in_when_ready`'s, until the form is ready
        self._ops = Ops(None, self, workers=1)
        self._build()
        self._load_remembered()

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Sign in with your HQ login"), self))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.hq_box = _editable_combo(self, self.tr("e.g. 192.168.1.10:8710"))
        self.login_box = _editable_combo(self, self.tr("your login, e.g. wang.li"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("your HQ password"))
        self.errors = {field: problem_label(self) for field in Field}
        for text, widget, field in (
            (self.tr("&HQ address"), self.hq_box, Field.hq),
            (self.tr("&Login"), self.login_box, Field.login),
            (self.tr("&Password"), self.password, Field.password),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
            form.addRow("", self.errors[field])
        layout.addLayout(form)
        layout.addWidget(self.errors[Field.general])
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.hide()
        layout.addWidget(self.note)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.hide()
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(self._buttons())
        self.hq_box.editTextChanged.connect(self._hq_changed)
        self.setMinimumWidth(480)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.sign_in_button = QPushButton(self.tr("Sign in"), self)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop waiting (Esc)"))
        self.cancel_button.clicked.connect(self.cancel_wait)
        self.cancel_button.setEnabled(False)
        row.addWidget(self.sign_in_button)
        row.addWidget(self.cancel_button)
        return row

    # ----------------------------------------------------------------------------------- remembered

    def _load_remembered(self) -> None:
        for widget in (self.hq_box, self.login_box, self.password, self.sign_in_button):
            widget.setEnabled(False)  # until what this PC remembers is filled in (a few ms)
        self._ops.run(recent.load, self._remembered_loaded, failure=lambda _e: self._remembered_loaded(None))

    def _remembered_loaded(self, remembered: recent.Remembered | None) -> None:
        self._remembered = remembered or recent.Remembered()
        hq, login = self._offered
        self.hq_box.addItems(list(self._remembered.hqs))
        self.hq_box.setEditText(hq or (self._remembered.hqs[0] if self._remembered.hqs else ""))
        self._hq_changed(self.hq_box.currentText())
        if login:
            self.login_box.setEditText(login)
        self._set_state(SignInState.idle)
        self._focus_first_empty()
        if self._given_password is not None:
            self._sign_in_with_given_password()

    def sign_in_when_ready(self, password: str) -> None:
        """Sign in with `password` and the offered HQ and login as soon as the form is filled
        (`guide-app --password-stdin`, which `make demo` uses); the password is never shown."""
        self._given_password = password
        if self.password.isEnabled():
            self._sign_in_with_given_password()

    def _sign_in_with_given_password(self) -> None:
        password, self._given_password = self._given_password, None
        self.password.setText(password or "")
        self.sign_in()

    def _hq_changed(self, text: str) -> None:
        """The logins offered are the ones used with this HQ here, most recent first."""
        typed = self.login_box.currentText()
        logins = self._remembered.logins_for(text)
        self.login_box.clear()
        self.login_box.addItems(list(logins))
        self.login_box.setEditText(typed or (logins[0] if logins else ""))

    def _focus_first_empty(self) -> None:
        for widget in (self.hq_box, self.login_box):
            if not widget.currentText().strip():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----------------------------------------------------------------------------------- signing in

    def sign_in(self) -> None:
        if self.state is not SignInState.idle:
            return
        self._clear_messages()
        hq, login, password = (
            self.hq_box.currentText().strip(),
            self.login_box.currentText().strip(),
            self.password.text(),
        )
        missing = [
            (Field.hq, self.tr("Enter HQ's address: your manager or IT staff can tell you."))
            if not hq
            else None,
            (Field.login, self.tr("Enter your login.")) if not login else None,
            (Field.password, describe_code(ErrorCode.password_missing)) if not password else None,
        ]
        if any(missing):
            for field, text in filter(None, missing):
                self._show_error(field, text)
            self._focus_first_empty()
            return
        try:
            account = GuideAccount(hq_url=hq, login=login)
        except GuideError as error:
            self._failed(error)
            return
        self._set_state(SignInState.signing_in)
        self.note.setText(self.tr("Signing in at HQ…"))
        self.note.show()
        self._running = self._ops.run_async(
            lambda: sign_in_or_offline(account, password),
            lambda result: self._succeeded(account, result),
            failure=self._failed,
            name="sign in",
        )

    def _succeeded(self, account: GuideAccount, result: SignInResult) -> None:
        self._running = None
        self.password.clear()
        self._set_state(SignInState.opening_book)
        if result.offline:
            self.note.setText(
                self.tr(
                    "HQ cannot be reached, so your book opens offline with your last sign-in on this PC. "
                    "Your work is kept here and goes to HQ at the next sync."
                )
            )
        elif result.role is Role.guide:
            self.note.setText(
                self.tr("Signed in as %1. Opening your customer book…").replace("%1", result.display_name)
            )
        else:
            self.note.setText(
                self.tr("Signed in as %1. Opening your workspace…").replace("%1", result.display_name)
            )
        self.note.show()
        self.signed_in.emit(
            SignedIn(account=account, display_name=result.display_name, offline=result.offline, me=result.me)
        )

    def _failed(self, error: BaseException) -> None:
        self._running = None
        self._set_state(SignInState.idle)
        self.note.hide()
        code = error.code if isinstance(error, GuideError) else ErrorCode.error
        field = FIELD_OF.get(code, Field.general)
        self._show_error(field, describe(error))
        target = {Field.hq: self.hq_box, Field.login: self.login_box}.get(field, self.password)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if field is Field.password:
            self.password.selectAll()

    def cancel_wait(self) -> None:
        """Stop waiting for HQ (its late answer is dropped), or for the book to open."""
        if self._running is not None:
            self._running.discard()
            self._running = None
        if self.state is SignInState.idle:
            return
        waited_for_hq = self.state is SignInState.signing_in
        self._set_state(SignInState.idle)
        if waited_for_hq:
            self.note.setText(self.tr("Stopped waiting for HQ. Nothing was signed in."))
        else:
            self.note.setText(self.tr("Stopped waiting for your book. Sign in again to open it."))
        self.note.show()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def book_not_opened(self) -> None:
        """The app could not open the book (or the guide gave up on a damaged one): usable again."""
        self._set_state(SignInState.idle)
        self.note.hide()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----------------------------------------------------------------------------------- plumbing

    def _set_state(self, state: SignInState) -> None:
        self.state = state
        idle = state is SignInState.idle
        for widget in (self.hq_box, self.login_box, self.password, self.sign_in_button):
            widget.setEnabled(idle)
        self.cancel_button.setEnabled(not idle)
        self.busy.setVisible(not idle)

    def _clear_messages(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.note.hide()

    def _show_error(self, field: Field, text: str) -> None:
        self.errors[field].setText(text)
        self.errors[field].show()

    def error_text(self, field: Field) -> str:
        """The problem shown under `field` (below the form for Field.general); "" when none."""
        label = self.errors[field]
        return "" if label.isHidden() else label.text()

    def reject(self) -> None:
        """Esc stops a wait; with nothing to wait for it closes the window."""
        if self.state is not SignInState.idle:
            self.cancel_wait()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_wait()
        self._ops.shutdown(wait=False)
        super().closeEvent(event)


def _editable_combo(parent: QWidget, placeholder: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # only signed-in values are remembered
    line = combo.lineEdit()
    assert line is not None
    line.setPlaceholderText(placeholder)
    return combo


def problem_label(parent: QWidget) -> QLabel:
    """A dialog's inline problem line: red, wrapped, hidden until it has something to say."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleDescription(QCoreApplication.translate("SignInDialog", "Problem"))
    label.hide()
    return label


def title_label(text: str, parent: QWidget, scale: float = 1.3) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label
