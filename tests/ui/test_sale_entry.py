"""The sale dialog: amounts read exactly, every bad input refused beside its field with nothing
saved, HQ's attribution said before saving, and the customer found by initials or phone tail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.book.models import Sale
from guide_app.book.store import Book
from guide_app.book.timeline import InteractionKind
from guide_app.calls.customers import add_customer
from guide_app.calls.sales import recent_sales, record_sale
from guide_app.calls.timeline import log_interaction
from guide_app.errors import ErrorCode
from guide_app.money import AmountProblem, AmountRefused, fen_from_yuan_text
from tests.ui.modal_boxes import answer_next_modal, press
from ui.dialogs.sale_entry import Field, SaleEntryDialog, amount_words
from ui.messages import describe_code
from ui.ops import Ops
from ui.widgets.customer_picker import PickedCustomer

WAIT = 5000
CONTEXT = "SaleEntry"


@pytest.fixture
def wang(book: Book) -> str:
    """王丽, added to the book three days ago."""
    given = CustomerFields(
        name="王丽",
        phone="13800138000",
        wecom_remark="王姐-0512-羽绒服M",
        added_at=datetime.now(UTC) - timedelta(days=3),
    )
    return add_customer(book, given).value


@pytest.fixture
def li(book: Book) -> str:
    """李强, another customer, so a search has something to tell apart."""
    given = CustomerFields(name="李强", phone="13900139000", added_at=datetime.now(UTC) - timedelta(days=40))
    return add_customer(book, given).value


@pytest.fixture
def dialog(qtbot: QtBot, ops: Ops, wang: str, li: str) -> SaleEntryDialog:
    return _opened(qtbot, ops)


def _opened(qtbot: QtBot, ops: Ops) -> SaleEntryDialog:
    made = SaleEntryDialog(ops)
    # What a test leaves typed must not ask "discard?" at teardown.
    qtbot.addWidget(made, before_close_func=lambda _widget: made.done(QDialog.DialogCode.Rejected))
    made.show()
    return made


def _tr(source: str, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, source, None, n)


def _dialog_tr(source: str) -> str:
    """A sentence the dialog itself says (its tr() context is its class)."""
    return QCoreApplication.translate("SaleEntryDialog", source)


def _pick(qtbot: QtBot, dialog: SaleEntryDialog, typed: str) -> None:
    """Type into the customer field and press Enter, as a guide does."""
    dialog.customer.line.setFocus()
    qtbot.keyClicks(dialog.customer.line, typed)
    qtbot.keyClick(dialog.customer.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.customer.chosen is not None, timeout=WAIT)


def _fill(qtbot: QtBot, dialog: SaleEntryDialog, order_no: str, amount: str) -> None:
    qtbot.keyClicks(dialog.order_no, order_no)
    qtbot.keyClicks(dialog.amount, amount)


def _set_time(dialog: SaleEntryDialog, moment: datetime) -> None:
    local = moment.astimezone()
    dialog.sold_at.setDateTime(
        QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    )


# ------------------------------------------------------------------------------------------ amounts


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("1,299.5", 129950),
        ("0.29", 29),
        ("1299", 129900),
        ("¥88.8", 8880),
        ("299元", 29900),
        ("１２９９", 129900),
    ],
)
def test_an_amount_typed_in_yuan_becomes_exact_fen(typed: str, fen: int) -> None:
    assert fen_from_yuan_text(typed) == fen


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", AmountProblem.empty),
        ("  ", AmountProblem.empty),
        ("-5", AmountProblem.negative),
        ("0", AmountProblem.zero),
        ("-0.00", AmountProblem.zero),
        ("1.999", AmountProblem.too_precise),
        ("12a", AmountProblem.unreadable),
        ("1.2.3", AmountProblem.unreadable),
        ("10000001", AmountProblem.too_large),
    ],
)
def test_an_amount_that_is_not_money_is_refused_with_its_reason(typed: str, problem: AmountProblem) -> None:
    with pytest.raises(AmountRefused) as refused:
        fen_from_yuan_text(typed)
    assert refused.value.problem is problem


# ------------------------------------------------------------------------------------------ refusals


def _order_taken(book: Book, customer_id: str) -> None:
    record_sale(book, "JD20261130001", 59900, [], customer_id)


BadInput = Callable[[SaleEntryDialog, Book, str], None]


def _future(dialog: SaleEntryDialog, _book: Book, _customer: str) -> None:
    _set_time(dialog, datetime.now(UTC) + timedelta(days=2))


def _before_2000(dialog: SaleEntryDialog, _book: Book, _customer: str) -> None:
    _set_time(dialog, datetime(1999, 12, 30, 12, tzinfo=UTC))


def _taken(_dialog: SaleEntryDialog, book: Book, customer: str) -> None:
    _order_taken(book, customer)


@pytest.mark.parametrize(
    ("amount", "prepare", "field", "words"),
    [
        ("", None, Field.amount, lambda: amount_words(AmountProblem.empty)),
        ("-299", None, Field.amount, lambda: amount_words(AmountProblem.negative)),
        ("0", None, Field.amount, lambda: amount_words(AmountProblem.zero)),
        ("1.999", None, Field.amount, lambda: amount_words(AmountProblem.too_precise)),
        (
            "599",
            _future,
            Field.sold_at,
            lambda: _dialog_tr("That time is in the future. Record a sale when it has happened."),
        ),
        ("599", _before_2000, Field.sold_at, lambda: _dialog_tr("That date is before 2000: check the year.")),
        ("599", _taken, Field.order_no, lambda: describe_code(ErrorCode.order_recorded)),
    ],
    ids=[
        "empty-amount",
        "negative-amount",
        "zero-amount",
        "three-decimals",
        "future",
        "before-2000",
        "duplicate-order",
    ],
)
def test_bad_input_is_refused_beside_its_field_and_saves_nothing(
    qtbot: QtBot,
    book: Book,
    dialog: SaleEntryDialog,
    wang: str,
    amount: str,
    prepare: BadInput | None,
    field: Field,
    words: Callable[[], str],
) -> None:
    _pick(qtbot, dialog, "wl")
    if prepare is not None:
        prepare(dialog, book, wang)
    before = len(recent_sales(book))
    _fill(qtbot, dialog, "JD20261130001", amount)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors.text(field) == words(), timeout=WAIT)
    assert dialog.isVisible() and dialog.recorded is None
    assert [shown for shown in dialog.errors.shown()] == [field.value]
    assert len(recent_sales(book)) == before
    assert dialog.save_button.isEnabled()


def test_items_that_do_not_add_up_are_refused_and_saved_once_they_do(
    qtbot: QtBot, book: Book, dialog: SaleEntryDialog
) -> None:
    _pick(qtbot, dialog, "wl")
    _fill(qtbot, dialog, "JD20261130002", "1,299")
    dialog.items.add_line("羽绒服", 1, "1199")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    expected = _dialog_tr("The items add up to %1 but the amount is %2: correct one, or remove the items.")
    assert dialog.errors.text(Field.items) == expected.replace("%1", "¥1,199.00").replace("%2", "¥1,299.00")
    assert recent_sales(book) == []
    dialog.items.item(0, 2).setText("1,299.00")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorded is not None, timeout=WAIT)
    [sale] = recent_sales(book)
    assert (sale.order_no, sale.amount_fen, sale.customer_name) == ("JD20261130002", 129900, "王丽")


def test_no_customer_picked_is_refused_beside_the_customer_field(
    qtbot: QtBot, book: Book, dialog: SaleEntryDialog
) -> None:
    _fill(qtbot, dialog, "JD20261130003", "599")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.errors.shown() == [Field.customer.value]
    assert dialog.customer.line.hasFocus()
    assert recent_sales(book) == []


# ------------------------------------------------------------------------------------------ attribution


def test_the_attribution_is_said_before_saving(qtbot: QtBot, dialog: SaleEntryDialog) -> None:
    _pick(qtbot, dialog, "wl")
    expected = _tr("Credited to you: you added %1 %n day(s) ago.", 3).replace("%1", "王丽")
    qtbot.waitUntil(lambda: dialog.credit.text() == expected, timeout=WAIT)


def test_a_sale_from_before_the_customer_joined_is_credited_by_a_recent_contact(
    qtbot: QtBot, book: Book, ops: Ops
) -> None:
    zhang = add_customer(book, CustomerFields(name="张敏", phone="13700137000")).value
    contacted = datetime.now(UTC) - timedelta(days=3, hours=1)
    log_interaction(book, zhang, InteractionKind.message, "发了羽绒服新品海报", at=contacted)
    dialog = _opened(qtbot, ops)
    _set_time(dialog, datetime.now(UTC) - timedelta(days=1))
    _pick(qtbot, dialog, "zm")
    expected = _tr(
        "Credited to you: you last contacted %1 %n day(s) before the sale, within HQ's %2-day window.", 2
    )
    qtbot.waitUntil(
        lambda: dialog.credit.text() == expected.replace("%1", "张敏").replace("%2", "7"), timeout=WAIT
    )


def test_a_sale_hq_would_not_credit_is_said_so_and_not_saved(qtbot: QtBot, book: Book, ops: Ops) -> None:
    add_customer(book, CustomerFields(name="陈静", phone="13500135000"))
    dialog = _opened(qtbot, ops)
    _set_time(dialog, datetime.now(UTC) - timedelta(days=30))
    _pick(qtbot, dialog, "cj")
    refused = _tr(
        "HQ would not credit this sale to you: %1 joined your book after the sale, and you had no "
        "contact with them within HQ's attribution window."
    ).replace("%1", "陈静")
    qtbot.waitUntil(lambda: dialog.credit.text() == refused, timeout=WAIT)
    _fill(qtbot, dialog, "JD20261130004", "599")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.errors.text(Field.customer) == describe_code(ErrorCode.sale_not_attributable)
    assert recent_sales(book) == []


# ------------------------------------------------------------------------------------------ picker


def test_the_customer_is_found_by_the_phone_tail_and_down_picks_the_second_match(
    qtbot: QtBot, dialog: SaleEntryDialog
) -> None:
    picker = dialog.customer
    picker.line.setFocus()
    qtbot.keyClicks(picker.line, "9000")
    qtbot.waitUntil(lambda: picker.settled and picker.popup.isVisible(), timeout=WAIT)
    assert [row.name for row in picker.matches] == ["李强"]
    qtbot.keyClick(picker.line, Qt.Key.Key_Backspace)
    qtbot.keyClick(picker.line, Qt.Key.Key_Backspace)
    qtbot.keyClick(picker.line, Qt.Key.Key_Backspace)
    qtbot.keyClick(picker.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(picker.line, "li")  # 李强 and 王丽 both hold the syllable li
    qtbot.waitUntil(lambda: picker.settled and len(picker.matches) == 2, timeout=WAIT)
    first, second = (row.name for row in picker.matches)
    qtbot.keyClick(picker.line, Qt.Key.Key_Down)
    qtbot.keyClick(picker.line, Qt.Key.Key_Return)
    assert picker.chosen is not None and picker.chosen.name == second != first
    assert dialog.order_no.hasFocus() and not picker.popup.isVisible()


def test_editing_the_customer_after_a_pick_drops_the_choice(qtbot: QtBot, dialog: SaleEntryDialog) -> None:
    _pick(qtbot, dialog, "wl")
    dialog.customer.line.setFocus()
    qtbot.keyClick(dialog.customer.line, Qt.Key.Key_Backspace)
    assert dialog.customer.chosen is None and dialog.credit.text() == ""


def test_saved_sale_keeps_its_items_and_typed_time(qtbot: QtBot, book: Book, dialog: SaleEntryDialog) -> None:
    sold = (datetime.now(UTC) - timedelta(hours=5)).replace(second=0, microsecond=0)
    _set_time(dialog, sold)
    _pick(qtbot, dialog, "wl")
    _fill(qtbot, dialog, "JD20261130005", "897")
    dialog.items.add_line("羊毛围巾", 3, "299")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorded is not None, timeout=WAIT)
    [sale] = recent_sales(book)
    assert sale.sold_at == sold and sale.amount_fen == 89700
    with book.reading() as session:
        stored = session.get(Sale, sale.id)
        assert stored is not None
        assert stored.items == [{"sku": "", "name": "羊毛围巾", "qty": 3, "unit_price_fen": 29900}]


def test_items_typed_from_the_keyboard_are_saved_with_the_sale(
    qtbot: QtBot, book: Book, dialog: SaleEntryDialog
) -> None:
    """Ctrl+I adds a line and opens its name; Tab moves along it; Enter ends the cell, Enter saves."""
    _pick(qtbot, dialog, "wl")
    _fill(qtbot, dialog, "JD20261130006", "598")
    qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    for typed in ("scarf", "2", "299"):  # QTest types no CJK keys; an editor opens with its text selected
        qtbot.waitUntil(lambda: dialog.items.editing() and isinstance(QApplication.focusWidget(), QLineEdit))
        cell = QApplication.focusWidget()
        assert cell is not None
        qtbot.keyClicks(cell, typed)
        qtbot.keyClick(cell, Qt.Key.Key_Tab if typed != "299" else Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.items.editing(), timeout=WAIT)
    assert dialog.recorded is None  # that Enter ended the cell
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorded is not None, timeout=WAIT)
    [sale] = recent_sales(book)
    assert [(line.name, line.qty, line.unit_price_fen) for line in sale.lines] == [("scarf", 2, 29900)]


def test_escape_with_a_half_typed_sale_asks_before_throwing_it_away(
    qtbot: QtBot, dialog: SaleEntryDialog
) -> None:
    qtbot.keyClicks(dialog.order_no, "JD20261130007")
    answer_next_modal(press(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(dialog.order_no, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.order_no.text() == "JD20261130007"
    answer_next_modal(press(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(dialog.order_no, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_a_sale_opened_for_a_customer_starts_at_the_order_number(
    qtbot: QtBot, ops: Ops, book: Book, wang: str
) -> None:
    made = SaleEntryDialog(ops, customer=PickedCustomer(wang, "王丽", "13800138000"))
    qtbot.addWidget(made, before_close_func=lambda _widget: made.done(QDialog.DialogCode.Rejected))
    made.show()
    made.activateWindow()
    qtbot.waitUntil(made.order_no.hasFocus, timeout=WAIT)
    assert made.customer.line.text() == "王丽"
    expected = _tr("Credited to you: you added %1 %n day(s) ago.", 3).replace("%1", "王丽")
    qtbot.waitUntil(lambda: made.credit.text() == expected, timeout=WAIT)
    qtbot.keyClicks(made.order_no, "JD20261130009")
    qtbot.keyClick(made.order_no, Qt.Key.Key_Tab)
    qtbot.keyClicks(made.amount, "1299")
    qtbot.keyClick(made.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: made.recorded is not None, timeout=WAIT)
    assert [(sale.order_no, sale.customer_id) for sale in recent_sales(book)] == [("JD20261130009", wang)]
