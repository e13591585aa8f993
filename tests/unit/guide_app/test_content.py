"""Content on the PC: only valid items are offered; sends reach the timeline and HQ's counts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from guide_app.book.content import library, pieces, record_sent, record_usage
from guide_app.book.customers import CustomerFields, add_customer, live_customer
from guide_app.book.models import ContentAsset, Outbox
from guide_app.book.store import Book
from guide_app.book.timeline import timeline
from guide_app.protocol import ContentAction
from tests.support.tasks import put_content

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def _item(
    title: str, valid_from: datetime | None = None, valid_until: datetime | None = None
) -> ContentAsset:
    return ContentAsset(
        id=str(uuid.uuid4()),
        kind="poster",
        title=title,
        campaign="双11预热",
        data={},
        valid_from=valid_from,
        valid_until=valid_until,
    )


def test_only_items_valid_now_are_offered(book: Book) -> None:
    with book.writing() as session:
        session.add_all(
            [
                _item("常青海报"),
                _item("已过期", valid_until=NOW - timedelta(days=1)),
                _item("未开始", valid_from=NOW + timedelta(days=1)),
                _item("本周有效", NOW - timedelta(days=1), NOW + timedelta(days=6)),
            ]
        )
    with book.reading() as session:
        assert sorted(item.title for item in library(session, NOW)) == ["常青海报", "本周有效"]
        assert [item.title for item in library(session, NOW, text="本周")] == ["本周有效"]


def test_sending_content_logs_the_touch_and_queues_each_use_for_hq(book: Book) -> None:
    with book.writing() as session:
        poster = _item("冬季新品")
        session.add(poster)
        customer = add_customer(session, CustomerFields(name="王丽"))
    with book.writing() as session:
        for _ in range(3):
            record_sent(session, poster.id, customer)
    with book.reading() as session:
        assert [entry.kind for entry in timeline(session, customer)] == ["content_sent"] * 3
        assert live_customer(session, customer).last_touch_at is not None
        events = list(session.execute(select(Outbox)).scalars())
    assert len(events) == 3 and {event.body["count"] for event in events} == {1}
    assert {event.kind for event in events} == {"content_usage"}


def test_a_waiting_usage_event_is_never_changed(book: Book) -> None:
    """The push may already be sending it: a changed body under the same id would be lost."""
    with book.writing() as session:
        poster = _item("会员日")
        session.add(poster)
    with book.writing() as session:
        record_usage(session, poster.id, ContentAction.copied)
    with book.reading() as session:
        [first] = session.execute(select(Outbox)).scalars()
        before = dict(first.body)
    with book.writing() as session:
        record_usage(session, poster.id, ContentAction.copied)
    with book.reading() as session:
        assert session.get(Outbox, first.id).body == before
        assert session.query(Outbox).count() == 2


def test_a_tasks_content_comes_with_the_words_to_paste_in_the_tasks_order(book: Book) -> None:
    script = put_content(book, "生日祝福", "王姐生日快乐！送您一张满减券～")
    link = put_content(book, "新品页", "冬季新品上市", kind="link", link_url="https://shop.example.cn/w")
    poster = put_content(book, "冬季海报", kind="poster")
    with book.reading() as session:
        found = pieces(session, [link, str(uuid.uuid4()), poster, script])
    assert [(piece.title, piece.text) for piece in found] == [
        ("新品页", "冬季新品上市\nhttps://shop.example.cn/w"),
        ("冬季海报", ""),
        ("生日祝福", "王姐生日快乐！送您一张满减券～"),
    ]
