"""The desktop's sync client against a real HQ process: pull, push, and kill -9 at random points."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import ContentAsset, HqRecord, Outbox, Sale, Tag, Task, TaskTarget
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.store import Book, open_book
from guide_app.calls.sync import SaleUpload, SyncOutcome, run_sync, sale_upload_states
from guide_app.changes import Area
from guide_app.errors import Cancelled
from guide_app.jobs import CancelToken, Phase, Step
from guide_app.sync.client import HqClient
from guide_app.sync.problems import SyncProblemKind, UploadState
from guide_app.sync.pull import pull, read_cursor
from guide_app.sync.push import push_outbox
from guide_app.sync.run import read_status, sync_once
from tests.e2e.conftest import Running, hq_sales_total
from tests.support.org import PASSWORD
from tests.support.publish import script_item, sop_template, task_request
from tests.support.sale_writer import amount_of


def test_a_guide_signs_in_pulls_and_a_recorded_sale_reaches_hq_once(
    running_hq: Running, tmp_path: Path
) -> None:
    base = running_hq.live.base_url
    admin = {"Authorization": f"Bearer {running_hq.token(running_hq.org.admin)}"}
    for number in range(5):
        httpx.post(
            f"{base}/api/v1/content", json=script_item(f"话术{number}"), headers=admin
        ).raise_for_status()
    httpx.post(
        f"{base}/api/v1/tag-groups",
        json={"name": "客户等级", "single_choice": True, "tags": ["普通", "银卡", "金卡"]},
        headers=admin,
    ).raise_for_status()
    manager = {"Authorization": f"Bearer {running_hq.token(running_hq.org.manager_east)}"}
    guide_id = running_hq.org.ids[running_hq.org.guide_e1]
    httpx.post(
        f"{base}/api/v1/tasks", json=task_request("邀约", {"guide_ids": [guide_id]}), headers=manager
    ).raise_for_status()

    async def scenario() -> None:
        book = open_book(tmp_path / "book.sqlite3")
        async with HqClient(base) as client:
            await client.login(running_hq.org.guide_e1, PASSWORD, device_name="SH001-前台")
            report = await pull(book, client, limit=3)
            assert report.pages >= 3
            with book.reading() as session:
                assert session.execute(select(func.count()).select_from(ContentAsset)).scalar_one() == 5
                assert session.execute(select(func.count()).select_from(Tag)).scalar_one() == 3
                assert session.execute(select(func.count()).select_from(Task)).scalar_one() == 1
                assert session.get(HqRecord, ("account", str(guide_id))) is not None
            with book.writing() as session:
                customer = add_customer(session, CustomerFields(name="王丽", phone="13800138000"))
                record_sale(
                    session,
                    "E2E-1",
                    129_900,
                    [SaleLine(name="大衣", qty=1, unit_price_fen=129_900)],
                    customer,
                )
            first = await push_outbox(book, client)
            assert first.accepted == 1
            again = await pull(book, client)
            assert again.changes == 0
        book.close()

    asyncio.run(scenario())
    assert hq_sales_total(running_hq) == (1, 129_900)


def _book_is_intact(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _sales_in(path: Path) -> int:
    book = open_book(path, take_backup=False)
    with book.reading() as session:
        count = int(session.execute(select(func.count()).select_from(Sale)).scalar_one())
    book.close()
    return count


# The client is what is killed: HQ's side of a retried push is the same on both backends and is
# proven on both by tests/e2e/test_sync_faults.py (lost answers, cut connections) and tests/hq.
@pytest.mark.parametrize("backend", ["sqlite"])
def test_killing_the_client_at_random_points_loses_and_duplicates_no_sale(
    running_hq: Running, tmp_path: Path
) -> None:
    # The writer needs ~0.8 s to import and open the book: kills land after that, while it writes
    # (one fsynced transaction a sale, ~100 a second) or pushes (every 40 sales; at 250 a kill
    # never found it pushing). It is given more sales than it can write before the last kill, so
    # every kill finds it busy; the last run then writes no more than a floor of sales (a loaded
    # PC's writer may barely start between kills) and pushes. Writing on to a fixed 3,000 after
    # the last kill took 15-20 s of the suite.
    endless, floor, kills = 1_000_000, 300, 14
    book_path = tmp_path / "book.sqlite3"
    environment = {**os.environ, "GUIDE_TOKEN": running_hq.token(running_hq.org.guide_e1)}
    command = [sys.executable, "-m", "tests.support.sale_writer", "--book", str(book_path)]
    command += ["--hq", running_hq.live.base_url, "--chunk", "40"]
    rng = random.Random(99)
    for _kill in range(kills):
        writer = subprocess.Popen(
            [*command, "--target", str(endless)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.8, 2.5))
        assert writer.poll() is None, writer.communicate()[1][-3000:]  # the kill lands mid-work
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        _book_is_intact(book_path)
    target = max(_sales_in(book_path), floor)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        finished = subprocess.run(
            [*command, "--target", str(target)], env=environment, capture_output=True, text=True, timeout=600
        )
        _book_is_intact(book_path)
        if finished.returncode == 0:
            break
        assert "Offline" in finished.stderr, finished.stderr[-3000:]
    assert _sales_in(book_path) == target
    expected = sum(amount_of(number) for number in range(target))
    assert hq_sales_total(running_hq) == (target, expected)
    book = open_book(book_path, take_backup=False)
    with book.reading() as session:
        assert (
            session.execute(
                select(func.count()).select_from(Outbox).where(Outbox.status != "accepted")
            ).scalar()
            == 0
        )
    book.close()


# --------------------------------------------------------------------------- cancel, disputes


def _synced_state(book: Book) -> dict[str, Any]:
    """What a sync leaves in a book, without the local ids and times that differ between books."""
    with book.reading() as session:
        return {
            "content": sorted(
                session.execute(select(ContentAsset.id, ContentAsset.title, ContentAsset.data)).all()
            ),
            "tasks": sorted(
                session.execute(select(Task.id, Task.source, Task.title, Task.active, Task.data)).all()
            ),
            "records": sorted(session.execute(select(HqRecord.entity, HqRecord.id, HqRecord.data)).all()),
            "tags": sorted(session.execute(select(Tag.name)).scalars()),
            "targets": sorted(
                session.execute(
                    select(TaskTarget.task_id, TaskTarget.day, func.count()).group_by(
                        TaskTarget.task_id, TaskTarget.day
                    )
                ).all()
            ),
            "cursor": read_cursor(session),
        }


def _book_with_a_customer(path: Path) -> Book:
    book = open_book(path, take_backup=False)
    with book.writing() as session:
        add_customer(session, CustomerFields(name="王丽", phone="13800138000"))
    return book


def test_a_sync_cancelled_after_its_first_page_resumes_to_the_same_book(
    running_hq: Running, tmp_path: Path
) -> None:
    base = running_hq.live.base_url
    admin = {"Authorization": f"Bearer {running_hq.token(running_hq.org.admin)}"}
    for number in range(8):
        httpx.post(
            f"{base}/api/v1/content", json=script_item(f"话术{number}"), headers=admin
        ).raise_for_status()
    daily = {**sop_template("每日问候"), "schedule": {"kind": "daily"}, "rule": {}}
    httpx.post(f"{base}/api/v1/sop-templates", json=daily, headers=admin).raise_for_status()
    token = running_hq.token(running_hq.org.guide_e1)

    async def scenario() -> tuple[Book, Book]:
        clean = _book_with_a_customer(tmp_path / "clean.sqlite3")
        book = _book_with_a_customer(tmp_path / "book.sqlite3")
        cancel = CancelToken()

        def stop_after_first_page(step: Step) -> None:
            if step.phase is Phase.pulling:
                cancel.cancel()

        async with HqClient(base, token) as client:
            await sync_once(clean, client, tmp_path / "assets", page_size=3)
            with pytest.raises(Cancelled) as cancelled:
                await sync_once(
                    book,
                    client,
                    tmp_path / "assets",
                    progress=stop_after_first_page,
                    cancel=cancel,
                    page_size=3,
                )
            assert cancelled.value.details["report"].pulled.pages == 1
            with book.reading() as session:  # one page applied whole with its cursor, nothing after it
                assert session.execute(select(func.count()).select_from(ContentAsset)).scalar_one() <= 3
                assert session.execute(select(func.count()).select_from(TaskTarget)).scalar_one() == 0
                assert read_cursor(session) == cancelled.value.details["report"].pulled.cursor > 0
                assert read_status(session).error_code == "cancelled"
            await sync_once(book, client, tmp_path / "assets", page_size=3)
        return clean, book

    clean, book = asyncio.run(scenario())
    assert _synced_state(book) == _synced_state(clean)
    assert _synced_state(book)["targets"] != []
    with book.reading() as session:
        assert read_status(session).error_code is None
    clean.close()
    book.close()


def test_an_order_claimed_by_two_guides_of_a_store_shows_as_disputed_never_counted(
    running_hq: Running, tmp_path: Path
) -> None:
    first, second = running_hq.org.guide_e1, running_hq.org.guide_e1_b  # both of store E1

    async def sync_with_the_order(login: str) -> tuple[SyncOutcome, dict[str, SaleUpload], str]:
        book = open_book(tmp_path / f"{login}.sqlite3", take_backup=False)
        with book.writing() as session:
            customer = add_customer(session, CustomerFields(name="张三"))
            lines = [SaleLine(name="大衣", qty=1, unit_price_fen=129_900)]
            sale_id = record_sale(session, "E1-0001", 129_900, lines, customer).id
        async with HqClient(running_hq.live.base_url, running_hq.token(login)) as client:
            outcome = await run_sync(book, client, tmp_path / "assets")
        states = sale_upload_states(book, [sale_id])
        book.close()
        return outcome, states, sale_id

    counted, counted_states, counted_id = asyncio.run(sync_with_the_order(first))
    assert counted.problems == [] and counted_states[counted_id].state is UploadState.counted
    disputed, disputed_states, disputed_id = asyncio.run(sync_with_the_order(second))
    # The claim (HQ stored it: "accepted" alone would mislead) and the day's book statistics.
    assert disputed.report.pushed.accepted == 2
    assert disputed_states[disputed_id].state is UploadState.disputed
    [problem] = disputed.problems
    assert problem.kind is SyncProblemKind.order_disputed and problem.ref == disputed_id
    assert "order E1-0001 was also claimed by another guide of your store" in problem.message
    assert disputed.changes.touches(Area.sales, Area.outbox)
    assert hq_sales_total(running_hq) == (1, 129_900)
