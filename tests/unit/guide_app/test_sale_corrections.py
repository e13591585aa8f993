"""Correcting a sale: an amend or a void travels as a new upload after the sale's own, the sale,
the buyer's totals and timeline follow it at once, a void is final, and every refusal names the
field it is about and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select

from guide_app.book.customers import CustomerFields
from guide_app.book.hq_settings import SETTINGS_ID
from guide_app.book.models import Customer, HqRecord, Interaction, Outbox
from guide_app.book.outbox import OutboxStatus
from guide_app.book.sales import SaleLine
from guide_app.book.store import Book
from guide_app.calls import customers, sales
from guide_app.changes import Area
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import (
    AttributionReason,
    AttributionRule,
    EntityKind,
    EventKind,
    HqSettings,
    SaleCorrectionAction,
)
from guide_app.sync.problems import UploadState
from tests.unit.guide_app.test_book_stats import stats_already_queued_today
from tests.unit.guide_app.test_sync_report import _feed, _push_answers, _sync

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
AMEND, VOID = SaleCorrectionAction.amend, SaleCorrectionAction.void


def _buyer(book: Book, name: str = "王丽娟") -> str:
    fields = CustomerFields(name=name, phone="13800138000", added_at=NOW - timedelta(days=30))
    return customers.add_customer(book, fields).value


def _sale(book: Book, buyer: str, order_no: str, amount_fen: int, days_ago: int = 0) -> str:
    lines = [SaleLine("羽绒服", 1, amount_fen)]
    return sales.record_sale(
        book, order_no, amount_fen, lines, buyer, NOW - timedelta(days=days_ago)
    ).value.id


def _customer(book: Book, customer_id: str) -> Customer:
    with book.reading() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        return customer


def _row(book: Book, sale_id: str) -> sales.SaleRow:
    return next(row for row in sales.my_sales(book) if row.id == sale_id)


def _outbox(book: Book) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, kind, body) in the order the push sends them."""
    with book.reading() as session:
        rows = session.execute(
            select(Outbox.id, Outbox.kind, Outbox.body).order_by(Outbox.created_at, Outbox.id)
        ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def _count(book: Book, table: type) -> int:
    with book.reading() as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_void_takes_the_sale_out_of_the_buyers_totals_and_is_final(book: Book) -> None:
    buyer = _buyer(book)
    older = _sale(book, buyer, "A1001", 59_900, days_ago=3)
    newest = _sale(book, buyer, "A1002", 129_900, days_ago=1)

    voided = sales.correct_sale(book, newest, action=VOID, reason="顾客当天退货")

    assert voided.changes.touches(Area.sales, Area.outbox, Area.timeline)
    assert voided.changes.touches_customer(buyer) and not voided.changes.touches_customer("someone-else")
    customer = _customer(book, buyer)
    assert (customer.purchase_count, customer.monetary_fen) == (1, 59_900)
    assert customer.last_purchase_at == NOW - timedelta(days=3)  # the sale left is now the last
    row = _row(book, newest)
    assert row.voided and row.amount_fen == 129_900 and row.original_amount_fen is None
    assert row.correction_upload is UploadState.waiting
    assert row.words == (
        "Waiting to upload: it goes to HQ with the next sync. Voided here; HQ learns of it at the next sync."
    )
    events = _outbox(book)
    for action, amount in ((VOID, None), (AMEND, 100)):
        with pytest.raises(GuideError) as refused:
            sales.correct_sale(book, newest, action=action, amount_fen=amount, reason="再改一次")
        assert refused.value.code is ErrorCode.sale_voided
    assert _outbox(book) == events
    assert not _row(book, older).voided


def test_amending_twice_keeps_the_latest_amount_and_the_first_one_recorded(book: Book) -> None:
    buyer = _buyer(book)
    sale_id = _sale(book, buyer, "A2001", 129_900)

    sales.correct_sale(book, sale_id, action=AMEND, amount_fen=119_900, reason="会员折扣漏录")
    second = sales.correct_sale(
        book,
        sale_id,
        action=AMEND,
        amount_fen=99_900,
        lines=[SaleLine("羽绒服", 1, 99_900)],
        reason="店长改价",
    )

    row = _row(book, sale_id)
    assert (row.amount_fen, row.original_amount_fen, row.voided) == (99_900, 129_900, False)
    assert row.lines == (SaleLine("羽绒服", 1, 99_900),)
    assert row.words.endswith("Amended to ¥999.00; HQ learns of it at the next sync.")
    customer = _customer(book, buyer)
    assert (customer.purchase_count, customer.monetary_fen) == (1, 99_900)
    kinds = [(kind, body.get("amount_fen")) for _id, kind, body in _outbox(book)]
    assert kinds == [("sale", 129_900), ("sale_correction", 119_900), ("sale_correction", 99_900)]
    first_at, second_at = (
        body["corrected_at"] for _id, kind, body in _outbox(book) if kind == "sale_correction"
    )
    assert first_at < second_at  # HQ keeps the latest corrected_at among amends
    assert second.value.correction_id == _outbox(book)[-1][0]
    with book.reading() as session:
        notes = session.execute(
            select(Interaction.text).where(Interaction.sale_id == sale_id, Interaction.kind == "note")
        ).scalars()
        assert sorted(notes) == [
            "A2001 ¥1,199.00 → ¥999.00 · 店长改价",
            "A2001 ¥1,299.00 → ¥1,199.00 · 会员折扣漏录",
        ]


@pytest.mark.parametrize(
    ("action", "amount_fen", "lines", "reason", "code", "field"),
    [
        (AMEND, 129_900, [], "改价", ErrorCode.sale_amount_unchanged, "amount_fen"),
        (AMEND, -100, [], "改价", ErrorCode.sale_invalid, "amount_fen"),
        (AMEND, None, [], "改价", ErrorCode.sale_invalid, "amount_fen"),
        (AMEND, 99_900, [SaleLine("羽绒服", 1, 89_900)], "改价", ErrorCode.sale_items_mismatch, "items"),
        (AMEND, 99_900, [], "  ", ErrorCode.correction_reason_missing, "reason"),
        (VOID, None, [], "", ErrorCode.correction_reason_missing, "reason"),
        (VOID, 100, [], "退货", ErrorCode.sale_invalid, "amount_fen"),
        (AMEND, 99_900, [], "x" * 201, ErrorCode.sale_invalid, "reason"),
    ],
)
def test_a_refused_correction_names_its_field_and_writes_nothing(
    book: Book,
    action: SaleCorrectionAction,
    amount_fen: int | None,
    lines: list[SaleLine],
    reason: str,
    code: ErrorCode,
    field: str,
) -> None:
    buyer = _buyer(book)
    sale_id = _sale(book, buyer, "A3001", 129_900)
    before = (_outbox(book), _row(book, sale_id), _count(book, Interaction))

    with pytest.raises(GuideError) as refused:
        sales.correct_sale(book, sale_id, action=action, amount_fen=amount_fen, lines=lines, reason=reason)

    assert refused.value.code is code and refused.value.details["field"] == field
    assert (_outbox(book), _row(book, sale_id), _count(book, Interaction)) == before
    assert _customer(book, buyer).monetary_fen == 129_900


def test_correcting_a_sale_not_in_the_book_is_refused(book: Book) -> None:
    with pytest.raises(GuideError) as refused:
        sales.correct_sale(book, "00000000-0000-4000-8000-000000000000", action=VOID, reason="退货")
    assert refused.value.code is ErrorCode.sale_missing


def _accept_all(event: dict[str, Any]) -> dict[str, Any]:
    return {"id": event["id"], "status": "accepted"}


def test_corrections_of_a_sale_still_waiting_reach_hq_after_it_in_the_order_made(
    book: Book, tmp_path: Path
) -> None:
    buyer = _buyer(book)
    sale_id = _sale(book, buyer, "A4001", 129_900)
    stats_already_queued_today(book)
    sales.correct_sale(book, sale_id, action=AMEND, amount_fen=119_900, reason="折扣")
    sales.correct_sale(book, sale_id, action=VOID, reason="退货")
    sent: list[tuple[str, str]] = []

    def hq(event: dict[str, Any]) -> dict[str, Any]:
        sent.append((event["kind"], event["body"].get("action", "")))
        return _accept_all(event)

    outcome = _sync(book, tmp_path, {"/api/v1/sync/changes": _feed(), "/api/v1/sync/push": _push_answers(hq)})

    assert sent == [("sale", ""), ("sale_correction", "amend"), ("sale_correction", "void")]
    assert outcome.report.pushed.accepted == 3 and outcome.problems == []
    row = _row(book, sale_id)
    assert (row.upload, row.correction_upload, row.voided) == (UploadState.counted, UploadState.counted, True)
    assert row.words == "Voided: HQ no longer counts it."


def test_a_sale_hq_refused_can_be_voided_here_only_and_not_amended(book: Book, tmp_path: Path) -> None:
    buyer = _buyer(book)
    sale_id = _sale(book, buyer, "A5001", 59_900)
    stats_already_queued_today(book)

    def refuse(event: dict[str, Any]) -> dict[str, Any]:
        return {"id": event["id"], "status": "rejected", "reason": "only a store guide records sales"}

    _sync(book, tmp_path, {"/api/v1/sync/changes": _feed(), "/api/v1/sync/push": _push_answers(refuse)})
    with pytest.raises(GuideError) as refused:
        sales.correct_sale(book, sale_id, action=AMEND, amount_fen=49_900, reason="改价")
    assert refused.value.code is ErrorCode.sale_refused_by_hq

    voided = sales.correct_sale(book, sale_id, action=VOID, reason="录错了")

    assert voided.value.correction_id is None
    assert [kind for _id, kind, _body in _outbox(book)] == [EventKind.sale.value]
    row = _row(book, sale_id)
    assert row.voided and row.correction_upload is None
    assert row.words == "Voided here; HQ never counted it."
    assert _customer(book, buyer).purchase_count == 0


def test_a_correction_hq_refuses_is_shown_with_hqs_reason(book: Book, tmp_path: Path) -> None:
    buyer = _buyer(book)
    sale_id = _sale(book, buyer, "A6001", 59_900)

    def hq(event: dict[str, Any]) -> dict[str, Any]:
        if event["kind"] == "sale_correction":
            return {"id": event["id"], "status": "rejected", "reason": "HQ holds no sale of yours"}
        return _accept_all(event)

    sales.correct_sale(book, sale_id, action=AMEND, amount_fen=49_900, reason="改价")
    _sync(book, tmp_path, {"/api/v1/sync/changes": _feed(), "/api/v1/sync/push": _push_answers(hq)})

    row = _row(book, sale_id)
    assert (row.upload, row.correction_upload) == (UploadState.counted, UploadState.rejected)
    assert row.words == "Counted at HQ for you. HQ refused the correction: HQ holds no sale of yours"


def test_a_purged_customers_sale_can_still_be_voided(book: Book) -> None:
    buyer = _buyer(book)
    sale_id = _sale(book, buyer, "A7001", 59_900)
    customers.purge_customer(book, buyer)

    voided = sales.correct_sale(book, sale_id, action=VOID, reason="退货")

    assert voided.value.customer_id is None and voided.changes.touches(Area.sales)
    assert not voided.changes.touches(Area.customers)
    assert _row(book, sale_id).voided


def test_the_attribution_preview_says_why_the_sale_is_credited(book: Book) -> None:
    owner = _buyer(book)
    with book.writing() as session:
        customer = session.get(Customer, owner)
        assert customer is not None
        customer.added_at = NOW - timedelta(days=3)

    preview = sales.explain_attribution(book, owner, NOW)

    assert (preview.reason, preview.since, preview.days) == (
        AttributionReason.owner,
        NOW - timedelta(days=3),
        3,
    )
    assert preview.words == "credited to you: you added this customer 3 day(s) ago"
    assert sales.attribution_preview(book, owner, NOW) is AttributionReason.owner


def test_a_later_customer_touched_within_the_window_is_credited_by_last_touch(book: Book) -> None:
    late = _buyer(book, "李娜")
    with book.writing() as session:
        customer = session.get(Customer, late)
        assert customer is not None
        customer.added_at, customer.last_touch_at = NOW + timedelta(hours=1), NOW - timedelta(days=2)

    preview = sales.explain_attribution(book, late, NOW)

    assert (preview.reason, preview.days, preview.window_days) == (AttributionReason.last_touch, 2, 7)
    assert preview.words == "credited to you: you last contacted them 2 day(s) ago, within HQ's 7-day window"


def _hq_rule(book: Book, rule: AttributionRule) -> None:
    settings = HqSettings(attribution_rule=rule)
    with book.writing() as session:
        session.merge(
            HqRecord(entity=EntityKind.settings.value, id=SETTINGS_ID, data=settings.model_dump(mode="json"))
        )


def test_hqs_rule_decides_between_the_book_owner_and_a_recent_contact(book: Book) -> None:
    old, late = _buyer(book), _buyer(book, "李娜")
    with book.writing() as session:
        for customer_id, added, touched in (
            (old, NOW - timedelta(days=200), NOW - timedelta(days=100)),  # owner, no recent contact
            (late, NOW + timedelta(hours=1), NOW - timedelta(days=2)),  # added after, contacted lately
        ):
            customer = session.get(Customer, customer_id)
            assert customer is not None
            customer.added_at, customer.last_touch_at = added, touched

    _hq_rule(book, AttributionRule.owner_only)
    assert sales.explain_attribution(book, old, NOW).reason is AttributionReason.owner
    with pytest.raises(GuideError) as refused:
        sales.explain_attribution(book, late, NOW)
    assert refused.value.code is ErrorCode.sale_not_attributable
    assert refused.value.details["rule"] is AttributionRule.owner_only

    _hq_rule(book, AttributionRule.last_touch_only)
    assert sales.explain_attribution(book, late, NOW).reason is AttributionReason.last_touch
    with pytest.raises(GuideError) as refused:
        sales.explain_attribution(book, old, NOW)  # in the book for long, but not contacted lately
    assert refused.value.details["rule"] is AttributionRule.last_touch_only


def test_the_outbox_body_of_a_correction_is_what_hqs_schema_accepts(book: Book) -> None:
    buyer = _buyer(book)
    sale_id = _sale(book, buyer, "A8001", 59_900)
    sales.correct_sale(book, sale_id, action=VOID, reason=" 退货 ")
    body = _outbox(book)[-1][2]
    assert orjson.loads(orjson.dumps(body)) == {
        "sale_id": sale_id,
        "action": "void",
        "amount_fen": None,
        "items": [],
        "reason": "退货",
        "corrected_at": body["corrected_at"],
    }
    assert _outbox(book)[-1][1] == EventKind.sale_correction.value
    with book.reading() as session:
        assert (
            session.execute(select(Outbox.status).where(Outbox.id == sale_id)).scalar()
            == OutboxStatus.pending
        )


def test_an_order_number_is_one_order_whatever_case_it_is_typed_in(book: Book) -> None:
    buyer = _buyer(book)
    first = _sale(book, buyer, "jd20261130088", 129_900)
    assert _row(book, first).order_no == "JD20261130088"  # kept, and sent to HQ, in capitals
    [(_, _, body)] = [event for event in _outbox(book) if event[1] == EventKind.sale.value]
    assert body["order_no"] == "JD20261130088"
    with pytest.raises(GuideError) as again:
        _sale(book, buyer, "JD20261130088", 129_900)
    assert again.value.code == ErrorCode.order_recorded


def test_a_sale_of_nothing_is_refused_and_nothing_is_written(book: Book) -> None:
    buyer = _buyer(book)
    with pytest.raises(GuideError) as refused:
        sales.record_sale(book, "JD0", 0, [], buyer, NOW)
    assert (refused.value.code, refused.value.details.get("field")) == (ErrorCode.sale_invalid, "amount_fen")
    assert _outbox(book) == [] and sales.my_sales(book) == []
