"""End-to-end: a seeded HQ running as its own process."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication

from guide_app.account.accounts import GuideAccount, sign_in
from guide_app.workspace.session import Workspace
from hq.core.config import Settings
from tests.hq.conftest import seed
from tests.support.live_hq import LiveHq, serve
from tests.support.org import PASSWORD, OrgFixture
from ui.app import Desk
from ui.look import make_application


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


def hq_sales_of(running: Running, token: str, order_no: str) -> list[dict[str, Any]]:
    """The sales HQ lists under this order number, as the token's owner reads them."""
    answer = httpx.get(
        f"{running.live.base_url}/api/v1/sales",
        params={"limit": 1000},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return [sale for sale in answer.json() if sale["order_no"] == order_no]


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


# --------------------------------------------------------------------------- the guide's app


def sign_in_workspace(running: Running, login: str) -> Workspace:
    """A manager or HQ operator signed in to the running HQ as the app signs them in (the token is
    kept on the test's store PC: use with the `store_pc` fixture)."""
    account = GuideAccount(running.live.base_url, login)
    me = asyncio.run(sign_in(account, PASSWORD, workspace=True))
    return Workspace(account, me)


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str]) -> QApplication:
    """The application as `guide-app` makes it: zh_CN and a CJK font."""
    return make_application("zh_CN")


@pytest.fixture
def store_pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A store PC of this test's own, without a desktop keyring: the token goes to an owner-only file."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(folder))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield folder
    keyring.set_keyring(previous)


@pytest.fixture
def desk(qapp: QApplication, running_hq: Running, store_pc: Path) -> Iterator[Desk]:
    """The app's Desk offering HQ and the guide's login; whatever is open is closed afterwards."""
    from tests.e2e.desk import close_desk

    made = Desk(qapp, running_hq.live.base_url, running_hq.org.guide_e1)
    yield made
    close_desk(made)
