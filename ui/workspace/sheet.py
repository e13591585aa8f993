"""The Performance sheet page: pick days and a scope, save HQ's streamed workbook with progress and cancel.

HQ writes the sheet while it sends it, so its size is unknown until the end: the page shows the
bytes received and the time taken. Cancel closes the connection (HQ stops) and removes the
partial file; at the end the page shows the path and a button opening its folder.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QDate, QElapsedTimer, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area
from guide_app.errors import GuideError
from guide_app.jobs import CancelToken, ProgressSink, Step
from guide_app.protocol import SheetRequest, SheetScope
from guide_app.timeutil import local, utcnow
from guide_app.workspace.org_lookup import Organisation, organisation
from guide_app.workspace.session import Workspace
from guide_app.workspace.sheets import download_performance_sheet, sheet_file_name, sheet_request
from ui.messages import describe
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown
from ui.workspace.team import page_title, refill

ERROR_STYLE = "color: #b3261e;"
DONE_STYLE = "color: #1b5e20;"
DATE_FORMAT = "yyyy-MM-dd"
TICK_MS = 500  # the elapsed time moves on even while HQ is silent


class DownloadState(StrEnum):
    idle = "idle"
    downloading = "downloading"
    done = "done"
    failed = "failed"
    cancelled = "cancelled"


def _day(chosen: QDate) -> date:
    return date(chosen.year(), chosen.month(), chosen.day())


def size_text(size: int) -> str:
    """1.2 MB, 350 KB, 900 B: enough to see the download moving."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


class SheetPage(QWidget):
    """The 业绩表 of a range of days for all, a region or a store (a manager: their region's)."""

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.org: Organisation | None = None
        self.reading: Running[Organisation] | None = None
        self.state = DownloadState.idle
        self.running: Running[Path] | None = None
        self.saved: Path | None = None
        self.received = 0
        self._clock = QElapsedTimer()
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._show_progress)
        self._build()
        self.freshness = ReadWhenShown(self, ops, self.reload, (Area.organisation,))
        self._show_state(DownloadState.idle)

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Performance sheet"), self))
        explained = QLabel(
            self.tr(
                "An Excel workbook from HQ: a summary by region with a chart, stores, guides with their "
                "targets, tasks, and every counted sale (customers only as pseudonymous references)."
            ),
            self,
        )
        explained.setWordWrap(True)
        layout.addWidget(explained)
        layout.addLayout(self._form())
        layout.addLayout(self._actions())
        layout.addLayout(self._progress_row())
        layout.addLayout(self._done_row())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        today = local(utcnow()).date()
        self.first_day = QDateEdit(QDate(today.year, today.month, 1), self)
        self.last_day = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.first_day, self.last_day):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setMaximumWidth(160)
            edit.dateChanged.connect(lambda _date: self._show_state(DownloadState.idle))
        form.addRow(self.tr("&From:"), self.first_day)
        form.addRow(self.tr("&To:"), self.last_day)
        self.scope = QComboBox(self)
        if self.workspace.is_hq:
            self.scope.addItem(self.tr("All regions"), SheetScope.all)
            self.scope.addItem(self.tr("One region"), SheetScope.region)
        else:
            self.scope.addItem(self.tr("My whole region"), SheetScope.region)
        self.scope.addItem(self.tr("One store"), SheetScope.store)
        self.scope.currentIndexChanged.connect(lambda _index: self._scope_changed())
        form.addRow(self.tr("&Scope:"), self.scope)
        self.region = QComboBox(self)
        self.region.setMinimumWidth(220)
        self.region.currentIndexChanged.connect(lambda _index: self._fill_stores())
        self.region_label = QLabel(self.tr("&Region:"), self)
        self.region_label.setBuddy(self.region)
        form.addRow(self.region_label, self.region)
        self.store = QComboBox(self)
        self.store.setMinimumWidth(220)
        self.store_label = QLabel(self.tr("S&tore:"), self)
        self.store_label.setBuddy(self.store)
        form.addRow(self.store_label, self.store)
        self._scope_changed()
        return form

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save as…"), self)
        self.save_button.setToolTip(self.tr("Choose where to save the sheet, then download it (Ctrl+S)"))
        self.save_button.clicked.connect(self.choose_file)
        QShortcut(QKeySequence("Ctrl+S"), self, self.choose_file)
        row.addWidget(self.save_button)
        row.addStretch(1)
        return row

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # HQ streams the sheet: its size is unknown until the end
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(320)
        self.progress = QLabel(self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop the download and remove the partial file (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel)
        for widget in (self.bar, self.progress, self.cancel_button):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _done_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.path_label = QLabel(self)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton(self.tr("&Open folder"), self)
        self.open_folder.clicked.connect(self.open_saved_folder)
        row.addWidget(self.path_label)
        row.addWidget(self.open_folder)
        row.addStretch(1)
        return row

    # ----------------------------------------------------------------------------------- scope

    def reload(self) -> None:
        workspace = self.workspace
        self.reading = self.ops.run_async(
            lambda: organisation(workspace, with_accounts=False), self._show_org, failure=self._show_failure
        )

    def _show_org(self, found: Organisation) -> None:
        self.org = found
        refill(self.region, [(region.name, region.id) for region in found.regions])
        self._fill_stores()

    def _fill_stores(self) -> None:
        if self.org is None:
            return
        region_id = self.region.currentData() if self.workspace.is_hq else self.workspace.region_id
        refill(
            self.store, [(f"{store.code} {store.name}", store.id) for store in self.org.stores_of(region_id)]
        )

    def _scope_changed(self) -> None:
        scope = self.scope.currentData()
        # A store is picked within a region: HQ sees the region list for both.
        self.region_label.setVisible(self.workspace.is_hq and scope is not SheetScope.all)
        self.region.setVisible(self.region_label.isVisible())
        self.store_label.setVisible(scope is SheetScope.store)
        self.store.setVisible(scope is SheetScope.store)
        self._show_state(DownloadState.idle)

    def request(self) -> SheetRequest:
        """What the form asks for; GuideError when it cannot be sent as it is."""
        scope = SheetScope(self.scope.currentData())
        region_id = self.region.currentData() if self.workspace.is_hq else self.workspace.region_id
        return sheet_request(
            _day(self.first_day.date()),
            _day(self.last_day.date()),
            scope,
            region_id=region_id,
            store_id=self.store.currentData(),
        )

    # ----------------------------------------------------------------------------------- download

    def choose_file(self) -> None:
        if self.state is DownloadState.downloading:
            return
        try:
            request = self.request()
        except GuideError as error:
            self._fail(error)
            return
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = sheet_file_name(self.tr("performance"), request)
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the performance sheet"),
            str(Path(documents) / name),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if chosen:
            self.start_download(Path(chosen))

    def start_download(self, target: Path) -> Running[Path] | None:
        """Download the sheet the form asks for into `target` (an .xlsx)."""
        try:
            request = self.request()
        except GuideError as error:
            self._fail(error)
            return None
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        workspace = self.workspace

        def call(progress: ProgressSink, cancel: CancelToken) -> Awaitable[Path]:
            return download_performance_sheet(workspace, request, target, progress, cancel)

        self.received = 0
        self._clock.start()
        self._show_state(DownloadState.downloading)
        self.running = self.ops.remote_job(
            call, self._downloaded, progress=self._stepped, failure=self._fail, name="performance sheet"
        )
        return self.running

    def cancel(self) -> None:
        if self.state is not DownloadState.downloading or self.running is None:
            return
        self.running.cancel()  # the worker removes the partial file; Ops drops its answer
        self._show_state(DownloadState.cancelled)
        self.message.setText(self.tr("Cancelled. The partial file was removed."))

    def _stepped(self, step: Step) -> None:
        self.received = step.done
        self._show_progress()

    def _show_progress(self) -> None:
        seconds = self._clock.elapsed() / 1000
        self.progress.setText(
            self.tr("%1 received in %2 s")
            .replace("%1", size_text(self.received))
            .replace("%2", f"{seconds:.0f}")
        )

    def _downloaded(self, path: Path) -> None:
        self.saved = path
        seconds = self._clock.elapsed() / 1000
        self._show_state(DownloadState.done)
        self.path_label.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.message.setText(
            self.tr("%1 in %2 s.")
            .replace("%1", size_text(path.stat().st_size))
            .replace("%2", f"{seconds:.1f}")
        )

    def _fail(self, error: BaseException) -> None:
        self._show_state(DownloadState.failed)
        self.message.setText(describe(error))

    def _show_failure(self, error: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(describe(error))

    def _show_state(self, state: DownloadState) -> None:
        if not hasattr(self, "message"):
            return  # the form's first signals arrive before the rest is built
        if self.state is DownloadState.downloading and state is DownloadState.idle:
            return  # a form change while downloading does not hide the download
        self.state = state
        busy = state is DownloadState.downloading
        for widget in (self.bar, self.progress, self.cancel_button):
            widget.setVisible(busy)
        self.path_label.setVisible(state is DownloadState.done)
        self.open_folder.setVisible(state is DownloadState.done)
        self.save_button.setEnabled(not busy)
        self.message.setStyleSheet(ERROR_STYLE if state is DownloadState.failed else DONE_STYLE)
        if busy:
            self._show_progress()
            self._ticker.start()
        else:
            self._ticker.stop()
        if state is DownloadState.idle:
            self.message.setText("")

    def open_saved_folder(self) -> None:
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved.parent)))
