"""Reminders in the real app signed in against a real HQ process: a follow-up due now reminds, and
the reminder opens that customer's card."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.book.followups import FollowUpKind
from guide_app.calls.customers import add_customer
from guide_app.calls.followups import plan_follow_up
from guide_app.settings import QuietHours, Settings
from guide_app.timeutil import utcnow
from tests.e2e.conftest import Running
from tests.support.org import PASSWORD
from ui.app import Desk
from ui.dialogs.customer_detail import CustomerDetailDialog
from ui.reminders import ReminderNotice
from ui.sync_runner import SyncState

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # HQ's database is not what this tests

NETWORK_MS = 20_000  # a sign-in and a sync take well under a second; the bound is for a loaded machine


@pytest.fixture
def desk(
    qapp: QApplication, running_hq: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Desk]:
    """The app signed in as a guide with the password given at start, on a store PC of its own."""
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app-data"))
    monkeypatch.setattr("ui.app.freeze_long_lived", lambda: None)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    # Quiet hours off: by default the PC's clock between 21:00 and 09:00 holds every reminder.
    awake = Settings(quiet_hours=QuietHours(on=False))
    made = Desk(qapp, running_hq.live.base_url, running_hq.org.guide_e1, PASSWORD, chosen=awake)
    made.start()
    yield made
    made._close_book()
    if made.sign_in_dialog is not None:
        made.sign_in_dialog.close()
    keyring.set_keyring(previous)


def test_a_follow_up_due_now_reminds_and_the_reminder_opens_that_customer(qtbot: QtBot, desk: Desk) -> None:
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=NETWORK_MS)
    assert desk.ops is not None and desk.reminders is not None and desk.window is not None
    if desk.runner is not None:
        qtbot.waitUntil(
            lambda: desk.runner is not None and desk.runner.state is SyncState.idle, timeout=NETWORK_MS
        )
    notices: list[ReminderNotice] = []
    desk.reminders.reminded.connect(notices.append)
    added: list[str] = []
    desk.ops.write(
        lambda book: add_customer(book, CustomerFields(name="王丽", wecom_remark="王姐-0512-羽绒服M")),
        added.append,
    )
    qtbot.waitUntil(lambda: bool(added), timeout=NETWORK_MS)
    wang = added[0]
    desk.ops.write(lambda book: plan_follow_up(book, wang, utcnow(), FollowUpKind.call))
    qtbot.waitUntil(
        lambda: any(notice.only is not None and notice.only.target_id == wang for notice in notices),
        timeout=NETWORK_MS,
    )
    banner = desk.tray.banner  # no tray on the offscreen platform: the notice is in the window
    assert banner is not None and banner.isVisible() and "王丽" in banner.text.text()
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: bool(desk.window and desk.window.findChildren(CustomerDetailDialog)), timeout=NETWORK_MS
    )
    [card] = desk.window.findChildren(CustomerDetailDialog)
    assert card.customer_id == wang
    qtbot.waitUntil(lambda: card.customer_name == "王丽", timeout=NETWORK_MS)
    card.close()
