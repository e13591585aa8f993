"""A desktop stand-in for the crash test: records sales one per transaction and pushes them.

Run as a process and killed with SIGKILL at random points; each restart carries on from what the
book holds. Order numbers and amounts follow from the sale's number, so the expected HQ total is
known in advance.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from sqlalchemy import func, select

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import Customer, Sale
from guide_app.book.outbox import pending_count
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.store import open_book
from guide_app.sync.client import HqClient, RetryPolicy
from guide_app.sync.push import push_outbox


def amount_of(number: int) -> int:
    return 19_900 + (number * 7919) % 280_000


async def run(book_path: Path, base_url: str, token: str, target: int, chunk: int) -> int:
    book = open_book(book_path, take_backup=False)
    client = HqClient(base_url, token, retry=RetryPolicy(attempts=8, base_delay=0.05, max_delay=1.0))
    try:
        with book.writing() as session:
            if not session.execute(select(func.count()).select_from(Customer)).scalar_one():
                for number in range(20):
                    add_customer(session, CustomerFields(name=f"顾客{number}", phone=f"1380000{number:04d}"))
        with book.reading() as session:
            customers = list(session.execute(select(Customer.id).order_by(Customer.id)).scalars())
        while True:
            with book.reading() as session:
                done = int(session.execute(select(func.count()).select_from(Sale)).scalar_one())
                pending = pending_count(session)
            if done >= target and pending == 0:
                return 0
            for number in range(done, min(done + chunk, target)):
                with book.writing() as session:  # one sale, one transaction: as the guide records them
                    record_sale(
                        session,
                        f"CR{number:06d}",
                        amount_of(number),
                        [SaleLine(name="羊毛大衣", qty=1, unit_price_fen=amount_of(number))],
                        customers[number % len(customers)],
                    )
            await push_outbox(book, client, batch_size=200)
    finally:
        await client.close()
        book.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--book", required=True)
    parser.add_argument("--hq", required=True)
    parser.add_argument("--target", type=int, required=True)
    parser.add_argument("--chunk", type=int, default=250)
    args = parser.parse_args()
    return asyncio.run(run(Path(args.book), args.hq, os.environ["GUIDE_TOKEN"], args.target, args.chunk))


if __name__ == "__main__":
    raise SystemExit(main())
