"""The Updates dialog: this version, the newest at HQ, downloading it, restarting into it, rolling back."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Sequence
from enum import Enum, auto
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guide_app.errors import ErrorCode, GuideError
from guide_app.jobs import CancelToken, ProgressSink, Step
from guide_app.update.layout import Installation, version_key
from guide_app.update.service import Availability, UpdateCheck, Updates, UpdateStanding
from ui.messages import describe, describe_code
from ui.ops import Ops, Running

_MB = 1024 * 1024


class Showing(Enum):
    """What the dialog is at; each state shows its own sentence and buttons."""

    reading = auto()  # reading the installation's state
    not_installed = auto()
    checking = auto()  # asking HQ
    up_to_date = auto()
    available = auto()
    downloading = auto()
    ready = auto()  # a version waits for the restart (downloaded, or rolled back to)
    held = auto()
    failed = auto()  # HQ offline, updates not set up, an update refused: this version goes on


# Going back is offered while nothing else is under way and no newer version waits for the restart.
_ROLLBACK_OFFERED = (Showing.checking, Showing.up_to_date, Showing.available, Showing.held, Showing.failed)


class UpdatesDialog(QDialog):
    """Check HQ for a newer version, download it with progress (Cancel keeps what came, to resume),
    then "Restart to update" starts the launcher and quits. "Roll back" goes to the kept version.

    `installation` defaults to the one this program runs from (none from source); `quit_app` ends
    the app after the launcher started (default: QCoreApplication.quit)."""

    def __init__(
        self,
        ops: Ops,
        hq_url: str,
        installation: Installation | None = None,
        parent: QWidget | None = None,
        *,
        quit_app: Callable[[], None] | None = None,
        arguments: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.updates = Updates(hq_url, installation if installation is not None else Installation.find())
        self._quit_app = quit_app or QCoreApplication.quit
        self._arguments = list(sys.argv[1:] if arguments is None else arguments)
        self.showing = Showing.reading
        self.standing: UpdateStanding | None = None
        self.found: UpdateCheck | None = None
        self._running: Running[str] | None = None
        # Reads and the rollback answer this dialog only: closing it drops them (the app deletes
        # a closed dialog, and a late answer must not reach it).
        self._answers: list[Running[Any]] = []
        self.setWindowTitle(self.tr("Updates"))
        self.setMinimumWidth(520)
        self._build()
        self._answers.append(
            self.ops.run(self.updates.standing, self._read, failure=self._failed, name="update standing")
        )

    # ------------------------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.this_version = QLabel(self.updates.running, self)
        self.newest = QLabel("—", self)
        form = QFormLayout()
        form.addRow(self.tr("This version:"), self.this_version)
        form.addRow(self.tr("Newest at HQ:"), self.newest)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.download_button = self._button(self.tr("&Download"), self.download)
        self.restart_button = self._button(self.tr("&Restart to update"), self.restart)
        self.cancel_button = self._button(self.tr("Cancel download"), self.cancel_download)
        self.check_button = self._button(self.tr("Check &again"), self.check)
        self.rollback_button = self._button("", self.roll_back)
        self.close_button = self._button(self.tr("Close"), self.reject)
        row = QHBoxLayout()
        row.addWidget(self.rollback_button)
        row.addStretch(1)
        for button in (self.check_button, self.download_button, self.restart_button, self.cancel_button):
            row.addWidget(button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(row)
        order = (
            self.download_button,
            self.restart_button,
            self.cancel_button,
            self.check_button,
            self.rollback_button,
            self.close_button,
        )
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        self._show(Showing.reading)

    def _button(self, text: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(action)
        return button

    # ------------------------------------------------------------------------------------ states

    def _show(self, showing: Showing, sentence: str = "") -> None:
        self.showing = showing
        self.message.setText(sentence)
        primary = {
            Showing.available: self.download_button,
            Showing.ready: self.restart_button,
            Showing.failed: self.check_button,
            Showing.downloading: self.cancel_button,
        }.get(showing, self.close_button)
        self.download_button.setVisible(showing is Showing.available)
        self.restart_button.setVisible(showing is Showing.ready)
        self.cancel_button.setVisible(showing is Showing.downloading)
        self.check_button.setVisible(showing is Showing.failed)
        self.progress.setVisible(showing is Showing.downloading)
        previous = self.standing.previous if self.standing is not None else None
        self.rollback_button.setVisible(previous is not None and showing in _ROLLBACK_OFFERED)
        if previous is not None:
            self.rollback_button.setText(self.tr("Roll &back to %1").replace("%1", previous))
        for button in (self.download_button, self.restart_button, self.cancel_button, self.check_button):
            button.setDefault(button is primary)
        self.close_button.setDefault(primary is self.close_button)
        primary.setFocus(Qt.FocusReason.OtherFocusReason)

    def _read(self, standing: UpdateStanding) -> None:
        self.standing = standing
        if not standing.installed:
            self._show(Showing.not_installed, describe_code(ErrorCode.update_not_installed))
            return
        if standing.next_start is not None:
            if version_key(standing.next_start) > version_key(standing.running):
                self.newest.setText(self.tr("%1 (downloaded)").replace("%1", standing.next_start))
            self._ready(standing.next_start)
            return
        self.check()

    def check(self) -> None:
        self._show(Showing.checking, self.tr("Asking HQ for the newest version…"))
        self.newest.setText(self.tr("checking…"))
        self._answers.append(
            self.ops.run_async(self.updates.check, self._checked, failure=self._failed, name="update check")
        )

    def _checked(self, found: UpdateCheck) -> None:
        self.found = found
        newest = found.newest or self.updates.running
        self.newest.setText(newest)
        if found.availability is Availability.held:
            sentence = self.tr(
                "Version %1 was rolled back on this PC, so it is not offered again. A newer version will be."
            )
            self._show(Showing.held, sentence.replace("%1", newest))
        elif found.availability is Availability.staged:
            self._ready(newest)
        elif found.offer is not None:
            size = f"{found.offer.size / _MB:.1f}"
            self.newest.setText(self.tr("%1 (%2 MB)").replace("%1", newest).replace("%2", size))
            sentence = self.tr(
                "Version %1 is ready to download. This version goes on working while it downloads."
            )
            self._show(Showing.available, sentence.replace("%1", newest))
        else:
            self._show(Showing.up_to_date, self.tr("You have the newest version."))

    def _ready(self, version: str) -> None:
        going_back = version_key(version) < version_key(self.updates.running)
        self.restart_button.setText(self.tr("&Restart now") if going_back else self.tr("&Restart to update"))
        sentence = self.tr(
            "Version %1 starts the next time Guide Desk starts. Restart now to use it; "
            "your customer book stays as it is."
        )
        self._show(Showing.ready, sentence.replace("%1", version))

    def _failed(self, error: BaseException) -> None:
        self._running = None
        if self.showing in (Showing.checking, Showing.reading):
            self.newest.setText("—")
        offline = isinstance(error, GuideError) and error.code in (ErrorCode.offline, ErrorCode.hq_timeout)
        # The general offline sentence speaks of the sync; here the guide wants to know about the update.
        sentence = (
            self.tr("HQ cannot be reached, so updates cannot be checked now. This version goes on working.")
            if offline
            else describe(error)
        )
        self._show(Showing.failed, sentence)

    # ------------------------------------------------------------------------------------ actions

    def download(self) -> None:
        offer = self.found.offer if self.found is not None else None
        if offer is None or self._running is not None:
            return
        self.progress.setRange(0, 0)
        self._show(Showing.downloading, self.tr("Downloading version %1…").replace("%1", offer.version))
        updates = self.updates

        def call(progress: ProgressSink, cancel: CancelToken) -> Awaitable[str]:
            return updates.download_and_stage(offer, progress, cancel)

        self._running = self.ops.remote_job(
            call, self._downloaded, progress=self._stepped, failure=self._failed, name="update download"
        )

    def _stepped(self, step: Step) -> None:
        if not step.total:
            return
        # Kilobytes keep the bar's range inside a 32-bit int, whatever the archive's size.
        self.progress.setRange(0, max(1, step.total // 1024))
        self.progress.setValue(step.done // 1024)
        if step.done >= step.total:
            self.message.setText(self.tr("Checking the signature and unpacking…"))
        else:
            done, total = f"{step.done / _MB:.1f}", f"{step.total / _MB:.1f}"
            self.progress.setFormat(self.tr("%1 of %2 MB").replace("%1", done).replace("%2", total))

    def _downloaded(self, version: str) -> None:
        self._running = None
        self._ready(version)

    def cancel_download(self) -> None:
        if self._running is None:
            return
        self._stop_download()
        self._show(
            Showing.available,
            self.tr("Download stopped. It goes on from where it stopped when you download again."),
        )

    def roll_back(self) -> None:
        previous = self.standing.previous if self.standing is not None else None
        if previous is None:
            return
        question = self.tr(
            "Go back to version %1? Version %2 will not be offered again on this PC; a newer one will be."
        )
        answer = QMessageBox.question(
            self,
            self.tr("Roll back"),
            question.replace("%1", previous).replace("%2", self.updates.running),
        )
        if answer is not QMessageBox.StandardButton.Yes:
            return
        self._answers.append(
            self.ops.run(
                self.updates.roll_back, self._rolled_back, failure=self._failed, name="update rollback"
            )
        )

    def _rolled_back(self, version: str) -> None:
        self.standing = None  # nothing kept to go back to any more
        self._ready(version)

    def restart(self) -> None:
        arguments = self._arguments
        self.restart_button.setEnabled(False)
        self.ops.run(
            lambda: self.updates.restart(arguments),
            self._restarted,
            failure=self._restart_failed,
            name="restart",
        )

    def _restarted(self, _none: object) -> None:
        self.accept()
        self._quit_app()

    def _restart_failed(self, error: BaseException) -> None:
        self.restart_button.setEnabled(True)
        self.message.setText(describe(error))

    # ------------------------------------------------------------------------------------ closing

    def done(self, result: int) -> None:
        """However it closes (Close, Escape, the window's ×, Restart): the download stops and no
        pending answer reaches the closed dialog."""
        self._stop_download()
        for running in self._answers:
            running.discard()
        self._answers.clear()
        super().done(result)

    def _stop_download(self) -> None:
        """Closing stops a download; what came so far is kept for the next try."""
        if self._running is not None:
            self._running.cancel()
            self._running = None
