"""The Help menu both windows carry: Check for updates… and About Guide Desk."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow


def add_help_menu(
    window: QMainWindow, updates: SignalInstance, about: SignalInstance
) -> tuple[QAction, QAction]:
    """Adds Help to `window`'s menu bar; its actions emit `updates` and `about`, which the app
    answers (it knows the HQ in use and how to quit for a restart)."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("HelpMenu", "&Help"))
    made = []
    for text, signal in (
        (QCoreApplication.translate("HelpMenu", "Check for updates…"), updates),
        (QCoreApplication.translate("HelpMenu", "About Guide Desk"), about),
    ):
        action = QAction(text, window)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(_emitter(signal))
        menu.addAction(action)
        made.append(action)
    return made[0], made[1]


def _emitter(signal: SignalInstance) -> Callable[[], None]:
    return lambda: signal.emit()
