"""End-to-end: a seeded HQ running as its own process."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from hq.core.config import Settings
from tests.hq.conftest import seed
from tests.support.live_hq import LiveHq, serve
from tests.support.org import PASSWORD, OrgFixture


@dataclass
class Running:
    live: LiveHq
    org: OrgFixture
    settings: Settings

    def token(self, login: str) -> str:
        answer = httpx.post(
            f"{self.live.base_url}/api/v1/auth/login", json={"login": login, "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])


def _running(settings: Settings, workers: int) -> Iterator[Running]:
    org = seed(settings)
    with serve(settings, workers=workers) as live:
        yield Running(live=live, org=org, settings=settings)
        assert "Traceback" not in live.log(), live.log()


@pytest.fixture
def running_hq(hq_settings: Settings) -> Iterator[Running]:
    """HQ as one worker process: what most store-facing behaviour needs, at a third of the start-up."""
    yield from _running(hq_settings, workers=1)


@pytest.fixture
def running_hq_two_workers(hq_settings: Settings) -> Iterator[Running]:
    """HQ as two worker processes, for what must hold across processes (one sale counted once)."""
    yield from _running(hq_settings, workers=2)


def hq_sales_total(running: Running) -> tuple[int, int]:
    """(count, total fen) of the sales HQ counted, read page by page as HQ's operator would."""
    headers = {"Authorization": f"Bearer {running.token(running.org.admin)}"}
    count, total, offset = 0, 0, 0
    while True:
        page = httpx.get(
            f"{running.live.base_url}/api/v1/sales",
            params={"offset": offset, "limit": 1000},
            headers=headers,
            timeout=30,
        ).json()
        count, total, offset = (
            count + len(page),
            total + sum(sale["amount_fen"] for sale in page),
            offset + len(page),
        )
        if len(page) < 1000:
            return count, total
