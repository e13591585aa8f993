"""Help in the guide's window: Check for updates… and About open their dialogs over the HQ in use."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from guide_app.update.layout import ROOT_ENV
from tests.ui import desk_support
from tests.ui.desk_support import ACCOUNT
from ui.app import Desk
from ui.dialogs.about import AboutDialog
from ui.dialogs.updates import Showing, UpdatesDialog

signed_in_desk = desk_support.signed_in_desk
WAIT_MS = 10_000


def _open(qtbot: QtBot, kind: type) -> object:
    found: list[object] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    return found[0]


def test_help_opens_updates_which_says_a_copy_run_from_source_is_not_updated(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, signed_in_desk: Callable[..., Desk]
) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    desk = signed_in_desk()
    assert desk.window is not None
    titles = [action.text() for action in desk.window.menuBar().actions()]
    assert QCoreApplication.translate("HelpMenu", "&Help") in titles
    desk.window.updates_action.trigger()
    dialog = _open(qtbot, UpdatesDialog)
    assert isinstance(dialog, UpdatesDialog)
    qtbot.waitUntil(lambda: dialog.showing is Showing.not_installed, timeout=WAIT_MS)
    assert dialog.updates.hq_url.startswith(ACCOUNT.hq_url)
    dialog.reject()


def test_help_opens_about_naming_the_hq_signed_in_to(
    qtbot: QtBot, signed_in_desk: Callable[..., Desk]
) -> None:
    desk = signed_in_desk()
    assert desk.window is not None
    desk.window.about_action.trigger()
    dialog = _open(qtbot, AboutDialog)
    assert isinstance(dialog, AboutDialog)
    assert ACCOUNT.hq_url.rstrip("/") in dialog.hq.text()
    dialog.reject()
