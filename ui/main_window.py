"""The guide's main window: navigation between views, the sync bar, and the window-wide actions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from guide_app.account.accounts import GuideAccount
from ui.dialogs.sync_problems import SyncProblemsDialog
from ui.look import app_title
from ui.messages import describe
from ui.ops import Ops
from ui.sync_runner import SyncResult, SyncRunner
from ui.views.customers import CustomersView

if TYPE_CHECKING:
    from ui.views.content import ContentView
    from ui.views.sales import SalesView
from ui.views.sync_bar import SyncBar
from ui.views.today import TodayView
from ui.widgets.actions import window_action
from ui.widgets.help_menu import add_help_menu
from ui.widgets.navigation import navigation_list

WINDOW_SIZE = (1366, 768)  # the common store-PC screen; everything must fit it
log = logging.getLogger(__name__)


class Page(IntEnum):
    """The navigation's pages, in order (Ctrl+1 … Ctrl+5)."""

    today = 0
    customers = 1
    content = 2
    sales = 3
    performance = 4


class MainWindow(QMainWindow):
    """Hosts the views; they talk to the book through `ops` and hear changes from it, never
    from each other. `sign_out_requested` and `lock_requested` go to the app, which owns sign-in."""

    sign_out_requested = Signal()
    lock_requested = Signal()
    panel_requested = Signal()  # show the side panel (the app owns it: it outlives a language switch)
    pc_settings_saved = Signal(object)  # the PC's new settings (lock time)
    updates_requested = Signal()
    about_requested = Signal()

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
        # Content, Sales and My performance are made when first shown (or their menu opened): the
        # window's first paint waits for none of them, nor for Qt Multimedia and Qt Charts.
        self._content: ContentView | None = None
        self._sales: SalesView | None = None
        self._performance: QWidget | None = None
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
        self.pages = QStackedWidget(self)
        self._later: dict[Page, tuple[QWidget, Callable[[], QWidget]]] = {}
        pages: list[tuple[str, QWidget | Callable[[], QWidget]]] = [
            (self.tr("Today"), self.today),
            (self.tr("Customers"), self.customers),
            (self.tr("Content"), self._make_content),
            (self.tr("Sales"), self._make_sales),
            (self.tr("My performance"), self._make_performance),
        ]
        self.navigation = navigation_list([title for title, _view in pages], self)
        for page, (_title, view) in zip(Page, pages, strict=True):
            if isinstance(view, QWidget):
                self.pages.addWidget(view)
            else:
                holder = QWidget(self)
                QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
                self.pages.addWidget(holder)
                self._later[page] = (holder, view)
        self.navigation.currentRowChanged.connect(self._turn_to)
        self.navigation.setCurrentRow(0)
        body = QWidget(self)
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)

    def _turn_to(self, index: int) -> None:
        if index < 0:
            return
        page = Page(index)
        try:
            self._build(page)
        except Exception as error:  # any fault making a view: say so, and stay where the guide was
            log.exception("the %s page could not be made", page.name)
            with QSignalBlocker(self.navigation):
                self.navigation.setCurrentRow(self.pages.currentIndex())
            self._show_failure(error)
            return
        self.pages.setCurrentIndex(index)
        # The views' own keys (Ctrl+N records a sale) work while the focus is inside them.
        if page is Page.sales and self._sales is not None:
            self._sales.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is Page.content and self._content is not None:
            self._content.focus_search()  # type to find; Down or Enter goes on to the tiles
        elif page is Page.performance and self._performance is not None:
            self._performance.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build(self, page: Page) -> None:
        later = self._later.get(page)
        if later is not None:
            holder, make = later
            layout = holder.layout()
            assert layout is not None
            layout.addWidget(make())
            del self._later[page]  # only once made: a view that failed is tried again next time

    def _make_content(self) -> QWidget:
        from ui.views.content import ContentView

        view = ContentView(self.ops, self.account, self)
        view.sync_requested.connect(self.runner.sync_now)
        self._content = view
        self._fill_menu(self.content_menu, view.menu_actions())
        return view

    def _make_sales(self) -> QWidget:
        from ui.views.sales import SalesView

        self._sales = SalesView(self.ops, self)
        self._fill_menu(self.sales_menu, self._sales.menu_actions())
        return self._sales

    @property
    def sales(self) -> SalesView:
        """The sales view, made now if it was not shown yet."""
        self._build(Page.sales)
        assert self._sales is not None
        return self._sales

    def _make_performance(self) -> QWidget:
        from ui.views.performance import PerformanceView

        self._performance = PerformanceView(self.ops, self.account.client, self)
        return self._performance

    @property
    def content(self) -> ContentView:
        """The content view, made now if it was not shown yet."""
        self._build(Page.content)
        assert self._content is not None
        return self._content

    @property
    def performance(self) -> QWidget:
        """The performance view, made now if it was not shown yet."""
        self._build(Page.performance)
        assert self._performance is not None
        return self._performance

    def _fill_menu(self, menu: QMenu, actions: list[QAction]) -> None:
        menu.clear()
        for action in actions:
            menu.addAction(action)

    def _build_actions(self) -> None:
        self.sync_action = window_action(self, self.tr("Sync now"), QKeySequence("F5"), self.runner.sync_now)
        self.search_action = window_action(
            self, self.tr("Search customers"), QKeySequence("Ctrl+F"), self.show_search
        )
        self.page_actions = [
            window_action(
                self, title, QKeySequence(f"Ctrl+{page + 1}"), lambda _=False, page=page: self.show_page(page)
            )
            for page, title in zip(
                Page,
                (
                    self.tr("Today"),
                    self.tr("Customers"),
                    self.tr("Content"),
                    self.tr("Sales"),
                    self.tr("My performance"),
                ),
                strict=True,
            )
        ]
        self.today_action, self.customers_action = self.page_actions[0], self.page_actions[1]
        self.panel_action = window_action(
            self, self.tr("Side panel"), QKeySequence("Ctrl+Shift+P"), self.panel_requested.emit
        )
        self.lock_action = window_action(
            self, self.tr("Lock"), QKeySequence("Ctrl+L"), self.lock_requested.emit
        )
        self.sign_out_action = window_action(
            self, self.tr("Sign out"), QKeySequence(), self.sign_out_requested.emit
        )
        self.problems_action = window_action(
            self, self.tr("Sync problems…"), QKeySequence(), self.show_problems
        )
        self.settings_action = window_action(
            self, self.tr("Settings…"), QKeySequence(), self.show_pc_settings
        )
        menu = self.menuBar()
        desk = menu.addMenu(self.tr("&Desk"))
        for action in (*self.page_actions, self.search_action, self.panel_action):
            desk.addAction(action)
        desk.addSeparator()
        desk.addAction(self.settings_action)
        desk.addAction(self.lock_action)
        desk.addAction(self.sign_out_action)
        # Y, not S: the views' buttons take Alt+S (Send to…), Alt+O and Alt+L (the reminder banner).
        sync = menu.addMenu(self.tr("S&ync"))
        sync.addAction(self.sync_action)
        sync.addAction(self.problems_action)
        for menu_action in self.customers.menu_actions():
            desk.insertAction(self.lock_action, menu_action)
        # In the navigation's order, and without Alt letters of their own (F10 reaches them): the
        # views' buttons use the letters.
        self.content_menu = menu.addMenu(self.tr("Content"))
        # Its actions come with the view, made when the menu is first opened if not shown before.
        self.content_menu.aboutToShow.connect(lambda: self.content)
        self.sales_menu = menu.addMenu(self.tr("Sales"))
        self.sales_menu.aboutToShow.connect(lambda: self.sales)
        self.sync_bar.problems_clicked.connect(self.show_problems)
        self.sync_bar.updates_wanted.connect(self.updates_requested)
        self.updates_action, self.about_action = add_help_menu(
            self, self.updates_requested, self.about_requested
        )

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
