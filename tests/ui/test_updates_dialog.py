"""The Updates dialog: checking HQ, downloading with progress and cancel, restart, rollback, and
the plain sentence for each way it cannot update."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from guide_app.errors import Cancelled, ErrorCode, GuideError
from guide_app.jobs import CancelToken
from guide_app.sync.client import Offline
from guide_app.update import fetch
from guide_app.update.fetch import UpdateOffer, UpdateRefused, UpdatesNotSetUp
from guide_app.update.layout import ROOT_ENV, Installation, InstallState
from guide_app.update.service import Updates
from guide_app.version import VERSION
from tests.support.update_bundles import bundle_zip, installed
from tests.ui.modal_boxes import answer_next_modal, press
from ui.dialogs.updates import Showing, UpdatesDialog
from ui.messages import describe_code
from ui.ops import Ops

HQ = "http://127.0.0.1:9"  # nothing listens there: every answer below comes from FakeHq
NEXT = "0.2.0"
OFFER = UpdateOffer(NEXT, "linux-x86_64", 48 * 1024 * 1024, f"guide-desk-{NEXT}-linux-x86_64.zip")


def words(source: str) -> str:
    """The dialog's sentence as the guide reads it (the tests run in zh_CN)."""
    return QCoreApplication.translate("UpdatesDialog", source)


class FakeHq:
    """Stands in for HQ's signed repository: what find_update answers, what download_update does."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.answers: list[UpdateOffer | Exception | None] = [OFFER]
        self.download_error: Exception | None = None
        self.hold_download = threading.Event()
        self.held = False
        self.finds = 0
        self.find_waits_for: threading.Event | None = None  # HQ slow to answer the check

    async def find_update(
        self, hq_url: str, trust_dir: Path, current: str, platform: str
    ) -> UpdateOffer | None:
        self.finds += 1
        if self.find_waits_for is not None:
            await asyncio.to_thread(self.find_waits_for.wait, 10)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def download_update(
        self,
        hq_url: str,
        trust_dir: Path,
        cache_dir: Path,
        offer: UpdateOffer,
        on_progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        assert on_progress is not None and cancel is not None
        on_progress(offer.size // 4, offer.size)
        if self.held:
            while not cancel.cancelled:  # a slow line: only Cancel ends it
                self.hold_download.wait(0.01)
            raise Cancelled("the update's download was cancelled")
        if self.download_error is not None:
            raise self.download_error
        cache_dir.mkdir(parents=True, exist_ok=True)
        return bundle_zip(cache_dir / f"abc.{offer.target_name}", offer.version)


@pytest.fixture
def hq(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeHq:
    fake = FakeHq(tmp_path)
    monkeypatch.setattr(fetch, "find_update", fake.find_update)
    monkeypatch.setattr(fetch, "download_update", fake.download_update)
    monkeypatch.setattr(fetch, "platform_name", lambda: "linux-x86_64")
    return fake


@pytest.fixture
def bare_ops(qapp: QApplication) -> Iterator[Ops]:
    running = Ops(None)
    yield running
    running.shutdown(wait=True)


@pytest.fixture
def installation(tmp_path: Path) -> Installation:
    return installed(tmp_path / "GuideDesk", VERSION)


@pytest.fixture
def open_dialog(
    qtbot: QtBot, bare_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[UpdatesDialog, list[Any]]]:
    def opening(installation: Installation | None) -> tuple[UpdatesDialog, list[Any]]:
        monkeypatch.delenv(ROOT_ENV, raising=False)
        quits: list[Any] = []
        dialog = UpdatesDialog(
            bare_ops, HQ, installation, quit_app=lambda: quits.append("quit"), arguments=["--lang", "zh_CN"]
        )
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog, quits

    return opening


def test_copy_not_installed_says_updates_apply_to_installed_copies_only(
    qtbot: QtBot, hq: FakeHq, open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]]
) -> None:
    dialog, _ = open_dialog(None)
    qtbot.waitUntil(lambda: dialog.showing is Showing.not_installed)
    assert dialog.message.text() == describe_code(ErrorCode.update_not_installed)
    assert not dialog.download_button.isVisible() and not dialog.rollback_button.isVisible()
    assert hq.finds == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_newer_version_downloads_with_progress_then_restart_starts_the_launcher_and_quits(
    qtbot: QtBot,
    hq: FakeHq,
    installation: Installation,
    open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    restarts: list[list[str]] = []
    monkeypatch.setattr(Updates, "restart", lambda _self, arguments: restarts.append(list(arguments)))
    steps: list[tuple[int, int]] = []
    dialog, quits = open_dialog(installation)
    qtbot.waitUntil(lambda: dialog.showing is Showing.available)
    assert dialog.newest.text() == words("%1 (%2 MB)").replace("%1", "0.2.0").replace("%2", "48.0")
    assert dialog.download_button.isDefault() and dialog.download_button.hasFocus()
    dialog.progress.valueChanged.connect(lambda value: steps.append((value, dialog.progress.maximum())))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.showing is Showing.ready)
    assert (OFFER.size // 4 // 1024, OFFER.size // 1024) in steps
    assert installation.read_state() == InstallState(current=VERSION, staged=NEXT)
    assert list(installation.downloads.iterdir()) == []  # the unpacked archive is not kept
    assert NEXT in dialog.message.text() and dialog.restart_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: quits == ["quit"])
    assert restarts == [["--lang", "zh_CN"]]


@pytest.mark.parametrize("stop", ["cancel", "escape"])
def test_cancel_or_escape_stops_the_download_and_stages_nothing(
    qtbot: QtBot,
    hq: FakeHq,
    installation: Installation,
    open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]],
    stop: str,
) -> None:
    hq.held = True
    dialog, _ = open_dialog(installation)
    qtbot.waitUntil(lambda: dialog.showing is Showing.available)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() > 0)
    assert dialog.cancel_button.isVisible() and not dialog.download_button.isVisible()
    if stop == "cancel":
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        stopped = words("Download stopped. It goes on from where it stopped when you download again.")
        assert dialog.showing is Showing.available and dialog.message.text() == stopped
    else:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
    bare_ops = dialog.ops
    qtbot.waitUntil(lambda: not bare_ops.busy)
    assert installation.read_state() == InstallState(current=VERSION)


# The sentences are looked up when the test runs: the zh_CN translator is installed by then.
@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (
            Offline("HQ at http://127.0.0.1:9 cannot be reached"),
            lambda: words(
                "HQ cannot be reached, so updates cannot be checked now. This version goes on working."
            ),
        ),
        (UpdatesNotSetUp("no trusted root"), lambda: describe_code(ErrorCode.updates_not_set_up)),
        (
            UpdateRefused("the update's signature does not match"),
            lambda: describe_code(ErrorCode.update_refused),
        ),
    ],
)
def test_hq_offline_updates_not_set_up_or_tampered_metadata_is_said_inline_and_can_be_retried(
    qtbot: QtBot,
    hq: FakeHq,
    installation: Installation,
    open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]],
    error: GuideError,
    sentence: Callable[[], str],
) -> None:
    hq.answers = [error, None]
    dialog, _ = open_dialog(installation)
    qtbot.waitUntil(lambda: dialog.showing is Showing.failed)
    assert dialog.message.text() == sentence()
    assert not dialog.message.text().isascii()  # in the guide's language
    assert dialog.check_button.isDefault() and not dialog.download_button.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.showing is Showing.up_to_date)
    assert dialog.message.text() == words("You have the newest version.")


def test_tampered_archive_is_refused_and_this_version_goes_on(
    qtbot: QtBot,
    hq: FakeHq,
    installation: Installation,
    open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]],
) -> None:
    hq.download_error = UpdateRefused("the archive does not match its signed hash")
    dialog, _ = open_dialog(installation)
    qtbot.waitUntil(lambda: dialog.showing is Showing.available)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.showing is Showing.failed)
    assert dialog.message.text() == describe_code(ErrorCode.update_refused)
    assert not dialog.restart_button.isVisible()
    assert installation.read_state() == InstallState(current=VERSION)
    assert sorted(p.name for p in installation.app_dir.iterdir()) == [VERSION, "state.json"]


def test_version_rolled_back_from_here_is_not_offered_again(
    qtbot: QtBot, hq: FakeHq, tmp_path: Path, open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]]
) -> None:
    installation = installed(
        tmp_path / "GuideDesk", VERSION, state=InstallState(current=VERSION, held=(NEXT,))
    )
    dialog, _ = open_dialog(installation)
    qtbot.waitUntil(lambda: dialog.showing is Showing.held)
    assert NEXT in dialog.message.text() and not dialog.download_button.isVisible()


def test_rollback_to_the_kept_version_asks_first_then_offers_the_restart(
    qtbot: QtBot, hq: FakeHq, tmp_path: Path, open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]]
) -> None:
    hq.answers = [None]
    state = InstallState(current=VERSION, previous="0.0.9")
    installation = installed(tmp_path / "GuideDesk", "0.0.9", VERSION, state=state)
    dialog, _ = open_dialog(installation)
    qtbot.waitUntil(lambda: dialog.showing is Showing.up_to_date)
    assert dialog.rollback_button.isVisible()
    assert dialog.rollback_button.text() == words("Roll &back to %1").replace("%1", "0.0.9")
    answer_next_modal(press(QMessageBox.StandardButton.No))
    qtbot.mouseClick(dialog.rollback_button, Qt.MouseButton.LeftButton)
    assert installation.read_state() == state  # asked, and the guide said no
    answer_next_modal(press(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(dialog.rollback_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.showing is Showing.ready)
    assert installation.read_state() == InstallState(current="0.0.9", held=(VERSION,))
    assert dialog.restart_button.text() == words("&Restart now") and not dialog.rollback_button.isVisible()


def test_a_version_waiting_for_the_restart_is_shown_without_asking_hq(
    qtbot: QtBot, hq: FakeHq, tmp_path: Path, open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]]
) -> None:
    installation = installed(
        tmp_path / "GuideDesk", VERSION, NEXT, state=InstallState(current=VERSION, staged=NEXT)
    )
    dialog, _ = open_dialog(installation)
    qtbot.waitUntil(lambda: dialog.showing is Showing.ready)
    assert hq.finds == 0 and NEXT in dialog.message.text()


def test_tab_moves_through_the_visible_buttons(
    qtbot: QtBot, hq: FakeHq, tmp_path: Path, open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]]
) -> None:
    state = InstallState(current=VERSION, previous="0.0.9")
    dialog, _ = open_dialog(installed(tmp_path / "GuideDesk", "0.0.9", VERSION, state=state))
    qtbot.waitUntil(lambda: dialog.showing is Showing.available)
    reached = []
    for _ in range(3):
        reached.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert reached == [dialog.download_button, dialog.rollback_button, dialog.close_button]


def test_a_dialog_closed_while_hq_is_asked_gets_no_late_answer(
    qtbot: QtBot,
    hq: FakeHq,
    installation: Installation,
    open_dialog: Callable[..., tuple[UpdatesDialog, list[Any]]],
) -> None:
    """The app deletes a closed dialog: HQ's answer arriving after must not reach it."""
    hq.find_waits_for = threading.Event()
    dialog, _ = open_dialog(installation)
    qtbot.waitUntil(lambda: dialog.showing is Showing.checking and hq.finds == 1)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    hq.find_waits_for.set()
    qtbot.wait(300)  # time for the answer to come back, were it not dropped
    assert dialog.found is None and dialog.showing is Showing.checking
