"""The guide's main window: navigation between views, the sync bar, and the window-wide actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from guide_app.account.accounts import GuideAccount
from ui.dialogs.sync_problems import SyncProblemsDialog
from ui.look import app_title
from ui.messages import describe
from ui.ops import Ops
from ui.sync_runner import SyncResult, SyncRunner
from ui.views.customers import CustomersView
from ui.views.sync_bar import SyncBar
from ui.views.today import TodayView

WINDOW_SIZE = (1366, 768)  # the common store-PC screen; everything must fit it


class MainWindow(QMainWindow):
    """Hosts the views; they talk to the book through `ops` and hear changes from it, never
    from each other. `sign_out_requested` and `lock_requested` go to the app, which owns sign-in."""

    sign_out_requested = Signal()
    lock_requested = Signal()
    pc_settings_saved = Signal(object)  # the PC's new settings (lock time)

    def __init__(
        self,
        ops: Ops,
        account: GuideAccount,
        display_name: str,
        runner: SyncRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.account, self.runner = ops, account, runner
        self.setWindowTitle(
            self.tr("%1 — %2 (%3)")
            .replace("%1", app_title())
            .replace("%2", display_name)
            .replace("%3", account.login)
        )
        self.resize(*WINDOW_SIZE)
        self.today = TodayView(ops, self)
        self.customers = CustomersView(ops, self)
        self._build_navigation()
        self.sync_bar = SyncBar(ops, runner, self)
        self.statusBar().addPermanentWidget(self.sync_bar, 1)
        self._build_actions()
        ops.failed.connect(self._show_failure)
        runner.finished.connect(self._sync_finished)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusWindowChanged.connect(self._lend_sync_key)

    # ----------------------------------------------------------------------------------- layout

    def _build_navigation(self) -> None:
        self.navigation = QListWidget(self)
        self.navigation.setFixedWidth(128)
        self.navigation.setAccessibleName(self.tr("Navigation"))
        self.navigation.setStyleSheet(
            "QListWidget { border: none; background: palette(window); font-size: 15px; }"
            "QListWidget::item { padding: 10px 14px; }"
        )
        self.pages = QStackedWidget(self)
        for title, view in ((self.tr("Today"), self.today), (self.tr("Customers"), self.customers)):
            QListWidgetItem(title, self.navigation)
            self.pages.addWidget(view)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        body = QWidget(self)
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)

    def _action(self, text: str, shortcut: QKeySequence | str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.sync_action = self._action(self.tr("Sync now"), QKeySequence("F5"), self.runner.sync_now)
        self.search_action = self._action(
            self.tr("Search customers"), QKeySequence("Ctrl+F"), self.show_search
        )
        self.today_action = self._action(self.tr("Today"), QKeySequence("Ctrl+1"), lambda: self.show_page(0))
        self.customers_action = self._action(
            self.tr("Customers"), QKeySequence("Ctrl+2"), lambda: self.show_page(1)
        )
        self.lock_action = self._action(self.tr("Lock"), QKeySequence("Ctrl+L"), self.lock_requested.emit)
        self.sign_out_action = self._action(self.tr("Sign out"), QKeySequence(), self.sign_out_requested.emit)
        self.problems_action = self._action(self.tr("Sync problems…"), QKeySequence(), self.show_problems)
        self.settings_action = self._action(
            self.tr("This PC's settings…"), QKeySequence(), self.show_pc_settings
        )
        menu = self.menuBar()
        desk = menu.addMenu(self.tr("&Desk"))
        for action in (self.today_action, self.customers_action, self.search_action):
            desk.addAction(action)
        desk.addSeparator()
        desk.addAction(self.settings_action)
        desk.addAction(self.lock_action)
        desk.addAction(self.sign_out_action)
        sync = menu.addMenu(self.tr("&Sync"))
        sync.addAction(self.sync_action)
        sync.addAction(self.problems_action)
        for menu_action in self.customers.menu_actions():
            desk.insertAction(self.lock_action, menu_action)
        self.sync_bar.problems_clicked.connect(self.show_problems)

    # ----------------------------------------------------------------------------------- actions

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def show_search(self) -> None:
        self.show_page(1)
        self.customers.focus_search()

    def show_pc_settings(self) -> None:
        from ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self)
        dialog.saved.connect(self.pc_settings_saved)
        dialog.exec()

    def _lend_sync_key(self, _window: QWindow | None) -> None:
        """F5 works in a dialog open over this window too (a customer card, the import wizard):
        a window-modal dialog is a window of its own, where this window's shortcuts never fire."""
        active = QApplication.activeWindow()
        if not isinstance(active, QDialog) or self.sync_action in active.actions():
            return
        if _opened_over(self, active):
            active.addAction(self.sync_action)

    def show_problems(self) -> None:
        SyncProblemsDialog(self.sync_bar.status, self).exec()

    def _sync_finished(self, result: SyncResult) -> None:
        if result.outcome is not None and result.outcome.problems:
            self.statusBar().showMessage(
                self.tr("Sync finished with %n problem(s): see the list", "", len(result.outcome.problems)),
                10_000,
            )

    def _show_failure(self, error: BaseException) -> None:
        QMessageBox.warning(self, app_title(), describe(error))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.stop()
        super().closeEvent(event)


def _opened_over(window: QWidget, dialog: QWidget) -> bool:
    """Whether `dialog` was opened from `window` or from one of its dialogs."""
    parent = dialog.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False
