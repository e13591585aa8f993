"""Against a real HQ: My performance, fetched at the end of a sync, equals HQ's sales listing for the
guide week by week and month by month, to the fen — sales on the periods' edges, an amend, a void
and a disputed order included — and the store's rank and total add up with the other guide's sales."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from guide_app.book.customers import CustomerFields
from guide_app.book.sales import SaleLine
from guide_app.book.store import Book, open_book
from guide_app.calls import customers, sales
from guide_app.calls.performance import PeriodKind, my_performance, period_end
from guide_app.calls.sync import run_sync
from guide_app.protocol import PerformancePeriod, SaleCorrectionAction
from guide_app.sync.client import HqClient
from guide_app.timeutil import utcnow
from tests.e2e.conftest import Running
from tests.unit.guide_app.conftest import shanghai_clock  # noqa: F401  (a fixture: the PC is in China)

pytestmark = pytest.mark.usefixtures("shanghai_clock")

SHANGHAI = timezone(timedelta(hours=8))
GUIDE_TARGET_FEN, STORE_TARGET_FEN = 18_000_00, 80_000_00


@dataclass
class Seeded:
    """What the first guide sold, as HQ should count it after the corrections: order → (when, fen)."""

    counted: dict[str, tuple[datetime, int]]
    disputed_order: str
    other_guide_this_month_fen: int


@dataclass
class Hq:
    """The running HQ, signed in once per login (a sign-in is an argon2 check, slow on purpose)."""

    running: Running
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, login: str) -> str:
        if login not in self.tokens:
            self.tokens[login] = self.running.token(login)
        return self.tokens[login]

    def call(self, method: str, path: str, login: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token(login)}"}
        url = f"{self.running.live.base_url}/api/v1{path}"
        answer = httpx.request(method, url, headers=headers, timeout=30, **kwargs)
        answer.raise_for_status()
        return answer.json()

    def sync(self, book: Book, login: str, tmp_path: Path) -> None:
        """One sync as the guide's app runs it: pull, push, files, and My performance at its end."""

        async def scenario() -> None:
            async with HqClient(self.running.live.base_url, self.token(login)) as client:
                await run_sync(book, client, tmp_path / "assets")

        asyncio.run(scenario())


def _book_with_buyer(path: Path) -> tuple[Book, str]:
    book = open_book(path, take_backup=False)
    fields = CustomerFields(
        name="王丽", wecom_remark="王姐-0512-羽绒服M", added_at=utcnow() - timedelta(days=220)
    )
    return book, customers.add_customer(book, fields).value


def _record(book: Book, buyer: str, order_no: str, amount_fen: int, sold_at: datetime) -> str:
    line = SaleLine("羊毛大衣", 1, amount_fen)
    return sales.record_sale(book, order_no, amount_fen, [line], buyer, sold_at).value.id


def _local(day: date, seconds: int = 0) -> datetime:
    return datetime.combine(day, time(), tzinfo=SHANGHAI) + timedelta(seconds=seconds)


def _sale_times(now: datetime, rng: random.Random) -> list[datetime]:
    """Seconds either side of this week's and this and last month's first midnight (Shanghai), and
    sales spread over four months; none later than now."""
    today = now.astimezone(SHANGHAI).date()
    monday = today - timedelta(days=today.weekday())
    month_first = today.replace(day=1)
    last_month_first = (month_first - timedelta(days=1)).replace(day=1)
    edges = [
        _local(first, seconds) for first in (monday, month_first, last_month_first) for seconds in (-30, 30)
    ]
    spread = [now - timedelta(days=rng.uniform(0.1, 120)) for _ in range(22)]
    return [min(moment, now - timedelta(minutes=1)) for moment in edges + spread]


def _seed(hq: Hq, tmp_path: Path) -> tuple[Book, Seeded]:
    """The first guide records 28 sales and corrects three; the second claims one of its orders and
    sells more this month. Both sync as their apps would."""
    org, rng, now = hq.running.org, random.Random(10), utcnow()
    book_a, buyer_a = _book_with_buyer(tmp_path / "a.sqlite3")
    counted: dict[str, tuple[datetime, int]] = {}
    ids: dict[str, str] = {}
    for number, sold_at in enumerate(_sale_times(now, rng)):
        order_no, amount = f"E1P-{number:04d}", rng.randint(19_900, 299_950)
        ids[order_no] = _record(book_a, buyer_a, order_no, amount, sold_at)
        counted[order_no] = (sold_at, amount)
    hq.sync(book_a, org.guide_e1, tmp_path)
    amend, void = SaleCorrectionAction.amend, SaleCorrectionAction.void
    sales.correct_sale(book_a, ids["E1P-0007"], action=amend, amount_fen=88_850, reason="会员折扣漏录")
    sales.correct_sale(book_a, ids["E1P-0008"], action=amend, amount_fen=50_000, reason="输错金额")
    sales.correct_sale(book_a, ids["E1P-0008"], action=amend, amount_fen=45_990, reason="再次核对小票")
    sales.correct_sale(book_a, ids["E1P-0009"], action=void, reason="顾客退货")
    counted["E1P-0007"] = (counted["E1P-0007"][0], 88_850)
    counted["E1P-0008"] = (counted["E1P-0008"][0], 45_990)
    del counted["E1P-0009"]
    hq.sync(book_a, org.guide_e1, tmp_path)

    # The second guide of store E1 claims an older order too, and sells the most this month.
    disputed = min(counted, key=lambda order: counted[order][0])
    book_b, buyer_b = _book_with_buyer(tmp_path / "b.sqlite3")
    try:
        _record(book_b, buyer_b, disputed, counted[disputed][1], counted[disputed][0])
        big = 9_999_900
        _record(book_b, buyer_b, "E1P-B-0001", big, now - timedelta(minutes=5))
        hq.sync(book_b, org.guide_e1_b, tmp_path)
    finally:
        book_b.close()
    _set_targets(hq, now)
    hq.sync(book_a, org.guide_e1, tmp_path)  # its end fetches My performance
    return book_a, Seeded(counted, disputed, big)


def _set_targets(hq: Hq, now: datetime) -> None:
    """The region's manager sets this month's targets (Shanghai's month) for the guide and the store."""
    org, month = hq.running.org, now.astimezone(SHANGHAI).strftime("%Y-%m")
    for scope, subject, amount in (
        ("guide", org.ids[org.guide_e1], GUIDE_TARGET_FEN),
        ("store", org.store_ids["E1"], STORE_TARGET_FEN),
    ):
        body = {"scope": scope, "subject_id": subject, "month": month, "amount_fen": amount}
        hq.call("PUT", "/targets", org.manager_east, json=body)


def _active_guides_of_store(hq: Hq, store: str) -> int:
    accounts = hq.call("GET", "/accounts", hq.running.org.admin)
    store_id = hq.running.org.store_ids[store]
    return sum(
        1
        for account in accounts
        if account["role"] == "guide" and account["store_id"] == store_id and not account["disabled"]
    )


def _listed_sales(hq: Hq, login: str) -> list[dict[str, Any]]:
    """GET /api/v1/sales as the guide, page by page: HQ's own list of the guide's counted sales."""
    listed: list[dict[str, Any]] = []
    while True:
        page = hq.call("GET", "/sales", login, params={"offset": len(listed), "limit": 1000})
        listed.extend(page)
        if len(page) < 1000:
            return listed


def _summed(listed: list[dict[str, Any]], start: date, kind: PeriodKind) -> tuple[int, int]:
    """(fen, orders) of the listed sales sold within the period, on Shanghai's clock."""
    begins, ends = _local(start), _local(period_end(start, kind))
    inside = [sale for sale in listed if begins <= datetime.fromisoformat(sale["sold_at"]) < ends]
    return sum(sale["amount_fen"] for sale in inside), len(inside)


def _period_of(moment: datetime, periods: list[PerformancePeriod], kind: PeriodKind) -> date | None:
    for period in periods:
        if _local(period.start) <= moment < _local(period_end(period.start, kind)):
            return period.start
    return None


def test_my_performance_equals_hqs_sales_listing_week_by_week_and_month_by_month(
    running_hq: Running, tmp_path: Path
) -> None:
    hq = Hq(running_hq)
    book, seeded = _seed(hq, tmp_path)
    try:
        figures = my_performance(book)
    finally:
        book.close()
    assert figures is not None, "the sync's end did not fetch My performance from HQ"
    listed = _listed_sales(hq, running_hq.org.guide_e1)
    assert {sale["order_no"]: sale["amount_fen"] for sale in listed} == {
        order: fen for order, (_when, fen) in seeded.counted.items()
    }
    assert figures.hq.utc_offset_minutes == 480
    assert (len(figures.hq.weeks), len(figures.hq.months)) == (12, 6)

    for kind in PeriodKind:
        periods = figures.periods(kind)
        assert [(p.sales_fen, p.orders) for p in periods] == [_summed(listed, p.start, kind) for p in periods]
        disputed_in = _period_of(seeded.counted[seeded.disputed_order][0], periods, kind)
        assert [p.start for p in periods if p.disputed_orders] == ([disputed_in] if disputed_in else [])
    busy_weeks = [p for p in figures.hq.weeks if p.orders]
    assert len(busy_weeks) >= 6 and sum(p.sales_fen for p in figures.hq.months) > 0

    this_month = figures.hq.months[-1].sales_fen
    assert figures.hq.store_sales_fen == this_month + seeded.other_guide_this_month_fen
    assert (figures.hq.target_fen, figures.hq.store_target_fen) == (GUIDE_TARGET_FEN, STORE_TARGET_FEN)
    # Second: the other guide sold ¥99,999 this month; the store's third guide sold nothing.
    of = _active_guides_of_store(hq, "E1")
    assert figures.hq.rank is not None and (figures.hq.rank.position, figures.hq.rank.of) == (2, of)
