"""HQ's Organisation page against a real HQ: regions, stores and accounts changed from the
keyboard, the audit of each change, and the organisation sheet's dry run and import."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from guide_app.account.accounts import GuideAccount, sign_in
from guide_app.errors import ErrorCode
from guide_app.protocol import AuditAction
from guide_app.sync.client import HqRefused
from tests.e2e.conftest import Running, sign_in_workspace
from tests.ui.modal_boxes import answer_next_modal, press
from ui.ops import Ops
from ui.workspace.org_dialogs import (
    AccountDialog,
    ImportSheetDialog,
    MoveStoreDialog,
    PasswordDialog,
    RegionDialog,
    StoreDialog,
)
from ui.workspace.organisation import OrganisationPage

# HQ's database is not what these test (tests/hq covers both backends).
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

HEADERS = ["区域", "门店编码", "门店名称", "城市", "账号", "姓名", "角色", "初始密码"]
WAIT = 10_000


@pytest.fixture
def page(qtbot: QtBot, running_hq: Running, store_pc: Path) -> Iterator[OrganisationPage]:
    ops = Ops(None)
    made = OrganisationPage(ops, sign_in_workspace(running_hq, running_hq.org.admin))
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitUntil(lambda: len(made.organisation.regions) == 2, timeout=WAIT)
    yield made
    ops.shutdown()


def _dialog(page: OrganisationPage, kind: type[QDialog]) -> QDialog:
    found = [dialog for dialog in page.findChildren(kind) if dialog.isVisible()]
    assert len(found) == 1, found
    return found[0]


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    """The page's window active again (a dialog took it) and `widget` focused: shortcuts need it."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=WAIT)


def _type(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Typed keys, or (for Chinese) committed as an input method does: QTest types no CJK keys."""
    field.setFocus()
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        field.insert(text)


def _submit(qtbot: QtBot, page: OrganisationPage, dialog: QDialog, field: QWidget) -> None:
    """Enter in the dialog's `field`, and wait until HQ said yes and the page heard of it."""
    with qtbot.waitSignal(page.ops.changed, timeout=WAIT):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)


def _sign_in(running_hq: Running, login: str, password: str) -> None:
    asyncio.run(sign_in(GuideAccount(running_hq.live.base_url, login), password))


def _audit_actions(page: OrganisationPage) -> list[AuditAction]:
    return [entry.action for entry in page.audit_model.rows]


def test_hq_builds_a_region_store_and_guide_then_moves_disables_and_resets_with_an_audit(
    qtbot: QtBot, page: OrganisationPage, running_hq: Running
) -> None:
    page.new_region_action.trigger()
    region_dialog = _dialog(page, RegionDialog)
    assert isinstance(region_dialog, RegionDialog)
    _type(qtbot, region_dialog.name, "华北区")
    _submit(qtbot, page, region_dialog, region_dialog.name)
    qtbot.waitUntil(
        lambda: any(region.name == "华北区" for region in page.organisation.regions), timeout=WAIT
    )
    north = next(region for region in page.organisation.regions if region.name == "华北区")
    page.regions_view.selectRow(page.regions_model.rows.index(north))

    page.new_store_action.trigger()
    store_dialog = _dialog(page, StoreDialog)
    assert isinstance(store_dialog, StoreDialog)
    assert store_dialog.region.currentData() == north.id
    for field, text in (
        (store_dialog.code, "N1"),
        (store_dialog.name, "北京一号店"),
        (store_dialog.city, "北京"),
    ):
        _type(qtbot, field, text)
    _submit(qtbot, page, store_dialog, store_dialog.city)
    qtbot.waitUntil(lambda: [store.code for store in page.stores_model.rows] == ["N1"], timeout=WAIT)
    page.stores_view.selectRow(0)
    store = page.stores_model.rows[0]

    page.new_account_action.trigger()
    account_dialog = _dialog(page, AccountDialog)
    assert isinstance(account_dialog, AccountDialog) and account_dialog.repeated is not None
    assert account_dialog.place.currentData() == store.id
    _type(qtbot, account_dialog.login, "guide.n1a")
    _type(qtbot, account_dialog.name, "赵敏")
    _type(qtbot, account_dialog.password, "Beijing-2026")
    _type(qtbot, account_dialog.repeated, "Beijing-2026")
    _submit(qtbot, page, account_dialog, account_dialog.repeated)
    qtbot.waitUntil(lambda: [a.login for a in page.accounts_model.rows] == ["guide.n1a"], timeout=WAIT)
    _sign_in(running_hq, "guide.n1a", "Beijing-2026")

    # The store moves to 东区 and its guide with it.
    page.stores_view.selectRow(0)
    page.move_action.trigger()
    move_dialog = _dialog(page, MoveStoreDialog)
    assert isinstance(move_dialog, MoveStoreDialog)
    move_dialog.region.setCurrentIndex(move_dialog.region.findText("东区"))
    _submit(qtbot, page, move_dialog, move_dialog.region)
    east = running_hq.org.region_ids["东区"]
    qtbot.waitUntil(lambda: page.organisation.store(store.id).region_id == east, timeout=WAIT)  # type: ignore[union-attr]

    # Disabled (after the confirmation), the guide can no longer sign in.
    page.regions_view.selectRow(0)  # all regions
    page.search.setText("guide.n1a")
    qtbot.waitUntil(lambda: [a.login for a in page.accounts_model.rows] == ["guide.n1a"], timeout=WAIT)
    _focus(qtbot, page.accounts_view)
    page.accounts_view.selectRow(0)
    assert page.disable_action.isEnabled()
    answer_next_modal(press(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(page.ops.changed, timeout=WAIT):
        qtbot.keyClick(page.accounts_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.accounts_model.rows[0].disabled, timeout=WAIT)
    with pytest.raises(HqRefused) as refused:
        _sign_in(running_hq, "guide.n1a", "Beijing-2026")
    assert refused.value.code is ErrorCode.account_disabled

    # Enabled again and given a new password: the new one signs in, the old one no longer does.
    page.accounts_view.selectRow(0)
    with qtbot.waitSignal(page.ops.changed, timeout=WAIT):
        page.disable_action.trigger()
    qtbot.waitUntil(lambda: not page.accounts_model.rows[0].disabled, timeout=WAIT)
    page.accounts_view.selectRow(0)
    page.password_action.trigger()
    password_dialog = _dialog(page, PasswordDialog)
    assert isinstance(password_dialog, PasswordDialog)
    _type(qtbot, password_dialog.password, "short")
    _type(qtbot, password_dialog.repeated, "short")
    qtbot.keyClick(password_dialog.repeated, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: password_dialog.problem.isVisible(), timeout=WAIT)
    assert "8" in password_dialog.problem.text()
    password_dialog.password.setText("")
    password_dialog.repeated.setText("")
    _type(qtbot, password_dialog.password, "Renewed-2026")
    _type(qtbot, password_dialog.repeated, "Renewed-2026")
    _submit(qtbot, page, password_dialog, password_dialog.repeated)
    _sign_in(running_hq, "guide.n1a", "Renewed-2026")
    with pytest.raises(HqRefused):
        _sign_in(running_hq, "guide.n1a", "Beijing-2026")

    # The account's audit: created, disabled, enabled, password reset, each with who and what.
    page.accounts_view.selectRow(0)
    qtbot.waitUntil(lambda: len(page.audit_model.rows) == 4, timeout=WAIT)
    assert _audit_actions(page) == [
        AuditAction.password_reset,
        AuditAction.enable,
        AuditAction.disable,
        AuditAction.create,
    ]
    texts = [page.audit_model.index(row, 3).data() for row in range(4)]
    assert "→" in texts[1] and "→" in texts[2]
    assert "赵敏" in texts[3] and "N1 北京一号店" in texts[3]
    assert {entry.actor_name for entry in page.audit_model.rows} == {running_hq.org.admin}

    # The store's audit shows the move from 华北区 to 东区 in names, not ids.
    page.search.setText("N1")
    page.regions_view.selectRow(0)
    qtbot.waitUntil(lambda: [s.code for s in page.stores_model.rows] == ["N1"], timeout=WAIT)
    page.stores_view.selectRow(0)
    qtbot.waitUntil(lambda: AuditAction.move in _audit_actions(page), timeout=WAIT)
    move_row = _audit_actions(page).index(AuditAction.move)
    assert "华北区 → 东区" in page.audit_model.index(move_row, 3).data()


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_sheet_with_a_bad_row_is_reported_by_row_and_imports_only_once_fixed(
    qtbot: QtBot, page: OrganisationPage, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["西区", "W1", "成都一号店", "成都", None, None, None, None],
        ["西区", "W1", "成都一号店", "成都", "guide.w1a", "刘洋", "导购", "Chengdu-2026"],
        ["西区", "W1", None, None, "guide.w1b", "孙丽", "店长", "Chengdu-2026"],  # row 4: no such role
    ]
    page.import_action.trigger()
    dialog = _dialog(page, ImportSheetDialog)
    assert isinstance(dialog, ImportSheetDialog)
    dialog.check(_sheet(tmp_path / "org-bad.xlsx", rows))
    qtbot.waitUntil(lambda: dialog.report_result is not None, timeout=WAIT)
    assert dialog.report_result is not None
    assert [problem.row for problem in dialog.report_result.problems] == [4]
    report = [dialog.report.topLevelItem(i) for i in range(dialog.report.topLevelItemCount())]
    problem_rows = [item for item in report if item is not None and item.text(0) == "4"]
    assert problem_rows and "店长" in problem_rows[0].text(2)
    assert not dialog.import_button.isEnabled()
    assert all(region.name != "西区" for region in page.organisation.regions)

    rows[2][6] = "导购"
    dialog.check(_sheet(tmp_path / "org-fixed.xlsx", rows))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=WAIT)
    with qtbot.waitSignal(page.ops.changed, timeout=WAIT):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report_result is not None and dialog.report_result.applied, timeout=WAIT)
    assert dialog.report_result is not None and dialog.report_result.accounts_created == 2
    assert not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: any(region.name == "西区" for region in page.organisation.regions), timeout=WAIT)
    logins = {account.login for account in page.organisation.accounts}
    assert {"guide.w1a", "guide.w1b"} <= logins
    dialog.close()
