"""This PC's settings, the same for every guide who signs in here: when the window locks itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from guide_app.account import recent
from ui.dialogs.sign_in import problem_label
from ui.messages import describe
from ui.ops import Ops


class PcSettingsDialog(QDialog):
    """Lock after N idle minutes (0: never). Saved through the core; `saved` carries the new
    PcSettings so the app can restart its idle watch with them."""

    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("This PC's settings"))
        self._ops = Ops(None, self, workers=1)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Store PCs are shared: when nobody uses Guide Desk for a while, it locks, and only the "
                "signed-in guide's password opens it. This applies to every guide on this PC."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setRange(0, recent.MAX_LOCK_MINUTES)
        self.lock_minutes.setSpecialValueText(self.tr("never"))
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.lock_minutes.setValue(recent.DEFAULT_LOCK_MINUTES)
        self.lock_minutes.setEnabled(False)  # until the saved value is read
        label = QLabel(self.tr("&Lock after idle"), self)
        label.setBuddy(self.lock_minutes)
        form.addRow(label, self.lock_minutes)
        layout.addLayout(form)
        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._ops.run(recent.load, self._loaded, failure=lambda _e: self._loaded(recent.Remembered()))

    def _loaded(self, remembered: recent.Remembered) -> None:
        self.lock_minutes.setValue(remembered.settings.lock_after_minutes)
        self.lock_minutes.setEnabled(True)
        self.lock_minutes.setFocus(Qt.FocusReason.OtherFocusReason)
        self.lock_minutes.selectAll()

    def save(self) -> None:
        settings = recent.PcSettings(lock_after_minutes=self.lock_minutes.value())
        self.buttons.setEnabled(False)
        self._ops.run(
            lambda: recent.save_pc_settings(settings),
            lambda _none: self._saved(settings),
            failure=self._failed,
        )

    def _saved(self, settings: recent.PcSettings) -> None:
        self.saved.emit(settings)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(
            self.tr("The setting was not saved: %1").replace("%1", describe(error))
            if not isinstance(error, OSError)
            else self.tr("The setting was not saved: this PC's app folder cannot be written.")
        )
        self.problem.show()

    def done(self, result: int) -> None:
        self._ops.shutdown(wait=False)
        super().done(result)
