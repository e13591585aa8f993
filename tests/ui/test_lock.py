"""The idle lock of a shared store PC: it comes after the set quiet time, covers the window, opens
with the guide's password (offline too), and signs out after five wrong ones; the PC's lock time."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QSpinBox
from pytestqt.qtbot import QtBot

from guide_app import settings
from guide_app.account import offline, recent
from guide_app.account.accounts import GuideAccount
from ui.dialogs.lock import MAX_WRONG, LockDialog
from ui.dialogs.settings import SettingsDialog
from ui.idle import IdleWatcher

PASSWORD = "store-pass-9"
IDLE_MS = 300


@pytest.fixture
def account(app_data: object) -> GuideAccount:
    """A guide who signed in on this PC once (so the lock can check the password offline)."""
    signed_in = GuideAccount("http://192.168.1.10:8710", "wang.li")
    offline.remember_password(signed_in, PASSWORD, "王丽")
    return signed_in


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    shown = QMainWindow()
    shown.setCentralWidget(QLabel("王姐-0512-羽绒服M  138****8000"))
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _move_mouse(widget: QMainWindow) -> None:
    position = QPoint(10, 10)
    global_position = widget.mapToGlobal(position)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        position,
        global_position,
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget.centralWidget(), event)


def _locked(qtbot: QtBot, window: QMainWindow, account: GuideAccount) -> LockDialog:
    lock = LockDialog(account, "王丽", window)
    qtbot.addWidget(lock)
    lock.open()
    return lock


def _enter(qtbot: QtBot, lock: LockDialog, password: str) -> None:
    lock.password.clear()
    qtbot.keyClicks(lock.password, password)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)


def test_idle_emits_after_the_set_time_without_input(qtbot: QtBot, qapp: QApplication) -> None:
    watcher = IdleWatcher(qapp, lambda: 10, idle_after_ms=IDLE_MS)
    started = time.monotonic()
    with qtbot.waitSignal(watcher.went_idle, timeout=5000):
        watcher.start()
    assert time.monotonic() - started >= IDLE_MS / 1000
    assert not watcher.watching  # once: the app locks, and starts the watch again after unlocking


def test_input_puts_the_lock_off(qtbot: QtBot, qapp: QApplication, window: QMainWindow) -> None:
    watcher = IdleWatcher(qapp, lambda: 10, idle_after_ms=IDLE_MS)
    watcher.start()
    started = time.monotonic()
    qtbot.waitUntil(lambda: time.monotonic() - started >= IDLE_MS * 0.6 / 1000, timeout=5000)
    moved_at = time.monotonic()
    _move_mouse(window)
    with qtbot.waitSignal(watcher.went_idle, timeout=5000):
        pass
    assert time.monotonic() - moved_at >= IDLE_MS / 1000
    watcher.stop()


def test_a_pc_set_to_never_lock_does_not_watch(qapp: QApplication, app_data: object) -> None:
    watcher = IdleWatcher(qapp, lambda: 0)  # the setting "never"
    watcher.start()
    assert not watcher.watching


def test_the_lock_covers_the_whole_window_and_follows_it(
    qtbot: QtBot, window: QMainWindow, account: GuideAccount
) -> None:
    lock = _locked(qtbot, window, account)
    assert lock.isModal() and lock.autoFillBackground()
    assert lock.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not lock.testAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
    assert lock.geometry() == window.geometry()
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: lock.geometry() == window.geometry(), timeout=3000)


def test_the_lock_opens_with_the_guides_password(
    qtbot: QtBot, window: QMainWindow, account: GuideAccount
) -> None:
    lock = _locked(qtbot, window, account)
    qtbot.keyClick(lock, Qt.Key.Key_Escape)
    assert lock.isVisible()  # Esc does not sign the guide out
    with qtbot.waitSignal(lock.finished, timeout=5000) as finished:
        _enter(qtbot, lock, PASSWORD)
    assert finished.args == [QDialog.DialogCode.Accepted.value]


def test_five_wrong_passwords_in_a_row_sign_out(
    qtbot: QtBot, window: QMainWindow, account: GuideAccount
) -> None:
    lock = _locked(qtbot, window, account)
    for tried in range(1, MAX_WRONG):
        _enter(qtbot, lock, f"wrong-{tried}")
        qtbot.waitUntil(lambda tried=tried: lock.wrong == tried and lock.password.isEnabled(), timeout=5000)
        assert lock.isVisible() and lock.problem.isVisible()
    with qtbot.waitSignal(lock.finished, timeout=5000) as finished:
        _enter(qtbot, lock, "wrong-again")
    assert finished.args == [QDialog.DialogCode.Rejected.value]


def test_sign_out_from_the_lock_lets_another_guide_in(
    qtbot: QtBot, window: QMainWindow, account: GuideAccount
) -> None:
    lock = _locked(qtbot, window, account)
    with qtbot.waitSignal(lock.finished, timeout=5000) as finished:
        qtbot.mouseClick(lock.sign_out_button, Qt.MouseButton.LeftButton)
    assert finished.args == [QDialog.DialogCode.Rejected.value]


def test_the_pc_lock_time_is_saved_for_every_guide(qtbot: QtBot, app_data: object) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    lock_minutes = dialog.editors["lock_after_minutes"].widget()
    assert isinstance(lock_minutes, QSpinBox)
    qtbot.waitUntil(lock_minutes.isEnabled, timeout=5000)
    assert lock_minutes.value() == recent.DEFAULT_LOCK_MINUTES
    lock_minutes.setValue(3)
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.keyClick(lock_minutes, Qt.Key.Key_Return)
    assert saved.args[0].lock_after_minutes == 3
    assert settings.load().lock_after_minutes == 3
