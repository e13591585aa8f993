"""My performance keeps HQ's last figures in the book: a bad answer changes nothing, offline shows the
last ones with their date, and new customers are counted per week and month on the PC's clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from guide_app.book.customers import CustomerFields, add_customer, soft_delete
from guide_app.book.models import Customer
from guide_app.book.store import Book
from guide_app.calls.performance import (
    PerformanceFigures,
    PeriodKind,
    fetch_my_performance,
    my_performance,
)
from guide_app.calls.sync import run_sync
from guide_app.errors import ErrorCode
from guide_app.sync.client import HqClient, MalformedAnswer, Offline, RetryPolicy
from tests.support.fake_hq import hq_transport
from tests.unit.guide_app.test_book_stats import stats_already_queued_today

Handler = Callable[[httpx.Request], httpx.Response]
FETCHED = datetime(2026, 11, 30, 10, 30, tzinfo=UTC)  # Monday 18:30 in Shanghai
WEEK_SALES = [
    1_259_00,
    866_00,
    2_319_00,
    0,
    1_499_00,
    3_128_00,
    2_085_00,
    1_796_00,
    4_356_00,
    2_697_00,
    5_188_00,
    1_299_00,
]
MONTH_SALES = [6_512_00, 7_980_00, 8_415_00, 9_268_00, 8_977_00, 16_035_00]  # November holds 11/2-11/30


def performance_answer(
    *,
    week_sales: list[int] = WEEK_SALES,
    month_sales: list[int] = MONTH_SALES,
    last_week: date = date(2026, 11, 30),
    last_month: date = date(2026, 11, 1),
    offset: int = 480,
) -> dict[str, Any]:
    """HQ's answer for a guide in store E1, as /me/performance gives it: 12 weeks, 6 months."""

    def period(start: date, sales_fen: int, index: int) -> dict[str, Any]:
        orders = sales_fen // 90_000 + (1 if sales_fen else 0)
        return {
            "start": start.isoformat(),
            "sales_fen": sales_fen,
            "orders": orders,
            "disputed_orders": 1 if index % 5 == 3 and orders else 0,
            "content_sent": 6 + index % 4 * 3,
            "tasks_done": 20 + index % 3 * 4,
            "tasks_target": 30,
        }

    weeks = [last_week - timedelta(weeks=len(week_sales) - 1 - i) for i in range(len(week_sales))]
    months = [_months_before(last_month, len(month_sales) - 1 - i) for i in range(len(month_sales))]
    return {
        "guide_id": 7,
        "utc_offset_minutes": offset,
        "as_of": FETCHED.isoformat(),
        "weeks": [
            period(start, fen, i) for i, (start, fen) in enumerate(zip(weeks, week_sales, strict=True))
        ],
        "months": [
            period(start, fen, i) for i, (start, fen) in enumerate(zip(months, month_sales, strict=True))
        ],
        "target_fen": 18_000_00,
        "store_target_fen": 80_000_00,
        "store_sales_fen": 61_382_00,
        "rank": {"position": 2, "of": 5},
    }


def _months_before(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def _answering(body: Any, status: int = 200) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/v1/me/performance"
        return httpx.Response(status, json=body)

    return handle


def _fetch(book: Book, handle: Handler, *, now: datetime = FETCHED) -> PerformanceFigures:
    async def scenario() -> PerformanceFigures:
        transport = hq_transport(handle)
        retry = RetryPolicy(attempts=1)
        async with HqClient("http://hq.test", "token", transport=transport, retry=retry) as client:
            return (await fetch_my_performance(book, client, now=now)).value

    return asyncio.run(scenario())


def _unreachable(_request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused")


def test_figures_are_asked_in_the_pcs_local_periods_and_kept_with_their_fetch_time(
    book: Book, shanghai_clock: None
) -> None:
    asked: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return _answering(performance_answer())(request)

    figures = _fetch(book, handle)

    params = dict(asked[0].url.params)
    assert params == {"weeks": "12", "months": "6", "utc_offset_minutes": "480"}
    kept = my_performance(book)
    assert kept == figures
    assert kept is not None and kept.fetched_at == FETCHED
    assert [period.sales_fen for period in kept.periods(PeriodKind.week)] == WEEK_SALES
    assert [period.sales_fen for period in kept.periods(PeriodKind.month)] == MONTH_SALES
    assert kept.this_month is not None and kept.this_month.start == date(2026, 11, 1)
    assert kept.hq.rank is not None and (kept.hq.rank.position, kept.hq.rank.of) == (2, 5)


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        ({**performance_answer(), "weeks": "twelve"}, "not what the protocol says"),
        ({**performance_answer(), "store_sales_fen": "¥4万"}, "not what the protocol says"),
        (performance_answer(last_week=date(2026, 12, 1)), "does not start on its first day"),
        (performance_answer(offset=0), "asked for +480"),
        (performance_answer(week_sales=[*WEEK_SALES[:-1], -100]), "negative figure"),
        (performance_answer(week_sales=[100] * 13), "13 weeks for 12 asked"),
        ({**performance_answer(), "rank": {"position": 6, "of": 5}}, "rank 6 of 5"),
    ],
)
def test_a_malformed_answer_changes_nothing_kept(
    book: Book, shanghai_clock: None, broken: dict[str, Any], why: str
) -> None:
    before = _fetch(book, _answering(performance_answer()))

    with pytest.raises(MalformedAnswer) as raised:
        _fetch(book, _answering(broken), now=FETCHED + timedelta(hours=1))

    assert why in raised.value.message and raised.value.code is ErrorCode.malformed_answer
    assert my_performance(book) == before


def test_months_that_skip_one_are_refused(book: Book, shanghai_clock: None) -> None:
    answer = performance_answer()
    answer["months"][3]["start"] = "2026-08-01"  # June, July, August twice: September is gone
    with pytest.raises(MalformedAnswer, match="not consecutive"):
        _fetch(book, _answering(answer))
    assert my_performance(book) is None


def test_offline_the_last_figures_show_with_their_date_and_say_they_may_be_behind(
    book: Book, shanghai_clock: None, tmp_path: Path
) -> None:
    _fetch(book, _answering(performance_answer()))

    with pytest.raises(Offline):
        _fetch(book, _unreachable, now=FETCHED + timedelta(days=1))
    figures = my_performance(book)
    assert figures is not None and figures.fetched_at == FETCHED and not figures.offline

    async def offline_sync() -> None:
        transport = hq_transport(_unreachable)
        retry = RetryPolicy(attempts=1)
        async with HqClient("http://hq.test", "token", transport=transport, retry=retry) as client:
            await run_sync(book, client, tmp_path / "assets")

    with pytest.raises(Offline):
        asyncio.run(offline_sync())
    figures = my_performance(book)
    assert figures is not None and figures.offline
    assert figures.fetched_at == FETCHED and figures.hq.weeks[-1].sales_fen == WEEK_SALES[-1]


def _customer_added(book: Book, name: str, added_at: datetime, *, deleted: bool = False) -> None:
    with book.writing() as session:
        customer_id = add_customer(session, CustomerFields(name=name))
        customer = session.get(Customer, customer_id)
        assert customer is not None
        customer.added_at = added_at
        if deleted:
            soft_delete(session, customer_id)


def test_new_customers_are_counted_per_week_and_month_on_the_pcs_clock(
    book: Book, shanghai_clock: None
) -> None:
    # Shanghai is UTC+8: Sunday 23:59 there is 15:59 UTC, Monday 00:30 is Sunday 16:30 UTC.
    _customer_added(book, "王丽", datetime(2026, 11, 29, 15, 59, tzinfo=UTC))  # Sun 29 Nov: week of 23 Nov
    _customer_added(book, "李强", datetime(2026, 11, 29, 16, 30, tzinfo=UTC))  # Mon 30 Nov: this week
    _customer_added(book, "张敏", datetime(2026, 11, 30, 1, 0, tzinfo=UTC))  # Mon 30 Nov: this week
    _customer_added(book, "曾小明", datetime(2026, 10, 31, 16, 0, tzinfo=UTC))  # 1 Nov 00:00: November
    _customer_added(book, "周婷", datetime(2026, 10, 31, 15, 0, tzinfo=UTC))  # 31 Oct 23:00: October
    _customer_added(book, "吴昊", datetime(2026, 11, 30, 1, 0, tzinfo=UTC), deleted=True)  # merged away

    figures = _fetch(book, _answering(performance_answer()))

    by_week = dict(
        zip((p.start for p in figures.hq.weeks), figures.new_customers(PeriodKind.week), strict=True)
    )
    assert by_week[date(2026, 11, 30)] == 2
    assert by_week[date(2026, 11, 23)] == 1
    assert by_week[date(2026, 10, 26)] == 2  # 周婷 (Sat 31 Oct) and 曾小明 (Sun 1 Nov)
    assert sum(by_week.values()) == 5
    by_month = dict(
        zip((p.start for p in figures.hq.months), figures.new_customers(PeriodKind.month), strict=True)
    )
    assert (by_month[date(2026, 11, 1)], by_month[date(2026, 10, 1)]) == (4, 1)


def test_a_sync_keeps_fresh_figures_and_an_hq_without_them_still_syncs(
    book: Book, shanghai_clock: None, tmp_path: Path
) -> None:
    empty_feed = {"changes": [], "next_cursor": 0, "has_more": False}

    def hq(figures: dict[str, Any] | None) -> Handler:
        def handle(request: httpx.Request) -> httpx.Response:
            if request.url.path == "/api/v1/sync/changes":
                return httpx.Response(200, json=empty_feed)
            if request.url.path == "/api/v1/me/performance" and figures is not None:
                return httpx.Response(200, json=figures)
            return httpx.Response(404, json={"code": "not_found", "detail": "Not Found"})

        return handle

    def sync(handle: Handler) -> None:
        async def scenario() -> None:
            async with HqClient("http://hq.test", "token", transport=hq_transport(handle)) as client:
                await run_sync(book, client, tmp_path / "assets")

        asyncio.run(scenario())

    stats_already_queued_today(book)
    sync(hq(None))
    assert my_performance(book) is None
    sync(hq(performance_answer()))
    figures = my_performance(book)
    assert figures is not None and figures.hq.months[-1].sales_fen == MONTH_SALES[-1]
    sync(hq({**performance_answer(), "weeks": None}))  # a broken answer: the sync still works
    assert my_performance(book) == figures
