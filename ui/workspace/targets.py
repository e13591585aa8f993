"""The Targets page: a month's sales target per store and per guide of a region, typed in yuan in place.

An amount is checked as it is typed in: a bad one is refused under its cell (and in the row's
status) and nothing is sent while any row is refused. Save sends one PUT per changed row and
says, row by row, which were saved and which were not and why; who set each target and when
is shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area
from guide_app.errors import GuideError
from guide_app.protocol import SalesTargetPublic, SalesTargetSet, TargetScope
from guide_app.workspace.session import Workspace
from guide_app.workspace.targets import (
    MonthTargets,
    TargetSaved,
    month_targets_with_organisation,
    set_targets,
    target_fen_from_text,
)
from ui.dialogs.customer_words import local_time, yuan
from ui.messages import describe
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown
from ui.workspace.team import MonthPicker, add_labelled, page_title, refill

ERROR_COLOUR = QColor("#b3261e")
SAVED_COLOUR = QColor("#1b5e20")
CHANGED_COLOUR = QColor("#0b57d0")
ERROR_STYLE = "color: #b3261e;"
MONTHS_BEFORE, MONTHS_AHEAD = 6, 2  # targets are often set for next month before it starts
Key = tuple[TargetScope, int]


class Column(IntEnum):
    kind = 0
    store = 1
    subject = 2
    target = 3
    status = 4
    set_by = 5
    set_at = 6


class RowState(StrEnum):
    """Where a row's typed target stands."""

    unchanged = "unchanged"
    changed = "changed"  # a valid amount not yet saved
    refused = "refused"  # typed text that is no amount: blocks Save
    saved = "saved"
    failed = "failed"  # HQ (or the network) refused its save


@dataclass
class TargetRow:
    scope: TargetScope
    subject_id: int
    store: str
    name: str
    saved: SalesTargetPublic | None
    state: RowState = RowState.unchanged
    typed_fen: int | None = None
    note: str = ""  # why it was refused or failed

    @property
    def key(self) -> Key:
        return self.scope, self.subject_id


class TargetsPage(QWidget):
    """A month's targets of one region (a manager's own; HQ picks one)."""

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.rows: list[TargetRow] = []
        self.loaded: MonthTargets | None = None
        self.reading: Running[MonthTargets] | None = None
        self.saving: Running[list[TargetSaved]] | None = None
        # Kept across a reload of the same month and region: the answer of the last save, and
        # the text of rows that were not saved (so a refused row is not silently reset).
        self._kept: dict[Key, TargetRow] = {}
        self._filling = False
        self._build()
        self.freshness = ReadWhenShown(self, ops, self.reload, (Area.targets, Area.organisation))

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        self.table = QTableWidget(0, len(Column), self)
        self.table.setAccessibleName(self.tr("Targets"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("For"),
                self.tr("Store"),
                self.tr("Name"),
                self.tr("Target (¥)"),
                self.tr("Status"),
                self.tr("Set by"),
                self.tr("Set at"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.status, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.itemChanged.connect(self._typed)
        self.table.currentCellChanged.connect(lambda *_: self._place_problem())
        layout.addWidget(self.table, 1)
        self.problem = QLabel(self.table.viewport())
        self.problem.setStyleSheet(
            "QLabel { color: #b3261e; background: #fdecea; border: 1px solid #b3261e; padding: 2px 4px; }"
        )
        self.problem.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(page_title(self.tr("Targets"), self))
        row.addSpacing(16)
        self.month = MonthPicker(self, MONTHS_BEFORE, ahead=MONTHS_AHEAD)
        self.month.currentIndexChanged.connect(lambda _index: self._elsewhere())
        add_labelled(row, self.tr("&Month:"), self.month)
        self.region = QComboBox(self)
        self.region.setAccessibleName(self.tr("Region"))
        self.region.currentIndexChanged.connect(lambda _index: self._elsewhere())
        add_labelled(row, self.tr("&Region:"), self.region, shown=self.workspace.is_hq)
        row.addStretch(1)
        self.save_button = QPushButton(self.tr("&Save changes"), self)
        self.save_button.setToolTip(self.tr("Send the changed targets to HQ (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        row.addWidget(self.save_button)
        return row

    # ----------------------------------------------------------------------------------- reading

    @property
    def month_shown(self) -> str:
        return self.month.month

    @property
    def region_shown(self) -> int | None:
        if not self.workspace.is_hq:
            return self.workspace.region_id
        chosen = self.region.currentData()
        return int(chosen) if chosen is not None else None

    def _elsewhere(self) -> None:
        """Another month or region: what was kept of the last one does not apply."""
        self._kept.clear()
        self.reload()

    def reload(self) -> None:
        if self.reading is not None:
            self.reading.discard()
        month, workspace = self.month_shown, self.workspace
        self.reading = self.ops.run_async(
            lambda: month_targets_with_organisation(workspace, month),
            lambda found: self._show(found, month),
            failure=self._show_failure,
            name="targets",
        )

    def _show(self, found: MonthTargets, month: str) -> None:
        if month != self.month_shown:
            return  # the month was changed while HQ answered; its own read is on its way
        self.loaded = found
        if self.workspace.is_hq:
            refill(self.region, [(region.name, region.id) for region in found.organisation.regions])
        region_id = self.region_shown
        self.rows = [
            self._row(found, TargetScope.store, store.id, store.code, store.name)
            for store in found.organisation.stores_of(region_id)
        ]
        store_codes = {store.id: store.code for store in found.organisation.stores}
        self.rows += [
            self._row(
                found,
                TargetScope.guide,
                guide.id,
                store_codes.get(guide.store_id or 0, ""),
                guide.display_name,
            )
            for guide in found.organisation.guides_of(region_id)
        ]
        self._fill_table()

    def _row(
        self, found: MonthTargets, scope: TargetScope, subject_id: int, store: str, name: str
    ) -> TargetRow:
        row = TargetRow(scope, subject_id, store, name, found.target(scope, subject_id))
        kept = self._kept.get(row.key)
        if kept is not None:
            row.state, row.typed_fen, row.note = kept.state, kept.typed_fen, kept.note
        return row

    def _show_failure(self, error: BaseException) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(describe(error))

    # ----------------------------------------------------------------------------------- the table

    def _fill_table(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            kind = self.tr("Store") if row.scope is TargetScope.store else self.tr("Guide")
            for column, text in ((Column.kind, kind), (Column.store, row.store), (Column.subject, row.name)):
                self._put(number, column, text)
            self._put(number, Column.target, self._target_text(row), editable=True)
            self._show_state(number)
        self._filling = False
        self._place_problem()

    def _target_text(self, row: TargetRow) -> str:
        if row.typed_fen is not None and row.state in (RowState.changed, RowState.failed):
            return yuan(row.typed_fen).removeprefix("¥")
        return yuan(row.saved.amount_fen).removeprefix("¥") if row.saved is not None else ""

    def _put(self, number: int, column: int, text: str, *, editable: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
        if column == Column.target:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(number, column, item)
        return item

    def _show_state(self, number: int) -> None:
        row = self.rows[number]
        was_filling, self._filling = self._filling, True
        words = {
            RowState.unchanged: "",
            RowState.changed: self.tr("Not saved yet"),
            RowState.refused: row.note,
            RowState.saved: self.tr("Saved"),
            RowState.failed: self.tr("Not saved: %1").replace("%1", row.note),
        }
        colour = {RowState.changed: CHANGED_COLOUR, RowState.saved: SAVED_COLOUR}.get(row.state, ERROR_COLOUR)
        status = self._put(number, Column.status, words[row.state])
        status.setForeground(colour)
        status.setToolTip(words[row.state])
        target = self.table.item(number, Column.target)
        if target is not None:
            target.setForeground(ERROR_COLOUR if row.state is RowState.refused else QColor())
        setter = self._setter(row.saved)
        self._put(number, Column.set_by, setter)
        self._put(number, Column.set_at, local_time(row.saved.set_at) if row.saved is not None else "")
        self._filling = was_filling

    def _setter(self, saved: SalesTargetPublic | None) -> str:
        if saved is None:
            return ""
        account = self.loaded.organisation.account(saved.set_by) if self.loaded else None
        if account is not None:
            return account.display_name
        return self.tr("HQ (account %1)").replace("%1", str(saved.set_by))

    def _typed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != Column.target:
            return
        row = self.rows[item.row()]
        text = item.text()
        try:
            fen = None if not text.strip() and row.saved is None else target_fen_from_text(text)
        except GuideError as error:
            row.state, row.typed_fen, row.note = RowState.refused, None, describe(error)
        else:
            saved_fen = row.saved.amount_fen if row.saved is not None else None
            row.typed_fen, row.note = fen, ""
            row.state = RowState.unchanged if fen == saved_fen else RowState.changed
            if fen is not None:
                self._filling = True
                item.setText(yuan(fen).removeprefix("¥"))  # as it will be saved: 1,299.50
                self._filling = False
        self._kept[row.key] = row
        self._show_state(item.row())
        self._place_problem()

    def _place_problem(self) -> None:
        """The refusal of the current row's amount, right under its cell."""
        number = self.table.currentRow()
        row = self.rows[number] if 0 <= number < len(self.rows) else None
        refused = next((one for one in self.rows if one.state is RowState.refused), None)
        shown = row if row is not None and row.state is RowState.refused else refused
        if shown is None:
            self.problem.hide()
            return
        index: QModelIndex = self.table.model().index(self.rows.index(shown), Column.target)
        cell = self.table.visualRect(index)
        self.problem.setText(shown.note)
        self.problem.adjustSize()
        self.problem.move(cell.left(), cell.bottom() + 1)
        self.problem.show()
        self.problem.raise_()

    # ----------------------------------------------------------------------------------- saving

    def changes(self) -> list[SalesTargetSet]:
        month = self.month_shown
        return [
            SalesTargetSet(scope=row.scope, subject_id=row.subject_id, month=month, amount_fen=row.typed_fen)
            for row in self.rows
            if row.state in (RowState.changed, RowState.failed) and row.typed_fen is not None
        ]

    def save(self) -> None:
        if self.saving is not None and not self.saving.finished:
            return
        refused = sum(1 for row in self.rows if row.state is RowState.refused)
        if refused:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(
                self.tr(
                    "%n amount(s) marked in red are not valid: correct them first. Nothing was sent.",
                    "",
                    refused,
                )
            )
            return
        changes, workspace = self.changes(), self.workspace
        self.status.setStyleSheet("")
        if not changes:
            self.status.setText(self.tr("No target was changed."))
            return
        self.status.setText(self.tr("Saving %n target(s)…", "", len(changes)))
        self.save_button.setEnabled(False)
        self.saving = self.ops.remote_write(
            lambda: set_targets(workspace, changes),
            self._saved,
            failure=self._save_failed,
            name="targets save",
        )

    def _saved(self, results: list[TargetSaved]) -> None:
        self.save_button.setEnabled(True)
        for result in results:
            row = next((one for one in self.rows if one.key == result.key), None)
            if row is None:
                continue
            if result.error is None:
                row.state, row.note, row.saved = RowState.saved, "", result.saved
            else:
                row.state, row.note = RowState.failed, describe(result.error)
            self._kept[row.key] = row
            self._show_state(self.rows.index(row))
        saved = sum(1 for result in results if result.error is None)
        failed = len(results) - saved
        self.status.setStyleSheet(ERROR_STYLE if failed else "")
        text = self.tr("%n target(s) saved.", "", saved)
        if failed:
            text += " " + self.tr("%n not saved: see the rows marked in red.", "", failed)
        self.status.setText(text)

    def _save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._show_failure(error)
