"""The Sales view against a real HQ process: a sale recorded from the keyboard alone reaches HQ
once and is counted; when a second guide of the store claims the same order, the first guide's
list says so in plain words after the next sync.

The guide signs in through the real sign-in dialog; the Sales view runs over the window's own
`ops`, as the main window hosts it, and F5 in the main window syncs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.calls.customers import add_customer
from guide_app.sync.problems import UploadState
from tests.bench.sale_keystrokes import KEYSTROKE_GOAL, record_sale_from_keyboard
from tests.e2e.conftest import Running, hq_sales_of
from tests.e2e.desk import LOCAL_MS, activate, sign_in, synced
from tests.support.events import sale_event
from tests.support.org import PASSWORD
from ui.app import Desk
from ui.messages import sale_words
from ui.models.sales import SalesColumn
from ui.views.sales import SalesView

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # HQ's database is not what this tests

ORDER_NO = "JD20261130188"


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
    activate(qtbot, view)
    return view


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
    window = sign_in(qtbot, desk, PASSWORD)
    view = _sales_view(qtbot, desk)
    count, recorded = record_sale_from_keyboard(qtbot, view, "wl", ORDER_NO, "1,299")
    assert count.keystrokes <= KEYSTROKE_GOAL
    waiting = QCoreApplication.translate("Messages", "Waiting to upload: it goes to HQ with the next sync.")
    qtbot.waitUntil(lambda: _state_shown(view, ORDER_NO) == waiting, timeout=LOCAL_MS)

    assert desk.runner is not None
    synced(qtbot, desk.runner, window)
    counted = QCoreApplication.translate("Messages", "Counted at HQ for you.")
    qtbot.waitUntil(lambda: _state_shown(view, ORDER_NO) == counted, timeout=LOCAL_MS)
    token = running_hq.token(running_hq.org.guide_e1)
    [sale] = hq_sales_of(running_hq, token, ORDER_NO)
    assert sale["id"] == recorded.id and sale["amount_fen"] == 129900
    assert sale["guide_id"] == running_hq.org.ids[running_hq.org.guide_e1] and not sale["disputed"]
    synced(qtbot, desk.runner, window)  # a second sync sends nothing again
    assert len(hq_sales_of(running_hq, token, ORDER_NO)) == 1

    claim = _second_guide_claims(running_hq, ORDER_NO, 129900)
    assert "order_disputed" in claim["flags"]
    synced(qtbot, desk.runner, window)
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
