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
from hq.core.config import Settings
from hq.demo.chain import DEMO_PASSWORD
from tests.support.live_hq import serve

pytestmark = pytest.mark.slow  # seeds the whole demo chain (pictures and clips): ~15 s
GUIDES = ("sh001.wang", "sh002.zhang")


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
        for login in GUIDES:
            customers, count, fen = _book_sales(live.base_url, login)
            assert customers == 200 and count > 100
            assert _hq_sales(live.base_url, login) == (count, fen)
