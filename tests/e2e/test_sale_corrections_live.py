"""Against a real HQ: two guides of one store claim the same order and the first is told so in plain
words; an amend and a void travel as new events, and HQ's sales listing shows them right."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from guide_app.book.customers import CustomerFields
from guide_app.book.sales import SaleLine
from guide_app.book.store import Book, open_book
from guide_app.calls import customers, sales
from guide_app.calls.sync import SyncOutcome, run_sync
from guide_app.protocol import SaleCorrectionAction
from guide_app.sync.client import HqClient
from guide_app.sync.problems import UploadState
from guide_app.timeutil import utcnow
from tests.e2e.conftest import Running, hq_sales_total

COAT, SCARF, SOCKS = "E1-0001", "E1-0002", "E1-0003"


def _book_with_buyer(path: Path) -> tuple[Book, str]:
    book = open_book(path, take_backup=False)
    fields = CustomerFields(name="张三", phone="13800138000", added_at=utcnow() - timedelta(days=30))
    return book, customers.add_customer(book, fields).value


def _record(book: Book, buyer: str, order_no: str, amount_fen: int) -> str:
    return sales.record_sale(book, order_no, amount_fen, [SaleLine("大衣", 1, amount_fen)], buyer).value.id


def _sync(running: Running, book: Book, token: str, tmp_path: Path) -> SyncOutcome:
    async def scenario() -> SyncOutcome:
        async with HqClient(running.live.base_url, token) as client:
            return await run_sync(book, client, tmp_path / "assets")

    return asyncio.run(scenario())


def _mine(book: Book) -> dict[str, sales.SaleRow]:
    return {row.order_no: row for row in sales.my_sales(book)}


def _hq_sales(running: Running, token: str, include_voided: bool) -> dict[str, dict[str, Any]]:
    answer = httpx.get(
        f"{running.live.base_url}/api/v1/sales",
        params={"include_voided": "true" if include_voided else "false"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    answer.raise_for_status()
    return {sale["order_no"]: sale for sale in answer.json()}


def test_a_second_claim_is_shown_as_a_dispute_and_corrections_reach_hq(
    running_hq: Running, tmp_path: Path
) -> None:
    first, second = running_hq.org.guide_e1, running_hq.org.guide_e1_b  # both of store E1
    token_a, token_b = running_hq.token(first), running_hq.token(second)
    book_a, buyer_a = _book_with_buyer(tmp_path / "a.sqlite3")
    book_b, buyer_b = _book_with_buyer(tmp_path / "b.sqlite3")
    try:
        _record(book_a, buyer_a, COAT, 129_900)
        scarf, socks = _record(book_a, buyer_a, SCARF, 59_900), _record(book_a, buyer_a, SOCKS, 19_900)
        _sync(running_hq, book_a, token_a, tmp_path)
        assert {row.upload for row in _mine(book_a).values()} == {UploadState.counted}

        _record(book_b, buyer_b, COAT, 129_900)
        _sync(running_hq, book_b, token_b, tmp_path)
        assert _mine(book_b)[COAT].upload is UploadState.disputed

        _sync(running_hq, book_a, token_a, tmp_path)
        coat = _mine(book_a)[COAT]
        assert coat.upload is UploadState.disputed
        assert coat.words == (
            f"Disputed: {second} also claims order {COAT}; counted for you until your manager settles it."
        )

        amend = SaleCorrectionAction.amend
        sales.correct_sale(book_a, scarf, action=amend, amount_fen=49_900, reason="会员折扣漏录")
        sales.correct_sale(book_a, socks, action=amend, amount_fen=9_900, reason="买一送一")
        sales.correct_sale(book_a, socks, action=SaleCorrectionAction.void, reason="顾客退货")
        outcome = _sync(running_hq, book_a, token_a, tmp_path)
        assert outcome.problems == []
        mine = _mine(book_a)
        assert mine[SCARF].words == "Counted at HQ for you. Amended to ¥499.00 at HQ."
        assert mine[SOCKS].words == "Voided: HQ no longer counts it."

        listed = _hq_sales(running_hq, token_a, include_voided=True)
        assert (listed[SCARF]["amount_fen"], listed[SCARF]["original_amount_fen"]) == (49_900, 59_900)
        assert listed[SOCKS]["voided"] is True
        assert set(_hq_sales(running_hq, token_a, include_voided=False)) == {COAT, SCARF}
        assert hq_sales_total(running_hq) == (2, 129_900 + 49_900)

        # The first guide voids the disputed order: HQ counts the second's claim, and says so.
        sales.correct_sale(book_a, coat.id, action=SaleCorrectionAction.void, reason="不是我卖的")
        _sync(running_hq, book_a, token_a, tmp_path)
        _sync(running_hq, book_b, token_b, tmp_path)
        theirs = _mine(book_b)[COAT]
        assert theirs.upload is UploadState.counted
        assert theirs.words == f"Counted for you: the other claims on order {COAT} were withdrawn."
        assert set(_hq_sales(running_hq, token_b, include_voided=False)) == {COAT}
    finally:
        book_a.close()
        book_b.close()
