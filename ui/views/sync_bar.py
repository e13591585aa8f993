"""The status bar's sync part: the state in plain words, progress with cancel, and the problems to see."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from guide_app.calls.sync import sync_status
from guide_app.changes import Area, ChangeNotice
from guide_app.errors import ErrorCode, GuideError
from guide_app.jobs import Phase, Step
from guide_app.sync.run import SyncStatus
from guide_app.timeutil import utcnow
from ui.i18n import QT_TRANSLATE_NOOP
from ui.look import app_title
from ui.messages import describe, describe_code
from ui.ops import Ops
from ui.sync_runner import SyncResult, SyncRunner, SyncState, step_fraction

PHASE_WORDS: dict[Phase, str] = {
    Phase.pulling: QT_TRANSLATE_NOOP("SyncBar", "Fetching HQ's changes"),
    Phase.pushing: QT_TRANSLATE_NOOP("SyncBar", "Uploading sales and progress"),
    Phase.files: QT_TRANSLATE_NOOP("SyncBar", "Downloading content files"),
    Phase.tasks: QT_TRANSLATE_NOOP("SyncBar", "Laying out today's tasks"),
    Phase.segments: QT_TRANSLATE_NOOP("SyncBar", "Updating customer stages"),
    Phase.reading_file: QT_TRANSLATE_NOOP("SyncBar", "Reading the file"),
    Phase.writing_book: QT_TRANSLATE_NOOP("SyncBar", "Saving customers"),
    Phase.exporting: QT_TRANSLATE_NOOP("SyncBar", "Writing the workbook"),
}
OFFLINE_CODES = {ErrorCode.offline.value, ErrorCode.hq_timeout.value}
# A version refusal's whole sentence (how to update) is too long for the status bar: the bar says
# it short, and its button shows the whole.
VERSION_WORDS: dict[str, str] = {
    ErrorCode.client_too_old.value: QT_TRANSLATE_NOOP(
        "SyncBar", "Update needed: sync is paused, your work is kept on this PC"
    ),
    ErrorCode.hq_too_old.value: QT_TRANSLATE_NOOP(
        "SyncBar", "HQ needs an update: sync is paused, your work is kept on this PC"
    ),
}


def when_words(moment: datetime, now: datetime) -> str:
    """A past time as the guide says it: 10:32 today, yesterday 18:02, or 11-28 18:02 (local time)."""
    local, today = moment.astimezone(), now.astimezone().date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return QCoreApplication.translate("SyncBar", "today %1").replace("%1", clock)
    if (today - local.date()).days == 1:
        return QCoreApplication.translate("SyncBar", "yesterday %1").replace("%1", clock)
    return local.strftime("%m-%d %H:%M")


def status_words(status: SyncStatus, now: datetime) -> str:
    """One line for the status bar: when sync last worked, what waits, and what is wrong."""
    parts: list[str] = []
    last = status.last_success()
    if status.error_code in OFFLINE_CODES:
        parts.append(
            QCoreApplication.translate(
                "SyncBar", "Offline: your work is kept on this PC and uploads when HQ can be reached"
            )
        )
    elif status.error_code in VERSION_WORDS:
        parts.append(QCoreApplication.translate("SyncBar", VERSION_WORDS[status.error_code]))
    elif status.error_code:
        parts.append(describe_code(status.error_code))
    if last is not None:
        parts.append(
            QCoreApplication.translate("SyncBar", "last synced %1").replace("%1", when_words(last, now))
        )
    else:
        parts.append(QCoreApplication.translate("SyncBar", "not synced yet"))
    waiting = status.pending_uploads  # a plain name: pyside6-lupdate 6.11 skips a plural's expression
    if waiting:
        parts.append(QCoreApplication.translate("SyncBar", "%n waiting to upload", "", waiting))
    return " · ".join(parts)


class SyncBar(QWidget):
    """Shows sync's state and progress; `problems_clicked` asks the window to list the problems."""

    problems_clicked = Signal()
    updates_wanted = Signal()  # the guide chose to check for updates from a version refusal

    def __init__(self, ops: Ops, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops, self._runner = ops, runner
        self._status = SyncStatus()
        self.state_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop syncing at the next safe point"))
        self.problems_button = QPushButton(self)
        self.problems_button.setFlat(True)
        self.problems_button.setStyleSheet("color: #b3261e;")
        self.update_button = QPushButton(self.tr("How to update…"), self)
        self.update_button.setStyleSheet("color: #b3261e;")
        self.update_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.update_button.hide()  # until a version refusal is the status
        self._version_refusal: GuideError | None = None  # the last one heard, with HQ's releases
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        widgets = (
            self.state_label,
            self.progress,
            self.cancel_button,
            self.update_button,
            self.problems_button,
        )
        for widget in widgets:
            layout.addWidget(widget)
        self.cancel_button.clicked.connect(runner.cancel)
        self.problems_button.clicked.connect(self.problems_clicked)
        self.update_button.clicked.connect(self.explain_version_refusal)
        runner.started.connect(self._started)
        runner.progressed.connect(self._progressed)
        runner.finished.connect(self._finished)
        ops.changed.connect(self._changed)
        self._show_running(False)
        self.refresh()

    @property
    def status(self) -> SyncStatus:
        return self._status

    def refresh(self) -> None:
        self._ops.query(sync_status, self._show_status, name="sync status")

    def _show_status(self, status: SyncStatus) -> None:
        self._status = status
        if self._runner.state is SyncState.idle:
            self.state_label.setText(status_words(status, utcnow()))
        refused = status.error_code in VERSION_WORDS
        self.update_button.setVisible(refused)
        self.state_label.setToolTip(self._version_words(status.error_code) if refused else "")
        count = len(status.problems) + len(status.refused)
        self.problems_button.setVisible(count > 0)
        self.problems_button.setText(self.tr("%n sync problem(s)", "", count))

    def _changed(self, changes: ChangeNotice) -> None:
        if changes.touches(Area.sync_status, Area.outbox, Area.sales):
            self.refresh()

    def _show_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)

    def _started(self) -> None:
        self._show_running(True)
        self.progress.setRange(0, 0)
        self.state_label.setText(self.tr("Syncing…"))

    def _progressed(self, step: Step) -> None:
        words = QCoreApplication.translate("SyncBar", PHASE_WORDS.get(step.phase, ""))
        self.state_label.setText(words + "…")
        fraction = step_fraction(step)
        if fraction is None:
            self.progress.setRange(0, 0)  # busy: the end is not known yet
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))

    def _finished(self, result: SyncResult) -> None:
        self._show_running(False)
        if result.error is not None and result.version_refused:
            self._version_refusal = result.error
        self.refresh()

    def _version_words(self, code: str | None) -> str:
        """The whole sentence: with the releases HQ named when this run heard them."""
        known = self._version_refusal
        return describe(known) if known is not None and known.code == code else describe_code(code)

    def explain_version_refusal(self) -> None:
        """What happened, that the work is safe, and how to update: in a box the guide reads, with
        the way to the update when this app is the one to update (not when HQ is)."""
        box = QMessageBox(
            QMessageBox.Icon.Information, app_title(), self._version_words(self._status.error_code)
        )
        box.setParent(self, box.windowFlags())
        check = None
        if self._status.error_code == ErrorCode.client_too_old.value:
            check = box.addButton(self.tr("Check for &updates…"), QMessageBox.ButtonRole.AcceptRole)
            check.setObjectName("check_for_updates")
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if check is not None and box.clickedButton() is check:
            self.updates_wanted.emit()
