"""The lock over a shared store PC's window: only the signed-in guide's password opens it again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guide_app.account.accounts import GuideAccount
from guide_app.account.offline import check_offline
from ui.dialogs.sign_in import problem_label, title_label
from ui.ops import Ops

# Wrong passwords in a row before the lock signs the guide out (the next guide then signs in).
MAX_WRONG = 5
LONE_SIZE = (520, 360)  # without a window to cover (tests, screenshots)


class LockDialog(QDialog):
    """Modal, frameless and opaque over the whole window, so no customer can be read behind it.
    `exec()` is Accepted once the guide's password opens it (checked on this PC, so it works
    offline); Rejected by "Sign out" or after MAX_WRONG wrong passwords in a row."""

    def __init__(self, account: GuideAccount, display_name: str, parent: QWidget | None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.account = account
        self.wrong = 0
        self._ops = Ops(None, self, workers=1)
        self.setModal(True)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setWindowTitle(self.tr("Locked"))
        self._build(display_name)
        self._cover = parent.window() if parent is not None else None
        if self._cover is not None:
            self._cover.installEventFilter(self)
        self.cover_window()

    def _build(self, display_name: str) -> None:
        panel = QFrame(self)
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMaximumWidth(460)
        inner = QVBoxLayout(panel)
        inner.addWidget(title_label(self.tr("Guide Desk is locked"), panel, 1.4))
        who = self.tr("Signed in: %1 (%2)").replace("%1", display_name).replace("%2", self.account.login)
        inner.addWidget(QLabel(who, panel))
        prompt = QLabel(self.tr("Enter your &password to go on:"), panel)
        self.password = QLineEdit(panel)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        prompt.setBuddy(self.password)
        inner.addWidget(prompt)
        inner.addWidget(self.password)
        self.problem = problem_label(panel)
        inner.addWidget(self.problem)
        row = QHBoxLayout()
        self.sign_out_button = QPushButton(self.tr("Sign out / another guide"), panel)
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.clicked.connect(self.reject)
        self.unlock_button = QPushButton(self.tr("Unlock"), panel)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        row.addWidget(self.sign_out_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        inner.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(panel, 3)
        centred.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def cover_window(self) -> None:
        """Lie exactly over the window's content, wherever it is moved or resized to."""
        if self._cover is None:
            self.resize(*LONE_SIZE)
            return
        self.setGeometry(self._cover.geometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._cover and event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self.cover_window()
        return False

    def unlock(self) -> None:
        password = self.password.text()
        if not password:
            self._say(self.tr("Enter your password."))
            return
        self._busy(True)
        self._ops.run(
            lambda: check_offline(self.account, password), self._checked, failure=self._check_failed
        )

    def _checked(self, right: bool) -> None:
        self._busy(False)
        if right:
            self.accept()
            return
        self.wrong += 1
        if self.wrong >= MAX_WRONG:
            self.reject()  # the app signs out: the next person signs in with their own password
            return
        left = MAX_WRONG - self.wrong
        self._say(
            self.tr("That is not your password. After %n more wrong try(s) you are signed out.", "", left)
        )
        self.password.selectAll()

    def _check_failed(self, _error: BaseException) -> None:
        self._busy(False)
        self._say(self.tr("Your password cannot be checked on this PC. Sign out and sign in again."))

    def _busy(self, busy: bool) -> None:
        for widget in (self.password, self.unlock_button, self.sign_out_button):
            widget.setEnabled(not busy)
        if not busy:
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            return  # Esc must not sign the guide out by accident
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # only the password or "Sign out" ends the lock

    def done(self, result: int) -> None:
        if self._cover is not None:
            self._cover.removeEventFilter(self)
        self._ops.shutdown(wait=False)
        super().done(result)
