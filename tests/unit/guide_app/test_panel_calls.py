"""guide_app/calls/panel.py: one read gives the panel a customer and the content suited to their stage."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from guide_app.book.followups import FollowUpKind
from guide_app.book.models import ContentAsset
from guide_app.book.store import Book
from guide_app.book.timeline import InteractionKind
from guide_app.calls.customers import delete_customer
from guide_app.calls.followups import plan_follow_up
from guide_app.calls.panel import SUITED_LIMIT, content_for_stage, panel_customer
from guide_app.calls.timeline import log_interaction
from guide_app.errors import ErrorCode, NotFound
from tests.support.tasks import put_customer

NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)


def put_staged_content(
    book: Book,
    title: str,
    kind: str = "script",
    stages: list[str] | None = None,
    body: str = "",
    valid_until: datetime | None = None,
    updated_at: datetime = NOW,
) -> str:
    """An item as pulled from HQ: `data` holds HQ's ContentPublic, with the `stages` it suits.
    (tests/support/content_library.py makes fuller rows, but with Qt: the core's tests stay Qt-free.)"""
    data = {"body": body, "link_url": None, "stages": stages or []}
    row = ContentAsset(
        id=str(uuid.uuid4()),
        kind=kind,
        title=title,
        data=data,
        valid_until=valid_until,
        updated_at=updated_at,
    )
    with book.writing() as session:
        session.add(row)
    return row.id


def test_content_for_a_stage_is_what_hq_meant_for_it_or_for_any_stage_scripts_first(book: Book) -> None:
    put_staged_content(book, "新客海报", kind="poster", stages=["new"])
    put_staged_content(book, "沉睡唤醒话术", stages=["dormant"], body="好久不见")
    put_staged_content(book, "通用开场话术", stages=[], body="您好", updated_at=NOW - timedelta(days=1))
    put_staged_content(book, "新客欢迎话术", stages=["new", "active"], body="欢迎")
    put_staged_content(book, "过期新客话术", stages=["new"], valid_until=NOW - timedelta(days=1))

    suited = content_for_stage(book, "new", NOW)

    assert [piece.title for piece in suited] == ["新客欢迎话术", "通用开场话术", "新客海报"]
    assert suited[0].text == "欢迎"
    assert [piece.title for piece in content_for_stage(book, "dormant", NOW)] == [
        "沉睡唤醒话术",
        "通用开场话术",
    ]


def test_scripts_made_for_the_stage_come_before_scripts_for_any_stage(book: Book) -> None:
    put_staged_content(book, "沉睡唤醒话术", stages=["dormant"], updated_at=NOW - timedelta(days=30))
    put_staged_content(book, "会员日话术", stages=[], updated_at=NOW)
    put_staged_content(book, "唤醒海报", kind="poster", stages=["dormant"], updated_at=NOW)
    suited = content_for_stage(book, "dormant", NOW)
    assert [piece.title for piece in suited] == ["沉睡唤醒话术", "会员日话术", "唤醒海报"]


def test_content_for_a_stage_is_a_short_list(book: Book) -> None:
    for number in range(SUITED_LIMIT + 5):
        put_staged_content(book, f"话术{number}", stages=["active"])
    assert len(content_for_stage(book, "active", NOW)) == SUITED_LIMIT


def test_the_panel_reads_the_customer_with_follow_ups_latest_entry_and_filled_scripts(book: Book) -> None:
    customer_id = put_customer(
        book, "王丽", stage="dormant", tags=("羽绒服",), wecom_remark="王姐-0512-羽绒服M"
    )
    put_staged_content(book, "沉睡唤醒话术", stages=["dormant"], body="{称呼}，好久不见")
    put_staged_content(book, "新客欢迎话术", stages=["new"])
    logged = log_interaction(book, customer_id, InteractionKind.message, "问了尺码", at=NOW)
    plan_follow_up(book, customer_id, NOW + timedelta(days=1), FollowUpKind.call)

    shown = panel_customer(book, customer_id, NOW)

    assert shown.customer.name == "王丽" and shown.customer.wecom_remark == "王姐-0512-羽绒服M"
    assert shown.customer.last_touch_at == NOW
    assert [tag.name for tag in shown.tags] == ["羽绒服"]
    assert [follow_up.kind for follow_up in shown.open_follow_ups] == ["call"]
    assert shown.latest_entry is not None and shown.latest_entry.id == logged.value
    assert [(piece.title, piece.text) for piece in shown.suited_content] == [
        ("沉睡唤醒话术", "王姐，好久不见")
    ]


def test_a_deleted_customer_is_refused_so_the_panel_can_say_they_are_gone(book: Book) -> None:
    customer_id = put_customer(book, "李娜")
    delete_customer(book, customer_id)
    with pytest.raises(NotFound) as refused:
        panel_customer(book, customer_id, NOW)
    assert refused.value.code is ErrorCode.customer_missing
