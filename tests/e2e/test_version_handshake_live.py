"""The version handshake against a real HQ process: a guide's app below the minimum HQ's operator
set is refused sync with the documented words and loses nothing; updated, its queued sales reach
HQ once each."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from guide_app.account.accounts import GuideAccount
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.store import Book, open_book
from guide_app.protocol import API_PREFIX, CLIENT_VERSION_HEADER, CLIENT_VERSIONS_PATH
from guide_app.sync.client import ClientTooOld, HqClient, RetryPolicy
from guide_app.sync.run import SyncReport, read_status, sync_once
from tests.e2e.conftest import Running
from tests.support.org import PASSWORD
from tests.ui.modal_boxes import answer_next_modal, press
from ui.messages import describe, describe_code
from ui.ops import Ops
from ui.sync_runner import SYNC_EVERY_MINUTES, VERSION_REFUSED_RETRY_MINUTES, SyncResult, SyncRunner
from ui.views.sync_bar import SyncBar

AMOUNTS = (129_900, 59_900, 8_800)
ONE_TRY = RetryPolicy(attempts=1)


def _client_versions_set(running: Running, minimum: str) -> str:
    """The operator's command, as typed on HQ's server: its own process, the same database."""
    command = [sys.executable, "-m", "hq.cli", "client-versions", "set", "--minimum", minimum]
    command += ["--data-dir", str(running.settings.data_dir)]
    if running.settings.database_url:
        command += ["--database-url", running.settings.database_url]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GUIDE_HQ_")}
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _minimum_in_force(running: Running, minimum: str) -> None:
    """Wait for HQ's worker to read the new policy (`client-versions set` says: within 5 s)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        answer = httpx.get(f"{running.live.base_url}{API_PREFIX}{CLIENT_VERSIONS_PATH}", timeout=5)
        if answer.json()["minimum"] == minimum:
            return
        time.sleep(0.2)
    raise AssertionError(f"HQ did not take minimum {minimum} within 10 s")


def _sign_in(running: Running, version: str) -> str:
    async def scenario() -> str:
        async with HqClient(running.live.base_url, version=version) as client:
            return (await client.login(running.org.guide_e1, PASSWORD)).token

    return asyncio.run(scenario())


def _record_sales(book: Book) -> None:
    with book.writing() as session:
        customer = add_customer(session, CustomerFields(name="王丽", phone="13800138000"))
    for number, amount in enumerate(AMOUNTS):
        with book.writing() as session:  # one sale, one transaction: as the guide records them
            line = SaleLine(name="羊毛大衣", qty=1, unit_price_fen=amount)
            record_sale(session, f"HANDSHAKE-{number}", amount, [line], customer)


def _sync(running: Running, book: Book, token: str, version: str, folder: Path) -> SyncReport:
    async def scenario() -> SyncReport:
        client = HqClient(running.live.base_url, token, retry=ONE_TRY, version=version)
        async with client:
            return await sync_once(book, client, folder)

    return asyncio.run(scenario())


def _hq_counted(running: Running) -> tuple[int, int]:
    """(count, total fen) of the sales HQ counted, read by HQ's operator with an updated app."""
    headers = {"Authorization": f"Bearer {running.token(running.org.admin)}", CLIENT_VERSION_HEADER: "0.2.0"}
    answer = httpx.get(f"{running.live.base_url}{API_PREFIX}/sales", params={"limit": 1000}, headers=headers)
    assert answer.status_code == 200, answer.text
    sales = [sale for sale in answer.json() if sale["order_no"].startswith("HANDSHAKE-")]
    return len(sales), sum(sale["amount_fen"] for sale in sales)


def _dump_without_status(book: Book) -> list[str]:
    with closing(sqlite3.connect(book.path)) as connection:
        return [line for line in connection.iterdump() if "'sync_status'" not in line]


def test_an_app_below_the_minimum_is_refused_loses_nothing_and_its_sales_go_through_after_the_update(
    running_hq: Running, tmp_path: Path
) -> None:
    book = open_book(tmp_path / "book.sqlite3")
    folder = tmp_path / "assets"
    token = _sign_in(running_hq, "0.1.0")
    _sync(running_hq, book, token, "0.1.0", folder)  # before the minimum: 0.1.0 syncs
    _record_sales(book)

    said = _client_versions_set(running_hq, "0.2.0")
    assert "client versions: minimum 0.2.0, latest 0.2.0" in said and "within 5 s" in said
    _minimum_in_force(running_hq, "0.2.0")
    before = _dump_without_status(book)
    with pytest.raises(ClientTooOld) as refused:
        _sync(running_hq, book, token, "0.1.0", folder)
    assert refused.value.message == (
        "Guide Desk 0.1.0 is older than the oldest release HQ syncs with (0.2.0); the latest is 0.2.0. "
        "Sales and work stay safely on this PC and go up after the update: in the app choose "
        "Help → Check for updates…, or ask the store manager or IT."
    )
    assert (refused.value.details["minimum"], refused.value.details["latest"]) == ("0.2.0", "0.2.0")
    assert _dump_without_status(book) == before  # nothing pulled, applied or marked sent
    with book.reading() as session:
        status = read_status(session)
    assert (status.error_code, status.pending_uploads) == ("client_too_old", len(AMOUNTS))
    assert _hq_counted(running_hq) == (0, 0)
    # An app below the minimum still signs in: its guide keeps working with a fresh sign-in.
    assert _sign_in(running_hq, "0.1.0")

    updated = _sync(running_hq, book, token, "0.2.0", folder)  # the same book, after the update
    assert updated.pushed.accepted == len(AMOUNTS)
    assert _sync(running_hq, book, token, "0.2.0", folder).pushed.accepted == 0
    assert _hq_counted(running_hq) == (len(AMOUNTS), sum(AMOUNTS))
    with book.reading() as session:
        status = read_status(session)
    assert (status.error_code, status.pending_uploads) == (None, 0)
    book.close()


@pytest.mark.parametrize("backend", ["sqlite"])  # the window's part: HQ's database is not what it tests
def test_the_sync_bar_says_an_update_is_needed_and_how_and_sync_stops_knocking_every_minute(
    qtbot: QtBot, running_hq: Running, tmp_path: Path, store_pc: Path
) -> None:
    book = open_book(tmp_path / "book.sqlite3")
    _record_sales(book)
    _client_versions_set(running_hq, "0.2.0")
    token = _sign_in(running_hq, "0.1.0")
    url = running_hq.live.base_url
    ops = Ops(book)
    release = ["0.1.0"]  # the app's release, as the update will change it
    account = GuideAccount(url, running_hq.org.guide_e1)
    runner = SyncRunner(ops, account, client=lambda: HqClient(url, token, version=release[0]))
    bar = SyncBar(ops, runner)
    qtbot.addWidget(bar)
    try:
        with qtbot.waitSignal(runner.finished, timeout=30_000) as finished:
            runner.start()
        result: SyncResult = finished.args[0]
        assert result.version_refused and not result.offline
        assert runner.every_ms == VERSION_REFUSED_RETRY_MINUTES * 60_000
        short = QCoreApplication.translate(
            "SyncBar", "Update needed: sync is paused, your work is kept on this PC"
        )
        qtbot.waitUntil(lambda: bar.state_label.text().startswith(short), timeout=5_000)
        assert "3" in bar.state_label.text()  # the three sales waiting to upload are named
        assert bar.update_button.isVisibleTo(bar)
        assert result.error is not None
        words = describe(result.error)
        assert bar.state_label.toolTip() == words
        assert words.startswith(describe_code("client_too_old")) and "0.2.0" in words and "0.1.0" in words
        # "How to update…" says it all in a box whose button leads to Help → Check for updates.
        with qtbot.waitSignal(bar.updates_wanted, timeout=5_000):
            answer_next_modal(press("check_for_updates"))
            bar.update_button.click()

        release[0] = "0.2.0"
        with qtbot.waitSignal(runner.finished, timeout=30_000) as finished:
            runner.sync_now()  # F5 after the update (a restart syncs at once too)
        assert finished.args[0].error is None
        assert runner.every_ms == SYNC_EVERY_MINUTES * 60_000
        qtbot.waitUntil(lambda: not bar.update_button.isVisibleTo(bar), timeout=5_000)
        assert _hq_counted(running_hq) == (len(AMOUNTS), sum(AMOUNTS))
    finally:
        runner.stop()
        ops.shutdown(wait=True)
        book.close()
