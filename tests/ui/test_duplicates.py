"""Duplicate customers: customers sharing a phone are listed together, and merging keeps both timelines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.book.search import CustomerQuery
from guide_app.book.store import Book
from guide_app.book.tags import apply_hq_group, hq_tag_id
from guide_app.book.timeline import InteractionKind
from guide_app.calls.customers import Presence, add_customer, customer_card, customer_presence, find_customers
from guide_app.calls.tags import tag_customers
from guide_app.calls.timeline import customer_timeline, log_interaction
from tests.ui.modal_boxes import answer_next_modal, press
from ui.dialogs.duplicates import DuplicatesDialog
from ui.ops import Ops

WAIT = 5000


def _customer(book: Book, name: str, phone: str, days_ago: int, **fields: object) -> str:
    added = datetime.now(UTC) - timedelta(days=days_ago)
    given = CustomerFields(name=name, phone=phone, added_at=added, **fields)  # type: ignore[arg-type]
    return add_customer(book, given).value


def _open(qtbot: QtBot, ops: Ops) -> DuplicatesDialog:
    dialog = DuplicatesDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=WAIT)
    return dialog


def test_two_customers_with_the_same_phone_form_a_group_shown_side_by_side(
    qtbot: QtBot, book: Book, ops: Ops
) -> None:
    older = _customer(book, "王丽", "13800138000", 90, wecom_remark="王姐-0512-羽绒服M")
    newer = _customer(book, "王丽丽", "+86 138 0013 8000", 2)
    _customer(book, "李四", "13900139000", 10)
    dialog = _open(qtbot, ops)
    assert dialog.found is not None and dialog.found.total == 1
    assert [card.customer.id for card in dialog.found.groups[0].cards] == [older, newer]
    assert dialog.group_list.count() == 1 and "13800138000" in dialog.group_list.item(0).text()
    headers = [dialog.comparison.model().headerData(column, Qt.Orientation.Horizontal) for column in range(2)]
    assert headers == ["王丽", "王丽丽"]
    assert dialog.comparison.model().index(0, 0).data() == "王姐-0512-羽绒服M"  # the WeCom remark row
    assert dialog.keep_choice.checkedId() == 0  # the oldest is proposed


def test_merging_keeps_the_chosen_customer_with_both_timelines(qtbot: QtBot, book: Book, ops: Ops) -> None:
    with book.writing() as session:
        apply_hq_group(session, "hq-level", "客户等级", True, ["普通", "银卡", "金卡", "黑金"])
    older = _customer(book, "王丽", "13800138000", 90, wecom_remark="王姐-0512-羽绒服M")
    newer = _customer(book, "王丽丽", "13800138000", 2, notes="喜欢黑色")
    log_interaction(book, older, InteractionKind.visit, "试穿羽绒服M码")
    log_interaction(book, newer, InteractionKind.message, "发了双11预热海报")
    tag_customers(book, [older], hq_tag_id("hq-level", "金卡"))
    tag_customers(book, [newer], hq_tag_id("hq-level", "银卡"))
    dialog = _open(qtbot, ops)
    dialog.keep_choice.button(1).click()  # keep the newer one
    boxes: list[QWidget] = []
    answer_next_modal(press(QMessageBox.StandardButton.Cancel), boxes)
    dialog.merge_button.click()
    assert boxes and customer_presence(book, older) is Presence.live  # cancelled: nothing merged
    answer_next_modal(press("confirm"))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.found is not None and dialog.found.total == 0, timeout=WAIT)
    assert customer_presence(book, older) is Presence.purged
    texts = {entry.text for entry in customer_timeline(book, newer)}
    assert {"试穿羽绒服M码", "发了双11预热海报"} <= texts
    kept = customer_card(book, newer)
    assert kept.customer.wecom_remark == "王姐-0512-羽绒服M"  # the kept one's empty field was filled
    assert [tag.name for tag in kept.tags] == ["银卡"]  # the kept customer's single choice stays
    assert find_customers(book, CustomerQuery(text="13800138000")).total == 1
    assert dialog.group_list.count() == 0 and not dialog.merge_button.isEnabled()
