"""The side panel beside WeCom: find by initials, log a contact or follow-up in one chord, copy scripts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from guide_app.book.followups import FollowUpKind
from guide_app.book.models import ContentAsset, FollowUp, Outbox
from guide_app.book.store import Book
from guide_app.book.timeline import InteractionKind
from guide_app.calls.customers import delete_customer, update_customer
from guide_app.calls.followups import plan_follow_up
from guide_app.calls.timeline import customer_timeline, log_interaction
from guide_app.timeutil import utcnow
from tests.support.tasks import put_customer
from tests.unit.guide_app.test_panel_calls import put_staged_content
from ui.dialogs.customer_detail import CustomerDetailDialog
from ui.dialogs.follow_up import QUICK_HOUR
from ui.ops import Ops
from ui.panel import when
from ui.side_panel import MIN_WIDTH, Showing, SidePanel

CTRL = Qt.KeyboardModifier.ControlModifier
WAIT_MS = 5000


@pytest.fixture
def panel(qtbot: QtBot, ops: Ops) -> Iterator[SidePanel]:
    shown = SidePanel(ops)
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitExposed(shown)
    yield shown


@pytest.fixture
def wang_li(book: Book) -> str:
    """王丽 (wl), dormant, with a namesake by initials (吴磊, wl) and someone else (李娜)."""
    customer_id = put_customer(
        book, "王丽", stage="dormant", tags=("羽绒服",), wecom_remark="王姐-0512-羽绒服M"
    )
    put_customer(book, "吴磊", stage="active", wecom_remark="吴先生 老客")
    put_customer(book, "李娜", stage="new")
    return customer_id


def _type(qtbot: QtBot, field: QLineEdit, typed: str) -> None:
    if typed.isascii():
        qtbot.keyClicks(field, typed)
    else:
        field.insert(typed)  # as an input method commits Chinese: QTest types no CJK keys


def _find(qtbot: QtBot, panel: SidePanel, typed: str) -> None:
    panel.focus_search()
    _type(qtbot, panel.search_box, typed)


def _showing(qtbot: QtBot, panel: SidePanel, customer_id: str) -> None:
    qtbot.waitUntil(
        lambda: panel.showing is Showing.customer and panel.customer_id == customer_id, timeout=WAIT_MS
    )


def test_initials_list_the_namesakes_and_enter_picks_the_first(
    qtbot: QtBot, panel: SidePanel, wang_li: str
) -> None:
    _find(qtbot, panel, "wl")
    qtbot.waitUntil(lambda: panel.showing is Showing.choices, timeout=WAIT_MS)
    listed = [panel.matches_list.item(row).text() for row in range(panel.matches_list.count())]
    assert [text.split()[0] for text in listed] == ["王丽", "吴磊"]

    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)

    _showing(qtbot, panel, wang_li)
    assert panel.summary.name_label.text() == "王丽"
    assert panel.summary.remark_label.text() == "王姐-0512-羽绒服M"
    assert panel.summary.chips.names == ["羽绒服"]
    assert (
        panel.search_box.hasFocus() and panel.search_box.selectedText() == "wl"
    )  # the next name replaces it


def test_down_then_enter_picks_the_second_match(
    qtbot: QtBot, panel: SidePanel, book: Book, wang_li: str
) -> None:
    _find(qtbot, panel, "wl")
    qtbot.waitUntil(lambda: panel.showing is Showing.choices, timeout=WAIT_MS)
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(panel.matches_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.showing is Showing.customer, timeout=WAIT_MS)
    assert panel.summary.name_label.text() == "吴磊"


def test_an_unambiguous_search_shows_the_customer_at_once(
    qtbot: QtBot, panel: SidePanel, wang_li: str
) -> None:
    _find(qtbot, panel, "王姐")  # the WeCom remark
    _showing(qtbot, panel, wang_li)
    assert panel.matches_list.isHidden()
    assert not panel.search_box.hasSelectedText()  # the guide may still be typing: nothing is lost


def test_enter_typed_before_the_answer_picks_the_first_match(
    qtbot: QtBot, panel: SidePanel, wang_li: str
) -> None:
    """A fast guide types and presses Enter at once; the answer then opens the first match."""
    panel.focus_search()
    qtbot.keyClicks(panel.search_box, "wl")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    _showing(qtbot, panel, wang_li)


def test_no_match_says_so_and_keeps_the_shown_customer(qtbot: QtBot, panel: SidePanel, wang_li: str) -> None:
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    _find(qtbot, panel, "zzzq")
    qtbot.waitUntil(lambda: "zzzq" in panel.hint_label.text(), timeout=WAIT_MS)
    assert panel.showing is Showing.customer and panel.customer_id == wang_li


def test_ctrl_enter_logs_a_contact_that_the_book_and_the_main_windows_card_show(
    qtbot: QtBot, panel: SidePanel, ops: Ops, book: Book, wang_li: str
) -> None:
    card = CustomerDetailDialog(ops, wang_li)  # what the main window shows of her
    qtbot.addWidget(card)
    qtbot.waitUntil(lambda: card.snapshot is not None, timeout=WAIT_MS)
    assert card.timeline.table.rowCount() == 0
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    panel.activateWindow()
    _type(qtbot, panel.note_box, "问了羽绒服尺码")

    qtbot.keyClick(panel.note_box, Qt.Key.Key_Return, CTRL)

    qtbot.waitUntil(lambda: len(customer_timeline(book, wang_li)) == 1, timeout=WAIT_MS)
    [entry] = customer_timeline(book, wang_li)
    assert (entry.kind, entry.text) == (InteractionKind.message, "问了羽绒服尺码")
    qtbot.waitUntil(lambda: card.timeline.table.rowCount() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: panel.shown is not None and panel.shown.customer.last_touch_at is not None, timeout=WAIT_MS
    )
    assert panel.note_box.text() == ""
    card.done(0)


def test_a_contact_logged_in_the_main_window_shows_in_the_panel(
    qtbot: QtBot, panel: SidePanel, ops: Ops, wang_li: str
) -> None:
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    assert panel.summary.latest_label.isHidden()
    ops.write(lambda book: log_interaction(book, wang_li, InteractionKind.call, "约了周六到店"))
    qtbot.waitUntil(lambda: "约了周六到店" in panel.summary.latest_label.text(), timeout=WAIT_MS)
    assert panel.shown is not None and panel.shown.customer.last_touch_at is not None


def _open_follow_ups(book: Book, customer_id: str) -> list[FollowUp]:
    with book.reading() as session:
        query = select(FollowUp).where(FollowUp.customer_id == customer_id, FollowUp.status == "open")
        return list(session.execute(query).scalars())


def test_ctrl_d_closes_the_soonest_follow_up_with_the_note_as_its_outcome(
    qtbot: QtBot, panel: SidePanel, book: Book, wang_li: str
) -> None:
    overdue = plan_follow_up(book, wang_li, utcnow() - timedelta(hours=2), FollowUpKind.message).value
    plan_follow_up(book, wang_li, utcnow() + timedelta(days=3), FollowUpKind.call)
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    assert (
        "overdue" in panel.summary.follow_ups_label.text() or "逾期" in panel.summary.follow_ups_label.text()
    )

    qtbot.keyClick(panel.note_box, Qt.Key.Key_D, CTRL)  # no outcome typed yet
    assert panel.status_label.text() and len(_open_follow_ups(book, wang_li)) == 2
    assert panel.note_box.hasFocus()

    _type(qtbot, panel.note_box, "尺码合适，周六来取")
    qtbot.keyClick(panel.note_box, Qt.Key.Key_D, CTRL)

    qtbot.waitUntil(lambda: len(_open_follow_ups(book, wang_li)) == 1, timeout=WAIT_MS)
    assert overdue not in {follow_up.id for follow_up in _open_follow_ups(book, wang_li)}
    assert [entry.text for entry in customer_timeline(book, wang_li)] == ["尺码合适，周六来取"]


def test_ctrl_t_plans_a_follow_up_tomorrow_morning(
    qtbot: QtBot, panel: SidePanel, book: Book, wang_li: str
) -> None:
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    qtbot.keyClick(panel.search_box, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: len(_open_follow_ups(book, wang_li)) == 1, timeout=WAIT_MS)
    [planned] = _open_follow_ups(book, wang_li)
    due = planned.due_at.astimezone()
    assert due.date() == datetime.now().date() + timedelta(days=1) and due.hour == QUICK_HOUR
    qtbot.waitUntil(
        lambda: panel.shown is not None and len(panel.shown.open_follow_ups) == 1, timeout=WAIT_MS
    )


def test_scripts_for_her_stage_come_first_and_ctrl_1_copies_one_filled_in_for_her(
    qtbot: QtBot, panel: SidePanel, book: Book, wang_li: str
) -> None:
    put_staged_content(book, "冬季新品海报", body="", kind="poster", stages=["dormant"])
    put_staged_content(book, "新客欢迎话术", body="欢迎加入", stages=["new"])
    wake_up = put_staged_content(
        book, "沉睡唤醒话术", body="{称呼}您好，新款羽绒服到了，给您留了M码", stages=["dormant"]
    )
    put_staged_content(book, "会员日话术", body="{称呼}，周六会员日9折")
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    listed = [panel.suited.list.item(row).text() for row in range(panel.suited.list.count())]
    assert [text.split("] ")[1] for text in listed] == ["沉睡唤醒话术", "会员日话术", "冬季新品海报"]

    QGuiApplication.clipboard().clear()
    qtbot.keyClick(panel.search_box, Qt.Key.Key_1, CTRL)

    assert QGuiApplication.clipboard().text() == "王姐您好，新款羽绒服到了，给您留了M码"

    def copies() -> list[Outbox]:
        with book.reading() as session:
            return list(session.execute(select(Outbox).where(Outbox.kind == "content_usage")).scalars())

    qtbot.waitUntil(lambda: len(copies()) == 1, timeout=WAIT_MS)
    assert copies()[0].body["content_id"] == wake_up and copies()[0].body["action"] == "copied"


def test_a_poster_not_yet_downloaded_says_so_and_counts_nothing(
    qtbot: QtBot, panel: SidePanel, book: Book, wang_li: str
) -> None:
    put_staged_content(book, "冬季新品海报", body="", kind="poster", stages=["dormant"])
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    qtbot.mouseClick(
        panel.suited.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.suited.list.visualItemRect(panel.suited.list.item(0)).center(),
    )
    assert panel.status_label.text()
    with book.reading() as session:
        assert session.execute(select(Outbox)).first() is None


def test_a_click_copies_a_downloaded_poster_with_its_caption_in_one_paste(
    qtbot: QtBot, panel: SidePanel, book: Book, wang_li: str, tmp_path: Path
) -> None:
    poster = tmp_path / "poster.png"
    picture = QImage(72, 96, QImage.Format.Format_RGB32)
    picture.fill(QColor("#b3261e"))
    assert picture.save(str(poster))
    poster_id = put_staged_content(
        book, "冬季新品海报", body="{称呼}，新品到店", kind="poster", stages=["dormant"]
    )
    with book.writing() as session:
        row = session.get(ContentAsset, poster_id)
        assert row is not None
        row.local_path = str(poster)
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(
        panel.suited.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.suited.list.visualItemRect(panel.suited.list.item(0)).center(),
    )
    pasted = QGuiApplication.clipboard().mimeData()
    assert pasted.hasImage() and pasted.text() == "王姐，新品到店"
    assert QGuiApplication.clipboard().image().size() == picture.size()


def test_ctrl_o_asks_the_main_window_for_her_full_card(qtbot: QtBot, panel: SidePanel, wang_li: str) -> None:
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    with qtbot.waitSignal(panel.open_in_window, timeout=WAIT_MS) as asked:
        qtbot.keyClick(panel.search_box, Qt.Key.Key_O, CTRL)
    assert asked.args == [wang_li]


def test_a_customer_deleted_in_the_main_window_leaves_the_panel(
    qtbot: QtBot, panel: SidePanel, ops: Ops, wang_li: str
) -> None:
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    ops.write(lambda book: delete_customer(book, wang_li))
    qtbot.waitUntil(lambda: panel.showing is Showing.gone, timeout=WAIT_MS)
    assert panel.body.isHidden() and not panel.contact_action.isEnabled()


def test_a_renamed_customer_is_renamed_in_the_panel(
    qtbot: QtBot, panel: SidePanel, ops: Ops, wang_li: str
) -> None:
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    ops.write(lambda book: update_customer(book, wang_li, {"notes": "喜欢黑色，周末方便"}))
    qtbot.waitUntil(lambda: "喜欢黑色" in panel.summary.notes_label.text(), timeout=WAIT_MS)


def test_a_hidden_panel_reads_its_customer_again_when_shown(
    qtbot: QtBot, panel: SidePanel, ops: Ops, wang_li: str
) -> None:
    _find(qtbot, panel, "王姐")
    _showing(qtbot, panel, wang_li)
    panel.hide()
    with qtbot.waitSignal(ops.changed, timeout=WAIT_MS):
        ops.write(lambda book: log_interaction(book, wang_li, InteractionKind.visit, "到店试了大衣"))
    panel.show()
    qtbot.waitUntil(lambda: "到店试了大衣" in panel.summary.latest_label.text(), timeout=WAIT_MS)


def test_the_panel_stays_on_top_off_the_taskbar_and_stands_at_the_right_edge(panel: SidePanel) -> None:
    flags = panel.windowFlags()
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.Tool == Qt.WindowType.Tool
    panel.place_at_right_edge(QRect(0, 0, 1366, 728))
    frame = panel.frameGeometry()
    assert frame.right() == 1365 and frame.top() == 0 and frame.bottom() <= 727
    assert MIN_WIDTH <= panel.width() <= 360


# ------------------------------------------------------------------------------------------ time words

SHANGHAI = timezone(timedelta(hours=8))
NOON = datetime(2026, 11, 30, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The store PC's clock is in China, whatever machine runs the tests."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("shanghai", "qapp")
def test_last_contact_reads_as_time_ago_in_local_time() -> None:
    assert when.since(NOON - timedelta(seconds=20), NOON) == QCoreApplication.translate(
        "PanelTime", "just now"
    )
    assert when.since(NOON - timedelta(minutes=25), NOON) == QCoreApplication.translate(
        "PanelTime", "%n min ago", "", 25
    )
    # 02:30 UTC is 10:30 in Shanghai: the guide reads her own clock
    assert when.since(datetime(2026, 11, 30, 2, 30, tzinfo=UTC), NOON).endswith("10:30")
    assert when.since(NOON - timedelta(days=1, hours=3), NOON).endswith("09:00")
    assert when.since(NOON - timedelta(days=3), NOON) == QCoreApplication.translate(
        "PanelTime", "%n day(s) ago", "", 3
    )
    assert when.since(NOON - timedelta(days=10), NOON).endswith("(11-20)")


@pytest.mark.usefixtures("shanghai", "qapp")
def test_follow_ups_read_as_due_today_tomorrow_or_overdue() -> None:
    assert when.due(NOON + timedelta(hours=3), NOON).endswith("15:00")
    tomorrow = QCoreApplication.translate("PanelTime", "tomorrow %1").replace("%1", "10:00")
    assert when.due(NOON + timedelta(hours=22), NOON) == tomorrow
    assert when.due(NOON + timedelta(days=3), NOON) == "12-03 12:00"
    overdue = QCoreApplication.translate("PanelTime", "overdue since %1")
    assert when.due(NOON - timedelta(days=2), NOON) == overdue.replace("%1", "11-28 12:00")
