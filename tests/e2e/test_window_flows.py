"""A guide's day in the real window against a real HQ process: sign in, import, search, filter, a
customer's follow-up, today's SOP task, a sale counted at HQ, and sign out.

Everything a guide does goes through the window's widgets (keys and clicks through qtbot); only
HQ's publishing (a tag group and a SOP, by HQ's admin through its API) and the sale (its screen
comes in the next issue: recorded through the window's `ops.write`) are set up around it.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from guide_app.account.credentials import TokenStore
from guide_app.book.sales import RecordedSale, SaleLine
from guide_app.calls.sales import record_sale
from guide_app.sync.problems import UploadState
from hq.core.db import Database, run_with_database
from hq.models import TaskProgress
from tests.e2e.conftest import Running, hq_sales_of
from tests.e2e.desk import LOCAL_MS, NETWORK_MS, activate, close_desk, sign_in, synced
from tests.support.org import PASSWORD
from tests.support.workbooks import write_sheet
from tests.ui.modal_boxes import answer_next_modal
from ui.app import Desk
from ui.dialogs.customer_detail import CustomerDetailDialog, Tab
from ui.dialogs.follow_up import CompleteFollowUpDialog, PlanFollowUpDialog
from ui.dialogs.import_wizard import ImportWizard, PageId, PlanState
from ui.main_window import MainWindow
from ui.messages import upload_words
from ui.models.customers import Loading
from ui.sync_runner import SyncState
from ui.views.customers import CustomersView
from ui.views.tag_tree import TAG_ID_ROLE, tag_items

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # HQ's database is not what this tests

GOLD = "金卡"
LEVELS = ["普通", "银卡", GOLD, "黑金"]
SOP_TITLE = "金卡客户每日问候"
HEADER = ["姓名", "手机", "微信备注", "标签"]
# Sheet rows 2-12: ten good customers (four of them gold) and, on row 7, a phone that is no mobile.
STORE_LIST = [
    ["王丽", "13800138000", "王姐-0512-羽绒服M", "金卡,偏好黑色"],
    ["李强", "139-0013-9000", "李先生 老客 喜欢黑色", "银卡"],
    ["张敏", "13700137000", "张三 18段会员", "金卡"],
    ["刘洋", "+86 136 0013 6000", "刘哥-直播", "普通"],
    ["陈静", "13500135000", "陈小姐 尺码S", "银卡"],
    ["黄伟", "1380013", "黄先生 门店扫码", "金卡"],  # row 7: seven digits, not a mobile
    ["曾小明", "13300133000", "曾先生 老带新", "金卡"],
    ["杨帆", "15800158000", "杨小姐 尺码S", "普通"],
    ["赵磊", "18600186000", "赵哥 双11预热", "银卡"],
    ["周婷", "13900139001", "周姐 会员日", "金卡"],
    ["吴昊", "13600136001", "吴先生", ""],
]
GOLD_GOOD = {"王丽", "张敏", "曾小明", "周婷"}
BAD_ROW = 7
ORDER_NO = "JD20261130088"
AMOUNT_FEN = 129_900


# ------------------------------------------------------------------------------------------ HQ side


def _admin_publishes_gold_sop(running: Running) -> dict[str, Any]:
    """HQ's tag group 客户等级 and a daily SOP for every gold customer, as HQ's admin publishes them."""
    headers = {"Authorization": f"Bearer {running.token(running.org.admin)}"}
    base = f"{running.live.base_url}/api/v1"
    group = {"name": "客户等级", "single_choice": True, "tags": LEVELS}
    httpx.post(f"{base}/tag-groups", json=group, headers=headers, timeout=30).raise_for_status()
    sop = {
        "title": SOP_TITLE,
        "instructions": "给金卡客户发会员日问候话术",
        "schedule": {"kind": "daily"},
        "rule": {"tags_any": [GOLD]},
        "due_time": "20:00",
        "audience": {"kind": "everyone"},
    }
    answer = httpx.post(f"{base}/sop-templates", json=sop, headers=headers, timeout=30)
    assert answer.status_code == 201, answer.text
    published: dict[str, Any] = answer.json()
    return published


def _hq_sop_progress(running: Running, sop_id: str) -> list[tuple[str, int, int]]:
    """(day, done, target) HQ stored for the guide's SOP task. HQ has no read endpoint for SOP
    progress (only /tasks/{id}/progress, for managers' tasks), so its database is read."""
    guide_id = running.org.ids[running.org.guide_e1]

    async def read(database: Database) -> list[tuple[str, int, int]]:
        async with database.reading() as session:
            rows = await session.execute(
                select(TaskProgress).where(
                    col(TaskProgress.task_id) == sop_id, col(TaskProgress.guide_id) == guide_id
                )
            )
            return [(row.day, row.done, row.target) for row in rows.scalars()]

    return run_with_database(running.settings, read)


def _hq_refuses(running: Running, token: str) -> bool:
    answer = httpx.get(
        f"{running.live.base_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    return answer.status_code == 401


# ------------------------------------------------------------------------------------------ window


def _write_store_list(path: Path) -> Path:
    return write_sheet(path, HEADER, STORE_LIST)


def _import_store_list(qtbot: QtBot, window: MainWindow, path: Path) -> ImportWizard:
    """Desk ▸ Import customers…, the path typed in, Enter through the pages, good rows only."""
    view = window.customers
    assert view.import_action in window.menuBar().actions()[0].menu().actions()
    view.import_action.trigger()
    wizard = view.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    qtbot.keyClicks(wizard.file_page.path_edit, str(path))
    qtbot.waitUntil(lambda: wizard.plan_state is PlanState.ready, timeout=LOCAL_MS)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=LOCAL_MS)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.mapping
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=LOCAL_MS)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.check
    qtbot.mouseClick(wizard.check_page.good_rows, Qt.MouseButton.LeftButton)
    assert wizard.check_page.good_rows.isChecked()
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Import
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.result, timeout=LOCAL_MS)
    return wizard


def _settled(qtbot: QtBot, view: CustomersView, total: int) -> list[str]:
    """The names the list shows once it answers what the search box and filters ask now."""

    def answered() -> bool:
        asked = view.current_query()
        shown = view.model.query
        return (
            not view.debounce.isActive()
            and view.model.loading is Loading.nothing
            and (shown.text, shown.tags_any) == (asked.text, asked.tags_any)
        )

    qtbot.waitUntil(answered, timeout=LOCAL_MS)
    assert view.model.total == view.model.rowCount() == total
    return [view.model.row_at(row).name for row in range(view.model.rowCount())]


def _search(qtbot: QtBot, view: CustomersView, typed: str, total: int) -> list[str]:
    view.focus_search()
    qtbot.keyClick(view.search_box, Qt.Key.Key_Backspace)  # what focus selected goes
    if typed.isascii():
        qtbot.keyClicks(view.search_box, typed)
    else:
        view.search_box.insert(typed)  # as an input method commits Chinese: QTest types no CJK keys
    return _settled(qtbot, view, total)


def _tick_tag_filter(qtbot: QtBot, view: CustomersView, name: str) -> None:
    """Space on the tag in the filter panel's tree, as a guide ticks it from the keyboard."""
    tree = view.filters.tag_tree
    qtbot.waitUntil(lambda: any(item.text(0) == name for item in tag_items(tree)), timeout=LOCAL_MS)
    item = next(item for item in tag_items(tree) if item.text(0) == name)
    group = item.parent()
    assert group is not None and "客户等级" in group.text(0)  # the import used HQ's tag, pulled at sign-in
    tree.setFocus(Qt.FocusReason.TabFocusReason)
    tree.setCurrentItem(item)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert item.data(0, TAG_ID_ROLE) in view.filters.filters().tag_ids


def _open_card(qtbot: QtBot, view: CustomersView) -> CustomerDetailDialog:
    """Enter in the search box goes to the first row; Enter there opens the customer's card."""
    view.focus_search()
    qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
    assert view.table.hasFocus() or view.focusWidget() is view.table
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    def shown() -> CustomerDetailDialog | None:
        cards = [card for card in view.findChildren(CustomerDetailDialog) if card.isVisible()]
        return cards[0] if cards and cards[0].snapshot is not None else None

    qtbot.waitUntil(lambda: shown() is not None, timeout=LOCAL_MS)
    card = shown()
    assert card is not None
    activate(qtbot, card)
    return card


def _plan_and_complete_follow_up(qtbot: QtBot, card: CustomerDetailDialog, outcome: str) -> None:
    """Follow-ups tab (Alt+F): plan one for tomorrow (Alt+N, Enter), then complete it (Alt+C)."""
    qtbot.keyClick(card, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert card.tabs.currentIndex() == Tab.follow_ups.value
    planned: list[QWidget] = []

    def plan(modal: QWidget) -> None:
        assert isinstance(modal, PlanFollowUpDialog)
        qtbot.keyClick(modal.due_field.editor, Qt.Key.Key_Return)  # tomorrow 10:00, as offered

    answer_next_modal(plan, planned)
    qtbot.keyClick(card, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks 100 ms later
    qtbot.waitUntil(lambda: bool(planned), timeout=LOCAL_MS)
    assert planned[0].result() == PlanFollowUpDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: card.follow_ups.table.rowCount() == 1, timeout=LOCAL_MS)

    def complete(modal: QWidget) -> None:
        assert isinstance(modal, CompleteFollowUpDialog)
        modal.outcome.insert(outcome)  # as an input method commits it
        qtbot.keyClick(modal.outcome, Qt.Key.Key_Return)

    completed: list[QWidget] = []
    answer_next_modal(complete, completed)
    activate(qtbot, card)  # as the desktop does when a dialog closes (offscreen Qt does not)
    qtbot.keyClick(card, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(completed), timeout=LOCAL_MS)
    assert completed[0].result() == CompleteFollowUpDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: card.follow_ups.table.rowCount() == 0, timeout=LOCAL_MS)
    activate(qtbot, card)


def _timeline_texts(card: CustomerDetailDialog) -> list[str]:
    table = card.timeline.table
    return [str(table.model().index(row, 2).data()) for row in range(table.rowCount())]


def _upload_state_shown(card: CustomerDetailDialog) -> str | None:
    table = card.sales.table
    for row in range(table.rowCount()):
        if table.model().index(row, 1).data() == ORDER_NO:
            return str(table.model().index(row, 4).data())
    return None


def _tick_first_gold_customer(qtbot: QtBot, window: MainWindow) -> str:
    """Ctrl+1, the SOP task chosen with the arrows, Enter to its customers, Space on the first."""
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    today = window.today
    assert window.pages.currentWidget() is today
    qtbot.waitUntil(
        lambda: any(item.title == SOP_TITLE for item in today.tasks_model.items), timeout=LOCAL_MS
    )
    today.tasks_view.setFocus(Qt.FocusReason.TabFocusReason)
    task = today.current_task()
    for _row in today.tasks_model.items:  # Down until the SOP task is the chosen one
        if task is not None and task.title == SOP_TITLE:
            break
        qtbot.keyClick(today.tasks_view, Qt.Key.Key_Down)
        task = today.current_task()
    assert task is not None and task.title == SOP_TITLE
    assert (task.done, task.target) == (0, len(GOLD_GOOD))
    qtbot.keyClick(today.tasks_view, Qt.Key.Key_Return)
    assert today.customers_view.hasFocus()
    qtbot.waitUntil(lambda: today.customers_model.rowCount() == len(GOLD_GOOD), timeout=LOCAL_MS)
    assert {customer.name for customer in today.customers_model.customers} == GOLD_GOOD
    qtbot.waitUntil(lambda: today.current_customer() is not None, timeout=LOCAL_MS)
    ticked = today.current_customer()
    assert ticked is not None
    qtbot.keyClick(today.customers_view, Qt.Key.Key_Space)
    progress = f"1/{len(GOLD_GOOD)}"

    def progress_shown() -> bool:
        item = today.current_task()
        return item is not None and item.done == 1 and progress in today.customers_heading.text()

    qtbot.waitUntil(progress_shown, timeout=LOCAL_MS)
    row = today.tasks_model.row_of(task.task_id)
    assert row is not None and today.tasks_model.index(row, 3).data() == progress
    done_words = QCoreApplication.translate("TodayView", "%1 of %2 customers done")
    assert done_words.replace("%1", "1").replace("%2", str(len(GOLD_GOOD))) in today.summary_label.text()
    return ticked.name


def _record_sale(qtbot: QtBot, desk: Desk, customer_id: str) -> RecordedSale:
    """The sale as the coming sales screen will record it: one write through the window's ops."""
    assert desk.ops is not None
    recorded: list[RecordedSale] = []
    desk.ops.write(
        lambda book: record_sale(
            book, ORDER_NO, AMOUNT_FEN, [SaleLine("羽绒服", 1, AMOUNT_FEN)], customer_id
        ),
        recorded.append,
    )
    qtbot.waitUntil(lambda: bool(recorded), timeout=LOCAL_MS)
    return recorded[0]


def _sign_out(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    """Desk ▸ Sign out: the window goes and the sign-in dialog comes back."""
    assert window.sign_out_action in window.menuBar().actions()[0].menu().actions()
    window.sign_out_action.trigger()
    assert desk.window is None and desk.book is None
    dialog = desk.sign_in_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.password.isEnabled(), timeout=LOCAL_MS)


# ------------------------------------------------------------------------------------------ the day


def _import_with_a_bad_row(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    wizard = _import_store_list(qtbot, window, _write_store_list(tmp_path / "store-list.xlsx"))
    assert wizard.import_result is not None and wizard.import_result.imported == 10
    headline = QCoreApplication.translate("ImportWizard", "Imported %n customer(s).", "", 10)
    skipped = QCoreApplication.translate("ImportWizard", "Rows with problems, not imported: %n", "", 1)
    assert wizard.result_page.headline.text() == headline
    assert skipped in wizard.result_page.details.text()
    assert [note.row for note in wizard.result_page.model.notes()] == [BAD_ROW]
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Finish
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=LOCAL_MS)


def _search_and_filter(qtbot: QtBot, window: MainWindow) -> CustomersView:
    """Ctrl+F; a name, pinyin initials (曾 is read zeng here), then the gold tag from the panel."""
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    view = window.customers
    assert window.pages.currentWidget() is view and view.search_box.hasFocus()
    assert len(_settled(qtbot, view, 10)) == 10
    assert _search(qtbot, view, "王丽", 1) == ["王丽"]
    assert _search(qtbot, view, "zxm", 1) == ["曾小明"]
    assert len(_search(qtbot, view, "", 10)) == 10
    qtbot.mouseClick(view.filters_button, Qt.MouseButton.LeftButton)
    assert view.filters.isVisible()
    _tick_tag_filter(qtbot, view, GOLD)
    assert set(_settled(qtbot, view, len(GOLD_GOOD))) == GOLD_GOOD
    assert _search(qtbot, view, "王丽", 1) == ["王丽"]  # search within the filtered list
    return view


def _follow_up_on_the_timeline(qtbot: QtBot, view: CustomersView) -> str:
    """Enter opens 王丽's card; a follow-up planned and completed leaves its outcome on the timeline."""
    card = _open_card(qtbot, view)
    assert card.name_label.text() == "王丽"
    outcome = "M码合适，周六到店试穿"
    _plan_and_complete_follow_up(qtbot, card, outcome)
    qtbot.keyClick(card, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert card.tabs.currentIndex() == Tab.timeline.value
    qtbot.waitUntil(lambda: outcome in _timeline_texts(card), timeout=LOCAL_MS)
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert not card.isVisible()
    return card.customer_id


def _sale_counted_in_the_open_card(qtbot: QtBot, desk: Desk, window: MainWindow, customer_id: str) -> None:
    """The card's Sales tab says waiting to upload; F5 in the card; it says counted at HQ."""
    _record_sale(qtbot, desk, customer_id)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    card = _open_card(qtbot, window.customers)
    assert card.customer_id == customer_id
    qtbot.keyClick(card, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert card.tabs.currentIndex() == Tab.sales.value
    qtbot.waitUntil(lambda: _upload_state_shown(card) == upload_words(UploadState.waiting), timeout=LOCAL_MS)
    qtbot.waitUntil(lambda: window.sync_bar.status.pending_uploads >= 2, timeout=LOCAL_MS)  # sale + tick
    synced(qtbot, window.runner, card)  # F5 with the card open: it stays open and follows the sync
    qtbot.waitUntil(lambda: _upload_state_shown(card) == upload_words(UploadState.counted), timeout=LOCAL_MS)
    qtbot.waitUntil(lambda: window.sync_bar.status.pending_uploads == 0, timeout=LOCAL_MS)
    qtbot.keyClick(card, Qt.Key.Key_Escape)


def test_a_guides_day_in_the_window_reaches_hq(
    qtbot: QtBot, desk: Desk, running_hq: Running, tmp_path: Path
) -> None:
    sop = _admin_publishes_gold_sop(running_hq)
    login, hq_url = running_hq.org.guide_e1, running_hq.live.base_url
    window = sign_in(qtbot, desk, PASSWORD)
    token = TokenStore(hq_url, login).load()
    assert token is not None
    _import_with_a_bad_row(qtbot, window, tmp_path)
    view = _search_and_filter(qtbot, window)
    customer_id = _follow_up_on_the_timeline(qtbot, view)
    synced(qtbot, window.runner, window)  # F5 lays today's SOP over the imported customers
    assert _tick_first_gold_customer(qtbot, window) in GOLD_GOOD
    _sale_counted_in_the_open_card(qtbot, desk, window, customer_id)

    # At HQ: the sale once, under a pseudonymous reference; the SOP's progress for today.
    [sale] = hq_sales_of(running_hq, token.token, ORDER_NO)
    assert sale["amount_fen"] == AMOUNT_FEN and sale["guide_id"] == running_hq.org.ids[login]
    assert "13800138000" not in sale["customer_ref"]
    day = window.today.day.isoformat()
    assert _hq_sop_progress(running_hq, str(uuid.UUID(sop["id"]))) == [(day, 1, len(GOLD_GOOD))]

    # Sign out: the sign-in dialog again, the login remembered, the token gone here and at HQ.
    _sign_out(qtbot, desk, window)
    dialog = desk.sign_in_dialog
    assert dialog is not None
    assert dialog.login_box.currentText() == login and dialog.hq_box.currentText()
    assert dialog.password.text() == "" and dialog.focusWidget() is dialog.password
    assert TokenStore(hq_url, login).load() is None
    qtbot.waitUntil(lambda: _hq_refuses(running_hq, token.token), timeout=NETWORK_MS)


def test_a_password_given_at_start_signs_in_without_typing(
    qtbot: QtBot, qapp: QApplication, running_hq: Running, store_pc: Path
) -> None:
    """`guide-app --password-stdin` (make demo): the window opens signed in; after signing out,
    the next guide types their own password."""
    desk = Desk(qapp, running_hq.live.base_url, running_hq.org.guide_e1, PASSWORD)
    try:
        desk.start()
        qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=NETWORK_MS)
        assert desk.sign_in_dialog is None and desk.signed_in is not None
        assert desk.signed_in.account.login == running_hq.org.guide_e1
        window = desk.window
        assert window is not None and desk.runner is not None
        if desk.runner.state is SyncState.running:
            synced(qtbot, desk.runner)
        _sign_out(qtbot, desk, window)
        dialog = desk.sign_in_dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.password.isEnabled, timeout=LOCAL_MS)
        assert dialog.password.text() == "" and desk.window is None
    finally:
        close_desk(desk)
