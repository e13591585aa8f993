"""Against a real HQ: a guide's sync pushes the day's book statistics once, HQ shows them to the
guide's manager, and what HQ stores of them holds HQ's tags in counts and nothing personal."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from guide_app.book.customers import CustomerFields
from guide_app.book.models import FollowUp
from guide_app.book.store import Book, open_book
from guide_app.calls import customers, tags
from guide_app.calls.sync import SyncOutcome, run_sync
from guide_app.protocol import EventKind
from guide_app.sync.client import HqClient
from guide_app.sync.run import SyncReport, sync_once
from tests.e2e.conftest import Running

WANG = CustomerFields(name="王丽娟", phone="13800138000", wecom_remark="王姐-南京西路店")


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Book]:
    opened = open_book(tmp_path / "book.sqlite3", take_backup=False)
    yield opened
    opened.close()


def _headers(running: Running, login: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {running.token(login)}"}


def _publish_levels(running: Running) -> None:
    answer = httpx.post(
        f"{running.live.base_url}/api/v1/tag-groups",
        json={"name": "客户等级", "single_choice": True, "tags": ["普通", "金卡"]},
        headers=_headers(running, running.org.admin),
        timeout=30,
    )
    assert answer.status_code == 201, answer.text


def _sync(running: Running, book: Book, login: str, tmp_path: Path) -> SyncOutcome:
    async def scenario() -> SyncOutcome:
        async with HqClient(running.live.base_url, running.token(login)) as client:
            return await run_sync(book, client, tmp_path / "assets")

    return asyncio.run(scenario())


def _sync_on(running: Running, book: Book, login: str, tmp_path: Path, day: date) -> SyncReport:
    async def scenario() -> SyncReport:
        async with HqClient(running.live.base_url, running.token(login)) as client:
            return await sync_once(book, client, tmp_path / "assets", today=day)

    return asyncio.run(scenario())


def _figures_of(running: Running, login: str, month: date) -> dict[str, Any]:
    """The guide's line on their manager's team page, for the PC's month in the PC's offset."""
    offset = datetime.now().astimezone().utcoffset()
    assert offset is not None
    answer = httpx.get(
        f"{running.live.base_url}/api/v1/team",
        params={"month": month.strftime("%Y-%m"), "utc_offset_minutes": int(offset.total_seconds() // 60)},
        headers=_headers(running, running.org.manager_east),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    [guide] = [guide for guide in answer.json()["guides"] if guide["login"] == login]
    return dict(guide)


def _stored_at_hq(running: Running, login: str) -> tuple[str, list[dict[str, Any]]]:
    """The day and the cells HQ holds for the guide."""
    engine = create_engine(running.settings.sqlalchemy_url)
    try:
        with engine.connect() as connection:
            day, cells = connection.execute(
                text(
                    "SELECT s.day, s.cells FROM book_stats s JOIN account a ON a.id = s.guide_id "
                    "WHERE a.login = :login"
                ),
                {"login": login},
            ).one()
    finally:
        engine.dispose()
    return str(day), json.loads(cells) if isinstance(cells, str) else cells


def _book_of_three(book: Book) -> str:
    """王丽娟 and 李娜 added today, 张伟 weeks ago; one follow-up of 王丽娟's is a day overdue."""
    now = datetime.now(UTC)
    wang = customers.add_customer(book, WANG).value
    customers.add_customer(book, CustomerFields(name="李娜", added_at=now))
    customers.add_customer(book, CustomerFields(name="张伟", added_at=now - timedelta(days=45)))
    with book.writing() as session:
        session.add(
            FollowUp(id=str(uuid.uuid4()), customer_id=wang, due_at=now - timedelta(days=1), kind="call")
        )
    return wang


def _tag_gold_and_a_personal_word(book: Book, customer_id: str) -> None:
    gold = next(tag for tag in tags.all_tags(book) if tag.name == "金卡")
    tags.tag_customers(book, [customer_id], gold.id)
    tags.tag_customers(book, [customer_id], tags.add_personal_tag(book, "爱砍价").value)


def test_a_guides_sync_gives_their_manager_the_days_book_statistics_once(
    running_hq: Running, book: Book, tmp_path: Path
) -> None:
    guide = running_hq.org.guide_e1
    _publish_levels(running_hq)
    wang = _book_of_three(book)
    today = datetime.now().astimezone().date()

    first = _sync(running_hq, book, guide, tmp_path)

    assert first.report.stats_queued and first.report.pushed.refused == []
    figures = _figures_of(running_hq, guide, today)
    assert (figures["customers"], figures["overdue_follow_ups"], figures["stats_day"]) == (
        3,
        1,
        today.isoformat(),
    )
    assert figures["new_customers"] == 2

    _tag_gold_and_a_personal_word(book, wang)
    again = _sync(running_hq, book, guide, tmp_path)
    assert not again.report.stats_queued  # once a local day: the tag waits for tomorrow's counts
    assert all(cell["tags"] == {} for cell in _stored_at_hq(running_hq, guide)[1])

    tomorrow = _sync_on(running_hq, book, guide, tmp_path, today + timedelta(days=1))
    assert tomorrow.stats_queued and tomorrow.pushed.refused == []
    day, cells = _stored_at_hq(running_hq, guide)
    assert day == (today + timedelta(days=1)).isoformat()
    assert {cell["stage"]: cell["tags"] for cell in cells} == {"new": {"金卡": 1}, "active": {}}
    stored = json.dumps(cells, ensure_ascii=False)
    for personal in ("王丽娟", "李娜", "13800138000", "王姐", "爱砍价", wang):
        assert personal not in stored
    with book.reading() as session:
        kinds = [kind for (kind,) in session.execute(text("SELECT kind FROM outbox"))]
    assert kinds.count(EventKind.book_stats.value) == 2
