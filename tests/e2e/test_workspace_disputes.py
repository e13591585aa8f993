"""A manager's Disputes page against a real HQ: an order two guides claim, settled with a reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from guide_app.workspace.disputes import DisputeFilter
from tests.e2e.conftest import Running, sign_in_workspace
from tests.e2e.desk import NETWORK_MS
from tests.e2e.test_workspace_tasks import HqApi, type_chinese
from tests.support.events import sale_event
from ui.ops import Ops
from ui.workspace.disputes import CLAIM_ROWS, DisputesPage

# HQ's database is not what these test (tests/hq covers both backends).
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

ORDER = "JD20261130-7001"
AMOUNT_FEN = 129_900
GUIDE_ROW = CLAIM_ROWS.index("Guide")
AMOUNT_ROW = CLAIM_ROWS.index("Amount")


@pytest.fixture
def ops() -> Iterator[Ops]:
    made = Ops(None)
    yield made
    made.shutdown()


@pytest.fixture
def api(running_hq: Running) -> HqApi:
    return HqApi(running_hq)


def _shown_page(qtbot: QtBot, ops: Ops, running: Running, login: str) -> DisputesPage:
    page = DisputesPage(ops, sign_in_workspace(running, login))
    qtbot.addWidget(page)
    page.resize(1238, 740)
    page.show()
    qtbot.waitUntil(lambda: page.reading is not None and page.reading.finished, timeout=NETWORK_MS)
    return page


def _claim(api: HqApi, login: str, attribution: str) -> None:
    event = sale_event(ORDER, AMOUNT_FEN, attribution=attribution)
    pushed = api(login, "POST", "/sync/push", json={"events": [event]})
    assert pushed.status_code == 200 and pushed.json()["results"][0]["status"] == "accepted", pushed.text


def _counted(api: HqApi, login: str) -> list[tuple[int, bool, bool]]:
    """(guide, disputed, decided) of each sale HQ counts under the order."""
    sales = api(login, "GET", "/sales", params={"limit": 1000}).json()
    return [
        (sale["guide_id"], sale["disputed"], sale["decided"]) for sale in sales if sale["order_no"] == ORDER
    ]


def _choose_filter(qtbot: QtBot, page: DisputesPage, state: DisputeFilter) -> None:
    page.filter.setFocus()
    while page.state() is not state:
        qtbot.keyClick(page.filter, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.reading is not None and page.reading.finished, timeout=NETWORK_MS)


def test_a_double_claimed_order_counts_once_until_the_manager_credits_it_with_a_reason(
    qtbot: QtBot, ops: Ops, api: HqApi, running_hq: Running, store_pc: Path
) -> None:
    org = running_hq.org
    first, second = org.ids[org.guide_e1], org.ids[org.guide_e1_b]
    _claim(api, org.guide_e1, "owner")
    _claim(api, org.guide_e1_b, "last_touch")
    assert _counted(api, org.admin) == [(first, True, False)]  # once, for the first claim

    page = _shown_page(qtbot, ops, running_hq, org.manager_east)
    assert page.queue.topLevelItemCount() == 1
    row = page.queue.currentItem()
    assert isinstance(row, QTreeWidgetItem) and row.text(1) == ORDER and row.text(2) == "2"
    assert row.text(3) == org.guide_e1  # counted for the first claim until decided
    # Both claims side by side, one column each.
    assert page.claims.columnCount() == 2
    names = [page.claims.item(GUIDE_ROW, column).text() for column in range(2)]  # type: ignore[union-attr]
    assert names == [org.guide_e1, org.guide_e1_b]
    amounts = {page.claims.item(AMOUNT_ROW, column).text() for column in range(2)}  # type: ignore[union-attr]
    assert amounts == {"¥1,299.00"}

    # Choose the second claim from the keyboard and credit it; a reason is required.
    page.claims.setFocus()
    qtbot.keyClick(page.claims, Qt.Key.Key_Right)
    chosen = page.chosen_claim()
    assert chosen is not None and chosen.guide_id == second
    qtbot.keyClick(page.claims, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.message.isVisible, timeout=NETWORK_MS)
    assert dialog.decided is None and _counted(api, org.admin) == [(first, True, False)]

    reason = "小票显示由她接待"
    type_chinese(dialog.reason, reason)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.decided is not None, timeout=NETWORK_MS)

    # The open queue empties; under "all" the order shows who decided, when and why.
    qtbot.waitUntil(lambda: page.queue.topLevelItemCount() == 0, timeout=NETWORK_MS)
    _choose_filter(qtbot, page, DisputeFilter.all)
    decided = page.queue.currentItem()
    assert decided is not None and decided.text(1) == ORDER and decided.text(3) == org.guide_e1_b
    assert org.manager_east in decided.text(5) and reason in decided.text(5)
    assert _counted(api, org.admin) == [(second, False, True)]  # settled: counted for the chosen guide only

    # A manager of another region has nothing in their queue, even under "all".
    south = _shown_page(qtbot, ops, running_hq, org.manager_south)
    _choose_filter(qtbot, south, DisputeFilter.all)
    assert south.queue.topLevelItemCount() == 0
    assert api(org.manager_south, "GET", "/sales/disputes", params={"state": "all"}).json() == []
