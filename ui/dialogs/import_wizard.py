"""The customer import wizard: pick a workbook, check its column mapping and every bad row, import.

Reading and checking the file (the plan) and writing it run as long jobs through `Ops`, with
progress and cancel; a plan is made again, off the UI thread, whenever the guide changes the sheet
or a column's field. Nothing is written before the guide presses Import on the check page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from guide_app.book.store import Book
from guide_app.calls.imports import apply_import, plan_import
from guide_app.changes import Outcome
from guide_app.errors import Cancelled, ErrorCode
from guide_app.jobs import CancelToken, Phase, ProgressSink, Step
from guide_app.xlsx.columns import SHARED_FIELDS
from guide_app.xlsx.importing import ImportField, ImportMode, ImportPlan, ImportResult
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe
from ui.models.import_preview import RowNoteModel, row_notes
from ui.ops import Ops, Running

CONTEXT = "ImportWizard"
REPLAN_DELAY_MS = 300  # a guide changing several columns in a row gets one new plan, not one each
PROBLEM_STYLE = "color: #b3261e;"

FIELD_WORDS: dict[ImportField, str] = {
    ImportField.name: QT_TRANSLATE_NOOP("ImportWizard", "Name"),
    ImportField.phone: QT_TRANSLATE_NOOP("ImportWizard", "Mobile"),
    ImportField.wecom_remark: QT_TRANSLATE_NOOP("ImportWizard", "WeCom remark"),
    ImportField.birthday: QT_TRANSLATE_NOOP("ImportWizard", "Birthday"),
    ImportField.gender: QT_TRANSLATE_NOOP("ImportWizard", "Gender"),
    ImportField.tags: QT_TRANSLATE_NOOP("ImportWizard", "Tags"),
    ImportField.personal_tags: QT_TRANSLATE_NOOP("ImportWizard", "Personal tags"),
    ImportField.notes: QT_TRANSLATE_NOOP("ImportWizard", "Notes"),
    ImportField.source_channel: QT_TRANSLATE_NOOP("ImportWizard", "Source channel"),
    ImportField.added_at: QT_TRANSLATE_NOOP("ImportWizard", "Date added"),
}
PHASE_WORDS: dict[Phase, str] = {
    Phase.reading_file: QT_TRANSLATE_NOOP("ImportWizard", "Reading and checking the file"),
    Phase.writing_book: QT_TRANSLATE_NOOP("ImportWizard", "Saving customers to your book"),
}


def _translated(source: str) -> str:
    """A sentence from one of the tables above, marked with QT_TRANSLATE_NOOP."""
    return QCoreApplication.translate(CONTEXT, source)


class PageId(IntEnum):
    file = 0
    mapping = 1
    check = 2
    run = 3
    result = 4


class PlanState(Enum):
    """Where the plan for the guide's current file, sheet and mapping stands."""

    none = "none"  # no file picked yet, or the mapping cannot be read (no name column)
    planning = "planning"
    ready = "ready"
    failed = "failed"


class RunState(Enum):
    """Where the import itself stands."""

    waiting = "waiting"
    running = "running"
    imported = "imported"  # written (or, all or nothing with bad rows, refused whole)
    stopped = "stopped"  # the guide stopped it: the book is as it was
    failed = "failed"


Chosen = tuple[tuple[int, ImportField | None], ...]


@dataclass(frozen=True)
class PlanRequest:
    """What a plan is made from; a plan answers one request, and only the latest counts."""

    path: str
    sheet: str | None = None
    chosen: Chosen = ()


class _Stopped:
    """What the import job answers when the guide stopped it, once the rollback is done."""


STOPPED = _Stopped()


class ImportWizard(QWizard):
    """Imports a customer workbook into the guide's book in five steps; see the module docstring."""

    plan_changed = Signal()  # the plan state or the plan itself changed
    run_changed = Signal()  # the import's state changed
    plan_progress = Signal(object)  # Step of the plan being made

    def __init__(self, ops: Ops, parent: QWidget | None = None, path: str | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("Import customers"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.resize(980, 640)
        self.request = PlanRequest("")
        self.plan_state = PlanState.none
        self.plan: ImportPlan | None = None
        self.plan_error: BaseException | None = None
        self.run_state = RunState.waiting
        self.import_result: ImportResult | None = None
        self.run_error: BaseException | None = None
        self._planning: Running[ImportPlan] | None = None
        self._importing: Running[Outcome[ImportResult] | _Stopped] | None = None
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.run_page = RunPage(self)
        self.result_page = ResultPage(self)
        for page_id, page in zip(
            PageId,
            (self.file_page, self.mapping_page, self.check_page, self.run_page, self.result_page),
            strict=True,
        ):
            self.setPage(page_id, page)
        if path:
            self.file_page.path_edit.setText(path)
            self.file_page.plan_now()

    # ------------------------------------------------------------------------------ the plan

    def request_plan(self, request: PlanRequest) -> None:
        """Make a plan for `request` off the UI thread; any plan still being made is dropped."""
        self._drop_planning()
        self.request = request
        self.plan_state = PlanState.planning
        self.plan_changed.emit()
        path, sheet, chosen = Path(request.path), request.sheet, dict(request.chosen)

        def call(book: Book, progress: ProgressSink, cancel: CancelToken) -> ImportPlan:
            return plan_import(book, path, sheet, chosen=chosen, progress=progress, cancel=cancel)

        self._planning = self.ops.job(
            call,
            lambda plan: self._planned(request, plan),
            progress=self.plan_progress.emit,
            failure=lambda error: self._plan_failed(request, error),
            name="import plan",
        )

    def clear_plan(self) -> None:
        """No plan can be made now (no file, or no name column): drop the one being made."""
        self._drop_planning()
        self.plan_state = PlanState.none
        self.plan_changed.emit()

    def _drop_planning(self) -> None:
        if self._planning is not None and not self._planning.finished:
            self._planning.cancel()
        self._planning = None

    def _planned(self, request: PlanRequest, plan: ImportPlan) -> None:
        if request != self.request:
            return
        self.plan, self.plan_error, self.plan_state = plan, None, PlanState.ready
        self.plan_changed.emit()

    def _plan_failed(self, request: PlanRequest, error: BaseException) -> None:
        if request != self.request:
            return
        self.plan_error, self.plan_state = error, PlanState.failed
        self.plan_changed.emit()

    # ------------------------------------------------------------------------------ the import

    def start_import(self, mode: ImportMode) -> None:
        plan = self.plan
        if plan is None or self.run_state is RunState.running:
            return

        def call(book: Book, progress: ProgressSink, cancel: CancelToken) -> Outcome[ImportResult] | _Stopped:
            try:
                return apply_import(book, plan, mode, progress=progress, cancel=cancel)
            except Cancelled:
                return STOPPED  # answered after the transaction was rolled back

        self.run_state = RunState.running
        self.run_changed.emit()
        self._importing = self.ops.job(
            call,
            self._imported,
            progress=self.run_page.show_step,
            failure=self._import_failed,
            name="import",
        )

    def stop_import(self) -> None:
        """Ask the import to stop; its answer (STOPPED) comes once the book is as it was."""
        if self._importing is not None and self.run_state is RunState.running:
            self._importing.token.cancel()

    def _imported(self, answer: object) -> None:
        if isinstance(answer, Outcome) and isinstance(answer.value, ImportResult):
            self.import_result, self.run_state = answer.value, RunState.imported
        else:
            self.run_state = RunState.stopped
        self.run_changed.emit()
        if self.currentId() == PageId.run:
            self.next()

    def _import_failed(self, error: BaseException) -> None:
        self.run_error, self.run_state = error, RunState.failed
        self.run_changed.emit()
        if self.currentId() == PageId.run:
            self.next()

    # ------------------------------------------------------------------------------ leaving

    def reject(self) -> None:
        """Esc, Cancel or the close box: a running import stops only if the guide says so."""
        if self.run_state is RunState.running:
            answer = QMessageBox.question(
                self,
                self.tr("Stop the import?"),
                self.tr("An import is running. Stop it? Your customer book stays exactly as it was."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            if self._importing is not None:
                self._importing.cancel()  # rolled back at the job's next report; nobody waits for it
        self._drop_planning()
        super().reject()


class StatusLine(QLabel):
    """A page's one line of news: where its job is, or, in red, what went wrong."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def say(self, text: str, problem: bool = False) -> None:
        self.setStyleSheet(PROBLEM_STYLE if problem else "")
        self.setText(text)


# ================================================================================== page 1: file


class FilePage(QWizardPage):
    """Pick the workbook (browse, type or paste a path) and, when it has several, the sheet."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Pick the workbook"))
        self.setSubTitle(self.tr("Nothing is saved until you press Import on the check step."))
        intro = QLabel(
            self.tr("Choose an Excel workbook (.xlsx): one customer a row, under a row naming the columns."),
            self,
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("Path of the .xlsx file"))
        self.browse_button = QPushButton(self.tr("&Browse…"), self)
        self.browse_button.setAutoDefault(False)
        self.sheet_label = QLabel(self.tr("&Sheet:"), self)
        self.sheet_combo = QComboBox(self)
        self.sheet_label.setBuddy(self.sheet_combo)
        self.status = StatusLine(self)
        self.progress = QProgressBar(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(REPLAN_DELAY_MS)
        self._lay_out(intro)
        self._connect()
        self._show_sheets(())
        self.progress.hide()

    def _lay_out(self, intro: QLabel) -> None:
        file_label = QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.path_edit)
        grid = QGridLayout()
        grid.addWidget(file_label, 0, 0)
        grid.addWidget(self.path_edit, 0, 1)
        grid.addWidget(self.browse_button, 0, 2)
        grid.addWidget(self.sheet_label, 1, 0)
        grid.addWidget(self.sheet_combo, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setTabOrder(self.path_edit, self.browse_button)
        self.setTabOrder(self.browse_button, self.sheet_combo)

    def _connect(self) -> None:
        self.browse_button.clicked.connect(self._browse)
        self.path_edit.textChanged.connect(self._debounce.start)
        self.path_edit.editingFinished.connect(self.plan_now)
        self._debounce.timeout.connect(self.plan_now)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self._wizard.plan_changed.connect(self._plan_changed)
        self._wizard.plan_progress.connect(self._plan_progress)

    def typed_path(self) -> str:
        # Windows' "Copy as path" wraps the path in double quotes.
        return self.path_edit.text().strip().strip('"').strip()

    def plan_now(self) -> None:
        """Read the typed file, unless its plan is already made or being made."""
        self._debounce.stop()
        path = self.typed_path()
        if path == self._wizard.request.path and self._wizard.plan_state is not PlanState.none:
            return
        if not path:
            self._wizard.clear_plan()
            self.status.say("")
            return
        if not Path(path).is_file():
            self._wizard.clear_plan()
            self._wizard.request = PlanRequest(path)
            self.status.say(self.tr("There is no file at this path."), problem=True)
            return
        self._show_sheets(())
        self._wizard.request_plan(PlanRequest(path))

    def _browse(self) -> None:
        start = str(Path(self.typed_path()).parent) if self.typed_path() else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pick the workbook"), start, self.tr("Excel workbooks (*.xlsx);;All files (*)")
        )
        if chosen:
            self.path_edit.setText(chosen)
            self.plan_now()

    def _sheet_chosen(self, at: int) -> None:
        sheet = self.sheet_combo.itemText(at)
        if sheet and sheet != (self._wizard.plan.sheet if self._wizard.plan else None):
            self._wizard.request_plan(PlanRequest(self._wizard.request.path, sheet))

    def _show_sheets(self, sheets: tuple[str, ...], current: str = "") -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheets))
        self.sheet_combo.setCurrentText(current)
        several = len(sheets) > 1
        self.sheet_label.setVisible(several)
        self.sheet_combo.setVisible(several)

    def _plan_changed(self) -> None:
        wizard = self._wizard
        self.progress.setVisible(wizard.plan_state is PlanState.planning)
        if wizard.plan_state is PlanState.planning:
            self.progress.setRange(0, 0)
            self.status.say(_translated(PHASE_WORDS[Phase.reading_file]) + "…")
        elif wizard.plan_state is PlanState.failed and wizard.plan_error is not None:
            self.status.say(describe(wizard.plan_error), problem=True)
        elif wizard.plan_state is PlanState.ready and wizard.plan is not None:
            plan = wizard.plan
            self._show_sheets(plan.sheets, plan.sheet)
            self.status.say(
                self.tr("Sheet “%1”: %n customer row(s) read, header on row %2.", "", plan.rows_read)
                .replace("%1", plan.sheet)
                .replace("%2", str(plan.header_row))
            )
        self.completeChanged.emit()

    def _plan_progress(self, step: Step) -> None:
        if step.total:
            self.progress.setRange(0, step.total)
            self.progress.setValue(min(step.done, step.total))
        self.status.say(
            self.tr("%1… row %2")
            .replace("%1", _translated(PHASE_WORDS[step.phase]))
            .replace("%2", f"{step.done:,}")
        )

    def isComplete(self) -> bool:
        wizard = self._wizard
        return wizard.plan_state is PlanState.ready and wizard.request.path == self.typed_path()

    def validatePage(self) -> bool:
        return self.isComplete()


# ================================================================================== page 2: mapping


class MappingPage(QWizardPage):
    """Each column of the sheet, its first values, and the field it feeds (the core's guess first)."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Check what each column becomes"))
        self.setSubTitle(self.tr("Change a column's field, or choose “Don't import” to leave it out."))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.combos: dict[int, QComboBox] = {}
        self.moved_note = ""  # which columns a choice took a field from
        self._columns_of: tuple[str, str | None] | None = None  # (path, sheet) the rows were made for
        self._grid_host = QWidget(self)
        self.grid = QGridLayout(self._grid_host)
        self.grid.setColumnStretch(3, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._grid_host)
        self.status = StatusLine(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(REPLAN_DELAY_MS)
        self._debounce.timeout.connect(self._replan)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        wizard.plan_changed.connect(self._plan_changed)

    def initializePage(self) -> None:
        self._build_rows()
        self._plan_changed()

    def _build_rows(self) -> None:
        plan, request = self._wizard.plan, self._wizard.request
        if plan is None or self._columns_of == (request.path, plan.sheet):
            return
        self._columns_of = (request.path, plan.sheet)
        self.intro.setText(
            self.tr("Sheet “%1”, header on row %2. The first rows of each column are shown.")
            .replace("%1", plan.sheet)
            .replace("%2", str(plan.header_row))
        )
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos.clear()
        for column, title in enumerate(
            (self.tr("Column"), self.tr("Header"), self.tr("Import as"), self.tr("First values"))
        ):
            heading = QLabel(f"<b>{title}</b>", self._grid_host)
            self.grid.addWidget(heading, 0, column)
        for line, mapping in enumerate(plan.columns, start=1):
            samples = " · ".join(value for value in plan.samples_of(mapping) if value)
            sample_label = QLabel(samples, self._grid_host)
            sample_label.setToolTip(samples)
            sample_label.setMinimumWidth(1)
            self.grid.addWidget(QLabel(mapping.letter, self._grid_host), line, 0)
            self.grid.addWidget(QLabel(mapping.header, self._grid_host), line, 1)
            self.grid.addWidget(sample_label, line, 3)
            combo = self._field_combo(mapping.field)
            combo.setAccessibleName(mapping.header)
            combo.currentIndexChanged.connect(lambda _at, index=mapping.index: self._field_changed(index))
            self.grid.addWidget(combo, line, 2)
            self.combos[mapping.index] = combo
        self.grid.setRowStretch(len(plan.columns) + 1, 1)
        combos = list(self.combos.values())
        for before, after in pairwise(combos):
            self.setTabOrder(before, after)

    def _field_combo(self, current: ImportField | None) -> QComboBox:
        combo = QComboBox(self._grid_host)
        combo.addItem(self.tr("Don't import"), None)
        for field, words in FIELD_WORDS.items():
            combo.addItem(_translated(words), field.value)
        combo.setCurrentIndex(0 if current is None else combo.findData(current.value))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def chosen(self) -> Chosen:
        return tuple(
            (index, None if combo.currentData() is None else ImportField(combo.currentData()))
            for index, combo in self.combos.items()
        )

    def set_field(self, column_index: int, field: ImportField | None) -> None:
        """Choose a column's field as the guide would in its combo."""
        combo = self.combos[column_index]
        combo.setCurrentIndex(0 if field is None else combo.findData(field.value))

    def _field_changed(self, column_index: int) -> None:
        combo = self.combos[column_index]
        field = None if combo.currentData() is None else ImportField(combo.currentData())
        moved: list[str] = []
        if field is not None and field not in SHARED_FIELDS:
            for other_index, other in self.combos.items():
                if other_index != column_index and other.currentData() == field.value:
                    other.blockSignals(True)
                    other.setCurrentIndex(0)
                    other.blockSignals(False)
                    moved.append(other.accessibleName())
        self.moved_note = (
            self.tr("“%1” is no longer imported: each field is read from one column.").replace(
                "%1", "”, “".join(moved)
            )
            if moved
            else ""
        )
        if ImportField.name.value not in {combo.currentData() for combo in self.combos.values()}:
            self._debounce.stop()
            self._wizard.clear_plan()
            return
        self._debounce.start()
        self.completeChanged.emit()

    def _replan(self) -> None:
        request = self._wizard.request
        self._wizard.request_plan(
            PlanRequest(request.path, self._wizard.plan.sheet if self._wizard.plan else None, self.chosen())
        )

    def _plan_changed(self) -> None:
        if self._wizard.currentPage() is not self:
            return
        wizard, plan = self._wizard, self._wizard.plan
        note = f"{self.moved_note} " if self.moved_note else ""
        if wizard.plan_state is PlanState.none and self.combos:
            self.status.say(self.tr("Choose the column that holds the customer's name."), problem=True)
        elif wizard.plan_state is PlanState.planning:
            self.status.say(note + self.tr("Checking every row with this mapping…"))
        elif wizard.plan_state is PlanState.failed and wizard.plan_error is not None:
            self.status.say(describe(wizard.plan_error), problem=True)
        elif plan is not None:
            self.status.say(
                note
                + self.tr("With this mapping: %1 new customers, %2 rows with problems.")
                .replace("%1", f"{len(plan.rows):,}")
                .replace("%2", f"{plan.problem_rows:,}")
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._wizard.plan_state is PlanState.ready and not self._debounce.isActive()


# ================================================================================== page 3: check


class CheckPage(QWizardPage):
    """The counts, every noted row with its number and reason, and the all-or-nothing choice."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Check the rows before importing"))
        self.setSubTitle(self.tr("Every row that will not be imported as it is, with its row number."))
        self.setCommitPage(True)
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.model = RowNoteModel(self)
        self.table = _notes_table(self, self.model)
        self.good_rows = QRadioButton(self.tr("Import the &good rows, skip the bad ones"), self)
        self.all_or_nothing = QRadioButton(self.tr("Import &nothing unless every row is good"), self)
        self.good_rows.setChecked(True)
        self._modes = QButtonGroup(self)
        self._modes.addButton(self.good_rows)
        self._modes.addButton(self.all_or_nothing)
        self._modes.buttonToggled.connect(lambda *_: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.good_rows)
        layout.addWidget(self.all_or_nothing)

    @property
    def mode(self) -> ImportMode:
        return ImportMode.all_or_nothing if self.all_or_nothing.isChecked() else ImportMode.good_rows

    def initializePage(self) -> None:
        plan = self._wizard.plan
        if plan is None:
            return
        self.counts.setText(plan_counts(plan))
        self.model.show(row_notes(plan))
        self.table.resizeColumnsToContents()
        self.all_or_nothing.setText(
            self.tr(
                "Import &nothing unless every row is good (%n row(s) have problems now)",
                "",
                plan.problem_rows,
            )
            if plan.problems
            else self.tr("Import &nothing unless every row is good")
        )

    def isComplete(self) -> bool:
        plan = self._wizard.plan
        return plan is not None and len(plan.rows) > 0


def plan_counts(plan: ImportPlan) -> str:
    """The plan's counts in one short paragraph for the check page."""
    already = sum(problem.code is ErrorCode.import_already_in_book for problem in plan.skipped)
    # Counts go in as plain names: pyside6-lupdate 6.11 skips a plural whose count is an expression.
    new, merged, bad = len(plan.rows), len(plan.merged), plan.problem_rows
    lines = [
        QCoreApplication.translate("ImportWizard", "New customers to import: %n", "", new),
        QCoreApplication.translate("ImportWizard", "Already in your book (skipped): %n", "", already),
        QCoreApplication.translate(
            "ImportWizard", "Repeated rows merged into an earlier row: %n", "", merged
        ),
        QCoreApplication.translate("ImportWizard", "Rows with problems: %n", "", bad),
    ]
    others = len(plan.skipped) - already
    if others:
        lines.append(QCoreApplication.translate("ImportWizard", "Totals rows skipped: %n", "", others))
    return "<br>".join(lines)


def _notes_table(parent: QWidget, model: RowNoteModel) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the choices below it
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


# ================================================================================== page 4: run


class RunPage(QWizardPage):
    """The import running: what it does now, how far it is, and a way to stop it."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Importing"))
        self.setSubTitle(self.tr("Stopping leaves your customer book exactly as it was."))
        self.phase = QLabel(self)
        self.progress = QProgressBar(self)
        self.stop_button = QPushButton(self.tr("&Stop import"), self)
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self._stop)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.phase)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addStretch(1)
        wizard.run_changed.connect(self.completeChanged.emit)

    def initializePage(self) -> None:
        self.phase.setText(_translated(PHASE_WORDS[Phase.writing_book]) + "…")
        self.progress.setRange(0, 0)
        self.note.clear()
        self.stop_button.setEnabled(True)
        self._wizard.start_import(self._wizard.check_page.mode)

    def show_step(self, step: Step) -> None:
        self.phase.setText(
            self.tr("%1… %2 of %3")
            .replace("%1", _translated(PHASE_WORDS.get(step.phase, PHASE_WORDS[Phase.writing_book])))
            .replace("%2", f"{step.done:,}")
            .replace("%3", f"{step.total:,}" if step.total is not None else "?")
        )
        if step.total:
            self.progress.setRange(0, step.total)
            self.progress.setValue(min(step.done, step.total))

    def _stop(self) -> None:
        self._wizard.stop_import()
        self.stop_button.setEnabled(False)
        self.note.setText(self.tr("Stopping… nothing of this import will be kept."))

    def isComplete(self) -> bool:
        return self._wizard.run_state not in (RunState.waiting, RunState.running)


# ================================================================================== page 5: result


class ResultPage(QWizardPage):
    """What was imported, what was not and why; the list can be copied to Excel or WPS."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Import finished"))
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        font = self.headline.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.model = RowNoteModel(self)
        self.table = _notes_table(self, self.model)
        self.copy_button = QPushButton(self.tr("&Copy the list (for Excel or WPS)"), self)
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_list)
        self.copied = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.copied, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addStretch(0)  # takes the room only when the table is hidden (nothing listed)

    def initializePage(self) -> None:
        wizard = self._wizard
        self.headline.setText(result_headline(wizard))
        result = wizard.import_result if wizard.run_state is RunState.imported else None
        self.details.setText(result_details(result) if result is not None else "")
        self.details.setVisible(result is not None)
        self.model.show(row_notes(result) if result is not None else [])
        self.table.resizeColumnsToContents()
        listed = self.model.rowCount() > 0
        self.table.setVisible(listed)
        self.copy_button.setVisible(listed)
        self.copied.clear()

    def copy_list(self) -> None:
        QGuiApplication.clipboard().setText(self.model.as_tab_separated())
        self.copied.setText(
            self.tr("Copied %n row(s): paste them into Excel or WPS.", "", self.model.rowCount())
        )


def result_headline(wizard: ImportWizard) -> str:
    """The one sentence that says how the import ended."""
    result = wizard.import_result
    if wizard.run_state is RunState.stopped:
        return QCoreApplication.translate(
            "ImportWizard", "You stopped the import. Nothing was imported; your customer book is as it was."
        )
    if wizard.run_state is RunState.failed or result is None:
        error = describe(wizard.run_error) if wizard.run_error is not None else ""
        return QCoreApplication.translate("ImportWizard", "Nothing was imported. %1").replace("%1", error)
    bad, imported = result.problem_rows, result.imported  # plain names: see plan_counts
    if result.mode is ImportMode.all_or_nothing and result.problems:
        return QCoreApplication.translate(
            "ImportWizard",
            "Nothing was imported: %n row(s) have problems, and you chose all or nothing.",
            "",
            bad,
        )
    return QCoreApplication.translate("ImportWizard", "Imported %n customer(s).", "", imported)


def result_details(result: ImportResult) -> str:
    already, merged, bad = result.skipped_existing, len(result.merged), result.problem_rows  # see plan_counts
    lines = [QCoreApplication.translate("ImportWizard", "Skipped, already in your book: %n", "", already)]
    if merged:
        lines.append(
            QCoreApplication.translate(
                "ImportWizard", "Repeated rows merged into an earlier row: %n", "", merged
            )
        )
    if bad:
        lines.append(
            QCoreApplication.translate("ImportWizard", "Rows with problems, not imported: %n", "", bad)
        )
    others = len(result.skipped) - already
    if others:
        lines.append(QCoreApplication.translate("ImportWizard", "Totals rows skipped: %n", "", others))
    lines.append(
        QCoreApplication.translate(
            "ImportWizard", "Every row not imported as it was is listed below with its reason."
        )
    )
    return "<br>".join(lines)
