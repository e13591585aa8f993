"""The guide's app on a store PC of the test's own, driven as a guide does: sign in, F5, close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.app import Desk
from ui.main_window import MainWindow
from ui.sync_runner import SyncResult, SyncRunner, SyncState

NETWORK_MS = 20_000  # a sign-in and a sync take well under a second; the bound is for a loaded machine
LOCAL_MS = 10_000


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=LOCAL_MS)


def synced(qtbot: QtBot, runner: SyncRunner, press_in: QWidget | None = None) -> SyncResult:
    """Press F5 in the window `press_in` (or, with none, wait for the sync already running) until
    the sync ends; F5 is the main window's Sync now, and works in its dialogs too."""
    with qtbot.waitSignal(runner.finished, timeout=NETWORK_MS) as finished:
        if press_in is not None:
            activate(qtbot, press_in)
            qtbot.keyClick(press_in, Qt.Key.Key_F5)
    result: SyncResult = finished.args[0]
    assert result.error is None and result.outcome is not None, result.error
    return result


def sign_in(qtbot: QtBot, desk: Desk, password: str) -> MainWindow:
    """Type the password, press Enter, and wait for the window and its first sync."""
    desk.start()
    dialog = desk.sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.password.isEnabled, timeout=LOCAL_MS)  # what the PC remembers is in
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=NETWORK_MS)
    assert desk.window is not None and desk.runner is not None and desk.sign_in_dialog is None
    window = desk.window
    if desk.runner.state is SyncState.running:  # the first sync starts with the window
        synced(qtbot, desk.runner)
    qtbot.waitUntil(lambda: window.sync_bar.status.last_success_at is not None, timeout=LOCAL_MS)
    assert window.sync_bar.status.error_code is None
    return window


def close_desk(desk: Desk) -> None:
    """Whatever the test left open: the sync, the calls, the windows and the book."""
    desk.idle.stop()
    if desk.runner is not None:
        desk.runner.stop()
    if desk.panel is not None:
        desk.panel.close()
    if desk.ops is not None:
        desk.ops.shutdown(wait=True)
    for window in (desk.window, desk.workspace_window, desk.sign_in_dialog):
        if window is not None:
            window.close()
    if desk.book is not None:
        desk.book.close()
