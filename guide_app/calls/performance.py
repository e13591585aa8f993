"""My performance: HQ's figures for the guide, kept in the book, with the book's own new customers."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.models import Customer, SyncState
from guide_app.book.store import Book
from guide_app.calls.sync import sync_status, waiting_sales
from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import Cancelled, ErrorCode, GuideError
from guide_app.protocol import MyPerformance, PerformancePeriod
from guide_app.sync.client import HqClient, MalformedAnswer
from guide_app.timeutil import from_stored, to_stored, utcnow

log = logging.getLogger(__name__)

FIGURES_KEY = "my_performance"  # its sync_state row: {"fetched_at": stored UTC, "figures": HQ's answer}
WEEKS_SHOWN = 12
MONTHS_SHOWN = 6


class PeriodKind(StrEnum):
    week = "week"
    month = "month"


@dataclass(frozen=True, slots=True)
class PerformanceFigures:
    """HQ's last answer, when it came, and what only the book knows over the same periods."""

    hq: MyPerformance
    fetched_at: datetime  # UTC
    new_customers_by_week: list[int]  # one per `hq.weeks`, customers added in that week
    new_customers_by_month: list[int]
    waiting_sales: int  # recorded here, not uploaded yet: HQ's figures do not count them
    offline: bool  # the last sync after this fetch found HQ unreachable: the figures may be behind

    def periods(self, kind: PeriodKind) -> list[PerformancePeriod]:
        return self.hq.weeks if kind is PeriodKind.week else self.hq.months

    def new_customers(self, kind: PeriodKind) -> list[int]:
        return self.new_customers_by_week if kind is PeriodKind.week else self.new_customers_by_month

    @property
    def this_month(self) -> PerformancePeriod | None:
        return self.hq.months[-1] if self.hq.months else None


def period_end(start: date, kind: PeriodKind) -> date:
    """The first day after the period that begins on `start`."""
    if kind is PeriodKind.week:
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def local_offset_minutes(moment: datetime) -> int:
    """The PC's offset from UTC at `moment`, as HQ takes it (480 in China)."""
    offset = moment.astimezone().utcoffset() or timedelta()
    return int(offset.total_seconds() // 60)


async def fetch_my_performance(
    book: Book,
    client: HqClient,
    *,
    weeks: int = WEEKS_SHOWN,
    months: int = MONTHS_SHOWN,
    now: datetime | None = None,
    utc_offset_minutes: int | None = None,
) -> Outcome[PerformanceFigures]:
    """Ask HQ for the guide's figures in periods of the PC's local time and keep them with their
    fetch time. An answer the protocol refuses, or whose periods do not add up, raises
    MalformedAnswer and leaves the figures kept before untouched."""
    fetched_at = now or utcnow()
    offset = local_offset_minutes(fetched_at) if utc_offset_minutes is None else utc_offset_minutes
    answer = await client.my_performance(weeks, months, offset)
    check_figures(answer, weeks, months, offset)
    figures = await asyncio.to_thread(_keep, book, answer, fetched_at)
    return Outcome(figures, ChangeNotice.of(Area.sync_status))


async def refresh_my_performance(book: Book, client: HqClient) -> None:
    """Fetch the figures at the end of a sync, best-effort: an HQ without the endpoint (older than
    this app), a refusal or a bad answer is logged and never fails the sync; the last figures stay."""
    try:
        await fetch_my_performance(book, client)
    except Cancelled:
        raise
    except GuideError as error:
        log.info("my performance not refreshed: %s (%s)", error.code, error.message)


def my_performance(book: Book) -> PerformanceFigures | None:
    """The last figures HQ gave (None before the first fetch), whether or not HQ is reachable now."""
    with book.reading() as session:
        state = session.get(SyncState, FIGURES_KEY)
    kept = _read_kept(state.value) if state is not None and state.value else None
    return _with_the_books_part(book, *kept) if kept is not None else None


def _with_the_books_part(book: Book, answer: MyPerformance, fetched_at: datetime) -> PerformanceFigures:
    """HQ's figures with the book's new customers over the same periods, on the same clock (the
    offset HQ was asked for: the PC's at the fetch), and its sales not uploaded yet."""
    tz = timezone(timedelta(minutes=answer.utc_offset_minutes))
    with book.reading() as session:
        by_week = [_new_customers(session, p.start, PeriodKind.week, tz) for p in answer.weeks]
        by_month = [_new_customers(session, p.start, PeriodKind.month, tz) for p in answer.months]
    return PerformanceFigures(
        answer, fetched_at, by_week, by_month, waiting_sales(book), _offline_since(book, fetched_at)
    )


def _offline_since(book: Book, fetched_at: datetime) -> bool:
    status = sync_status(book)
    tried_later = status.last_attempt_at is not None and from_stored(status.last_attempt_at) > fetched_at
    return tried_later and status.error_code in (ErrorCode.offline, ErrorCode.hq_timeout)


def check_figures(answer: MyPerformance, weeks: int, months: int, offset: int) -> None:
    """What the schema cannot say: the periods asked for, in order, on their first days, in the
    asked-for offset, and no negative counts."""
    problem = _figures_problem(answer, weeks, months, offset)
    if problem:
        raise MalformedAnswer(
            f"HQ's performance figures are not usable: {problem}", code=ErrorCode.malformed_answer
        )


def _figures_problem(answer: MyPerformance, weeks: int, months: int, offset: int) -> str | None:
    if answer.utc_offset_minutes != offset:
        return f"periods in UTC{answer.utc_offset_minutes:+d} min, asked for {offset:+d}"
    for kind, periods, asked in (
        (PeriodKind.week, answer.weeks, weeks),
        (PeriodKind.month, answer.months, months),
    ):
        if not 1 <= len(periods) <= asked:
            return f"{len(periods)} {kind}s for {asked} asked"
        starts = [period.start for period in periods]
        if any(later != period_end(earlier, kind) for earlier, later in itertools.pairwise(starts)):
            return f"{kind}s are not consecutive, oldest first"
        if any(start.weekday() if kind is PeriodKind.week else start.day - 1 for start in starts):
            return f"a {kind} does not start on its first day"
        if any(min(_counts(period)) < 0 for period in periods):
            return f"a {kind} has a negative figure"
    money = (answer.target_fen, answer.store_target_fen, answer.store_sales_fen)
    if any(amount is not None and amount < 0 for amount in money):
        return "a negative target or store total"
    if answer.rank is not None and not 1 <= answer.rank.position <= answer.rank.of:
        return f"rank {answer.rank.position} of {answer.rank.of}"
    return None


def _counts(period: PerformancePeriod) -> tuple[int, ...]:
    return (
        period.sales_fen,
        period.orders,
        period.disputed_orders,
        period.content_sent,
        period.tasks_done,
        period.tasks_target,
    )


def _keep(book: Book, answer: MyPerformance, fetched_at: datetime) -> PerformanceFigures:
    value = json.dumps(
        {"fetched_at": to_stored(fetched_at), "figures": answer.model_dump(mode="json")}, ensure_ascii=False
    )
    with book.writing() as session:
        state = session.get(SyncState, FIGURES_KEY)
        if state is None:
            session.add(SyncState(key=FIGURES_KEY, value=value))
        else:
            state.value, state.updated_at = value, utcnow()
    return _with_the_books_part(book, answer, fetched_at)


def _read_kept(value: str) -> tuple[MyPerformance, datetime] | None:
    """The kept answer and its fetch time; None for a row an older version wrote differently."""
    try:
        kept = json.loads(value)
        return MyPerformance.model_validate(kept["figures"]), from_stored(kept["fetched_at"])
    except (ValueError, KeyError, TypeError, ValidationError):
        log.warning("kept performance figures are unreadable; waiting for the next fetch")
        return None


def _new_customers(session: Session, start: date, kind: PeriodKind, tz: timezone) -> int:
    """Customers added to the book (and not deleted since) in the period, on the periods' clock."""
    begins = datetime.combine(start, time(), tzinfo=tz).astimezone(UTC)
    ends = datetime.combine(period_end(start, kind), time(), tzinfo=tz).astimezone(UTC)
    query = (
        select(func.count())
        .select_from(Customer)
        .where(
            col(Customer.added_at) >= begins,
            col(Customer.added_at) < ends,
            col(Customer.deleted_at).is_(None),
        )
    )
    return int(session.execute(query).scalar_one())
