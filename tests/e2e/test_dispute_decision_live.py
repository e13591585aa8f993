"""Against a real HQ: two guides of store E1 claim one order, their manager credits it to the second,
and after a sync both guides' Sales views say who got the credit, by whom and why, and the month's
totals move the sale from the first guide to the second."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.book.sales import SaleLine
from guide_app.book.store import Book, open_book
from guide_app.calls import customers, sales
from guide_app.calls.sync import run_sync
from guide_app.sync.client import HqClient
from guide_app.sync.problems import UploadState
from guide_app.timeutil import utcnow
from tests.e2e.conftest import Running, hq_sales_of
from ui.messages import sale_words
from ui.models.sales import SalesColumn
from ui.ops import Ops
from ui.views.sales import SalesView

ORDER = "JD1234"
AMOUNT_FEN = 129_900
REASON = "小票上是第二位导购的工号"
WAIT = 10_000


@pytest.fixture
def books(tmp_path: Path) -> Iterator[tuple[Book, Book]]:
    first = open_book(tmp_path / "a.sqlite3", take_backup=False)
    second = open_book(tmp_path / "b.sqlite3", take_backup=False)
    yield first, second
    first.close()
    second.close()


def _claim(book: Book) -> str:
    """The guide's own customer buys the coat of order JD1234: the sale's id is its claim's id."""
    fields = CustomerFields(name="张三", phone="13800138000", added_at=utcnow() - timedelta(days=30))
    buyer = customers.add_customer(book, fields).value
    line = [SaleLine("羊绒大衣", 1, AMOUNT_FEN)]
    return sales.record_sale(book, ORDER, AMOUNT_FEN, line, buyer).value.id


def _sync(running: Running, book: Book, login: str, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with HqClient(running.live.base_url, running.token(login)) as client:
            await run_sync(book, client, tmp_path / "assets")

    asyncio.run(scenario())


def _decide(running: Running, credit_event_id: str) -> dict[str, object]:
    answer = httpx.post(
        f"{running.live.base_url}/api/v1/sales/disputes/decide",
        json={
            "store_id": running.org.store_ids["E1"],
            "order_no": ORDER,
            "credit_event_id": credit_event_id,
            "reason": REASON,
        },
        headers={"Authorization": f"Bearer {running.token(running.org.manager_east)}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _row(book: Book) -> sales.SaleRow:
    [row] = sales.my_sales(book)
    return row


def _shown(qtbot: QtBot, ops: Ops) -> SalesView:
    view = SalesView(ops)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitUntil(lambda: view.totals is not None and view.model.rowCount() == 1, timeout=WAIT)
    return view


def test_a_managers_decision_reaches_both_guides_sales_views_and_moves_the_credit(
    qapp: QApplication, qtbot: QtBot, running_hq: Running, books: tuple[Book, Book], tmp_path: Path
) -> None:
    first_login, second_login = running_hq.org.guide_e1, running_hq.org.guide_e1_b
    book_a, book_b = books
    _claim(book_a)
    _sync(running_hq, book_a, first_login, tmp_path)
    second_claim = _claim(book_b)
    _sync(running_hq, book_b, second_login, tmp_path)
    assert _row(book_b).upload is UploadState.disputed  # counted for the first claim until decided

    decided = _decide(running_hq, second_claim)
    assert decided["decided"] is True and decided["decision_reason"] == REASON
    for book, login in ((book_a, first_login), (book_b, second_login)):
        _sync(running_hq, book, login, tmp_path)

    lost, won = _row(book_a), _row(book_b)
    manager = running_hq.org.manager_east  # the seeded accounts are named after their logins
    assert lost.credited_elsewhere and lost.upload is UploadState.disputed
    assert lost.words == (
        f"Not counted for you: your manager {manager} credited order {ORDER} to {second_login}. "
        f"Reason: {REASON}"
    )
    assert not won.credited_elsewhere and won.upload is UploadState.counted
    assert won.words == (
        f"Counted for you: your manager {manager} settled order {ORDER} in your favour. Reason: {REASON}"
    )
    [counted] = hq_sales_of(running_hq, running_hq.token(second_login), ORDER)
    assert counted["id"] == second_claim and counted["decided"] is True
    assert hq_sales_of(running_hq, running_hq.token(first_login), ORDER) == []

    ops_a, ops_b = Ops(book_a), Ops(book_b)
    try:
        view_a, view_b = _shown(qtbot, ops_a), _shown(qtbot, ops_b)
        for view, row in ((view_a, lost), (view_b, won)):
            state = view.model.index(0, SalesColumn.state).data()
            assert state == sale_words(row.standing) and manager in state and REASON in state
            assert REASON in view.detail_label.text()
        assert view_a.totals is not None and view_b.totals is not None
        assert (view_a.totals.count, view_a.totals.amount_fen, view_a.totals.credited_elsewhere) == (0, 0, 1)
        assert (view_b.totals.count, view_b.totals.amount_fen, view_b.totals.disputed) == (1, AMOUNT_FEN, 0)
    finally:
        ops_a.shutdown(wait=True)
        ops_b.shutdown(wait=True)
