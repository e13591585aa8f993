"""Demo books: the variety the demo promises, no twins on a second run, and bulk speed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from guide_app.book.birthdays import upcoming_birthdays
from guide_app.book.models import Customer, CustomerTag, FollowUp, Interaction, Outbox, Sale, Tag, TagGroup
from guide_app.book.store import Book, open_book
from guide_app.book.tags import TagSource, apply_hq_group
from guide_app.demo.book import CUSTOMERS_PER_COMMIT, make_demo_book, write_demo_customers
from guide_app.demo.guides import DEMO_GUIDES, DEMO_PASSWORD
from guide_app.timeutil import local_midnight
from hq.demo.chain import DEMO_PASSWORD as HQ_DEMO_PASSWORD
from hq.demo.chain import STORES, TAG_GROUPS

pytestmark = pytest.mark.usefixtures("shanghai_clock")

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # a Saturday, 11:00 in the store


def _with_hq_tag_groups(book: Book) -> Book:
    """The book as the first sync leaves it: HQ's demo tag groups are there."""
    with book.writing() as session:
        for number, group in enumerate(TAG_GROUPS):
            apply_hq_group(session, f"group-{number}", group.name, group.single_choice, list(group.tags))
    return book


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    """One 500-customer book for the module's tests, made on a store PC's clock (UTC+8)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Asia/Shanghai")
        time.tzset()
        book = _with_hq_tag_groups(open_book(tmp_path_factory.mktemp("demo") / "book.sqlite3"))
        make_demo_book(book, "sh001.wang", 500, NOW)
    time.tzset()
    yield book
    book.close()


def _count(book: Book, *query: object) -> int:
    with book.reading() as session:
        return int(session.execute(*query).scalar_one())  # type: ignore[call-overload]


def test_the_desktop_knows_the_demo_chain_s_password_and_guides() -> None:
    assert DEMO_PASSWORD == HQ_DEMO_PASSWORD
    assert list(DEMO_GUIDES) == [login for login, _name in STORES[0].guides]


def test_a_demo_book_carries_hq_tags_from_every_group_and_personal_ones(demo_book: Book) -> None:
    with demo_book.reading() as session:
        groups = dict(
            session.execute(
                select(col(TagGroup.name), func.count(func.distinct(col(CustomerTag.customer_id))))
                .join(Tag, col(Tag.group_id) == col(TagGroup.id))
                .join(CustomerTag, col(CustomerTag.tag_id) == col(Tag.id))
                .group_by(col(TagGroup.name))
            ).all()
        )
        sources = set(session.execute(select(col(TagGroup.source))).scalars())
    assert groups["客户等级"] == 500  # single choice: everyone has a level
    assert {"偏好品类", "尺码", "来源渠道", "活动", "个人标签"} <= set(groups)
    assert {TagSource.hq.value, TagSource.personal.value} <= sources


def test_a_demo_book_has_customers_in_every_stage(demo_book: Book) -> None:
    with demo_book.reading() as session:
        stages = dict(
            session.execute(
                select(col(Customer.lifecycle_stage), func.count()).group_by(col(Customer.lifecycle_stage))
            ).all()
        )
        names = list(session.execute(select(col(Customer.name))).scalars())
    assert set(stages) == {"new", "active", "dormant", "lost"}, stages
    assert all(2 <= len(name) <= 3 for name in names)
    assert len(set(names)) > 400  # Chinese names, few twins


def test_a_demo_book_has_follow_ups_due_today_overdue_and_later(demo_book: Book) -> None:
    today = local_midnight(NOW.astimezone().date())
    tomorrow = today + timedelta(days=1)
    due = col(FollowUp.due_at)
    is_open = col(FollowUp.status) == "open"
    overdue = _count(demo_book, select(func.count()).where(is_open, due < today))
    due_today = _count(demo_book, select(func.count()).where(is_open, due >= today, due < tomorrow))
    later = _count(demo_book, select(func.count()).where(is_open, due >= tomorrow))
    done = _count(demo_book, select(func.count()).where(col(FollowUp.status) == "done"))
    assert overdue > 0 and due_today > 0 and later > 0 and done > 0


def test_a_demo_book_has_birthdays_this_week_and_a_timeline(demo_book: Book) -> None:
    with demo_book.reading() as session:
        birthdays = upcoming_birthdays(session, NOW.astimezone().date(), within_days=7)
        kinds = set(session.execute(select(col(Interaction.kind))).scalars())
    assert birthdays
    assert {"message", "call", "visit", "note", "content_sent", "purchase"} <= kinds


def test_demo_sales_are_in_fen_add_up_and_wait_to_upload(demo_book: Book) -> None:
    with demo_book.reading() as session:
        sales = list(session.execute(select(Sale)).scalars())
        pending = session.execute(select(col(Outbox.body))).scalars().all()
        monetary = session.execute(select(func.sum(col(Customer.monetary_fen)))).scalar_one()
    assert len(sales) > 200
    for sale in sales:
        assert isinstance(sale.amount_fen, int) and 19_900 * 0.8 <= sale.amount_fen <= 2 * 4 * 299_900
        assert sale.amount_fen == sum(item["qty"] * item["unit_price_fen"] for item in sale.items)
        assert sale.sold_at <= NOW
    assert len(pending) == len(sales)  # each sale's event is in the outbox for the next sync
    assert monetary == sum(sale.amount_fen for sale in sales) == sum(body["amount_fen"] for body in pending)
    assert any(sale.sold_at.astimezone().isoweekday() >= 6 for sale in sales)


def test_making_the_demo_book_again_adds_no_twins_and_growing_it_adds_the_rest(tmp_path: Path) -> None:
    book = _with_hq_tag_groups(open_book(tmp_path / "book.sqlite3"))
    try:
        first = make_demo_book(book, "sh001.zeng", 120, NOW)
        counts = [_count(book, select(func.count()).select_from(table)) for table in (Customer, Sale, Outbox)]
        again = make_demo_book(book, "sh001.zeng", 120, NOW + timedelta(days=1))
        assert (again.customers_added, again.sales_recorded) == (0, 0)
        assert again.sales_fen == first.sales_fen
        assert [
            _count(book, select(func.count()).select_from(table)) for table in (Customer, Sale, Outbox)
        ] == (counts)
        grown = make_demo_book(book, "sh001.zeng", 150, NOW)
        assert grown.customers_added == 30
        assert _count(book, select(func.count()).select_from(Customer)) == 150
    finally:
        book.close()


def test_a_big_demo_book_is_written_whole_across_its_commits(tmp_path: Path) -> None:
    """Several commits' worth of customers: every one arrives with its tags, follow-ups and
    timeline (how fast is tests/bench's business, not a test's)."""
    count = CUSTOMERS_PER_COMMIT + 7
    book = _with_hq_tag_groups(open_book(tmp_path / "book.sqlite3"))
    try:
        added, planned = write_demo_customers(book, "sh002.zhang", count, NOW)
        customers = _count(book, select(func.count()).select_from(Customer))
        tagged = _count(book, select(func.count(func.distinct(CustomerTag.customer_id))))
        with_history = _count(book, select(func.count(func.distinct(Interaction.customer_id))))
        with_follow_ups = _count(book, select(func.count(func.distinct(FollowUp.customer_id))))
    finally:
        book.close()
    assert added == customers == count
    assert tagged == count and with_history > count // 2  # everyone tagged, most with a history
    assert 0 < with_follow_ups < count and planned
