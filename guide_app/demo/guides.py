"""`guide-app demo`: give demo guides their books through the real paths, and send their sales to HQ.

For each guide: sign in, sync once (HQ's tag groups and tasks arrive), write the demo book, then
sync again, which works out stages and today's tasks over the new customers and uploads every
sale. HQ then counts exactly the sales the books hold.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import col

from guide_app.account.accounts import GuideAccount, sign_in
from guide_app.book.models import Customer, Sale
from guide_app.book.stats import queue_daily_stats
from guide_app.book.store import Book
from guide_app.book.tasks import todays_checklist
from guide_app.calls.sales import record_sale
from guide_app.calls.sync import SyncOutcome, run_sync, waiting_sales
from guide_app.demo.book import DemoBookReport, make_demo_book
from guide_app.timeutil import utcnow

#: The demo chain's password and its first store's guides (hq/demo/chain.py; a test keeps them
#: equal). guide_app never imports hq: the desktop ships without it.
DEMO_PASSWORD = "demo-2026"
DEMO_GUIDES = ("sh001.wang", "sh001.zeng", "sh001.li")


@dataclass(frozen=True)
class GuideDemo:
    """One guide's demo book after the run, as the command prints it."""

    login: str
    display_name: str
    customers: int
    book: DemoBookReport
    waiting_uploads: int  # sales not at HQ yet: 0 when HQ's numbers match the book
    tasks_today: int
    problems: list[str]


async def _sync(account: GuideAccount, book: Book) -> SyncOutcome:
    async with account.client() as client:
        return await run_sync(book, client, account.asset_folder)


def _tasks_today(book: Book, now: datetime) -> int:
    with book.reading() as session:
        return len(todays_checklist(session, now.astimezone().date(), now))


async def demo_guide(hq_url: str, login: str, password: str, customers: int) -> GuideDemo:
    """Sign `login` in, sync, write their demo book of `customers`, and sync it up to HQ."""
    account = GuideAccount(hq_url, login)
    me = await sign_in(account, password)
    book = account.open_book()
    try:
        await _sync(account, book)
        report = await asyncio.to_thread(make_demo_book, book, login, customers)
        # The first sync counted an empty book: HQ's figures and previews need the demo book's.
        await asyncio.to_thread(queue_daily_stats, book, utcnow().astimezone().date(), again=True)
        outcome = await _sync(account, book)
        return GuideDemo(
            login=login,
            display_name=me.display_name,
            customers=customers,
            book=report,
            waiting_uploads=waiting_sales(book),
            tasks_today=_tasks_today(book, utcnow()),
            problems=[problem.message for problem in outcome.problems],
        )
    finally:
        book.close()


def describe(demo: GuideDemo) -> str:
    """One guide's result in a line or two, for the terminal."""
    report = demo.book
    sales = f"¥{report.sales_fen / 100:,.2f}"
    at_hq = "all at HQ" if demo.waiting_uploads == 0 else f"{demo.waiting_uploads} still waiting to upload"
    lines = [
        f"{demo.login} ({demo.display_name}): {demo.customers:,} customers ({report.customers_added:,} new), "
        f"sales {sales} ({report.sales_recorded:,} recorded now, {at_hq}), "
        f"{demo.tasks_today} tasks today; book written in {report.seconds:.1f} s"
    ]
    lines += [f"  problem: {problem}" for problem in demo.problems]
    return "\n".join(lines)


def _newest_sale(book: Book) -> tuple[str, int] | None:
    with book.reading() as session:
        row = session.execute(
            select(col(Sale.order_no), col(Sale.amount_fen)).order_by(col(Sale.sold_at).desc()).limit(1)
        ).first()
    return (row[0], row[1]) if row is not None else None


def _claimant(book: Book, order_no: str, sold_at: datetime) -> str | None:
    """The rival's customer who would be credited the sale, unless the rival holds the order."""
    with book.reading() as session:
        if session.execute(select(col(Sale.id)).where(col(Sale.order_no) == order_no)).first():
            return None  # an earlier demo run made the dispute already
        row = session.execute(
            select(col(Customer.id))
            .where(col(Customer.deleted_at).is_(None), col(Customer.added_at) <= sold_at)
            .order_by(col(Customer.added_at))
            .limit(1)
        ).first()
    return row[0] if row is not None else None


async def stage_dispute(hq_url: str, owner_login: str, rival_login: str) -> str | None:
    """The rival (signed in on this PC by the demo) claims the owner's newest order too, as two
    guides at one till do, and both sync: the owner's Sales view then shows the dispute. Returns
    the order number, or None when there was nothing to claim or it is claimed already."""
    owner_account, rival_account = GuideAccount(hq_url, owner_login), GuideAccount(hq_url, rival_login)
    owner_book = owner_account.open_book()
    try:
        newest = _newest_sale(owner_book)
        rival_book = rival_account.open_book()
        try:
            sold_at = utcnow() - timedelta(hours=1)
            customer_id = _claimant(rival_book, newest[0], sold_at) if newest else None
            if newest is None or customer_id is None:
                return None
            record_sale(rival_book, newest[0], newest[1], [], customer_id, sold_at)
            await _sync(rival_account, rival_book)
        finally:
            rival_book.close()
        await _sync(owner_account, owner_book)
        return newest[0]
    finally:
        owner_book.close()


def make_demo_books(
    hq_url: str, logins: list[str], password: str, customers: int, say: Callable[[str], None]
) -> list[GuideDemo]:
    """Each guide in turn (a store's PC does one sign-in at a time; HQ throttles bursts)."""
    done = []
    for login in logins:
        say(f"{login}: signing in, syncing, writing {customers:,} customers…")
        demo = asyncio.run(demo_guide(hq_url, login, password, customers))
        say(describe(demo))
        done.append(demo)
    colleagues = [login for login in logins if login in DEMO_GUIDES]  # one store: orders can clash
    if len(colleagues) >= 2:
        owner, rival = colleagues[:2]
        order = asyncio.run(stage_dispute(hq_url, owner, rival))
        if order is not None:
            say(f"{rival} also claims order {order} of {owner}: a dispute for the manager to settle")
    return done
