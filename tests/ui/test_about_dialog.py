"""Help → About Guide Desk: what it names, the licence a guide selects, and the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from guide_app.version import VERSION
from ui.dialogs.about import AboutDialog
from ui.ops import Ops

NOTICES_MS = 30_000


def _opened(qtbot: QtBot, hq_url: str | None) -> AboutDialog:
    dialog = AboutDialog(hq_url)
    qtbot.addWidget(dialog)
    dialog.show()
    # Reading ~70 distributions' metadata takes 0.7 s on a quiet PC, several seconds beside a
    # bundle build; the window stays usable meanwhile (the read is off the UI thread).
    qtbot.waitUntil(lambda: dialog.components.rowCount() > 0, timeout=NOTICES_MS)
    return dialog


def test_about_names_the_version_the_hq_and_the_data_folder(qtbot: QtBot, app_data: Path) -> None:
    dialog = _opened(qtbot, "HQ.example.cn:8443/")

    assert VERSION in dialog.heading.text()
    assert dialog.hq.text() == "http://hq.example.cn:8443"
    assert dialog.data_folder.text() == str(app_data)
    assert dialog.data_folder.isReadOnly() and dialog.hq.isReadOnly()


def test_about_before_sign_in_says_no_hq(qtbot: QtBot) -> None:
    dialog = _opened(qtbot, None)

    assert dialog.hq.text() == dialog.tr("Not signed in")


def test_selecting_a_component_by_keyboard_shows_its_licence_text(qtbot: QtBot) -> None:
    dialog = _opened(qtbot, None)
    table = dialog.components
    assert table.hasFocus()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.licence_text.toPlainText()  # Qt comes first

    qtbot.keyClick(table, Qt.Key.Key_Down)

    assert dialog.notices[table.currentRow()].component == "Python"
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in dialog.licence_text.toPlainText()

    qtbot.keyClicks(table, "PySide6_E")  # the list's type-ahead

    assert dialog.notices[table.currentRow()].component == "PySide6_Essentials"
    assert "Version 3, 29 June 2007" in dialog.licence_text.toPlainText()
    assert "PySide6_Essentials" in dialog.summary.text()


def test_escape_closes_the_about_dialog(qtbot: QtBot) -> None:
    dialog = _opened(qtbot, None)

    with qtbot.waitSignal(dialog.finished) as closed:
        qtbot.keyClick(dialog.components, Qt.Key.Key_Escape)

    assert closed.args == [QDialog.DialogCode.Rejected.value]
    assert not dialog.isVisible()


def test_open_folder_opens_the_data_folder(
    qtbot: QtBot, app_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = _opened(qtbot, None)

    qtbot.keyClick(dialog.open_folder, Qt.Key.Key_Space)

    assert [Path(url.toLocalFile()) for url in opened] == [app_data]
    assert app_data.is_dir()


def test_tab_reaches_every_part_of_the_about_dialog(qtbot: QtBot) -> None:
    dialog = _opened(qtbot, "hq.example.cn")
    dialog.hq.setFocus()
    reached = []

    for _ in range(8):
        focused = QApplication.focusWidget()
        assert focused is not None
        reached.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)

    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    parts = [dialog.hq, dialog.data_folder, dialog.open_folder, dialog.components, dialog.licence_text, close]
    assert all(part in reached for part in parts)


def test_a_dialog_closed_before_its_notices_arrive_gets_no_late_answer(qtbot: QtBot, ops: Ops) -> None:
    dialog = AboutDialog(None, ops=ops)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    answered: list[int] = []

    ops.run(lambda: 7, answered.append)

    qtbot.waitUntil(lambda: answered == [7] and not ops.busy, timeout=NOTICES_MS)
    assert not dialog.notices  # the notices' late answer went nowhere
