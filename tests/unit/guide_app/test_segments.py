"""Segments: RFM and lifecycle stages by HQ's thresholds, their RFM tags, and upcoming birthdays."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, insert, select
from sqlmodel import col

from guide_app.book.birthdays import upcoming_birthdays
from guide_app.book.customers import CustomerFields, add_customer, soft_delete
from guide_app.book.hq_settings import SETTINGS_ID
from guide_app.book.models import Customer, CustomerTag, HqRecord, Tag
from guide_app.book.segments import (
    SegmentChanges,
    lifecycle_stage,
    refresh_segments,
    rfm_segment,
)
from guide_app.book.store import Book
from guide_app.book.tags import customer_tags, personal_tag, tag_customer
from guide_app.protocol import EntityKind, HqSettings, LifecycleStage, RfmSegment

pytestmark = pytest.mark.usefixtures("shanghai_clock")

SHANGHAI = timezone(timedelta(hours=8))
TODAY = date(2026, 6, 15)
DEFAULTS = HqSettings()


def _days_ago(days: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), datetime.min.time(), SHANGHAI) + timedelta(hours=12)


def _customer(
    book: Book,
    name: str = "王姐",
    *,
    added_days_ago: int = 400,
    bought_days_ago: int | None = None,
    purchases: int = 0,
    spent_fen: int = 0,
    birthday: date | None = None,
) -> str:
    with book.writing() as session:
        customer_id = add_customer(
            session, CustomerFields(name=name, birthday=birthday, added_at=_days_ago(added_days_ago))
        )
        customer = session.get(Customer, customer_id)
        assert customer is not None
        customer.purchase_count, customer.monetary_fen = purchases, spent_fen
        customer.last_purchase_at = None if bought_days_ago is None else _days_ago(bought_days_ago)
    return customer_id


def _stored(book: Book, customer_id: str) -> tuple[str, str | None, list[str]]:
    with book.reading() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        tags = [tag.name for tag in customer_tags(session, customer_id)]
        return customer.lifecycle_stage, customer.rfm_segment, tags


@pytest.mark.parametrize(
    ("recency_days", "purchases", "spent_fen", "segment"),
    [
        (10, 8, 900_000, RfmSegment.champions),
        (10, 8, 10_000, RfmSegment.loyal),  # buys often, spends little: not a champion
        (200, 5, 10_000, RfmSegment.loyal),
        (10, 1, 10_000, RfmSegment.new),
        (90, 1, 10_000, RfmSegment.new),  # 90 days is still R=4 ...
        (91, 1, 10_000, RfmSegment.hibernating),  # ... 91 is not
        (10, 3, 10_000, RfmSegment.potential),
        (200, 3, 10_000, RfmSegment.at_risk),
        (None, 3, 10_000, RfmSegment.at_risk),  # purchases without a known date count as long ago
        (100, 2, 10_000, RfmSegment.hibernating),
        (None, 0, 0, None),  # never bought: no segment
    ],
)
def test_rfm_scores_give_each_customer_one_segment(
    recency_days: int | None, purchases: int, spent_fen: int, segment: RfmSegment | None
) -> None:
    assert rfm_segment(recency_days, purchases, spent_fen, DEFAULTS) is segment


def test_hq_thresholds_change_the_segment_of_the_same_customer() -> None:
    strict = HqSettings(rfm_frequency=[3, 5, 10, 20])
    generous = HqSettings(rfm_frequency=[1, 2, 3, 4], rfm_monetary_fen=[1_000, 2_000, 3_000, 4_000])
    assert rfm_segment(20, 3, 100_000, DEFAULTS) is RfmSegment.potential
    assert rfm_segment(20, 3, 100_000, strict) is RfmSegment.potential
    assert rfm_segment(20, 3, 100_000, generous) is RfmSegment.champions
    assert rfm_segment(20, 2, 100_000, strict) is RfmSegment.new


@pytest.mark.parametrize(
    ("added_days", "bought_days", "touched_days", "stage"),
    [
        (10, None, None, LifecycleStage.new),
        (30, None, 2, LifecycleStage.new),  # touched, but not bought yet
        (10, 3, None, LifecycleStage.active),  # a first purchase ends "new"
        (40, None, None, LifecycleStage.active),  # added 40 days ago counts as the last contact
        (400, 90, None, LifecycleStage.active),
        (400, 91, None, LifecycleStage.dormant),
        (400, 200, 20, LifecycleStage.active),  # a recent message keeps a customer active
        (400, 365, None, LifecycleStage.dormant),
        (400, 366, None, LifecycleStage.lost),
        (400, None, None, LifecycleStage.lost),
    ],
)
def test_lifecycle_stage_follows_the_last_contact(
    added_days: int, bought_days: int | None, touched_days: int | None, stage: LifecycleStage
) -> None:
    bought = None if bought_days is None else _days_ago(bought_days)
    touched = None if touched_days is None else _days_ago(touched_days)
    assert lifecycle_stage(_days_ago(added_days), bought, touched, TODAY, DEFAULTS) is stage


def test_stage_counts_days_on_the_pcs_calendar() -> None:
    # 23:30 UTC on 14 June is 07:30 on the 15th in Shanghai: a purchase "today", not yesterday.
    bought = datetime(2026, 6, 14, 23, 30, tzinfo=UTC)
    strict = HqSettings(dormant_after_days=1, lost_after_days=2)
    assert lifecycle_stage(_days_ago(400), bought, None, date(2026, 6, 16), strict) is LifecycleStage.active
    assert lifecycle_stage(_days_ago(400), bought, None, date(2026, 6, 17), strict) is LifecycleStage.dormant


def test_refresh_stores_stage_and_segment_and_reports_only_who_moved(book: Book) -> None:
    regular = _customer(book, "李先生", bought_days_ago=5, purchases=6, spent_fen=200_000)
    newcomer = _customer(book, "张三", added_days_ago=3)
    gone = _customer(book, "刘洋", bought_days_ago=500, purchases=1, spent_fen=29_900)
    changes = refresh_segments(book, TODAY)
    assert changes.segments == {regular: RfmSegment.loyal, gone: RfmSegment.hibernating}
    assert _stored(book, regular)[:2] == ("active", "loyal")
    assert _stored(book, newcomer)[:2] == ("new", None)
    assert _stored(book, gone)[:2] == ("lost", "hibernating")
    assert refresh_segments(book, TODAY).segments == {}


def test_refresh_follows_hq_settings(book: Book) -> None:
    customer_id = _customer(book, bought_days_ago=20, purchases=3, spent_fen=100_000)
    refresh_segments(book, TODAY)
    assert _stored(book, customer_id)[1] == "potential"
    with book.writing() as session:
        settings = HqSettings(rfm_frequency=[1, 2, 3, 4], rfm_monetary_fen=[1_000, 2_000, 3_000, 4_000])
        session.add(HqRecord(entity=EntityKind.settings.value, id=SETTINGS_ID, data=settings.model_dump()))
    assert refresh_segments(book, TODAY).segments == {customer_id: RfmSegment.champions}


def test_a_customer_carries_one_rfm_tag_which_follows_the_segment(book: Book) -> None:
    customer_id = _customer(book, bought_days_ago=10, purchases=3, spent_fen=100_000)
    with book.writing() as session:
        tag_customer(session, customer_id, personal_tag(session, "喜欢黑色"))
    refresh_segments(book, TODAY)
    assert _stored(book, customer_id)[2] == ["RFM:潜力", "喜欢黑色"]
    with book.writing() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        customer.purchase_count, customer.monetary_fen = 9, 1_000_000
    refresh_segments(book, TODAY)
    assert _stored(book, customer_id)[2] == ["RFM:重要价值", "喜欢黑色"]


def test_refresh_leaves_deleted_customers_alone(book: Book) -> None:
    customer_id = _customer(book, bought_days_ago=10, purchases=3, spent_fen=100_000)
    with book.writing() as session:
        soft_delete(session, customer_id)
    assert refresh_segments(book, TODAY).segments == {}
    assert _stored(book, customer_id)[:2] == ("new", None)


def _birthday_names(book: Book, today: date, within_days: int) -> list[tuple[str, date, int]]:
    with book.reading() as session:
        return [
            (found.name, found.celebrate_on, found.days_until)
            for found in upcoming_birthdays(session, today, within_days)
        ]


def test_upcoming_birthdays_run_across_the_new_year(book: Book) -> None:
    _customer(book, "王姐", birthday=date(1985, 1, 2))
    _customer(book, "李四", birthday=date(1990, 12, 30))
    _customer(book, "张三", birthday=date(1990, 12, 27))  # just past
    _customer(book, "刘洋", birthday=date(1990, 1, 10))  # too far ahead
    assert _birthday_names(book, date(2026, 12, 28), 7) == [
        ("李四", date(2026, 12, 30), 2),
        ("王姐", date(2027, 1, 2), 5),
    ]


def test_a_29_february_birthday_is_celebrated_on_the_28th_in_common_years(book: Book) -> None:
    _customer(book, "陈静", birthday=date(1992, 2, 29))
    assert _birthday_names(book, date(2027, 2, 27), 1) == [("陈静", date(2027, 2, 28), 1)]
    assert _birthday_names(book, date(2028, 2, 27), 1) == []
    assert _birthday_names(book, date(2028, 2, 27), 2) == [("陈静", date(2028, 2, 29), 2)]


def _timed(work: Callable[[], SegmentChanges]) -> tuple[float, SegmentChanges]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def test_refresh_of_a_large_book_moves_everyone_in_one_transaction_and_is_stable(book: Book) -> None:
    # Its speed at 200k customers is measured by `make bench`; this checks the bulk paths' results.
    added = _days_ago(400)
    rows = []
    for number in range(30_000):
        bought_days = number % 500
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "name": f"客户{number}",
                "added_at": added,
                "last_purchase_at": _days_ago(bought_days) if number % 7 else None,
                "purchase_count": 0 if number % 7 == 0 else number % 11,
                "monetary_fen": (number % 13) * 100_000,
                "created_at": added,
                "updated_at": added,
            }
        )
    with book.writing() as session:
        session.execute(insert(Customer.__table__), rows)  # type: ignore[attr-defined]
    first, changes = _timed(lambda: refresh_segments(book, TODAY))
    again, unchanged = _timed(lambda: refresh_segments(book, TODAY))
    with book.writing() as session:
        settings = HqSettings(rfm_frequency=[1, 2, 3, 4], rfm_monetary_fen=[1_000, 2_000, 3_000, 4_000])
        session.add(HqRecord(entity=EntityKind.settings.value, id=SETTINGS_ID, data=settings.model_dump()))
    retag, moved = _timed(lambda: refresh_segments(book, TODAY))
    print(
        f"\nrefresh 30k: first {first:.2f} s ({len(changes.segments)} moved), "
        f"unchanged {again:.2f} s, after new HQ thresholds {retag:.2f} s ({len(moved.segments)} moved)"
    )
    assert unchanged.segments == {} and unchanged.stages_changed == 0
    with book.reading() as session:
        segmented = session.execute(
            select(func.count()).select_from(Customer).where(col(Customer.rfm_segment).is_not(None))
        ).scalar_one()
        rfm_tagged = session.execute(
            select(func.count()).select_from(CustomerTag).join(Tag).where(col(Tag.name).startswith("RFM:"))
        ).scalar_one()
    assert segmented == rfm_tagged == len(changes.segments) > 22_500
    assert len(moved.segments) > 0
