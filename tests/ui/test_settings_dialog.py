"""The Settings dialog is built from the core's declaration, refuses what cannot be meant, saves,
and its changes apply at once: language, sync interval, lock time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QSpinBox
from pytestqt.qtbot import QtBot

from guide_app import settings
from guide_app.settings import Kind, Language, Settings, Spec
from tests.ui import desk_support
from ui.app import Desk
from ui.dialogs.settings import WORDS, SettingsDialog, SpanEditor, Words

signed_in_desk = desk_support.signed_in_desk  # a fixture shared with the tray's tests

EDITOR_OF_KIND = {
    Kind.choice: QComboBox,
    Kind.minutes: QSpinBox,
    Kind.flag: QCheckBox,
    Kind.daily_span: SpanEditor,
}


@pytest.fixture(autouse=True)
def own_autostart_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Saving may touch the start-up list: this test's own, never the machine's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "autostart" / "guide-desk.desktop"


def _opened(qtbot: QtBot, dialog: SettingsDialog) -> SettingsDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.editors["language"].widget().isEnabled(), timeout=5000)
    return dialog


def _save(qtbot: QtBot, dialog: SettingsDialog) -> Settings:
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    return saved.args[0]


def test_every_declared_setting_has_its_editor_and_its_words(qtbot: QtBot) -> None:
    dialog = _opened(qtbot, SettingsDialog())
    declared = settings.fields()
    assert list(dialog.editors) == [name for name, _spec in declared]
    for name, spec in declared:
        assert isinstance(dialog.editors[name].widget(), EDITOR_OF_KIND[spec.kind]), name
        assert name in WORDS, f"{name} has no words for the guide in ui/dialogs/settings.py"
    lock = dialog.editors["lock_after_minutes"].widget()
    assert isinstance(lock, QSpinBox) and (lock.minimum(), lock.maximum()) == (0, 240)
    assert dialog.data_folder.isReadOnly() and dialog.data_folder.text() == str(settings.data_root())


def test_every_row_has_its_own_alt_key_that_reaches_it(qtbot: QtBot) -> None:
    """A guide reaches each setting from the keyboard: every label has an & key, none shared, and
    pressing it puts the focus in that setting (a composite one's switch included)."""
    dialog = _opened(qtbot, SettingsDialog())
    dialog.show()
    qtbot.waitExposed(dialog)
    keys = []
    for editor in [*(editor.widget() for editor in dialog.editors.values()), dialog.data_folder]:
        target = editor.focusProxy() or editor
        [label] = [label for label in dialog.findChildren(QLabel) if label.buddy() is target]
        text = label.text()
        assert "&" in text, text
        key = text[text.index("&") + 1].lower()
        keys.append(key)
        qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
        assert target.hasFocus(), (text, QApplication.focusWidget())
    keys += [dialog.open_folder.text()[dialog.open_folder.text().index("&") + 1].lower()]
    assert len(keys) == len(set(keys)), keys


@dataclass(frozen=True)
class WithSound(Settings):
    """The declaration with one more setting, as a later version may add."""

    sound: bool = field(default=False, metadata={"spec": Spec(Kind.flag)})


def test_a_setting_added_to_the_declaration_gets_an_editor_and_is_saved(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(WORDS, "sound", Words("&Sound", "Play a sound with each reminder"))
    dialog = _opened(qtbot, SettingsDialog(declaration=WithSound))
    sound = dialog.editors["sound"].widget()
    assert isinstance(sound, QCheckBox) and sound.text() == "Play a sound with each reminder"
    sound.setChecked(True)
    saved = _save(qtbot, dialog)
    assert isinstance(saved, WithSound) and saved.sound
    assert settings.load(WithSound).sound


def test_bounds_cannot_be_typed_past(qtbot: QtBot) -> None:
    dialog = _opened(qtbot, SettingsDialog())
    sync = dialog.editors["sync_every_minutes"].widget()
    assert isinstance(sync, QSpinBox)
    sync.lineEdit().selectAll()
    qtbot.keyClicks(sync, "9999")
    sync.interpretText()
    assert sync.value() <= 240
    sync.setValue(1)
    assert sync.value() == 5


def test_quiet_hours_that_start_when_they_end_are_refused_inline_and_nothing_is_saved(
    qtbot: QtBot, app_data: Path
) -> None:
    dialog = _opened(qtbot, SettingsDialog())
    span = dialog.editors["quiet_hours"].widget()
    assert isinstance(span, SpanEditor) and span.on.isChecked()
    span.end.setTime(QTime(21, 0))
    dialog.save()
    assert dialog.problem.isVisible() and dialog.problem.text()
    assert dialog.isVisible() and not (app_data / settings.FILE_NAME).exists()


def test_start_with_the_system_writes_the_entry_and_switching_it_off_removes_it(
    qtbot: QtBot, own_autostart_folder: Path
) -> None:
    dialog = _opened(qtbot, SettingsDialog())
    dialog.editors["start_with_system"].set_value(True)
    assert _save(qtbot, dialog).start_with_system
    assert "--minimized" in own_autostart_folder.read_text(encoding="utf-8")
    dialog = _opened(qtbot, SettingsDialog())
    assert dialog.editors["start_with_system"].value() is True
    dialog.editors["start_with_system"].set_value(False)
    _save(qtbot, dialog)
    assert not own_autostart_folder.exists()


def test_saving_applies_language_sync_interval_and_lock_at_once(
    qtbot: QtBot, qapp: QApplication, signed_in_desk: Callable[..., Desk]
) -> None:
    desk = signed_in_desk()
    window = desk.window
    assert window is not None and desk.runner is not None
    assert window.today_action.text() != "Today"  # zh_CN
    dialog = _opened(qtbot, SettingsDialog(window))
    dialog.saved.connect(window.pc_settings_saved)  # as MainWindow.show_pc_settings connects it
    dialog.editors["language"].set_value(Language.en)
    dialog.editors["sync_every_minutes"].set_value(30)
    dialog.editors["lock_after_minutes"].set_value(0)
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window is not window, timeout=5000)
    assert desk.window is not None and desk.window.isVisible() and not window.isVisible()
    assert desk.window.today_action.text() == "Today"
    assert desk.window.windowTitle().startswith("Guide Desk")
    assert desk.tray.open_action.text() == "&Open Guide Desk"
    assert desk.runner.every_ms == 30 * 60_000
    assert not desk.idle.watching  # 0: this PC never locks now
    assert settings.load().language is Language.en
    desk.apply_settings(Settings(language=Language.zh_CN))
    qtbot.waitUntil(lambda: _today_words(desk) != "Today", timeout=5000)


def _today_words(desk: Desk) -> str:
    return desk.window.today_action.text() if desk.window is not None else ""
