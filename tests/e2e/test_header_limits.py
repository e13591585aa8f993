"""A request's head is bounded: an 8 MB header, or ten half-sent 50 MB ones, cost HQ no memory to speak
of, and normal requests go on being served (HQ as its own process)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hq.core.config import Settings
from hq.serving import MAX_HEAD_BYTES
from tests.hq.conftest import seed
from tests.support.live_hq import LiveHq, serve


def _rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


def _port(live: LiveHq) -> int:
    return int(live.base_url.rsplit(":", 1)[1])


# The head is read before any storage is touched: one backend is enough.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def live(hq_settings: Settings) -> Iterator[LiveHq]:
    seed(hq_settings)
    with serve(hq_settings, workers=1) as running:
        yield running


def test_a_whole_eight_megabyte_header_is_refused_with_431(live: LiveHq) -> None:
    answer = httpx.get(f"{live.base_url}/healthz", headers={"X-Padding": "a" * (8 * 1024 * 1024)}, timeout=30)
    assert answer.status_code == 431 and answer.json()["code"] == "headers_too_large"
    fine = httpx.get(f"{live.base_url}/healthz", headers={"X-Padding": "a" * (MAX_HEAD_BYTES // 2)})
    assert fine.status_code == 200


@pytest.mark.serial  # measures HQ's memory and how soon it cuts: run alone (make test)
def test_ten_half_sent_fifty_megabyte_headers_are_cut_off_early(live: LiveHq) -> None:
    before = _rss_mib(live.process.pid)
    piece = b"a" * (256 * 1024)
    connections, cut_after = [], []
    for _ in range(10):
        connection = socket.create_connection(("127.0.0.1", _port(live)), timeout=10)
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: hq\r\nX-Padding: ")
        sent = 0
        try:
            while sent < 50 * 1024 * 1024:  # never ends its header
                connection.sendall(piece)
                sent += len(piece)
        except OSError:  # HQ closed the connection
            pass
        cut_after.append(sent)
        connections.append(connection)
    time.sleep(0.5)
    after = _rss_mib(live.process.pid)
    for connection in connections:
        connection.close()
    assert max(cut_after) < 8 * 1024 * 1024, cut_after  # refused within a few chunks, not 50 MB
    assert after - before < 30, (before, after)  # was 182 -> 672 MB
    assert httpx.get(f"{live.base_url}/healthz").status_code == 200
