"""The side panel beside a signed-in window against a real HQ process: HQ's stage-tagged script reaches the
panel through sync, the panel finds a customer by initials, copies the script filled in for them, and logs
a contact that the main window's customer card shows.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.calls.customers import add_customer
from tests.e2e.conftest import Running
from tests.e2e.desk import LOCAL_MS, NETWORK_MS, sign_in
from tests.support.org import PASSWORD
from ui.app import Desk
from ui.dialogs.customer_detail import CustomerDetailDialog
from ui.side_panel import Showing, SidePanel

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # HQ's database is not what this tests

CTRL = Qt.KeyboardModifier.ControlModifier
WELCOME = "{称呼}您好，欢迎加入会员！本周新品到店，来店试穿可领小礼物～"


def _admin_publishes_scripts(running: Running) -> None:
    """A welcome script for new customers and a wake-up one for dormant customers, from HQ's admin."""
    headers = {"Authorization": f"Bearer {running.token(running.org.admin)}"}
    scripts: list[dict[str, Any]] = [
        {"kind": "script", "title": "新客欢迎话术", "body": WELCOME, "stages": ["new"]},
        {"kind": "script", "title": "沉睡唤醒话术", "body": "{称呼}，好久不见", "stages": ["dormant"]},
    ]
    for script in scripts:
        answer = httpx.post(
            f"{running.live.base_url}/api/v1/content", json=script, headers=headers, timeout=30
        )
        assert answer.status_code == 201, answer.text


def test_the_panel_finds_by_initials_copies_the_stage_script_and_logs_a_contact_the_window_shows(
    qtbot: QtBot,
    desk: Desk,
    running_hq: Running,
) -> None:
    _admin_publishes_scripts(running_hq)
    window = sign_in(qtbot, desk, PASSWORD)  # its first sync pulls the scripts
    ops = window.ops
    with qtbot.waitSignal(ops.changed, timeout=LOCAL_MS):
        ops.write(
            lambda book: add_customer(book, CustomerFields(name="王丽", wecom_remark="王姐-0512-羽绒服M"))
        )

    panel = SidePanel(ops)
    qtbot.addWidget(panel)
    cards: list[CustomerDetailDialog] = []
    panel.open_in_window.connect(
        lambda customer_id: cards.append(CustomerDetailDialog(ops, customer_id, window))
    )
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow, timeout=LOCAL_MS)
    qtbot.keyClicks(panel.search_box, "wl")
    qtbot.waitUntil(lambda: panel.showing is Showing.customer, timeout=LOCAL_MS)
    assert panel.summary.name_label.text() == "王丽"

    assert [piece.title for piece in panel.suited.pieces] == ["新客欢迎话术"]  # HQ's stages came through sync
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(panel.search_box, Qt.Key.Key_1, CTRL)
    assert QGuiApplication.clipboard().text() == WELCOME.replace("{称呼}", "王姐")

    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return, CTRL)
    qtbot.keyClick(panel.search_box, Qt.Key.Key_O, CTRL)
    assert len(cards) == 1
    card = cards[0]
    qtbot.waitUntil(lambda: card.timeline.table.rowCount() == 1, timeout=NETWORK_MS)
    assert card.timeline.table.item(0, 1).text() in {"消息", "Message"}
    card.done(0)
