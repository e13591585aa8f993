"""`guide-app demo` against a real demo HQ: each guide's sales reach HQ, and HQ's numbers match the book."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlmodel import col

from guide_app.account.accounts import GuideAccount
from guide_app.book.models import Customer, Sale
from guide_app.calls.sales import my_sales
from guide_app.sync.problems import UploadState
from hq.core.config import Settings
from hq.demo.chain import DEMO_PASSWORD
from tests.support.live_hq import serve

pytestmark = pytest.mark.slow  # seeds the whole demo chain (pictures and clips): ~15 s
GUIDES = ("sh001.wang", "sh001.zeng", "sh002.zhang")  # two of one store: the demo's dispute


def _hq_sales(base_url: str, login: str) -> tuple[int, int]:
    """(count, fen) of the sales HQ counts for this guide, as the guide reads them from the API."""
    token = httpx.post(
        f"{base_url}/api/v1/auth/login", json={"login": login, "password": DEMO_PASSWORD}, timeout=30
    ).json()["token"]
    page = httpx.get(
        f"{base_url}/api/v1/sales",
        params={"limit": 1000},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert len(page) < 1000  # one page holds them all
    return len(page), sum(sale["amount_fen"] for sale in page)


def _book_sales(hq_url: str, login: str) -> tuple[int, int, int]:
    """(customers, sales, fen) in the guide's own book on this PC."""
    book = GuideAccount(hq_url, login).open_book()
    try:
        with book.reading() as session:
            customers = session.execute(select(func.count()).select_from(Customer)).scalar_one()
            count, fen = session.execute(select(func.count(), func.sum(col(Sale.amount_fen)))).one()
    finally:
        book.close()
    return customers, count, fen


def test_demo_books_sales_reach_hq_once_and_match_the_books(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "hq")
    subprocess.run(
        [sys.executable, "-m", "hq.cli", "demo", "--data-dir", str(settings.data_dir)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "pc"))
    environment = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    with serve(settings) as live:
        command = [sys.executable, "-m", "guide_app.cli", "demo", "--hq", live.base_url]
        command += ["--customers", "200", "--guides", ",".join(GUIDES)]
        for _run in range(2):  # the second run must add nothing, here or at HQ
            done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
        assert "(0 new), " in done.stdout and "0 recorded now, all at HQ" in done.stdout
        owner, rival, elsewhere = GUIDES
        disputed = _disputed_orders(live.base_url, owner)
        assert len(disputed) == 1  # made by the first run only, and shown on the owner's PC
        _order_no, amount = disputed[0]
        for login in GUIDES:
            customers, count, fen = _book_sales(live.base_url, login)
            assert customers == 200 and count > 100
            # The rival's claim of the owner's order is kept at HQ but counted for the owner.
            claimed = (1, amount) if login == rival else (0, 0)
            assert _hq_sales(live.base_url, login) == (count - claimed[0], fen - claimed[1])
        assert _disputed_orders(live.base_url, elsewhere) == []


def _disputed_orders(hq_url: str, login: str) -> list[tuple[str, int]]:
    book = GuideAccount(hq_url, login).open_book()
    try:
        rows = my_sales(book, limit=1000)
    finally:
        book.close()
    return [(row.order_no, row.amount_fen) for row in rows if row.upload is UploadState.disputed]
