"""The workspace window of a manager or an HQ operator: its pages by role, refresh and sign-out."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area, ChangeNotice
from guide_app.protocol import Role
from guide_app.workspace.session import Workspace
from ui.i18n import QT_TRANSLATE_NOOP
from ui.look import app_title
from ui.messages import describe
from ui.ops import Ops
from ui.widgets.actions import window_action
from ui.widgets.help_menu import add_help_menu
from ui.widgets.navigation import navigation_list

log = logging.getLogger(__name__)

WINDOW_SIZE = (1366, 768)
# Every area a workspace shows: F5 asks each page to read HQ again.
WORKSPACE_AREAS = (
    Area.team,
    Area.manager_tasks,
    Area.disputes,
    Area.targets,
    Area.organisation,
    Area.library,
    Area.sop_templates,
    Area.settings,
)
CONTEXT = "WorkspaceWindow"


@dataclass(frozen=True)
class PageSpec:
    """One page of a workspace: its title (a source string of CONTEXT), where its widget class
    lives, and which roles see it. A page is `Class(ops, workspace, parent)` and made when first
    shown."""

    key: str
    title: str
    module: str
    class_name: str
    roles: frozenset[Role]


MANAGER_AND_HQ = frozenset({Role.manager, Role.hq_admin})
HQ_ONLY = frozenset({Role.hq_admin})

PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "team", QT_TRANSLATE_NOOP("WorkspaceWindow", "Team"), "ui.workspace.team", "TeamPage", MANAGER_AND_HQ
    ),
    PageSpec(
        "tasks",
        QT_TRANSLATE_NOOP("WorkspaceWindow", "Tasks"),
        "ui.workspace.tasks",
        "TasksPage",
        MANAGER_AND_HQ,
    ),
    PageSpec(
        "disputes",
        QT_TRANSLATE_NOOP("WorkspaceWindow", "Disputes"),
        "ui.workspace.disputes",
        "DisputesPage",
        MANAGER_AND_HQ,
    ),
    PageSpec(
        "targets",
        QT_TRANSLATE_NOOP("WorkspaceWindow", "Targets"),
        "ui.workspace.targets",
        "TargetsPage",
        MANAGER_AND_HQ,
    ),
    PageSpec(
        "library",
        QT_TRANSLATE_NOOP("WorkspaceWindow", "Content"),
        "ui.workspace.library",
        "LibraryPage",
        HQ_ONLY,
    ),
    PageSpec(
        "sop", QT_TRANSLATE_NOOP("WorkspaceWindow", "SOP templates"), "ui.workspace.sop", "SopPage", HQ_ONLY
    ),
    PageSpec(
        "organisation",
        QT_TRANSLATE_NOOP("WorkspaceWindow", "Organisation"),
        "ui.workspace.organisation",
        "OrganisationPage",
        HQ_ONLY,
    ),
    PageSpec(
        "rules", QT_TRANSLATE_NOOP("WorkspaceWindow", "Rules"), "ui.workspace.rules", "RulesPage", HQ_ONLY
    ),
    PageSpec(
        "sheet",
        QT_TRANSLATE_NOOP("WorkspaceWindow", "Performance sheet"),
        "ui.workspace.sheet",
        "SheetPage",
        MANAGER_AND_HQ,
    ),
)


def pages_for(role: Role) -> list[PageSpec]:
    return [spec for spec in PAGES if role in spec.roles]


class WorkspaceWindow(QMainWindow):
    """Navigation between the role's pages. Pages refresh from `ops.changed` (F5 announces every
    workspace area) and never call each other; sign-out goes to the app, which owns sign-in."""

    sign_out_requested = Signal()
    updates_requested = Signal()
    about_requested = Signal()

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.specs = pages_for(workspace.role)
        self.setWindowTitle(
            self.tr("%1 — %2 (%3)")
            .replace("%1", app_title())
            .replace("%2", workspace.me.display_name)
            .replace("%3", self.role_name(workspace.role))
        )
        self.resize(*WINDOW_SIZE)
        self.made: dict[str, QWidget] = {}
        self._build_navigation()
        self._build_actions()
        self.statusBar().addWidget(
            QLabel(self.tr("Signed in to HQ at %1").replace("%1", workspace.account.hq_url), self)
        )
        ops.failed.connect(self._show_failure)

    def role_name(self, role: Role) -> str:
        return self.tr("Regional manager") if role is Role.manager else self.tr("HQ operator")

    # ----------------------------------------------------------------------------------- layout

    def _build_navigation(self) -> None:
        titles = [QCoreApplication.translate(CONTEXT, spec.title) for spec in self.specs]
        self.navigation = navigation_list(titles, self)
        self.pages = QStackedWidget(self)
        for _title in titles:
            holder = QWidget(self)
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.pages.addWidget(holder)
        self.navigation.currentRowChanged.connect(self._turn_to)
        body = QWidget(self)
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        self.navigation.setCurrentRow(0)

    def _turn_to(self, index: int) -> None:
        if index < 0:
            return
        spec = self.specs[index]
        try:
            page = self.page(spec.key)
        except Exception as error:  # a page that cannot be made: say so, and stay where one was
            log.exception("the %s page could not be made", spec.key)
            with QSignalBlocker(self.navigation):
                self.navigation.setCurrentRow(self.pages.currentIndex())
            self._show_failure(error)
            return
        self.pages.setCurrentIndex(index)
        page.setFocus(Qt.FocusReason.OtherFocusReason)

    def page(self, key: str) -> QWidget:
        """The page named `key`, made now if it was not shown yet."""
        made = self.made.get(key)
        if made is not None:
            return made
        index, spec = next((i, spec) for i, spec in enumerate(self.specs) if spec.key == key)
        page_class: Callable[..., QWidget] = getattr(importlib.import_module(spec.module), spec.class_name)
        holder = self.pages.widget(index)
        assert holder is not None
        page = page_class(self.ops, self.workspace, holder)
        layout = holder.layout()
        assert layout is not None
        layout.addWidget(page)
        self.made[key] = page
        return page

    def show_page(self, key: str) -> None:
        index = next(i for i, spec in enumerate(self.specs) if spec.key == key)
        self.navigation.setCurrentRow(index)

    # ----------------------------------------------------------------------------------- actions

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Workspace"))
        for number, spec in enumerate(self.specs, start=1):
            title = QCoreApplication.translate(CONTEXT, spec.title)
            shortcut = QKeySequence(f"Ctrl+{number}") if number <= 9 else QKeySequence()
            menu.addAction(
                window_action(self, title, shortcut, lambda _=False, key=spec.key: self.show_page(key))
            )
        menu.addSeparator()
        self.refresh_action = window_action(
            self, self.tr("Refresh from HQ"), QKeySequence("F5"), self.refresh
        )
        menu.addAction(self.refresh_action)
        self.sign_out_action = window_action(
            self, self.tr("Sign out"), QKeySequence(), self.sign_out_requested.emit
        )
        menu.addAction(self.sign_out_action)
        self.updates_action, self.about_action = add_help_menu(
            self, self.updates_requested, self.about_requested
        )

    def refresh(self) -> None:
        """Every page reads HQ again (another manager or HQ may have changed something)."""
        self.ops.announce(ChangeNotice.of(*WORKSPACE_AREAS))
        self.statusBar().showMessage(self.tr("Reading HQ again…"), 3000)

    def _show_failure(self, error: BaseException) -> None:
        QMessageBox.warning(self, app_title(), describe(error))
