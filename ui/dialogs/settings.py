"""The Settings dialog, built from the core's declaration (guide_app/settings.py): one editor per kind."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import time
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTime, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from guide_app import autostart, settings
from guide_app.account.paths import data_root
from guide_app.errors import InvalidInput
from guide_app.settings import Kind, Language, QuietHours, Settings, Spec
from ui.dialogs.sign_in import problem_label
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe
from ui.ops import Ops

log = logging.getLogger("guide_app.ui")


@dataclass(frozen=True)
class Words:
    """What the guide reads for a setting: its label (with its & key) and one sentence of help."""

    label: str
    help: str


# Each declared setting's words, translated when shown; tests/ui check every setting has them.
WORDS: dict[str, Words] = {
    "language": Words(
        QT_TRANSLATE_NOOP("Settings", "&Language"),
        QT_TRANSLATE_NOOP("Settings", "The sign-in window uses it too."),
    ),
    "sync_every_minutes": Words(
        QT_TRANSLATE_NOOP("Settings", "S&ync with HQ every"),
        QT_TRANSLATE_NOOP("Settings", "In the background, while Guide Desk is open."),
    ),
    "lock_after_minutes": Words(
        QT_TRANSLATE_NOOP("Settings", "Lock &after idle"),
        QT_TRANSLATE_NOOP("Settings", "Only the signed-in guide's password opens it again."),
    ),
    "quiet_hours": Words(
        QT_TRANSLATE_NOOP("Settings", "&Quiet hours"),
        QT_TRANSLATE_NOOP(
            "Settings", "No reminders then; what comes due waits and shows as one message after."
        ),
    ),
    "reminders": Words(
        QT_TRANSLATE_NOOP("Settings", "&Reminders"),
        QT_TRANSLATE_NOOP("Settings", "Remind me of due follow-ups and today's tasks"),
    ),
    "start_with_system": Words(
        QT_TRANSLATE_NOOP("Settings", "Start with the &system"),
        QT_TRANSLATE_NOOP("Settings", "Start Guide Desk when this computer's user signs in"),
    ),
    "start_minimized": Words(
        QT_TRANSLATE_NOOP("Settings", "Start in the &tray"),
        QT_TRANSLATE_NOOP("Settings", "When started with the system, wait in the tray without a window"),
    ),
}


def _translated(source: str) -> str:
    """A sentence of the WORDS table in the language now installed."""
    return QCoreApplication.translate("Settings", source)


class SettingEditor(Protocol):
    """An editor for one kind of setting: the widget in the form and the value it holds."""

    def widget(self) -> QWidget: ...
    def value(self) -> Any: ...
    def set_value(self, value: Any) -> None: ...


class ChoiceEditor:
    """One value of an enum, in a drop-down. Languages are named in their own language."""

    def __init__(self, spec: Spec, parent: QWidget) -> None:
        assert spec.choices is not None
        self.box = QComboBox(parent)
        for choice in spec.choices:
            self.box.addItem(_choice_name(choice), choice.value)
        self._choices = spec.choices

    def widget(self) -> QWidget:
        return self.box

    def value(self) -> Any:
        return self._choices(self.box.currentData())

    def set_value(self, value: Any) -> None:
        self.box.setCurrentIndex(max(0, self.box.findData(str(value))))


def _choice_name(choice: Any) -> str:
    if isinstance(choice, Language):
        return "English" if choice is Language.en else QLocale(choice.value).nativeLanguageName()
    return str(choice)


class MinutesEditor:
    """Whole minutes within the spec's bounds; values outside them cannot be typed."""

    def __init__(self, spec: Spec, parent: QWidget) -> None:
        self.box = QSpinBox(parent)
        self.box.setRange(spec.minimum, spec.maximum)
        self.box.setSuffix(QCoreApplication.translate("Settings", " min"))
        if spec.zero_is_off:
            self.box.setSpecialValueText(QCoreApplication.translate("Settings", "never"))

    def widget(self) -> QWidget:
        return self.box

    def value(self) -> Any:
        return self.box.value()

    def set_value(self, value: Any) -> None:
        self.box.setValue(value)


class FlagEditor:
    """On or off; the box reads the setting's help sentence."""

    def __init__(self, spec: Spec, parent: QWidget, text: str = "") -> None:
        self.box = QCheckBox(text, parent)

    def widget(self) -> QWidget:
        return self.box

    def value(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(value)


class SpanEditor(QWidget):
    """A span of the local clock: on/off, from, to (the end may be past midnight)."""

    def __init__(self, spec: Spec, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.on = QCheckBox(QCoreApplication.translate("Settings", "On, from"), self)
        self.start = QTimeEdit(self)
        self.end = QTimeEdit(self)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.start.setAccessibleName(QCoreApplication.translate("Settings", "Quiet hours start"))
        self.end.setAccessibleName(QCoreApplication.translate("Settings", "Quiet hours end"))
        until = QLabel(QCoreApplication.translate("Settings", "to"), self)
        for part in (self.on, self.start, until, self.end):
            layout.addWidget(part)
        layout.addStretch(1)
        self.on.toggled.connect(self.start.setEnabled)
        self.on.toggled.connect(self.end.setEnabled)
        self.setFocusProxy(self.on)  # the row's &Q key lands on the switch

    def widget(self) -> QWidget:
        return self

    def value(self) -> Any:
        start, end = self.start.time(), self.end.time()
        return QuietHours(
            on=self.on.isChecked(),
            start=time(start.hour(), start.minute()),
            end=time(end.hour(), end.minute()),
        )

    def set_value(self, value: Any) -> None:
        self.start.setTime(QTime(value.start.hour, value.start.minute))
        self.end.setTime(QTime(value.end.hour, value.end.minute))
        self.on.setChecked(value.on)
        self.start.setEnabled(value.on)
        self.end.setEnabled(value.on)


def editor_for(spec: Spec, words: Words, parent: QWidget) -> SettingEditor:
    """The editor for a setting's kind (every Kind has one)."""
    match spec.kind:
        case Kind.choice:
            return ChoiceEditor(spec, parent)
        case Kind.minutes:
            return MinutesEditor(spec, parent)
        case Kind.flag:
            return FlagEditor(spec, parent, _translated(words.help))
        case Kind.daily_span:
            return SpanEditor(spec, parent)


class SettingsDialog(QDialog):
    """This PC's settings, one row per declared setting, plus the data folder. Saved through the
    core; `saved` carries the new Settings so the app applies them at once."""

    saved = Signal(object)  # Settings

    def __init__(self, parent: QWidget | None = None, *, declaration: type[Settings] = Settings) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._declaration = declaration
        self._loaded: Settings | None = None
        self._ops = Ops(None, self, workers=1)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("These settings apply to every guide who signs in on this PC."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.editors: dict[str, SettingEditor] = {}
        for name, spec in settings.fields(declaration):
            self._add_row(name, spec)
        self._add_data_folder_row()
        layout.addLayout(self.form)
        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._set_editable(False)  # until the saved values are read
        self._ops.run(lambda: settings.load(declaration), self._show_values, failure=self._unread)

    def _add_row(self, name: str, spec: Spec) -> None:
        words = WORDS.get(name, Words(name.replace("_", " ").capitalize(), ""))
        editor = editor_for(spec, words, self)
        label = QLabel(_translated(words.label), self)
        # A label's Alt key focuses its buddy only if that takes focus itself: a composite editor
        # (quiet hours) takes none, its focus proxy (the switch) does.
        label.setBuddy(editor.widget().focusProxy() or editor.widget())
        if spec.kind is Kind.flag or not words.help:
            self.form.addRow(label, editor.widget())
        else:
            editor.widget().setToolTip(_translated(words.help))
            self.form.addRow(label, _with_help(editor.widget(), _translated(words.help), self))
        self.editors[name] = editor

    def _add_data_folder_row(self) -> None:
        self.data_folder = QLineEdit(str(data_root()), self)
        self.data_folder.setReadOnly(True)
        self.data_folder.setCursorPosition(0)
        self.open_folder = QPushButton(self.tr("&Open folder"), self)
        self.open_folder.clicked.connect(self.open_data_folder)
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.data_folder, 1)
        layout.addWidget(self.open_folder)
        label = QLabel(self.tr("&Data folder"), self)
        label.setBuddy(self.data_folder)
        folder_help = self.tr("Books, backups and content files; IT copies it for a backup.")
        self.form.addRow(label, _with_help(row, folder_help, self, full_width=True))

    def open_data_folder(self) -> None:
        folder = data_root()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _set_editable(self, editable: bool) -> None:
        for editor in self.editors.values():
            editor.widget().setEnabled(editable)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(editable)

    def _show_values(self, loaded: Settings) -> None:
        self._loaded = loaded
        for name, editor in self.editors.items():
            editor.set_value(getattr(loaded, name))
        self._set_editable(True)
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.widget().setFocus(Qt.FocusReason.OtherFocusReason)

    def _unread(self, error: BaseException) -> None:
        log.warning("the settings could not be read (%r): the dialog shows the defaults", error)
        self._show_values(self._declaration())

    def values(self) -> Settings:
        """The settings as the editors hold them (the editors admit no value out of bounds)."""
        return self._declaration(**{name: editor.value() for name, editor in self.editors.items()})

    def save(self) -> None:
        chosen = self.values()
        for name, editor in self.editors.items():
            value = getattr(chosen, name)
            if isinstance(value, QuietHours) and value.on and value.start == value.end:
                self._refuse(self.tr("Quiet hours must start and end at different times."))
                editor.widget().setFocus(Qt.FocusReason.OtherFocusReason)
                return
        try:
            settings.validated(chosen)
        except InvalidInput as error:
            self._refuse(describe(error))
            return
        previous = self._loaded or self._declaration()
        self.buttons.setEnabled(False)
        self._ops.run(
            lambda: store(chosen, previous), lambda _none: self._saved(chosen), failure=self._failed
        )

    def _saved(self, chosen: Settings) -> None:
        self.accept()
        self.saved.emit(chosen)

    def _refuse(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.show()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, autostart.StartUpListError):
            self._refuse(self.tr("Nothing was saved: the system's start-up list could not be changed."))
        elif isinstance(error, OSError):
            self._refuse(self.tr("Nothing was saved: this PC's app folder cannot be written."))
        else:
            self._refuse(self.tr("Nothing was saved: %1").replace("%1", describe(error)))

    def done(self, result: int) -> None:
        self._ops.shutdown(wait=False)
        super().done(result)


def store(chosen: Settings, previous: Settings) -> None:
    """Change the system's start-up list first (it may refuse), then keep the settings. A PC that
    never started with the system keeps its start-up list untouched."""
    if chosen.start_with_system or previous.start_with_system:
        autostart.set_start_with_system(chosen.start_with_system, chosen.start_minimized)
    settings.save(chosen)


def _with_help(editor: QWidget, help_text: str, parent: QWidget, *, full_width: bool = False) -> QWidget:
    """The editor (at its own width unless `full_width`) with its sentence of help below it, in
    the form's quieter text across the whole row."""
    box = QWidget(parent)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if full_width:
        layout.addWidget(editor)
    else:
        layout.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft)
    note = QLabel(help_text, box)
    note.setWordWrap(True)
    note.setStyleSheet("color: palette(dark);")
    layout.addWidget(note)
    return box
