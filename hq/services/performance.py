"""A guide's own figures by week and month, summed in SQL the way GET /api/v1/sales lists them.

Every figure is one GROUP BY over a CASE that maps a row's time to its period, so a year of a
busy guide's sales is summed by the database, never loaded. Periods are local to the asked-for UTC
offset: a week starts on Monday at local midnight, a month on its first day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from guide_app.protocol import (
    ContentAction,
    MyPerformance,
    PerformancePeriod,
    RankInStore,
    Role,
    TargetScope,
    TaskSource,
)
from hq.core.db import utcnow
from hq.models import Account, ContentUsage, ManagerTask, Sale, SalesTarget, TaskProgress
from hq.services.visibility import Viewer


@dataclass(frozen=True)
class Periods:
    """Consecutive periods: starts[i] is period i's first local day; bounds[i] its start in UTC,
    bounds[-1] the end of the last one."""

    starts: list[date]
    ends: list[date]
    bounds: list[datetime]


def _utc_start(day: date, offset: timedelta) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC) - offset


def _periods(starts: list[date], end: date, offset: timedelta) -> Periods:
    ends = [*starts[1:], end]
    return Periods(starts, ends, [_utc_start(day, offset) for day in [*starts, end]])


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def week_periods(today: date, weeks: int, offset: timedelta) -> Periods:
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    return _periods(starts, monday + timedelta(weeks=1), offset)


def month_periods(today: date, months: int, offset: timedelta) -> Periods:
    starts = [_month_start(today, back) for back in range(months - 1, -1, -1)]
    return _periods(starts, _month_start(today, -1), offset)


def _period_of(column: Any, bounds: Sequence[Any]) -> ColumnElement[Any]:
    """The index of the period a value falls in (the query keeps only values inside them)."""
    return case(*[(column < bound, index) for index, bound in enumerate(bounds[1:])], else_=None)


def _day_bounds(periods: Periods) -> list[str]:
    return [day.isoformat() for day in [*periods.starts, periods.ends[-1]]]


async def _sales(session: AsyncSession, guide_id: int, periods: Periods) -> dict[int, tuple[int, int, int]]:
    """Per period: (fen, orders, disputed orders) of the guide's live sales, as GET /sales lists them."""
    period = _period_of(col(Sale.sold_at), periods.bounds).label("period")
    query = (
        select(
            period,
            func.coalesce(func.sum(col(Sale.amount_fen)), 0),
            func.count(),
            func.coalesce(func.sum(case((col(Sale.disputed), 1), else_=0)), 0),
        )
        .where(
            col(Sale.guide_id) == guide_id,
            col(Sale.voided_at).is_(None),
            col(Sale.sold_at) >= periods.bounds[0],
            col(Sale.sold_at) < periods.bounds[-1],
        )
        .group_by(period)
    )
    return {
        int(index): (int(fen), int(orders), int(disputed))
        for index, fen, orders, disputed in await session.execute(query)
    }


async def _content_sent(session: AsyncSession, guide_id: int, periods: Periods) -> dict[int, int]:
    """Per period: content the guide sent, by the local day its app counted it on."""
    days = _day_bounds(periods)
    period = _period_of(col(ContentUsage.day), days).label("period")
    query = (
        select(period, func.coalesce(func.sum(col(ContentUsage.count)), 0))
        .where(
            col(ContentUsage.account_id) == guide_id,
            col(ContentUsage.action) == ContentAction.sent.value,
            col(ContentUsage.day) >= days[0],
            col(ContentUsage.day) < days[-1],
        )
        .group_by(period)
    )
    return {int(index): int(sent) for index, sent in await session.execute(query)}


async def _tasks(session: AsyncSession, guide_id: int, periods: Periods) -> dict[int, tuple[int, int]]:
    """Per period: (done, target) of the guide's tasks.

    An SOP task counts on the day it was for; a manager task in the period that holds its due
    time (a cancelled one not at all). Each report's done is capped at its target, so doing more
    for one task never hides another left undone: done/target stays a completion rate.
    """
    done = case(
        (col(TaskProgress.done) > col(TaskProgress.target), col(TaskProgress.target)),
        else_=col(TaskProgress.done),
    )
    days = _day_bounds(periods)
    sop_period = _period_of(col(TaskProgress.day), days)
    manager_period = _period_of(col(ManagerTask.due_at), periods.bounds)
    is_sop = col(TaskProgress.source) == TaskSource.sop.value
    period = case((is_sop, sop_period), else_=manager_period).label("period")
    query = (
        select(period, func.coalesce(func.sum(done), 0), func.coalesce(func.sum(col(TaskProgress.target)), 0))
        .select_from(TaskProgress)
        .outerjoin(ManagerTask, and_(~is_sop, col(ManagerTask.id) == col(TaskProgress.task_id)))
        .where(
            col(TaskProgress.guide_id) == guide_id,
            or_(
                and_(is_sop, col(TaskProgress.day) >= days[0], col(TaskProgress.day) < days[-1]),
                and_(
                    col(ManagerTask.cancelled).is_(False),
                    col(ManagerTask.due_at) >= periods.bounds[0],
                    col(ManagerTask.due_at) < periods.bounds[-1],
                ),
            ),
        )
        .group_by(period)
    )
    return {
        int(index): (int(done_sum), int(target)) for index, done_sum, target in await session.execute(query)
    }


async def _figures(session: AsyncSession, guide_id: int, periods: Periods) -> list[PerformancePeriod]:
    sales = await _sales(session, guide_id, periods)
    sent = await _content_sent(session, guide_id, periods)
    tasks = await _tasks(session, guide_id, periods)
    figures = []
    for index, start in enumerate(periods.starts):
        fen, orders, disputed = sales.get(index, (0, 0, 0))
        done, target = tasks.get(index, (0, 0))
        figures.append(
            PerformancePeriod(
                start=start,
                sales_fen=fen,
                orders=orders,
                disputed_orders=disputed,
                content_sent=sent.get(index, 0),
                tasks_done=done,
                tasks_target=target,
            )
        )
    return figures


async def _targets(
    session: AsyncSession, guide_id: int, store_id: int | None, month: str
) -> dict[TargetScope, int]:
    subjects = [
        and_(col(SalesTarget.scope) == TargetScope.guide.value, col(SalesTarget.subject_id) == guide_id)
    ]
    if store_id is not None:
        subjects.append(
            and_(col(SalesTarget.scope) == TargetScope.store.value, col(SalesTarget.subject_id) == store_id)
        )
    rows = await session.execute(
        select(col(SalesTarget.scope), col(SalesTarget.amount_fen)).where(
            col(SalesTarget.month) == month, or_(*subjects)
        )
    )
    return {TargetScope(scope): int(amount) for scope, amount in rows}


async def _store_month(
    session: AsyncSession, guide_id: int, store_id: int, start: datetime, end: datetime
) -> tuple[int, RankInStore]:
    """The store's counted sales this month, and the guide's rank among its active guides by their
    own sales this month (equal sales share a position)."""
    in_month = (col(Sale.voided_at).is_(None), col(Sale.sold_at) >= start, col(Sale.sold_at) < end)
    store_total = (
        await session.execute(
            select(func.coalesce(func.sum(col(Sale.amount_fen)), 0)).where(
                col(Sale.store_id) == store_id, *in_month
            )
        )
    ).scalar_one()
    per_guide = await session.execute(
        select(col(Account.id), func.coalesce(func.sum(col(Sale.amount_fen)), literal(0)))
        .select_from(Account)
        .outerjoin(Sale, and_(col(Sale.guide_id) == col(Account.id), *in_month))
        .where(
            col(Account.store_id) == store_id,
            col(Account.role) == Role.guide.value,
            or_(col(Account.disabled).is_(False), col(Account.id) == guide_id),
        )
        .group_by(col(Account.id))
    )
    totals = {account_id: int(total) for account_id, total in per_guide if account_id is not None}
    mine = totals.get(guide_id, 0)
    position = 1 + sum(1 for account_id, total in totals.items() if account_id != guide_id and total > mine)
    return int(store_total), RankInStore(position=position, of=len(totals))


async def my_performance(
    session: AsyncSession, viewer: Viewer, weeks: int, months: int, utc_offset_minutes: int
) -> MyPerformance:
    """The signed-in guide's figures: the last `weeks` weeks and `months` months (the current one
    last), this month's targets, the store's sales this month and the guide's rank in the store."""
    now = utcnow()
    offset = timedelta(minutes=utc_offset_minutes)
    today = (now + offset).date()
    week_list = week_periods(today, weeks, offset)
    month_list = month_periods(today, months, offset)
    store_id = viewer.account.store_id
    this_month = month_periods(today, 1, offset)
    targets = await _targets(session, viewer.id, store_id, today.strftime("%Y-%m"))
    store_sales, rank = 0, None
    if store_id is not None:
        store_sales, rank = await _store_month(session, viewer.id, store_id, *this_month.bounds)
    return MyPerformance(
        guide_id=viewer.id,
        utc_offset_minutes=utc_offset_minutes,
        as_of=now,
        weeks=await _figures(session, viewer.id, week_list),
        months=await _figures(session, viewer.id, month_list),
        target_fen=targets.get(TargetScope.guide),
        store_target_fen=targets.get(TargetScope.store),
        store_sales_fen=store_sales,
        rank=rank,
    )
