"""A Desk signed in over a test's own book, without HQ: for tests of the tray, reminders and settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from guide_app.account.accounts import GuideAccount
from guide_app.book.store import open_book
from ui.app import Desk, switch_language
from ui.dialogs.sign_in import SignedIn
from ui.sync_runner import SyncRunner

ACCOUNT = GuideAccount("http://127.0.0.1:8710", "sh001.wang")


@pytest.fixture
def signed_in_desk(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Desk]]:
    """Makes a Desk (keywords as Desk takes them) and signs it in over a fresh book; syncs never
    start (no HQ here) and the heap is not frozen for the rest of the test run. Everything is
    closed afterwards, and the app is back in zh_CN."""
    monkeypatch.setattr(SyncRunner, "sync_now", lambda self: None)
    monkeypatch.setattr("ui.app.freeze_long_lived", lambda: None)
    made: list[Desk] = []

    def make(**keywords: object) -> Desk:
        desk = Desk(qapp, ACCOUNT.hq_url, ACCOUNT.login, **keywords)  # type: ignore[arg-type]
        made.append(desk)
        desk.start()
        desk.signed_in = SignedIn(ACCOUNT, "王丽娟", offline=True)
        desk._book_opened(open_book(tmp_path / f"book-{len(made)}.sqlite3"))
        return desk

    yield make
    for desk in made:
        desk._close_book()
        if desk.sign_in_dialog is not None:
            desk.sign_in_dialog.close()
        desk.tray.icon.hide()
    switch_language(qapp, "zh_CN")
