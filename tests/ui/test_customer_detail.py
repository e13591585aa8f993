"""The customer card: editing the profile, tags, timeline, follow-ups, sales, delete, restore and purge."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.book.followups import FollowUpKind
from guide_app.book.sales import SaleLine
from guide_app.book.search import CustomerQuery
from guide_app.book.store import Book
from guide_app.book.tags import apply_hq_group
from guide_app.book.timeline import InteractionKind
from guide_app.calls.customers import Presence, add_customer, customer_card, customer_presence, find_customers
from guide_app.calls.followups import plan_follow_up
from guide_app.calls.sales import recent_sales, record_sale
from guide_app.calls.timeline import customer_timeline, log_interaction
from guide_app.errors import ErrorCode
from guide_app.sync.problems import UploadState
from tests.ui.modal_boxes import answer_next_modal, press
from ui.dialogs.customer_detail import CustomerDetailDialog, Tab
from ui.dialogs.follow_up import CompleteFollowUpDialog
from ui.dialogs.new_customer import NewCustomerDialog
from ui.messages import describe_code, upload_words
from ui.ops import Ops

WAIT = 5000
LEVEL_GROUP = "hq-level"  # 客户等级: single choice


@pytest.fixture
def wang(book: Book) -> str:
    """王丽, a customer of three weeks with a remark and a birthday."""
    given = CustomerFields(
        name="王丽",
        phone="13800138000",
        wecom_remark="王姐-0512-羽绒服M",
        birthday=date(1988, 5, 12),
        gender="female",
        added_at=datetime.now(UTC) - timedelta(days=21),
    )
    return add_customer(book, given).value


def open_card(qtbot: QtBot, ops: Ops, customer_id: str, tab: Tab = Tab.profile) -> CustomerDetailDialog:
    dialog = CustomerDetailDialog(ops, customer_id)
    # Unsaved edits a test leaves behind must not ask "save?" at teardown.
    qtbot.addWidget(dialog, before_close_func=lambda _widget: dialog.done(QDialog.DialogCode.Rejected))
    dialog.show()
    dialog.show_tab(tab)
    qtbot.waitUntil(lambda: dialog.snapshot is not None, timeout=WAIT)
    return dialog


@pytest.fixture
def card(qtbot: QtBot, ops: Ops, wang: str) -> CustomerDetailDialog:
    return open_card(qtbot, ops, wang)


def _customer(book: Book, customer_id: str) -> tuple[str, str | None, date | None]:
    customer = customer_card(book, customer_id).customer
    return customer.name, customer.phone, customer.birthday


def test_editing_name_and_phone_saves_them_with_ctrl_s(
    qtbot: QtBot, book: Book, card: CustomerDetailDialog
) -> None:
    card.profile.name.setText("王丽丽")  # Qt's test keys are ASCII only; a Chinese IME commits whole text
    card.profile.phone.clear()
    qtbot.keyClicks(card.profile.phone, "139-0013-9000")
    qtbot.keyClick(card.profile.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _customer(book, card.customer_id)[:2] == ("王丽丽", "13900139000"), timeout=WAIT)
    qtbot.waitUntil(lambda: "王丽丽" in card.name_label.text(), timeout=WAIT)
    assert card.profile.phone.text() == "13900139000"  # the book's normal form comes back
    assert not card.profile.is_dirty()


TOMORROW = "tomorrow"


@pytest.mark.parametrize(
    ("field_name", "typed", "code"),
    [
        ("name", "", ErrorCode.name_missing),
        ("phone", "12345", ErrorCode.phone_invalid),
        ("birthday", "1800-01-01", ErrorCode.date_invalid),
        ("birthday", "2999-01-01", ErrorCode.date_invalid),
        ("birthday", TOMORROW, ErrorCode.date_invalid),
    ],
)
def test_bad_input_shows_beside_its_field_and_saves_nothing(
    qtbot: QtBot, book: Book, card: CustomerDetailDialog, field_name: str, typed: str, code: ErrorCode
) -> None:
    before = _customer(book, card.customer_id)
    card.profile.wecom_remark.setText("王姐 老客 喜欢黑色")  # a good edit that must not be saved either
    editor = getattr(card.profile, field_name)
    # Tomorrow as the test runs, not as it was collected: a run can cross midnight.
    editor.setText((date.today() + timedelta(days=1)).isoformat() if typed == TOMORROW else typed)
    card.save_button.click()
    qtbot.waitUntil(lambda: card.profile.error_text(field_name) == describe_code(code), timeout=WAIT)
    assert _customer(book, card.customer_id) == before
    assert customer_card(book, card.customer_id).customer.wecom_remark == "王姐-0512-羽绒服M"
    assert card.profile.is_dirty()  # what the guide typed is still there to fix


def test_a_single_choice_hq_group_switches_the_tag_and_personal_tags_come_and_go(
    qtbot: QtBot, book: Book, ops: Ops, wang: str
) -> None:
    with book.writing() as session:
        apply_hq_group(session, LEVEL_GROUP, "客户等级", True, ["普通", "银卡", "金卡", "黑金"])
        apply_hq_group(session, "hq-category", "偏好品类", False, ["羽绒服", "针织衫", "牛仔裤"])
    dialog = open_card(qtbot, ops, wang, Tab.tags)
    qtbot.waitUntil(lambda: bool(dialog.tags.buttons), timeout=WAIT)

    def carried() -> set[str]:
        return {tag.name for tag in customer_card(book, wang).tags}

    def button(name: str) -> QAbstractButton:
        return next(b for b in dialog.tags.buttons.values() if b.text() == name)

    button("银卡").click()
    qtbot.waitUntil(lambda: carried() == {"银卡"}, timeout=WAIT)
    button("金卡").click()
    qtbot.waitUntil(lambda: carried() == {"金卡"}, timeout=WAIT)
    qtbot.waitUntil(lambda: button("金卡").isChecked() and not button("银卡").isChecked(), timeout=WAIT)
    button("羽绒服").click()
    qtbot.waitUntil(lambda: carried() == {"金卡", "羽绒服"}, timeout=WAIT)
    button("羽绒服").click()
    qtbot.waitUntil(lambda: carried() == {"金卡"}, timeout=WAIT)
    dialog.tags.new_tag.setText("喜欢黑色")
    qtbot.keyClick(dialog.tags.new_tag, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: carried() == {"金卡", "喜欢黑色"}, timeout=WAIT)
    qtbot.waitUntil(lambda: "喜欢黑色" in {b.text() for b in dialog.tags.buttons.values()}, timeout=WAIT)
    assert dialog.tags.new_tag.text() == ""


def test_the_timeline_lists_interactions_newest_first_and_logs_a_new_one(
    qtbot: QtBot, book: Book, ops: Ops, wang: str
) -> None:
    now = datetime.now(UTC)
    log_interaction(book, wang, InteractionKind.visit, "试穿羽绒服M码", at=now - timedelta(days=3))
    log_interaction(book, wang, InteractionKind.message, "发了双11预热海报", at=now - timedelta(days=1))
    dialog = open_card(qtbot, ops, wang)
    table = dialog.timeline.table
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=WAIT)
    assert [table.model().index(row, 2).data() for row in range(2)] == ["发了双11预热海报", "试穿羽绒服M码"]
    dialog.timeline.kind.setCurrentIndex(dialog.timeline.kind.findData(InteractionKind.call.value))
    dialog.timeline.text.setText("电话确认周六到店")
    qtbot.keyClick(dialog.timeline.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=WAIT)
    assert table.model().index(0, 2).data() == "电话确认周六到店"
    assert customer_timeline(book, wang)[0].kind == InteractionKind.call


def test_delete_then_restore_from_the_card(qtbot: QtBot, book: Book, card: CustomerDetailDialog) -> None:
    card.delete_button.click()
    qtbot.waitUntil(lambda: card.presence is Presence.deleted, timeout=WAIT)
    assert customer_presence(book, card.customer_id) is Presence.deleted
    assert card.restore_button.isVisible() and not card.delete_button.isVisible()
    assert not card.tabs.isEnabled() and card.state_banner.isVisible()
    assert find_customers(book, CustomerQuery(text="王丽")).total == 0
    card.restore_button.click()
    qtbot.waitUntil(lambda: card.presence is Presence.live, timeout=WAIT)
    assert find_customers(book, CustomerQuery(text="王丽")).total == 1
    assert card.delete_button.isVisible() and card.tabs.isEnabled()


def test_purge_asks_first_then_the_customer_is_gone_but_the_sale_stays(
    qtbot: QtBot, book: Book, ops: Ops, wang: str
) -> None:
    record_sale(book, "JD20261130001", 129900, [SaleLine("羽绒服", 1, 129900)], wang)
    dialog = open_card(qtbot, ops, wang)
    qtbot.waitUntil(lambda: dialog.sales.table.rowCount() == 1, timeout=WAIT)
    question, details = dialog.purge_sentences()
    assert "王丽" in question and "¥1,299.00" in details
    boxes: list[QWidget] = []
    answer_next_modal(press(QMessageBox.StandardButton.Cancel), boxes)
    dialog.purge_button.click()
    assert boxes and customer_presence(book, wang) is Presence.live
    answer_next_modal(press("confirm"))
    dialog.purge_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT)
    assert customer_presence(book, wang) is Presence.purged
    assert find_customers(book, CustomerQuery(text="13800138000")).total == 0
    assert [(sale.order_no, sale.customer_id) for sale in recent_sales(book)] == [("JD20261130001", None)]


def test_escape_with_unsaved_edits_asks_and_discarding_saves_nothing(
    qtbot: QtBot, book: Book, card: CustomerDetailDialog
) -> None:
    card.profile.name.setText("王丽丽")
    answer_next_modal(press(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert card.isVisible()
    answer_next_modal(press(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert not card.isVisible() and card.result() == QDialog.DialogCode.Rejected
    assert _customer(book, card.customer_id)[0] == "王丽"


def test_alt_letters_switch_tabs(qtbot: QtBot, card: CustomerDetailDialog) -> None:
    card.activateWindow()
    qtbot.waitUntil(card.isActiveWindow, timeout=WAIT)
    for key, tab in ((Qt.Key.Key_I, Tab.timeline), (Qt.Key.Key_A, Tab.sales), (Qt.Key.Key_P, Tab.profile)):
        qtbot.keyClick(card, key, Qt.KeyboardModifier.AltModifier)
        assert card.tabs.currentIndex() == tab.value


def test_a_follow_up_is_completed_with_its_outcome_from_the_card(
    qtbot: QtBot, book: Book, ops: Ops, wang: str
) -> None:
    plan_follow_up(book, wang, datetime.now(UTC) + timedelta(days=1), FollowUpKind.call)
    dialog = open_card(qtbot, ops, wang, Tab.follow_ups)
    qtbot.waitUntil(lambda: dialog.follow_ups.table.rowCount() == 1, timeout=WAIT)

    def complete(modal: QWidget) -> None:
        assert isinstance(modal, CompleteFollowUpDialog)
        modal.outcome.setText("M码合适，周六来取")
        modal.save_button.click()

    answer_next_modal(complete)
    dialog.follow_ups.complete_button.click()
    qtbot.waitUntil(lambda: dialog.follow_ups.table.rowCount() == 0, timeout=WAIT)
    assert dialog.follow_ups.empty.isVisible()
    assert customer_timeline(book, wang)[0].text == "M码合适，周六来取"


def test_the_sales_tab_says_where_each_sale_stands_with_hq(
    qtbot: QtBot, book: Book, ops: Ops, wang: str
) -> None:
    record_sale(book, "JD20261130002", 59900, [SaleLine("针织衫", 1, 59900)], wang)
    dialog = open_card(qtbot, ops, wang)
    qtbot.waitUntil(lambda: dialog.sales.table.rowCount() == 1, timeout=WAIT)
    row = [dialog.sales.table.model().index(0, column).data() for column in range(5)]
    assert row[1:3] == ["JD20261130002", "¥599.00"]
    assert row[4] == upload_words(UploadState.waiting)
    assert "¥599.00" in dialog.facts_label.text()  # the header's spend follows the sale


def test_a_new_customer_needs_a_name_and_then_is_added(qtbot: QtBot, book: Book, ops: Ops) -> None:
    dialog = NewCustomerDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.phone, "13700137000")
    dialog.save_button.click()
    name_missing = describe_code(ErrorCode.name_missing)
    qtbot.waitUntil(lambda: dialog.form.error_text("name") == name_missing, timeout=WAIT)
    assert find_customers(book, CustomerQuery()).total == 0
    dialog.form.name.setText("曾小明")
    qtbot.keyClick(dialog.form.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.customer_id is not None, timeout=WAIT)
    assert dialog.customer_id is not None
    assert _customer(book, dialog.customer_id)[:2] == ("曾小明", "13700137000")


def test_unsaved_profile_typing_survives_a_change_made_elsewhere(
    qtbot: QtBot, book: Book, ops: Ops, card: CustomerDetailDialog
) -> None:
    card.profile.notes.setPlainText("喜欢黑色，M码")
    with qtbot.waitSignal(ops.changed, timeout=WAIT):
        ops.write(lambda b: log_interaction(b, card.customer_id, InteractionKind.call, "电话回访"))
    qtbot.waitUntil(lambda: card.timeline.table.rowCount() == 1, timeout=WAIT)
    assert card.profile.notes.toPlainText() == "喜欢黑色，M码" and card.profile.is_dirty()
