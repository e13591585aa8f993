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

import httpx
from sqlalchemy import func, select

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import ContentAsset, HqRecord, Outbox, Tag, Task
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.store import open_book
from guide_app.sync.client import HqClient
from guide_app.sync.pull import pull
from guide_app.sync.push import push_outbox
from tests.e2e.conftest import Running, hq_sales_total
from tests.support.org import PASSWORD
from tests.support.publish import script_item, task_request
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


def test_killing_the_client_at_random_points_loses_and_duplicates_no_sale(
    running_hq: Running, tmp_path: Path
) -> None:
    target, kills = 10_000, 20
    book_path = tmp_path / "book.sqlite3"
    environment = {**os.environ, "GUIDE_TOKEN": running_hq.token(running_hq.org.guide_e1)}
    command = [
        sys.executable,
        "-m",
        "tests.support.sale_writer",
        "--book",
        str(book_path),
        "--hq",
        running_hq.live.base_url,
        "--target",
        str(target),
    ]
    rng = random.Random(99)
    for _kill in range(kills):
        writer = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, 2.5))
        if writer.poll() is None:
            writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        _book_is_intact(book_path)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        finished = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600)
        _book_is_intact(book_path)
        if finished.returncode == 0:
            break
        assert "Offline" in finished.stderr, finished.stderr[-3000:]
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
