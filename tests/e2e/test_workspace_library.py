"""HQ's Content page against a real HQ: publish, edit and retire library items from the keyboard."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from guide_app.changes import Area, ChangeNotice
from guide_app.protocol import ContentKind, LifecycleStage
from guide_app.workspace.library import DraftField, WhenValid
from tests.e2e.conftest import Running, sign_in_workspace
from ui.ops import Ops
from ui.workspace.content_editor import ContentEditor
from ui.workspace.library import Column, LibraryPage

# HQ's database is not what these test (tests/hq covers both backends).
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

WAIT_MS = 15_000


def _api(running: Running, login: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {running.token(login)}"}
    return httpx.request(
        method, f"{running.live.base_url}/api/v1{path}", headers=headers, timeout=30, **kwargs
    )


def _type(qtbot: QtBot, field: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Typed keys, or (for Chinese) committed as an input method does: QTest types no CJK keys."""
    field.setFocus()
    if text.isascii():
        qtbot.keyClicks(field, text)
    elif isinstance(field, QLineEdit):
        field.insert(text)
    else:
        field.insertPlainText(text)


def _guide_feed(running: Running, content_id: str) -> list[dict[str, Any]]:
    """The changes about one item in guide.e1a's feed, oldest first."""
    page = _api(running, running.org.guide_e1, "GET", "/sync/changes", params={"cursor": 0, "limit": 1000})
    assert page.status_code == 200, page.text
    return [
        change
        for change in page.json()["changes"]
        if change["entity"] == "content" and change["id"] == content_id
    ]


@pytest.fixture
def page(qtbot: QtBot, running_hq: Running, store_pc: Path) -> Iterator[LibraryPage]:
    workspace = sign_in_workspace(running_hq, running_hq.org.admin)
    ops = Ops(None)
    made = LibraryPage(ops, workspace)
    qtbot.addWidget(made)
    made.resize(1238, 700)
    made.show()
    qtbot.waitUntil(lambda: made.library is not None, timeout=WAIT_MS)
    yield made
    if made.editor is not None:
        made.editor.close()
    ops.shutdown()


def _open_new(qtbot: QtBot, page: LibraryPage) -> ContentEditor:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible(), timeout=WAIT_MS)
    editor = page.editor
    assert editor is not None
    editor.activateWindow()  # focus moves, and leaves a field, only in the active window
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def _row_of(page: LibraryPage, title: str) -> int | None:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, Column.title).data() == title:
            return row
    return None


def test_poster_published_with_its_file_reaches_guides_and_goes_when_retired(
    qtbot: QtBot, page: LibraryPage, running_hq: Running, tmp_path: Path
) -> None:
    poster = tmp_path / "双十一海报.png"
    image = QImage(600, 800, QImage.Format.Format_RGB32)
    image.fill(QColor("#c2410c"))
    assert image.save(str(poster))
    editor = _open_new(qtbot, page)
    assert editor.kind.currentData() == ContentKind.poster
    _type(qtbot, editor.title, "双十一主海报")
    _type(qtbot, editor.campaign, "双十一")
    _type(qtbot, editor.file_field, str(poster))
    qtbot.keyClick(editor.file_field, Qt.Key.Key_Tab)  # leaving the field sends the file
    qtbot.waitUntil(lambda: editor.asset is not None, timeout=WAIT_MS)
    assert editor.asset is not None and editor.asset.size == poster.stat().st_size
    assert "KB" in editor.file_state.text()
    qtbot.waitUntil(lambda: editor.thumbnail.pixmap() is not None and not editor.thumbnail.pixmap().isNull())
    qtbot.keyClick(editor.stages[LifecycleStage.active], Qt.Key.Key_Space)
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)  # Enter publishes
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=WAIT_MS)
    assert editor.saved is not None
    content_id = str(editor.saved.id)
    qtbot.waitUntil(lambda: _row_of(page, "双十一主海报") is not None, timeout=WAIT_MS)

    feed = _guide_feed(running_hq, content_id)
    assert [change["op"] for change in feed] == ["upsert"]
    assert feed[0]["data"]["asset_sha256"] == editor.asset.sha256
    assert feed[0]["data"]["campaign"] == "双十一"
    assert feed[0]["data"]["stages"] == ["active"]

    row = _row_of(page, "双十一主海报")
    assert row is not None
    page.table.setCurrentIndex(page.proxy.index(row, 0))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.confirmation is not None and page.confirmation.isVisible())
    assert page.confirmation is not None
    qtbot.keyClick(page.confirmation, Qt.Key.Key_Return)  # the confirmation's default is Retire
    qtbot.waitUntil(lambda: _row_of(page, "双十一主海报") is None, timeout=WAIT_MS)
    assert [change["op"] for change in _guide_feed(running_hq, content_id)][-1] == "delete"
    listed = _api(running_hq, running_hq.org.guide_e1, "GET", "/content").json()
    assert content_id not in {item["id"] for item in listed}


def test_script_with_placeholders_is_published_as_typed(
    qtbot: QtBot, page: LibraryPage, running_hq: Running
) -> None:
    editor = _open_new(qtbot, page)
    editor.kind.setCurrentIndex(editor.kind.findData(ContentKind.script))
    assert editor.placeholder_hint.isVisible() and not editor.file_part.isVisible()
    _type(qtbot, editor.title, "老客回访话术")
    insert_address, insert_surname = editor.placeholder_buttons["{称呼}"], editor.placeholder_buttons["{姓}"]
    qtbot.mouseClick(insert_address, Qt.MouseButton.LeftButton)
    _type(qtbot, editor.body, "，您好！冬季新品到店了，")
    qtbot.mouseClick(insert_surname, Qt.MouseButton.LeftButton)
    _type(qtbot, editor.body, "姐有空来试穿。")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=WAIT_MS)
    assert editor.saved is not None
    item = _api(running_hq, running_hq.org.guide_e1, "GET", f"/content/{editor.saved.id}").json()
    assert item["kind"] == "script"
    assert item["body"] == "{称呼}，您好！冬季新品到店了，{姓}姐有空来试穿。"


def test_product_card_without_price_is_refused_under_the_field_and_nothing_is_sent(
    qtbot: QtBot, page: LibraryPage, running_hq: Running
) -> None:
    before = len(_api(running_hq, running_hq.org.admin, "GET", "/content").json())
    editor = _open_new(qtbot, page)
    editor.kind.setCurrentIndex(editor.kind.findData(ContentKind.product_card))
    _type(qtbot, editor.title, "羊毛大衣 新品卡")
    _type(qtbot, editor.sku, "WC-2026-01")
    _type(qtbot, editor.product_name, "双面羊毛大衣")
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    assert editor.problems[DraftField.price].isVisible()
    assert editor.problems[DraftField.price].text()
    assert not editor.problems[DraftField.sku].isVisible()
    _type(qtbot, editor.price, "1299.999")  # fen have two digits
    qtbot.keyClick(editor.price, Qt.Key.Key_Return)
    assert editor.problems[DraftField.price].isVisible()
    assert editor.isVisible() and editor.saved is None
    assert len(_api(running_hq, running_hq.org.admin, "GET", "/content").json()) == before

    editor.price.clear()
    _type(qtbot, editor.price, "1,299.50")
    qtbot.keyClick(editor.price, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=WAIT_MS)
    assert editor.saved is not None and editor.saved.product is not None
    assert editor.saved.product.price_fen == 129_950


def test_hq_refusal_shows_under_the_form(qtbot: QtBot, page: LibraryPage, running_hq: Running) -> None:
    created = _api(
        running_hq,
        running_hq.org.admin,
        "POST",
        "/content",
        json={"kind": "link", "title": "品牌故事", "link_url": "https://example.com/story"},
    ).json()
    page.load()
    qtbot.waitUntil(lambda: _row_of(page, "品牌故事") is not None, timeout=WAIT_MS)
    row = _row_of(page, "品牌故事")
    assert row is not None
    page.table.setCurrentIndex(page.proxy.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter edits
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    editor = page.editor
    assert editor is not None and editor.link_url.text() == "https://example.com/story"
    assert not editor.kind.isEnabled()
    # Another HQ operator retires it while this one edits.
    assert _api(running_hq, running_hq.org.admin, "DELETE", f"/content/{created['id']}").status_code == 204
    _type(qtbot, editor.title, "（新版）")
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.form_problem.isVisible(), timeout=WAIT_MS)
    assert editor.isVisible() and editor.saved is None
    assert "no such content item" in editor.form_problem.text()  # HQ's own reason


def test_usage_counts_show_after_a_guide_reports_using_an_item(
    qtbot: QtBot, page: LibraryPage, running_hq: Running
) -> None:
    created = _api(
        running_hq,
        running_hq.org.admin,
        "POST",
        "/content",
        json={"kind": "script", "title": "生日祝福", "body": "{称呼}，生日快乐！"},
    ).json()
    today = datetime.now(UTC).date().isoformat()
    events = [
        {
            "id": str(uuid.uuid4()),
            "kind": "content_usage",
            "body": {"content_id": created["id"], "action": action, "count": count, "day": today},
        }
        for action, count in (("sent", 5), ("copied", 2))
    ]
    pushed = _api(running_hq, running_hq.org.guide_e1, "POST", "/sync/push", json={"events": events})
    assert pushed.status_code == 200, pushed.text
    assert {result["status"] for result in pushed.json()["results"]} == {"accepted"}
    page.ops.announce(ChangeNotice.of(Area.library))  # what F5 in the window does
    qtbot.waitUntil(lambda: _row_of(page, "生日祝福") is not None, timeout=WAIT_MS)
    row = _row_of(page, "生日祝福")
    assert row is not None
    shown = {
        column: page.proxy.index(row, column).data() for column in (Column.sent, Column.copied, Column.guides)
    }
    assert shown == {Column.sent: "5", Column.copied: "2", Column.guides: "1"}


def test_library_is_narrowed_by_words_kind_and_dates(
    qtbot: QtBot, page: LibraryPage, running_hq: Running
) -> None:
    now = datetime.now(UTC)
    for body in (
        {"kind": "script", "title": "生日祝福", "body": "{称呼}，生日快乐！", "campaign": "会员日"},
        {
            "kind": "link",
            "title": "国庆活动页",
            "link_url": "https://example.com/a",
            "valid_until": now.isoformat(),
        },
        {
            "kind": "link",
            "title": "春季预告",
            "link_url": "https://example.com/b",
            "valid_from": (now + timedelta(days=9)).isoformat(),
        },
    ):
        assert _api(running_hq, running_hq.org.admin, "POST", "/content", json=body).status_code == 201
    page.ops.announce(ChangeNotice.of(Area.library))
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 3, timeout=WAIT_MS)
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    page.search.insert("快乐")  # words inside a script are searched, not only titles
    assert [page.proxy.index(row, Column.title).data() for row in range(page.proxy.rowCount())] == [
        "生日祝福"
    ]
    page.search.clear()
    page.kind.setCurrentIndex(page.kind.findData(ContentKind.link))
    assert page.proxy.rowCount() == 2
    page.when.setCurrentIndex(page.when.findData(WhenValid.expired))
    assert [page.proxy.index(row, Column.title).data() for row in range(page.proxy.rowCount())] == [
        "国庆活动页"
    ]
    page.when.setCurrentIndex(page.when.findData(WhenValid.future))
    assert [page.proxy.index(row, Column.title).data() for row in range(page.proxy.rowCount())] == [
        "春季预告"
    ]
    page.kind.setCurrentIndex(0)
    page.when.setCurrentIndex(0)
    page.campaign.setCurrentIndex(page.campaign.findData("会员日"))
    assert page.proxy.rowCount() == 1
