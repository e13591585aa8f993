"""Slow store PCs fetching a video do not stall HQ: 200 downloads that never read their answer hold
no database session, and pushes and the feed keep their latency (HQ as its own process)."""

from __future__ import annotations

import hashlib
import os
import socket
import statistics
import time
from contextlib import ExitStack

import httpx
import pytest

from tests.e2e.conftest import Running
from tests.support.events import sale_event

pytestmark = pytest.mark.serial  # measures latency or memory: run alone (make test)

STALLED = 200
VIDEO = os.urandom(6 * 1024 * 1024)  # random bytes: nothing along the way can shrink them


def _publish_video(running: Running) -> str:
    base, admin = running.live.base_url, {"Authorization": f"Bearer {running.token(running.org.admin)}"}
    upload = httpx.post(
        f"{base}/api/v1/assets",
        content=VIDEO,
        headers={**admin, "X-Filename": "promo.mp4", "Content-Type": "video/mp4"},
        timeout=60,
    )
    assert upload.status_code == 201, upload.text
    sha256 = str(upload.json()["sha256"])
    assert sha256 == hashlib.sha256(VIDEO).hexdigest()
    item = {"kind": "video", "title": "冬季新品", "asset_sha256": sha256, "audience": {"kind": "everyone"}}
    created = httpx.post(f"{base}/api/v1/content", json=item, headers=admin, timeout=30)
    assert created.status_code == 201, created.text
    return sha256


def _stall(port: int, path: str, token: str) -> socket.socket:
    """A download that asks for the file and never reads a byte of the answer."""
    connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A small window set before connecting: the file cannot sit whole in loopback's buffers.
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    connection.settimeout(10)
    connection.connect(("127.0.0.1", port))
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n"
    connection.sendall(request.encode())
    return connection


def _latencies(client: httpx.Client, token: str, tag: str) -> tuple[list[float], list[int]]:
    headers = {"Authorization": f"Bearer {token}"}
    times, statuses = [], []
    for number in range(10):
        for method, path, body in (
            ("POST", "/api/v1/sync/push", {"events": [sale_event(f"STALL-{tag}-{number}", 9_900)]}),
            ("GET", "/api/v1/sync/changes", None),
            ("GET", "/healthz", None),
        ):
            started = time.perf_counter()
            answer = client.request(method, path, json=body, headers=headers)
            times.append(time.perf_counter() - started)
            statuses.append(answer.status_code)
    return times, statuses


def _settled(client: httpx.Client) -> None:
    """Wait (at most 30 s) until HQ has started every download: the 200 requests arrive at once,
    and what is measured is HQ's latency while they stall, not the queue of their arrival."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        started = time.perf_counter()
        client.get("/healthz")
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.2)


def test_two_hundred_stalled_video_downloads_leave_push_and_feed_fast(running_hq: Running) -> None:
    sha256 = _publish_video(running_hq)
    token = running_hq.token(running_hq.org.guide_e1)
    base = running_hq.live.base_url
    port = int(base.rsplit(":", 1)[1])
    with httpx.Client(base_url=base, timeout=60) as client, ExitStack() as stack:
        quiet, _ = _latencies(client, token, "quiet")
        for _ in range(STALLED):
            stack.callback(stack.enter_context(_stall(port, f"/api/v1/assets/{sha256}", token)).close)
        time.sleep(2)  # every download has filled its socket and waits on the PC
        _settled(client)
        busy, statuses = _latencies(client, token, "busy")
    print(
        f"median quiet {statistics.median(quiet) * 1000:.0f} ms, with {STALLED} stalled downloads "
        f"{statistics.median(busy) * 1000:.0f} ms (max {max(busy) * 1000:.0f} ms)"
    )
    assert set(statuses) == {200}  # before: 500 after 30 s, "QueuePool limit ... reached"
    assert statistics.median(busy) < max(0.25, 5 * statistics.median(quiet))
    assert max(busy) < 2.0
    assert "QueuePool" not in running_hq.live.log()
