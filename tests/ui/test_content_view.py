"""The content library in the window: filters, copying for WeCom, "send to", and a file that failed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from guide_app.account.accounts import GuideAccount
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import Outbox
from guide_app.book.store import Book
from guide_app.book.timeline import InteractionKind, timeline
from guide_app.calls.tasks import lay_out_day
from guide_app.errors import ErrorCode
from guide_app.protocol import EventKind
from guide_app.sync.assets import FileState
from guide_app.sync.client import HqRefused
from tests.support.content_library import (
    PlacedItem,
    content_row,
    fill_library,
    place_file,
    poster_jpeg,
    put_video,
    runway_video,
)
from tests.support.tasks import put_customer, put_sop
from ui.dialogs.send_to import SendToDialog
from ui.ops import Ops
from ui.views.content import ContentView

WAIT_MS = 10_000
CUSTOMERS = (
    ("王丽", "王姐-0512-羽绒服M", "female"),
    ("李强", "李先生 老客 喜欢黑色", "male"),
    ("欧阳娜娜", "", "female"),
    ("张敏", "张三 18段会员", ""),
)


def _add_customers(book: Book) -> dict[str, str]:
    with book.writing() as session:
        return {
            name: add_customer(session, CustomerFields(name=name, wecom_remark=remark, gender=gender))
            for name, remark, gender in CUSTOMERS
        }


@pytest.fixture
def library(book: Book, tmp_path: Path) -> list[PlacedItem]:
    return fill_library(book, tmp_path / "assets", 6)


@pytest.fixture
def view(qtbot: QtBot, ops: Ops, library: list[PlacedItem]) -> Iterator[ContentView]:
    shown = ContentView(ops)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitUntil(lambda: shown.model.rowCount() > 0, timeout=WAIT_MS)
    yield shown
    shown.loader.wait_idle()


def _first(library: list[PlacedItem], kind: str) -> PlacedItem:
    return next(item for item in library if item.kind == kind)


def _usage_events(book: Book) -> int:
    with book.reading() as session:
        query = select(func.count()).select_from(Outbox).where(Outbox.kind == EventKind.content_usage.value)
        return int(session.execute(query).scalar_one())


def test_copying_a_poster_puts_the_picture_on_the_clipboard_and_counts_it(
    qtbot: QtBot, view: ContentView, library: list[PlacedItem], book: Book
) -> None:
    poster = _first(library, "poster")
    assert view.select(poster.id)
    qtbot.waitUntil(lambda: not view.preview.picture.image.isNull(), timeout=WAIT_MS)
    assert view.preview.picture.image.size().width() == 720  # the full poster, not the thumbnail
    view.tiles.setFocus()
    qtbot.keyClick(
        view.tiles, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    pasted = QGuiApplication.clipboard().image()
    assert pasted.size().width() == 720 and pasted.size().height() == 960
    qtbot.waitUntil(lambda: _usage_events(book) == 1, timeout=WAIT_MS)


def test_copying_both_gives_wecom_the_picture_and_the_words_in_one_paste(
    qtbot: QtBot, ops: Ops, book: Book, tmp_path: Path
) -> None:
    payload = poster_jpeg("会员日海报", 1)
    sha256, path = place_file(tmp_path / "assets", payload)
    row = content_row(
        "会员日海报",
        "poster",
        body="本周六会员日，全场8.8折",
        sha256=sha256,
        size=len(payload),
        local_path=path,
    )
    with book.writing() as session:
        session.add(row)
    shown = ContentView(ops)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: not shown.preview.picture.image.isNull(), timeout=WAIT_MS)
    shown.tiles.setFocus()
    qtbot.keyClick(shown.tiles, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasImage() and mime.text() == "本周六会员日，全场8.8折"
    shown.loader.wait_idle()


def test_a_script_copied_for_a_customer_holds_their_address_filled_in(
    qtbot: QtBot, view: ContentView, library: list[PlacedItem], book: Book
) -> None:
    _add_customers(book)
    script = _first(library, "script")  # "{称呼}您好，双11预热已开始！…"
    assert view.select(script.id)
    view.tiles.setFocus()
    qtbot.keyClick(view.tiles, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    picker = view.active_dialog
    assert isinstance(picker, SendToDialog)
    qtbot.keyClicks(picker.search, "wangli")  # pinyin: QTest types ASCII only
    qtbot.waitUntil(lambda: [c.name for c in picker.shown] == ["王丽"], timeout=WAIT_MS)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.preview.text.startswith("王姐您好"), timeout=WAIT_MS)
    qtbot.keyClick(view.tiles, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().startswith("王姐您好，双11预热已开始！")
    assert "{称呼}" not in QGuiApplication.clipboard().text()


def test_filters_narrow_the_tiles_and_expired_items_show_marked_when_asked(
    qtbot: QtBot, ops: Ops, book: Book, library: list[PlacedItem]
) -> None:
    from datetime import UTC, timedelta

    expired = content_row(
        "去年双11话术", "script", body="旧话术", valid_until=datetime.now(UTC) - timedelta(days=30)
    )
    with book.writing() as session:
        session.add(expired)
    shown = ContentView(ops)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.model.rowCount() == len(library), timeout=WAIT_MS)

    def titles() -> set[str]:
        return {entry.title for entry in shown.model.entries}

    shown.kind_box.setCurrentIndex(shown.kind_box.findData("product_card"))
    qtbot.waitUntil(
        lambda: titles() == {item.title for item in library if item.kind == "product_card"}, timeout=WAIT_MS
    )
    shown.kind_box.setCurrentIndex(0)
    shown.search.setText("羊绒")
    qtbot.waitUntil(lambda: titles() == {"双面羊绒大衣 驼色", "冬季新品邀约话术"}, timeout=WAIT_MS)
    shown.search.clear()
    shown.campaign_box.setCurrentIndex(shown.campaign_box.findData("会员日"))
    qtbot.waitUntil(
        lambda: bool(titles()) and all("会员日" in e.campaign for e in shown.model.entries), timeout=WAIT_MS
    )
    shown.campaign_box.setCurrentIndex(0)
    assert "去年双11话术" not in titles()
    shown.valid_box.setChecked(False)
    qtbot.waitUntil(lambda: "去年双11话术" in titles(), timeout=WAIT_MS)
    shown.loader.wait_idle()


def test_send_to_three_customers_logs_it_on_each_timeline_and_queues_three_counts(
    qtbot: QtBot, view: ContentView, library: list[PlacedItem], book: Book
) -> None:
    customers = _add_customers(book)
    poster = _first(library, "poster")
    assert view.select(poster.id)
    view.tiles.setFocus()
    qtbot.keyClick(view.tiles, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = view.active_dialog
    assert isinstance(dialog, SendToDialog)
    qtbot.waitUntil(lambda: len(dialog.shown) == len(CUSTOMERS), timeout=WAIT_MS)
    for name, typed in (("王丽", "wl"), ("李强", "liqiang"), ("张敏", "zhangmin")):
        dialog.search.clear()
        qtbot.keyClicks(dialog.search, typed)
        qtbot.waitUntil(lambda name=name: [c.name for c in dialog.shown] == [name], timeout=WAIT_MS)  # type: ignore[misc]
        qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    assert sorted(candidate.name for candidate in dialog.chosen.values()) == ["张敏", "李强", "王丽"]
    with qtbot.waitSignal(dialog.sent, timeout=WAIT_MS) as sent:
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert sent.args == [3]
    for name in ("王丽", "李强", "张敏"):
        with book.reading() as session:
            entries = timeline(session, customers[name])
        assert [(entry.kind, entry.text) for entry in entries] == [
            (InteractionKind.content_sent, poster.title)
        ]
    with book.reading() as session:
        assert timeline(session, customers["欧阳娜娜"]) == []
    assert _usage_events(book) == 3


class _RefusingThenServingHq:
    """An HQ that refuses the file once (its words), then serves it: stands in for the client."""

    calls = 0

    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    async def __aenter__(self) -> _RefusingThenServingHq:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None

    async def download(self, sha256: str, target: Path, size: int | None, on_progress: object) -> Path:
        type(self).calls += 1
        if type(self).calls == 1:
            raise HqRefused("HQ answered 404: asset not found", code=ErrorCode.hq_refused)
        target.parent.mkdir(parents=True, exist_ok=True)
        on_progress(len(self.payload) // 2, len(self.payload))  # type: ignore[operator]
        target.write_bytes(self.payload)
        return target


def test_a_failed_file_says_why_and_retry_fetches_just_that_file(
    qtbot: QtBot, ops: Ops, book: Book, qapp: QApplication
) -> None:
    payload = poster_jpeg("冬季新品海报", 3)
    row = content_row(
        "冬季新品海报",
        "poster",
        sha256=hashlib.sha256(payload).hexdigest(),
        size=len(payload),
        mime="image/jpeg",
    )
    with book.writing() as session:
        session.add(row)
    account = GuideAccount("http://127.0.0.1:9", "guide")
    _RefusingThenServingHq.calls = 0
    shown = ContentView(ops, account, client=lambda: _RefusingThenServingHq(payload))  # type: ignore[arg-type, return-value]
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitUntil(lambda: shown.preview.retry_button.isVisible(), timeout=WAIT_MS)
    not_here = QCoreApplication.translate(
        "ContentPreview", "Not on this PC yet: it comes with the next sync, or fetch it now."
    )
    assert not_here in shown.preview.file_label.text()
    qtbot.mouseClick(shown.preview.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "asset not found" in shown.preview.file_label.text(), timeout=WAIT_MS)
    assert shown.preview.retry_button.isVisible()
    qtbot.waitUntil(lambda: shown.model.files[row.id].state is FileState.failed, timeout=WAIT_MS)
    shown.tiles.setFocus()
    qtbot.keyClick(shown.tiles, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown.model.files[row.id].state is FileState.ready, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not shown.preview.picture.image.isNull(), timeout=WAIT_MS)
    assert not shown.preview.retry_button.isVisible() and _RefusingThenServingHq.calls == 2
    shown.loader.wait_idle()


def test_a_video_previews_as_its_first_frame_and_duration_and_opens_in_the_player(
    qtbot: QtBot, ops: Ops, book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video = put_video(book, tmp_path / "assets", "冬季走秀花絮", runway_video(2))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    shown = ContentView(ops)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitUntil(lambda: shown.preview.video_duration_ms is not None, timeout=WAIT_MS)
    assert shown.preview.video_duration_ms > 1000 and not shown.preview.picture.image.isNull()
    assert "0:0" in shown.preview.details.text()  # "Duration 0:02"
    qtbot.waitUntil(
        lambda: shown.loader.cached(video.local_path or "") is not None, timeout=WAIT_MS
    )  # the tile's frame
    qtbot.mouseClick(shown.preview.open_button, Qt.MouseButton.LeftButton)
    assert opened == [video.local_path]


def test_an_empty_library_asks_the_window_for_a_sync(qtbot: QtBot, ops: Ops) -> None:
    shown = ContentView(ops)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(shown.sync_button.isVisible, timeout=WAIT_MS)
    assert shown.empty.text() == QCoreApplication.translate(
        "ContentView", "The library is empty. Sync (F5) to fetch HQ's content."
    )
    with qtbot.waitSignal(shown.sync_requested, timeout=WAIT_MS):
        qtbot.mouseClick(shown.sync_button, Qt.MouseButton.LeftButton)


def test_send_to_offers_todays_targets_still_to_contact(qtbot: QtBot, ops: Ops, book: Book) -> None:
    on_task = {name: put_customer(book, name, tags=("金卡",)) for name in ("王丽", "李娜")}
    put_customer(book, "张敏")  # not on today's task
    put_sop(book, {"kind": "daily"}, {"tags_all": ["金卡"]}, "金卡会员新品触达", due_time="23:59")
    lay_out_day(book, datetime.now().date())
    poster = content_row("会员日海报", "poster")
    with book.writing() as session:
        session.add(poster)
    dialog = SendToDialog(ops, poster.id, poster.title)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog.shown) == 3, timeout=WAIT_MS)
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: {c.customer_id for c in dialog.shown} == set(on_task.values()), timeout=WAIT_MS)


def test_the_tiles_are_first_drawn_with_their_thumbnails_already_decoded(
    qtbot: QtBot, ops: Ops, library: list[PlacedItem]
) -> None:
    shown = ContentView(ops)
    qtbot.addWidget(shown)
    missing_at_fill: list[list[str]] = []

    def note_missing() -> None:
        model = shown.model
        paths = [model.picture_path(entry) for entry in model.entries if entry.kind in ("poster", "image")]
        assert any(paths)  # the posters' files are here: their thumbnails are due
        missing_at_fill.append([path for path in paths if path and shown.loader.cached(path) is None])

    shown.model.modelReset.connect(note_missing)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitUntil(lambda: shown.model.rowCount() == len(library), timeout=WAIT_MS)
    posters = [item for item in library if item.kind in ("poster", "image")]
    assert posters and missing_at_fill == [[]]  # decoded with the catalogue, before any paint
    qtbot.waitUntil(lambda: shown.preview.entry is not None, timeout=WAIT_MS)  # after the first paint
    assert shown.preview.entry.id == shown.model.entries[0].id  # type: ignore[union-attr]
    shown.loader.wait_idle()


def test_from_the_search_box_down_goes_to_the_tiles_and_ctrl_k_on_words_without_a_name_says_so(
    qtbot: QtBot, view: ContentView, library: list[PlacedItem]
) -> None:
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.tiles.hasFocus() and view.tiles.currentIndex().row() == 0
    card = _first(library, "product_card")  # its words name nobody: nothing to fill in
    assert view.select(card.id)
    qtbot.keyClick(view.tiles, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert view.active_dialog is None
    assert view.preview.notice.text() == QCoreApplication.translate(
        "ContentView", "“%1” names no customer: copy it as it is (Ctrl+C)."
    ).replace("%1", card.title)
