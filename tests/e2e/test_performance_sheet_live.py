"""Against a real HQ holding 200k sales: the performance sheet's first bytes arrive at once, and
downloads that stop reading hold no database session: the feed and pushes keep answering."""

from __future__ import annotations

import socket
import sqlite3
import statistics
import time
from contextlib import ExitStack
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import Running
from tests.e2e.test_stalled_downloads import _stall  # a request on a 4 KiB window, never read
from tests.support.events import sale_event
from tests.support.sales_seed import SaleMix, generate_sales

pytestmark = pytest.mark.serial  # measures latency: run alone (make test)

SALES = 200_000
STALLED = 3
SHEET = "/api/v1/exports/performance?from=2026-11-01&to=2026-11-30"
START, END = datetime(2026, 10, 31, 16, tzinfo=UTC), datetime(2026, 11, 30, 16, tzinfo=UTC)


def _seed(running: Running) -> None:
    ids, stores = running.org.ids, running.org.store_ids
    sellers = [
        (ids[running.org.guide_e1], stores["E1"]),
        (ids[running.org.guide_e1_b], stores["E1"]),
        (ids[running.org.guide_e2], stores["E2"]),
        (ids[running.org.guide_s1], stores["S1"]),
        (ids[running.org.guide_s2], stores["S2"]),
    ]
    mix = SaleMix(voided=0.02, disputed=0.03, decided=0.5)
    generate_sales(running.settings, sellers, SALES, START, END, mix)


def _first_body_bytes(connection: socket.socket) -> tuple[bytes, bytes]:
    """(status line and headers, the first bytes of the body after them)."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += connection.recv(4096)
    head, _, body = received.partition(b"\r\n\r\n")
    while not body:
        body = connection.recv(4096)
    return head, body


def _latencies(client: httpx.Client, token: str, tag: str) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    times = []
    for number in range(5):
        for method, path, body in (
            ("POST", "/api/v1/sync/push", {"events": [sale_event(f"SHEET-{tag}-{number}", 9_900)]}),
            ("GET", "/api/v1/sync/changes", None),
        ):
            started = time.perf_counter()
            answer = client.request(method, path, json=body, headers=headers)
            times.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.text
    return times


def _readers_left_holding_a_snapshot(running: Running, within_s: float = 20.0) -> int:
    """Sessions of HQ still inside a statement or transaction after up to `within_s`: while the
    downloads are stalled, a producer may be mid-page, but none may hold one for the whole stream."""
    deadline = time.monotonic() + within_s
    while (holding := _readers_holding_a_snapshot(running)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return holding


def _readers_holding_a_snapshot(running: Running) -> int:
    """Sessions of HQ that are inside a transaction or a statement right now."""
    settings = running.settings
    if settings.is_sqlite:
        # A FULL checkpoint stays busy while a reader still holds a snapshot older than the last
        # write (the pushes above wrote after every download began).
        with sqlite3.connect(settings.sqlalchemy_url.removeprefix("sqlite:///"), timeout=1) as database:
            busy, _, _ = database.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
        return int(busy)
    engine = create_engine(settings.sqlalchemy_url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND state <> 'idle'"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_a_200k_sales_sheet_starts_at_once_and_stalled_downloads_hold_no_session(running_hq: Running) -> None:
    started = time.perf_counter()
    _seed(running_hq)
    seeded_in = time.perf_counter() - started
    admin, guide = running_hq.token(running_hq.org.admin), running_hq.token(running_hq.org.guide_e1)
    base = running_hq.live.base_url
    port = int(base.rsplit(":", 1)[1])
    with httpx.Client(base_url=base, timeout=30) as client, ExitStack() as stack:
        quiet = _latencies(client, guide, "quiet")
        asked = time.perf_counter()
        first = stack.enter_context(_stall(port, SHEET, admin))
        head, body = _first_body_bytes(first)
        first_bytes_in = time.perf_counter() - asked
        assert head.startswith(b"HTTP/1.1 200"), head
        assert b"spreadsheetml" in head and b"performance_2026-11-01_2026-11-30.xlsx" in head
        for _ in range(STALLED - 1):
            stack.enter_context(_stall(port, SHEET, admin))
        time.sleep(1.5)  # every producer has filled its pipe and waits for its reader
        busy = _latencies(client, guide, "busy")
        holding = _readers_left_holding_a_snapshot(running_hq)
    print(
        f"seeded {SALES:,} sales in {seeded_in:.1f} s; first bytes in {first_bytes_in * 1000:.0f} ms; "
        f"push/feed median quiet {statistics.median(quiet) * 1000:.0f} ms, with {STALLED} stalled "
        f"downloads {statistics.median(busy) * 1000:.0f} ms (max {max(busy) * 1000:.0f} ms)"
    )
    assert first_bytes_in < 2.0
    assert body  # the zip's first part, before any figure was read
    assert holding == 0
    assert max(busy) < 2.0
    assert statistics.median(busy) < max(0.5, 5 * statistics.median(quiet))
