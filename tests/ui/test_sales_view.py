"""My sales: a sale recorded from the keyboard alone within the keystroke goal, each sale's state
in plain words, this month's totals, and correcting or voiding a sale from the list."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.book.models import HqRecord, Outbox, Sale
from guide_app.book.outbox import OutboxStatus
from guide_app.book.store import Book
from guide_app.calls.customers import add_customer
from guide_app.calls.sales import SaleRow, my_sales, record_sale
from guide_app.changes import Area, ChangeNotice
from guide_app.errors import ErrorCode
from guide_app.protocol import DisputeClaimSeen, EntityKind, PushFlag, SaleDisputeNotice, dispute_id
from guide_app.sync.problems import UploadState
from tests.bench.sale_keystrokes import KEYSTROKE_GOAL, record_sale_from_keyboard
from ui.dialogs.sale_correction import AMOUNT, REASON, AmendSaleDialog, VoidSaleDialog
from ui.messages import describe_code, sale_words
from ui.models.sales import ATTENTION, SalesColumn
from ui.ops import Ops
from ui.views.sales import SalesView

WAIT = 5000


@pytest.fixture
def customers(book: Book) -> dict[str, str]:
    """王丽 and 李强, in the book for weeks."""
    added = datetime.now(UTC) - timedelta(days=20)
    return {
        name: add_customer(book, CustomerFields(name=name, phone=phone, added_at=added)).value
        for name, phone in (("王丽", "13800138000"), ("李强", "13900139000"))
    }


@pytest.fixture
def view(qtbot: QtBot, ops: Ops, customers: dict[str, str]) -> Iterator[SalesView]:
    shown = SalesView(ops)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=WAIT)
    yield shown
    if shown.active_dialog is not None:
        shown.active_dialog.done(QDialog.DialogCode.Rejected)  # no "discard?" at teardown


def _tr(context: str, source: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, source, None, n)


def _cell(view: SalesView, row: int, column: SalesColumn) -> str:
    return str(view.model.index(row, column).data())


def _shows(view: SalesView, order_no: str, column: SalesColumn) -> str | None:
    row = next((row for row, sale in enumerate(view.model.sales) if sale.order_no == order_no), None)
    return None if row is None else _cell(view, row, column)


def _sale(book: Book, order_no: str) -> SaleRow:
    return next(sale for sale in my_sales(book) if sale.order_no == order_no)


def _answer(
    book: Book, ops: Ops, sale_id: str, status: OutboxStatus, flags: list[str], reason: str = ""
) -> None:
    """HQ's answer to a sale's upload as a sync records it, and the notice the sync sends."""
    with book.writing() as session:
        event = session.get(Outbox, sale_id)
        assert event is not None
        event.status, event.flags, event.reason = status, flags, reason or None
        event.answered_at = datetime.now(UTC)
    ops.announce(ChangeNotice.of(Area.outbox, Area.sales, Area.sync_status))


# ------------------------------------------------------------------------------------------ entry


def test_a_sale_is_recorded_from_the_keyboard_alone_within_the_keystroke_goal(
    qtbot: QtBot, book: Book, view: SalesView
) -> None:
    count, recorded = record_sale_from_keyboard(qtbot, view, "wl", "JD20261130088", "1,299.5")
    assert count.keystrokes <= KEYSTROKE_GOAL
    assert count.keystrokes == 4  # Ctrl+N, Enter (pick), Tab, Enter (save)
    assert count.typed == ["wl", "JD20261130088", "1,299.5"]
    assert view.active_dialog is None
    [sale] = my_sales(book)
    assert sale.id == recorded.id
    assert (sale.customer_name, sale.order_no, sale.amount_fen) == ("王丽", "JD20261130088", 129950)
    qtbot.waitUntil(lambda: _shows(view, "JD20261130088", SalesColumn.amount) == "¥1,299.50", timeout=WAIT)
    assert _shows(view, "JD20261130088", SalesColumn.state) == sale_words(sale.standing)
    assert sale.upload is UploadState.waiting
    assert view.current_sale_id() == sale.id  # the new sale is lit
    view.activateWindow()  # as the desktop does when a dialog closes (offscreen Qt does not)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table, timeout=WAIT)


def test_enter_pressed_twice_saves_the_sale_once(qtbot: QtBot, book: Book, view: SalesView) -> None:
    dialog = view.record_sale()
    qtbot.waitUntil(lambda: dialog.customer.line.hasFocus(), timeout=WAIT)
    qtbot.keyClicks(dialog.customer.line, "lq")
    qtbot.keyClick(dialog.customer.line, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.order_no.hasFocus, timeout=WAIT)
    qtbot.keyClicks(dialog.order_no, "TM-5521")
    qtbot.keyClicks(dialog.amount, "599")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.active_dialog is None, timeout=WAIT)
    assert [sale.order_no for sale in my_sales(book)] == ["TM-5521"]


# ------------------------------------------------------------------------------------------ the list


def test_the_list_says_where_each_sale_stands_newest_first(
    qtbot: QtBot, book: Book, ops: Ops, view: SalesView, customers: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    wang, li = customers["王丽"], customers["李强"]
    ids = {
        order_no: record_sale(book, order_no, amount, [], customer, now - timedelta(minutes=minutes)).value.id
        for order_no, amount, customer, minutes in (
            ("JD-WAIT", 59900, wang, 1),
            ("JD-COUNTED", 129900, li, 2),
            ("JD-DISPUTED", 89900, wang, 3),
            ("JD-REFUSED", 19900, li, 4),
        )
    }
    _answer(book, ops, ids["JD-COUNTED"], OutboxStatus.accepted, [])
    _answer(book, ops, ids["JD-DISPUTED"], OutboxStatus.accepted, [PushFlag.order_disputed.value])
    _answer(book, ops, ids["JD-REFUSED"], OutboxStatus.rejected, [], "sold_at: before the store opened")
    qtbot.waitUntil(lambda: _shows(view, "JD-REFUSED", SalesColumn.state) is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: "sold_at" in str(_shows(view, "JD-REFUSED", SalesColumn.state)), timeout=WAIT)
    assert [sale.order_no for sale in view.model.sales] == [
        "JD-WAIT",
        "JD-COUNTED",
        "JD-DISPUTED",
        "JD-REFUSED",
    ]
    messages = "Messages"
    expected = {
        "JD-WAIT": _tr(messages, "Waiting to upload: it goes to HQ with the next sync."),
        "JD-COUNTED": _tr(messages, "Counted at HQ for you."),
        "JD-DISPUTED": _tr(
            messages,
            "Disputed: another guide of your store claimed order %1 first; your manager will settle it.",
        ).replace("%1", "JD-DISPUTED"),
        "JD-REFUSED": _tr(messages, "Refused by HQ: %1").replace("%1", "sold_at: before the store opened"),
    }
    assert {order: _shows(view, order, SalesColumn.state) for order in expected} == expected
    assert _shows(view, "JD-COUNTED", SalesColumn.customer) == "李强"
    assert view.totals is not None
    # The refused sale is left out of the month; the disputed one still counts here until settled.
    assert (view.totals.count, view.totals.amount_fen, view.totals.waiting, view.totals.disputed) == (
        3,
        59900 + 129900 + 89900,
        1,
        1,
    )
    totals = _tr("SalesView", "This month: %1, %2").replace("%1", _tr("SalesView", "%n sale(s)", 3))
    assert view.totals_label.text().startswith(totals.replace("%2", "¥2,797.00"))
    view.table.setCurrentIndex(view.model.index(3, 0))  # HQ refused it: only a void makes sense
    assert not view.correct_button.isEnabled() and view.void_button.isEnabled()
    view.table.setCurrentIndex(view.model.index(1, 0))
    assert view.correct_button.isEnabled() and view.void_button.isEnabled()


def test_an_empty_list_says_how_to_record_a_sale(qtbot: QtBot, view: SalesView) -> None:
    qtbot.waitUntil(lambda: view.totals is not None, timeout=WAIT)
    assert view.empty_label.isVisible() and view.table.isVisible()
    assert not view.correct_button.isEnabled() and not view.void_button.isEnabled()


# ------------------------------------------------------------------------------------------ corrections


def _listed(qtbot: QtBot, book: Book, view: SalesView, customer: str, order_no: str, amount: int) -> str:
    sale_id = record_sale(book, order_no, amount, [], customer).value.id
    view.ops.announce(ChangeNotice.of(Area.sales))
    qtbot.waitUntil(lambda: view.current_sale_id() == sale_id, timeout=WAIT)
    view.table.setFocus()
    return sale_id


def test_correcting_the_amount_shows_both_amounts_and_the_correction_waiting(
    qtbot: QtBot, book: Book, ops: Ops, view: SalesView, customers: dict[str, str]
) -> None:
    sale_id = _listed(qtbot, book, view, customers["王丽"], "JD20261130101", 129900)
    _answer(book, ops, sale_id, OutboxStatus.accepted, [])
    qtbot.keyClick(view.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = view.active_dialog
    assert isinstance(dialog, AmendSaleDialog)
    qtbot.waitUntil(dialog.amount.hasFocus, timeout=WAIT)
    qtbot.keyClicks(dialog.amount, "1199")  # replaces the selected amount
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.errors.text(REASON) != "" and dialog.isVisible()  # no reason: nothing sent
    assert _sale(book, "JD20261130101").amount_fen == 129900
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "typed 1299 for 1199")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.active_dialog is None, timeout=WAIT)
    sale = _sale(book, "JD20261130101")
    assert (sale.amount_fen, sale.original_amount_fen, sale.correction_upload) == (
        119900,
        129900,
        UploadState.waiting,
    )
    was = _tr("SalesModel", "%1 (was %2)").replace("%1", "¥1,199.00").replace("%2", "¥1,299.00")
    qtbot.waitUntil(lambda: _shows(view, "JD20261130101", SalesColumn.amount) == was, timeout=WAIT)
    assert _shows(view, "JD20261130101", SalesColumn.state) == sale_words(sale.standing)
    assert "¥1,199.00" in sale_words(sale.standing)


def test_an_unchanged_amount_is_refused_beside_it(
    qtbot: QtBot, book: Book, view: SalesView, customers: dict[str, str]
) -> None:
    _listed(qtbot, book, view, customers["李强"], "JD20261130102", 59900)
    view.correct_amount()
    dialog = view.active_dialog
    assert isinstance(dialog, AmendSaleDialog)
    dialog.reason.setText("check")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.errors.text(AMOUNT) == describe_code(ErrorCode.sale_amount_unchanged)
    assert _sale(book, "JD20261130102").corrected_at is None


def test_voiding_needs_a_reason_and_then_the_sale_counts_for_nothing(
    qtbot: QtBot, book: Book, view: SalesView, customers: dict[str, str]
) -> None:
    _listed(qtbot, book, view, customers["王丽"], "JD20261130103", 89900)
    qtbot.keyClick(
        view.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = view.active_dialog
    assert isinstance(dialog, VoidSaleDialog)
    qtbot.waitUntil(dialog.reason.hasFocus, timeout=WAIT)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.errors.text(REASON) != "" and not _sale(book, "JD20261130103").voided
    qtbot.keyClicks(dialog.reason, "recorded twice")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.active_dialog is None, timeout=WAIT)
    assert _sale(book, "JD20261130103").voided
    qtbot.waitUntil(lambda: view.current_sale() is not None and view.current_sale().voided, timeout=WAIT)  # type: ignore[union-attr]
    font = view.model.index(0, SalesColumn.amount).data(Qt.ItemDataRole.FontRole)
    assert font.strikeOut()
    assert view.totals is not None and view.totals.count == 0 and view.totals.amount_fen == 0
    assert not view.void_button.isEnabled() and not view.correct_action.isEnabled()


def _claimed_also_by(book: Book, ops: Ops, sale_id: str, order_no: str, other: str) -> None:
    """HQ's notice, as a sync keeps it, that `other` of the same store claims the order and is counted."""
    other_event = uuid.uuid4()
    now = datetime.now(UTC)
    notice = SaleDisputeNotice(
        store_id=1,
        order_no=order_no,
        counted_event_id=other_event,
        counted_guide_name=other,
        claims=[
            DisputeClaimSeen(
                event_id=other_event, guide_id=7, guide_name=other, amount_fen=59900, received_at=now
            ),
            DisputeClaimSeen(
                event_id=uuid.UUID(sale_id), guide_id=3, guide_name="王芳", amount_fen=59900, received_at=now
            ),
        ],
    )
    notice_id = dispute_id(1, order_no)
    with book.writing() as session:
        session.add(
            HqRecord(entity=EntityKind.sale_dispute.value, id=notice_id, data=notice.model_dump(mode="json"))
        )
        sale = session.get(Sale, sale_id)
        assert sale is not None
        sale.dispute_id = notice_id
    _answer(book, ops, sale_id, OutboxStatus.accepted, [PushFlag.order_disputed.value])


def test_a_disputed_sale_names_the_other_guide_and_whom_it_counts_for(
    qtbot: QtBot, book: Book, ops: Ops, view: SalesView, customers: dict[str, str]
) -> None:
    sale_id = record_sale(book, "JD20261130201", 59900, [], customers["王丽"]).value.id
    _claimed_also_by(book, ops, sale_id, "JD20261130201", "李娜")
    words = (
        _tr("Messages", "Disputed: %1 also claims order %2; counted for %3 until your manager settles it.")
        .replace("%1", "李娜")
        .replace("%2", "JD20261130201")
        .replace("%3", "李娜")
    )
    qtbot.waitUntil(lambda: _shows(view, "JD20261130201", SalesColumn.state) == words, timeout=WAIT)
    assert view.model.index(0, SalesColumn.state).data(Qt.ItemDataRole.ForegroundRole).color() == ATTENTION
    assert view.totals is not None and view.totals.disputed == 1
    assert words in view.detail_label.text()


def test_a_long_list_reads_on_as_it_is_scrolled_and_the_month_says_at_least_until_then(
    qtbot: QtBot, book: Book, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ui.views.sales.PAGE", 40)
    now = datetime.now(UTC)
    month_start = now.astimezone().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    apart = (now - month_start) / 101  # 100 sales, all this month
    old_customer = CustomerFields(name="周婷", phone="13900139001", added_at=now - timedelta(days=400))
    zhou = add_customer(book, old_customer).value
    for number in range(100):
        record_sale(book, f"JD2026{number:05d}", 10000, [], zhou, now - apart * (number + 1))
    view = SalesView(ops)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitUntil(lambda: view.totals is not None, timeout=WAIT)
    assert view.model.rowCount() == 40 and view.totals is not None and view.totals.partial
    at_least = _tr("SalesView", "at least %1").replace("%1", _tr("SalesView", "%n sale(s)", 40))
    month = _tr("SalesView", "This month: %1, %2").replace("%1", at_least).replace("%2", "¥4,000.00")
    assert view.totals_label.text().startswith(month)
    bar = view.table.verticalScrollBar()
    for rows in (80, 100):
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda rows=rows: view.model.rowCount() == rows, timeout=WAIT)
    assert view.all_read and view.totals is not None and not view.totals.partial
    assert (view.totals.count, view.totals.amount_fen) == (100, 100 * 10000)
    assert [sale.order_no for sale in view.model.sales] == [f"JD2026{number:05d}" for number in range(100)]


def test_a_page_that_does_not_fill_the_list_reads_on_by_itself(
    qtbot: QtBot, book: Book, ops: Ops, customers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ui.views.sales.PAGE", 5)
    for number in range(8):
        record_sale(
            book, f"TM-{number}", 19900, [], customers["李强"], datetime.now(UTC) - timedelta(minutes=number)
        )
    view = SalesView(ops)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitUntil(lambda: view.all_read, timeout=WAIT)
    assert view.model.rowCount() == 8 and view.totals is not None and not view.totals.partial
