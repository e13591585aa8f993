"""HQ's notices of disputed orders: a counted sale another guide also claims shows as disputed and
by whom, a settled or withdrawn dispute shows who it counts for, and a notice that does not hang
together is refused with its whole page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from guide_app.book.customers import CustomerFields
from guide_app.book.models import HqRecord, Sale
from guide_app.book.sales import SaleLine
from guide_app.book.store import Book
from guide_app.calls import customers, sales
from guide_app.calls.sync import SyncOutcome, sale_upload_states
from guide_app.changes import Area
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import dispute_id
from guide_app.sync.problems import UploadState
from guide_app.sync.pull import read_cursor
from tests.unit.guide_app.test_sync_report import _feed, _push_answers, _sync

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
STORE = 7
ORDER = "E1-1234"
OTHER_CLAIM = "6f1d2c1e-8a5b-4c1e-9a7d-2b9f3c4d5e6f"
STAMP = "2026-11-30T03:00:00Z"


def _recorded(book: Book) -> str:
    fields = CustomerFields(name="张三", phone="13800138000", added_at=NOW - timedelta(days=30))
    buyer = customers.add_customer(book, fields).value
    return sales.record_sale(book, ORDER, 129_900, [SaleLine("大衣", 1, 129_900)], buyer, NOW).value.id


def _claim(event_id: str, name: str, guide_id: int, voided: bool = False) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "guide_id": guide_id,
        "guide_name": name,
        "amount_fen": 129_900,
        "received_at": STAMP,
        "voided": voided,
    }


def _notice(
    seq: int, counted: str | None, counted_name: str, *claims: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    data = {
        "store_id": STORE,
        "order_no": ORDER,
        "counted_event_id": counted,
        "counted_guide_name": counted_name,
        "claims": list(claims),
        **extra,
    }
    return {
        "seq": seq,
        "entity": "sale_dispute",
        "id": dispute_id(STORE, ORDER),
        "op": "upsert",
        "data": data,
    }


def _accepting(flags: list[str] | None = None) -> Any:
    def answer(event: dict[str, Any]) -> dict[str, Any]:
        return {"id": event["id"], "status": "accepted", "flags": flags or []}

    return _push_answers(answer)


def _sync_feed(
    book: Book, tmp_path: Path, *changes: dict[str, Any], flags: list[str] | None = None
) -> SyncOutcome:
    return _sync(
        book, tmp_path, {"/api/v1/sync/changes": _feed(*changes), "/api/v1/sync/push": _accepting(flags)}
    )


def _row(book: Book, sale_id: str) -> sales.SaleRow:
    [row] = [row for row in sales.my_sales(book) if row.id == sale_id]
    return row


def test_a_counted_sale_another_guide_claims_shows_as_disputed_and_by_whom(
    book: Book, tmp_path: Path
) -> None:
    mine = _recorded(book)
    _sync_feed(book, tmp_path)
    assert _row(book, mine).upload is UploadState.counted

    outcome = _sync_feed(
        book,
        tmp_path,
        _notice(1, mine, "王丽娟", _claim(mine, "王丽娟", 11), _claim(OTHER_CLAIM, "李娜", 12)),
    )

    assert outcome.changes.touches(Area.sales)
    row = _row(book, mine)
    assert row.upload is UploadState.disputed
    assert (
        row.words
        == "Disputed: 李娜 also claims order E1-1234; counted for you until your manager settles it."
    )
    assert sale_upload_states(book, [mine])[mine].state is UploadState.disputed


def test_a_dispute_settled_for_this_guide_counts_with_the_managers_words(book: Book, tmp_path: Path) -> None:
    mine = _recorded(book)
    claims = (_claim(mine, "王丽娟", 11), _claim(OTHER_CLAIM, "李娜", 12))
    _sync_feed(book, tmp_path, _notice(1, mine, "王丽娟", *claims))

    _sync_feed(
        book,
        tmp_path,
        _notice(2, mine, "王丽娟", *claims, decided_by="赵经理", decision_reason="小票上是王丽娟的工号"),
    )

    row = _row(book, mine)
    assert row.upload is UploadState.counted
    assert row.words == (
        "Counted for you: your manager 赵经理 settled order E1-1234 in your favour. "
        "Reason: 小票上是王丽娟的工号"
    )


def test_the_second_claimant_sees_whom_it_counts_for_and_is_counted_once_the_first_voids(
    book: Book, tmp_path: Path
) -> None:
    mine = _recorded(book)
    _sync_feed(book, tmp_path, flags=["order_disputed"])
    assert _row(book, mine).words == (
        "Disputed: another guide of your store claimed order E1-1234 first; your manager will settle it."
    )

    first = _claim(OTHER_CLAIM, "王丽娟", 11)
    _sync_feed(book, tmp_path, _notice(1, OTHER_CLAIM, "王丽娟", first, _claim(mine, "李娜", 12)))
    row = _row(book, mine)
    assert row.upload is UploadState.disputed
    assert (
        row.words
        == "Disputed: 王丽娟 also claims order E1-1234; counted for 王丽娟 until your manager settles it."
    )

    voided_first = _claim(OTHER_CLAIM, "王丽娟", 11, voided=True)
    _sync_feed(book, tmp_path, _notice(2, mine, "李娜", voided_first, _claim(mine, "李娜", 12)))
    row = _row(book, mine)
    assert row.upload is UploadState.counted
    assert row.words == "Counted for you: the other claims on order E1-1234 were withdrawn."


def test_a_withdrawn_notice_unmarks_the_sale(book: Book, tmp_path: Path) -> None:
    mine = _recorded(book)
    _sync_feed(
        book,
        tmp_path,
        _notice(1, mine, "王丽娟", _claim(mine, "王丽娟", 11), _claim(OTHER_CLAIM, "李娜", 12)),
    )
    tombstone = {"seq": 2, "entity": "sale_dispute", "id": dispute_id(STORE, ORDER), "op": "delete"}

    _sync_feed(book, tmp_path, tombstone)

    assert _row(book, mine).upload is UploadState.counted
    with book.reading() as session:
        assert session.get(HqRecord, ("sale_dispute", dispute_id(STORE, ORDER))) is None


def _hostile(mine: str) -> list[tuple[dict[str, Any], str]]:
    """Notices that must be refused, and words of the refusal that say why."""
    good = (_claim(mine, "王丽娟", 11), _claim(OTHER_CLAIM, "李娜", 12))
    wrong_order = _notice(1, mine, "王丽娟", *good)
    wrong_order["id"] = dispute_id(STORE, "E1-9999")  # it would mark this order's sales under another id
    bad_amount = _notice(1, mine, "王丽娟", good[0], {**good[1], "amount_fen": "很多"})
    counts_a_stranger = _notice(1, "0b7e4f55-0000-4000-8000-000000000000", "李娜", *good)
    return [
        (wrong_order, "not about the order it names"),
        (counts_a_stranger, "counts a claim it does not list"),
        (_notice(1, None, ""), "lists no claims"),
        (_notice(1, mine, "王丽娟", good[0], good[0]), "one claim twice"),
        (bad_amount, "amount_fen"),
        (_notice(1, mine, "王丽娟", *good) | {"data": None}, "carries no data"),
    ]


@pytest.mark.parametrize("which", range(6))
def test_a_notice_that_does_not_hang_together_is_refused_and_changes_nothing(
    book: Book, tmp_path: Path, which: int
) -> None:
    mine = _recorded(book)
    _sync_feed(book, tmp_path)
    with book.reading() as session:
        cursor = read_cursor(session)

    notice, why = _hostile(mine)[which]
    with pytest.raises(GuideError) as refused:
        _sync_feed(book, tmp_path, notice)

    assert refused.value.code is ErrorCode.malformed_answer and why in refused.value.message
    with book.reading() as session:
        assert read_cursor(session) == cursor
        assert session.get(HqRecord, ("sale_dispute", dispute_id(STORE, ORDER))) is None
        sale = session.get(Sale, mine)
        assert sale is not None and sale.dispute_id is None
    assert _row(book, mine).upload is UploadState.counted
