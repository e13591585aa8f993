"""The content library against a real HQ: HQ's operator publishes a poster and a script, the guide
syncs, copies both for WeCom, logs the poster as sent to three customers, syncs, and HQ counts it.

HQ has no read endpoint for content usage counts (they feed the performance sheet), so its
database is read, as tests/e2e/test_window_flows.py reads SOP progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlmodel import col

from guide_app.account.accounts import GuideAccount
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.store import Book, open_book
from guide_app.book.timeline import InteractionKind, timeline
from guide_app.sync.client import HqClient
from hq.core.db import Database, run_with_database
from hq.models import ContentUsage
from tests.e2e.conftest import Running
from tests.support.content_library import poster_jpeg
from ui.dialogs.send_to import SendToDialog
from ui.ops import Ops
from ui.sync_runner import SyncResult, SyncRunner
from ui.views.content import ContentView

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # HQ's database is not what this tests

NETWORK_MS = 20_000
LOCAL_MS = 10_000
POSTER_TITLE = "双11预热·羽绒服海报"
SCRIPT_TITLE = "双11预热邀约话术"
SCRIPT = "{称呼}您好，双11预热已开始！您关注的羽绒服今天起9折，欢迎来店试穿～"
CUSTOMERS = (("王丽", "王姐-0512-羽绒服M"), ("李强", "李先生 老客 喜欢黑色"), ("张敏", "张三 18段会员"))


def _admin_publishes(running: Running) -> dict[str, str]:
    """A poster (its JPEG uploaded first) and a script, as HQ's operator publishes them."""
    headers = {"Authorization": f"Bearer {running.token(running.org.admin)}"}
    poster = poster_jpeg(POSTER_TITLE, 1)
    with httpx.Client(base_url=f"{running.live.base_url}/api/v1", headers=headers, timeout=30) as hq:
        upload = hq.post(
            "/assets",
            content=poster,
            headers={"X-Filename": quote("羽绒服海报.jpg"), "Content-Type": "image/jpeg"},
        )
        assert upload.status_code == 201, upload.text
        common: dict[str, Any] = {
            "campaign": "双11预热",
            "tags": ["羽绒服"],
            "audience": {"kind": "everyone"},
        }
        items = {
            "poster": {
                **common,
                "kind": "poster",
                "title": POSTER_TITLE,
                "asset_sha256": upload.json()["sha256"],
            },
            "script": {**common, "kind": "script", "title": SCRIPT_TITLE, "body": SCRIPT},
        }
        published = {}
        for name, item in items.items():
            answer = hq.post("/content", json=item)
            assert answer.status_code == 201, answer.text
            published[name] = str(answer.json()["id"])
    return published


def _hq_usage(running: Running, content_id: str) -> dict[str, int]:
    """The uses HQ counted for one item, by action, summed over the guide's events."""

    async def read(database: Database) -> dict[str, int]:
        async with database.reading() as session:
            rows = await session.execute(
                select(col(ContentUsage.action), func.sum(col(ContentUsage.count)))
                .where(col(ContentUsage.content_id) == content_id)
                .group_by(col(ContentUsage.action))
            )
            return {str(action): int(total) for action, total in rows.all()}

    return run_with_database(running.settings, read)


def _synced(qtbot: QtBot, runner: SyncRunner) -> SyncResult:
    with qtbot.waitSignal(runner.finished, timeout=NETWORK_MS) as finished:
        runner.sync_now()
    result: SyncResult = finished.args[0]
    assert result.error is None and result.outcome is not None, result.error
    return result


def _book_with_customers(path: Path) -> tuple[Book, dict[str, str]]:
    book = open_book(path, take_backup=False)
    with book.writing() as session:
        ids = {
            name: add_customer(session, CustomerFields(name=name, wecom_remark=remark))
            for name, remark in CUSTOMERS
        }
    return book, ids


def test_a_poster_and_a_script_from_hq_are_copied_and_sent_and_hq_counts_the_uses(
    qtbot: QtBot, running_hq: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app-data"))
    published = _admin_publishes(running_hq)
    login = running_hq.org.guide_e1
    token, url = running_hq.token(login), running_hq.live.base_url
    book, customers = _book_with_customers(tmp_path / "book.sqlite3")
    ops = Ops(book)
    account = GuideAccount(url, login)
    runner = SyncRunner(ops, account, client=lambda: HqClient(url, token))
    view = ContentView(ops, account, client=lambda: HqClient(url, token))
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    try:
        _synced(qtbot, runner)
        qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=LOCAL_MS)

        # The poster, copied as a picture: the clipboard holds HQ's image at full size.
        assert view.select(published["poster"])
        qtbot.waitUntil(lambda: not view.preview.picture.image.isNull(), timeout=LOCAL_MS)
        view.tiles.setFocus()
        qtbot.keyClick(
            view.tiles, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        assert QGuiApplication.clipboard().image().size().width() == 720

        # The script, copied for 王丽: her remark says how she is addressed.
        assert view.select(published["script"])
        view.preview.set_customer(customers["王丽"], "王丽")
        qtbot.waitUntil(lambda: view.preview.text.startswith("王姐您好"), timeout=LOCAL_MS)
        qtbot.keyClick(view.tiles, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == SCRIPT.replace("{称呼}", "王姐")

        # The poster, logged as sent to the three customers, from the keyboard.
        assert view.select(published["poster"])
        qtbot.keyClick(view.tiles, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        dialog = view.active_dialog
        assert isinstance(dialog, SendToDialog)
        qtbot.waitUntil(lambda: len(dialog.shown) == len(CUSTOMERS), timeout=LOCAL_MS)
        for row in range(dialog.list.count()):
            dialog.list.setCurrentRow(row)
            qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
        with qtbot.waitSignal(dialog.sent, timeout=LOCAL_MS):
            qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        for customer_id in customers.values():
            with book.reading() as session:
                assert [(entry.kind, entry.text) for entry in timeline(session, customer_id)] == [
                    (InteractionKind.content_sent, POSTER_TITLE)
                ]

        _synced(qtbot, runner)
        assert _hq_usage(running_hq, published["poster"]) == {"copied": 1, "sent": 3}
        assert _hq_usage(running_hq, published["script"]) == {"copied": 1}
    finally:
        runner.stop()
        view.loader.wait_idle()
        ops.shutdown(wait=True)
        book.close()
