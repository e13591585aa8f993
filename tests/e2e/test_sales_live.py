"""The Sales view against a real HQ process: a sale recorded from the keyboard alone reaches HQ
once and is counted; when a second guide of the store claims the same order, the first guide's
list says so in plain words after the next sync.

The guide signs in through the real sign-in dialog; the Sales view runs over the window's own
`ops`, as the main window hosts it, and F5 in the main window syncs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.calls.customers import add_customer
from guide_app.sync.problems import UploadState
from tests.bench.sale_keystrokes import KEYSTROKE_GOAL, record_sale_from_keyboard
from tests.e2e.conftest import Running
from tests.support.events import sale_event
from tests.support.org import PASSWORD
from ui.app import Desk
from ui.look import make_application
from ui.main_window import MainWindow
from ui.messages import sale_words
from ui.models.sales import SalesColumn
from ui.sync_runner import SyncResult, SyncRunner, SyncState
from ui.views.sales import SalesView

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # HQ's database is not what this tests

NETWORK_MS = 20_000  # a sync takes well under a second; the bound is for a loaded 2-core machine
LOCAL_MS = 10_000
ORDER_NO = "JD20261130188"


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str]) -> QApplication:
    return make_application("zh_CN")


@pytest.fixture
def desk(
    qapp: QApplication, running_hq: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Desk]:
    """The app on a store PC of this test's own (no desktop keyring), offering the guide's login."""
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app-data"))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    made = Desk(qapp, running_hq.live.base_url, running_hq.org.guide_e1)
    yield made
    made.idle.stop()
    if made.runner is not None:
        made.runner.stop()
    if made.ops is not None:
        made.ops.shutdown(wait=True)
    for window in (made.window, made.sign_in_dialog):
        if window is not None:
            window.close()
    if made.book is not None:
        made.book.close()
    keyring.set_keyring(previous)


def _activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=LOCAL_MS)


def _synced(qtbot: QtBot, runner: SyncRunner, window: MainWindow | None = None) -> SyncResult:
    """F5 in the main window (or, with none, the sync already running) until the sync ends."""
    with qtbot.waitSignal(runner.finished, timeout=NETWORK_MS) as finished:
        if window is not None:
            _activate(qtbot, window)
            qtbot.keyClick(window, Qt.Key.Key_F5)
    result: SyncResult = finished.args[0]
    assert result.error is None and result.outcome is not None, result.error
    return result


def _sign_in(qtbot: QtBot, desk: Desk) -> MainWindow:
    desk.start()
    dialog = desk.sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.password.isEnabled, timeout=LOCAL_MS)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=NETWORK_MS)
    assert desk.window is not None and desk.runner is not None
    if desk.runner.state is SyncState.running:  # the first sync starts with the window
        _synced(qtbot, desk.runner)
    return desk.window


def _sales_view(qtbot: QtBot, desk: Desk) -> SalesView:
    """王丽, a customer of two weeks, and the Sales view over the window's ops."""
    assert desk.ops is not None
    added: list[str] = []
    given = CustomerFields(name="王丽", phone="13800138000", added_at=datetime.now(UTC) - timedelta(days=14))
    desk.ops.write(lambda book: add_customer(book, given), added.append)
    qtbot.waitUntil(lambda: bool(added), timeout=LOCAL_MS)
    view = SalesView(desk.ops)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    _activate(qtbot, view)
    return view


def _hq_sales(running: Running, token: str, order_no: str) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{running.live.base_url}/api/v1/sales",
        params={"limit": 1000},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return [sale for sale in answer.json() if sale["order_no"] == order_no]


def _second_guide_claims(running: Running, order_no: str, amount_fen: int) -> dict[str, Any]:
    """The store's other guide records the same order on their own PC, and their app pushes it."""
    token = running.token(running.org.guide_e1_b)
    answer = httpx.post(
        f"{running.live.base_url}/api/v1/sync/push",
        json={"events": [sale_event(order_no, amount_fen, sold_at=datetime.now(UTC) - timedelta(minutes=5))]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    return dict(result)


def _state_shown(view: SalesView, order_no: str) -> str | None:
    for row, sale in enumerate(view.model.sales):
        if sale.order_no == order_no:
            return str(view.model.index(row, SalesColumn.state).data())
    return None


def test_a_sale_from_the_keyboard_is_counted_once_and_a_second_claim_shows_as_disputed(
    qtbot: QtBot, desk: Desk, running_hq: Running
) -> None:
    window = _sign_in(qtbot, desk)
    view = _sales_view(qtbot, desk)
    count, recorded = record_sale_from_keyboard(qtbot, view, "wl", ORDER_NO, "1,299")
    assert count.keystrokes <= KEYSTROKE_GOAL
    waiting = QCoreApplication.translate("Messages", "Waiting to upload: it goes to HQ with the next sync.")
    qtbot.waitUntil(lambda: _state_shown(view, ORDER_NO) == waiting, timeout=LOCAL_MS)

    assert desk.runner is not None
    _synced(qtbot, desk.runner, window)
    counted = QCoreApplication.translate("Messages", "Counted at HQ for you.")
    qtbot.waitUntil(lambda: _state_shown(view, ORDER_NO) == counted, timeout=LOCAL_MS)
    token = running_hq.token(running_hq.org.guide_e1)
    [sale] = _hq_sales(running_hq, token, ORDER_NO)
    assert sale["id"] == recorded.id and sale["amount_fen"] == 129900
    assert sale["guide_id"] == running_hq.org.ids[running_hq.org.guide_e1] and not sale["disputed"]
    _synced(qtbot, desk.runner, window)  # a second sync sends nothing again
    assert len(_hq_sales(running_hq, token, ORDER_NO)) == 1

    claim = _second_guide_claims(running_hq, ORDER_NO, 129900)
    assert "order_disputed" in claim["flags"]
    _synced(qtbot, desk.runner, window)
    disputed = (
        QCoreApplication.translate(
            "Messages", "Disputed: %1 also claims order %2; counted for you until your manager settles it."
        )
        .replace("%1", running_hq.org.guide_e1_b)  # the seeded guides' display names are their logins
        .replace("%2", ORDER_NO)
    )
    qtbot.waitUntil(lambda: _state_shown(view, ORDER_NO) == disputed, timeout=LOCAL_MS)
    shown = view.model.sales[0]
    assert shown.upload is UploadState.disputed and sale_words(shown.standing) == disputed
    assert view.totals is not None and view.totals.disputed == 1
