"""A window's keyboard action: its text, its shortcut within that window, what it does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def window_action(
    window: QWidget, text: str, shortcut: QKeySequence | str, slot: Callable[..., object]
) -> QAction:
    """Added to `window`, so its shortcut works wherever the focus is in it (a menu may show it
    too); a window-wide shortcut never fires in another window."""
    action = QAction(text, window)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    window.addAction(action)
    return action
