"""Book statistics pushed by a guide: stored once, the newest report winning, counts per day kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from hq.core.db import Database, run_with_database
from hq.models import BookStats, GuideDayAdded
from tests.hq.conftest import Hq
from tests.hq.test_sale_corrections import push
from tests.support.events import book_stats_event, sale_event, stats_cell

MONTH = "2026-10"
T0 = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)


def team_row(hq: Hq, login: str, month: str = MONTH) -> dict[str, Any]:
    answer = hq.client.get("/api/v1/team", params={"month": month}, headers=hq.auth(hq.org.admin))
    assert answer.status_code == 200, answer.text
    [row] = [guide for guide in answer.json()["guides"] if guide["login"] == login]
    return dict(row)


def days_added(hq: Hq, guide_id: int) -> dict[str, int]:
    async def read(database: Database) -> dict[str, int]:
        async with database.reading() as session:
            rows = await session.execute(
                select(col(GuideDayAdded.day), col(GuideDayAdded.customers)).where(
                    col(GuideDayAdded.guide_id) == guide_id
                )
            )
            return {day: customers for day, customers in rows}

    return run_with_database(hq.settings, read)


def stats_rows(hq: Hq) -> list[tuple[int, str]]:
    async def read(database: Database) -> list[tuple[int, str]]:
        async with database.reading() as session:
            rows = await session.execute(select(col(BookStats.guide_id), col(BookStats.event_id)))
            return [(guide_id, event_id) for guide_id, event_id in rows]

    return run_with_database(hq.settings, read)


def test_statistics_are_stored_once_and_the_newest_report_wins(hq: Hq) -> None:
    guide = hq.org.guide_e1
    first = book_stats_event(
        [stats_cell("active", 30, "loyal", VIP=4), stats_cell("new", 10)],
        day=date(2026, 10, 20),
        as_of=T0,
        added_per_day={date(2026, 10, 18): 3, date(2026, 10, 20): 2, date(2026, 9, 30): 5},
        overdue_follow_ups=6,
    )
    assert [result["status"] for result in push(hq, guide, [first])] == ["accepted"]
    assert [result["status"] for result in push(hq, guide, [first])] == ["duplicate"]
    older = book_stats_event(
        [stats_cell("active", 99)],
        day=date(2026, 10, 19),
        as_of=T0 - timedelta(hours=20),
        added_per_day={date(2026, 10, 18): 9, date(2026, 10, 19): 1},
        overdue_follow_ups=50,
    )
    assert [result["status"] for result in push(hq, guide, [older])] == ["accepted"]
    row = team_row(hq, guide)
    assert (row["customers"], row["overdue_follow_ups"], row["stats_day"]) == (40, 6, "2026-10-20")
    # October's new customers: the first report's days (the older report's 19th was within the
    # newer one's window, where it names no customers added).
    assert row["new_customers"] == 5
    assert days_added(hq, hq.org.ids[guide]) == {"2026-09-30": 5, "2026-10-18": 3, "2026-10-20": 2}

    newer = book_stats_event(
        [stats_cell("active", 31, "loyal", VIP=4), stats_cell("new", 8)],
        day=date(2026, 10, 21),
        as_of=T0 + timedelta(days=1),
        added_per_day={date(2026, 10, 21): 4, date(2026, 10, 20): 1},
        overdue_follow_ups=2,
    )
    push(hq, guide, [newer])
    row = team_row(hq, guide)
    assert (row["customers"], row["overdue_follow_ups"], row["stats_day"]) == (39, 2, "2026-10-21")
    # The 18th and Sept 30th lie in the newer report's window and it names none added on them:
    # those customers were deleted or merged since.
    assert row["new_customers"] == 5
    assert days_added(hq, hq.org.ids[guide]) == {"2026-10-20": 1, "2026-10-21": 4}
    assert stats_rows(hq) == [(hq.org.ids[guide], newer["id"])]


def test_reports_in_one_batch_keep_the_newest_whatever_their_order(hq: Hq) -> None:
    guide = hq.org.guide_e2
    newest = book_stats_event(
        [stats_cell("active", 12)], day=date(2026, 10, 22), as_of=T0 + timedelta(days=2)
    )
    old = book_stats_event(
        [stats_cell("active", 7)],
        day=date(2026, 8, 1),
        as_of=T0 - timedelta(days=80),
        added_per_day={date(2026, 7, 30): 7},
    )
    results = push(hq, guide, [newest, old])
    assert [result["status"] for result in results] == ["accepted", "accepted"]
    assert team_row(hq, guide)["customers"] == 12
    # The old report's day lies outside the newest one's window, so it still counts.
    assert days_added(hq, hq.org.ids[guide]) == {"2026-07-30": 7}


def test_managers_and_hq_cannot_push_book_statistics(hq: Hq) -> None:
    for login in (hq.org.manager_east, hq.org.admin):
        [result] = push(hq, login, [book_stats_event([stats_cell("active", 5)], as_of=T0)])
        assert result["status"] == "rejected"
        assert "guide" in result["reason"]
    assert stats_rows(hq) == []


def test_a_statistics_body_that_does_not_add_up_is_rejected_alone(hq: Hq) -> None:
    guide = hq.org.guide_e1
    sale = sale_event("STATS-1", 45_600, sold_at=T0)
    bad = book_stats_event([stats_cell("active", 10), stats_cell("lost", 5)], as_of=T0, customers=16)
    twice = book_stats_event([stats_cell("active", 3), stats_cell("active", 4)], as_of=T0)
    good = book_stats_event([stats_cell("dormant", 9, "at_risk", 沉睡=2)], as_of=T0, overdue_follow_ups=1)
    results = push(hq, guide, [sale, bad, twice, good])
    assert [result["status"] for result in results] == ["accepted", "rejected", "rejected", "accepted"]
    assert "add up" in results[1]["reason"]
    assert "once" in results[2]["reason"]
    row = team_row(hq, guide)
    assert (row["sales_fen"], row["orders"], row["customers"], row["overdue_follow_ups"]) == (45_600, 1, 9, 1)
    # The rejection is remembered: a replay answers the same.
    [again] = push(hq, guide, [bad])
    assert again == {**results[1], "id": bad["id"]}
