"""One app, three roles: after sign-in a manager or HQ operator gets their workspace, a guide their book."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from guide_app.account.accounts import GuideAccount, sign_in
from guide_app.errors import ErrorCode
from guide_app.sync.client import HqRefused
from tests.e2e.conftest import Running
from tests.e2e.desk import LOCAL_MS, NETWORK_MS, close_desk
from tests.support.org import PASSWORD
from ui.app import Desk
from ui.dialogs.about import AboutDialog
from ui.dialogs.updates import UpdatesDialog
from ui.workspace.window import WorkspaceWindow

# HQ's database is not what these test (tests/hq covers both backends).
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

MANAGER_PAGES = ["team", "tasks", "disputes", "targets", "sheet"]
HQ_PAGES = ["team", "tasks", "disputes", "targets", "library", "sop", "organisation", "rules", "sheet"]


def _signed_in_workspace(qtbot: QtBot, qapp: QApplication, running: Running, login: str) -> Desk:
    desk = Desk(qapp, running.live.base_url, login)
    desk.start()
    dialog = desk.sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.password.isEnabled, timeout=LOCAL_MS)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.workspace_window is not None, timeout=NETWORK_MS)
    return desk


@pytest.mark.parametrize(("who", "pages"), [("manager_east", MANAGER_PAGES), ("admin", HQ_PAGES)])
def test_a_manager_or_hq_operator_gets_their_workspace_and_no_book(
    qtbot: QtBot, qapp: QApplication, running_hq: Running, store_pc: Path, who: str, pages: list[str]
) -> None:
    login = getattr(running_hq.org, who)
    desk = _signed_in_workspace(qtbot, qapp, running_hq, login)
    try:
        window = desk.workspace_window
        assert isinstance(window, WorkspaceWindow) and window.isVisible()
        assert [spec.key for spec in window.specs] == pages
        assert desk.window is None and desk.book is None and desk.runner is None
        # No customer book, and no offline sign-in: nothing of a customer is ever on this PC.
        account = GuideAccount(running_hq.live.base_url, login)
        assert not account.book_path.exists()
        assert not any(path.suffix == ".sqlite" for path in store_pc.rglob("*"))
        # Help is theirs too: About names the HQ, and Updates answers for this copy.
        window.about_action.trigger()
        qtbot.waitUntil(lambda: _shown(AboutDialog) is not None, timeout=LOCAL_MS)
        about = _shown(AboutDialog)
        assert isinstance(about, AboutDialog) and running_hq.live.base_url in about.hq.text()
        about.reject()
        window.updates_action.trigger()
        qtbot.waitUntil(lambda: _shown(UpdatesDialog) is not None, timeout=LOCAL_MS)
        updates = _shown(UpdatesDialog)
        assert isinstance(updates, UpdatesDialog)
        updates.reject()
    finally:
        close_desk(desk)


def _shown(kind: type) -> object | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def test_signing_out_of_a_workspace_brings_back_the_sign_in(
    qtbot: QtBot, qapp: QApplication, running_hq: Running, store_pc: Path
) -> None:
    desk = _signed_in_workspace(qtbot, qapp, running_hq, running_hq.org.manager_east)
    try:
        window = desk.workspace_window
        assert window is not None
        window.sign_out_action.trigger()
        qtbot.waitUntil(
            lambda: desk.sign_in_dialog is not None and desk.sign_in_dialog.isVisible(), timeout=LOCAL_MS
        )
        assert desk.workspace_window is None and desk.workspace is None
    finally:
        close_desk(desk)


def test_the_book_command_line_still_refuses_a_manager(running_hq: Running, store_pc: Path) -> None:
    import asyncio

    account = GuideAccount(running_hq.live.base_url, running_hq.org.manager_east)
    with pytest.raises(HqRefused) as refused:
        asyncio.run(sign_in(account, PASSWORD))
    assert refused.value.code is ErrorCode.not_a_guide
