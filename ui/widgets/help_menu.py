"""The Help menu both windows carry: Check for updates… and About Guide Desk."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from ui.widgets.actions import window_action


def add_help_menu(
    window: QMainWindow, updates: SignalInstance, about: SignalInstance
) -> tuple[QAction, QAction]:
    """Adds Help to `window`'s menu bar; its actions emit `updates` and `about`, which the app
    answers (it knows the HQ in use and how to quit for a restart)."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("HelpMenu", "&Help"))
    made = [
        window_action(window, QCoreApplication.translate("HelpMenu", "Check for updates…"), "", updates.emit),
        window_action(window, QCoreApplication.translate("HelpMenu", "About Guide Desk"), "", about.emit),
    ]
    for action in made:
        menu.addAction(action)
    return made[0], made[1]
