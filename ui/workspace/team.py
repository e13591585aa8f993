"""The Team page: a month of the viewer's stores and guides, sortable, with who is behind, exportable as xlsx.

Both tables sort by any column, numbers as numbers; a cell without a value ("no statistics yet",
no target) sorts last whichever way. A guide or store below the month's pro-rata target shows
its % reached in a warning colour. "Export…" writes the tables as shown (columns, order, store
filter) to a workbook on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area
from guide_app.protocol import GuideFigures, StoreFigures, TeamFigures
from guide_app.timeutil import local, utcnow
from guide_app.workspace.org_lookup import Organisation, organisation
from guide_app.workspace.session import Workspace
from guide_app.workspace.team import (
    CellKind,
    SheetColumn,
    SheetTable,
    completion,
    is_behind,
    month_share_elapsed,
    months_back,
    reached,
    team_figures,
    write_tables,
)
from ui.dialogs.customer_words import yuan
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown

CONTEXT = "TeamPage"
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
BEHIND_COLOUR = QColor("#c0392b")
MISSING_COLOUR = QColor("#8a8a8a")
ERROR_STYLE = "color: #b3261e;"
MONTHS_SHOWN = 13  # this month and the twelve before it
Figures = StoreFigures | GuideFigures


@dataclass(frozen=True)
class FigureColumn:
    """A column of a figures table: its title (a source string of CONTEXT), how its value is
    written, its width in the workbook, and how to read it from a row. A value of None is shown
    as `missing` and sorts last."""

    title: str
    kind: CellKind
    width: int
    value: Callable[[Any], Any]
    missing: str = QT_TRANSLATE_NOOP("TeamPage", "—")
    shown: Callable[[Any], str] | None = None  # text other than the value's own (tasks 3 / 10)
    marks_behind: bool = False  # shown in the warning colour for a row behind the month's pace


NO_STATISTICS = QT_TRANSLATE_NOOP("TeamPage", "no statistics yet")
NO_TARGET = QT_TRANSLATE_NOOP("TeamPage", "no target")


def _tasks(row: Figures) -> str:
    return f"{row.tasks_done} / {row.tasks_target}"


def _with_figures(*leading: FigureColumn) -> list[FigureColumn]:
    """A table's own leading columns, then the figure columns stores and guides share."""
    return [
        *leading,
        FigureColumn(QT_TRANSLATE_NOOP("TeamPage", "Sales"), CellKind.money, 14, lambda r: r.sales_fen),
        FigureColumn(QT_TRANSLATE_NOOP("TeamPage", "Orders"), CellKind.integer, 8, lambda r: r.orders),
        FigureColumn(
            QT_TRANSLATE_NOOP("TeamPage", "Disputed"), CellKind.integer, 9, lambda r: r.disputed_orders
        ),
        FigureColumn(
            QT_TRANSLATE_NOOP("TeamPage", "New customers"),
            CellKind.integer,
            10,
            lambda r: r.new_customers,
            missing=NO_STATISTICS,
        ),
        FigureColumn(
            QT_TRANSLATE_NOOP("TeamPage", "Tasks done"),
            CellKind.text,
            11,
            lambda r: r.tasks_done,
            shown=_tasks,
        ),
        FigureColumn(
            QT_TRANSLATE_NOOP("TeamPage", "Tasks %"),
            CellKind.percent,
            9,
            lambda r: completion(r.tasks_done, r.tasks_target),
        ),
        FigureColumn(
            QT_TRANSLATE_NOOP("TeamPage", "Overdue follow-ups"),
            CellKind.integer,
            10,
            lambda r: r.overdue_follow_ups,
            missing=NO_STATISTICS,
        ),
        FigureColumn(
            QT_TRANSLATE_NOOP("TeamPage", "Target"),
            CellKind.money,
            14,
            lambda r: r.target_fen,
            missing=NO_TARGET,
        ),
        FigureColumn(
            QT_TRANSLATE_NOOP("TeamPage", "Reached"),
            CellKind.percent,
            9,
            lambda r: reached(r.sales_fen, r.target_fen),
            missing=NO_TARGET,
            marks_behind=True,
        ),
    ]


STORE_COLUMNS = _with_figures(
    FigureColumn(QT_TRANSLATE_NOOP("TeamPage", "Region"), CellKind.text, 10, lambda r: r.region_name),
    FigureColumn(QT_TRANSLATE_NOOP("TeamPage", "Store"), CellKind.text, 16, lambda r: r.store_name),
    FigureColumn(QT_TRANSLATE_NOOP("TeamPage", "Guides"), CellKind.integer, 8, lambda r: r.guides),
)
GUIDE_COLUMNS = _with_figures(
    FigureColumn(QT_TRANSLATE_NOOP("TeamPage", "Store"), CellKind.text, 16, lambda r: r.store_name),
    FigureColumn(QT_TRANSLATE_NOOP("TeamPage", "Guide"), CellKind.text, 12, lambda r: r.guide_name),
)

STORE_NAME_COLUMN, GUIDE_NAME_COLUMN = 1, 1


def _translated(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def _number_text(kind: CellKind, value: Any) -> str:
    if kind is CellKind.money:
        return yuan(int(value))
    if kind is CellKind.percent:
        return f"{float(value) * 100:.1f}%"
    if kind is CellKind.integer:
        return f"{int(value):,}"
    return str(value)


class FiguresModel(QAbstractTableModel):
    """Rows of StoreFigures or GuideFigures under `columns`; who is behind is marked."""

    def __init__(self, columns: Sequence[FigureColumn], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Figures] = []
        self.share_elapsed = 0.0

    def show_rows(self, rows: Sequence[Figures], share_elapsed: float) -> None:
        self.beginResetModel()
        self.rows, self.share_elapsed = list(rows), share_elapsed
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _translated(self.columns[section].title)
        return None

    def behind(self, row: Figures) -> bool:
        return is_behind(row.sales_fen, row.target_fen, self.share_elapsed)

    def text(self, row: Figures, column: FigureColumn) -> str:
        value = column.value(row)
        if value is None:
            return _translated(column.missing)
        return column.shown(row) if column.shown else _number_text(column.kind, value)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == SORT_ROLE:
            return column.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and (column.kind is not CellKind.text or column.shown):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        marked = column.marks_behind and self.behind(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if marked:
                return BEHIND_COLOUR
            return MISSING_COLOUR if column.value(row) is None else None
        if role == Qt.ItemDataRole.FontRole and marked:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column, marked)
        return None

    def _tip(self, row: Figures, column: FigureColumn, marked: bool) -> str | None:
        if marked and row.target_fen:
            expected = round(row.target_fen * self.share_elapsed)
            return (
                QCoreApplication.translate(
                    "TeamPage", "Behind the month's pace: %1 expected by now, %2 sold."
                )
                .replace("%1", yuan(expected))
                .replace("%2", yuan(row.sales_fen))
            )
        if column.value(row) is None and column.missing == NO_STATISTICS:
            return QCoreApplication.translate(
                "TeamPage",
                "The guide's app has not sent its book statistics to HQ yet; they come with its daily sync.",
            )
        return None


class FiguresProxy(QSortFilterProxyModel):
    """Sorts on the values themselves with missing ones last in both orders; the guides' table
    can be narrowed to one store."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.store_id: int | None = None

    def show_store(self, store_id: int | None) -> None:
        self.beginFilterChange()
        self.store_id = store_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self.store_id is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, FiguresModel)
        return model.rows[source_row].store_id == self.store_id

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        first, second = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if first is None or second is None:
            if first is None and second is None:
                return False
            # Qt reverses the comparison for a descending sort: answer so a missing value stays last.
            return (first is None) == (self.sortOrder() is Qt.SortOrder.DescendingOrder)
        if isinstance(first, str) or isinstance(second, str):
            return str(first) < str(second)
        return bool(first < second)

    def shown_rows(self) -> list[Figures]:
        model = self.sourceModel()
        assert isinstance(model, FiguresModel)
        return [model.rows[self.mapToSource(self.index(row, 0)).row()] for row in range(self.rowCount())]


def figures_table(parent: QWidget, proxy: FiguresProxy, name: str, name_column: int) -> QTableView:
    """A sortable, read-only table of figures whose `name_column` takes the room left over."""
    table = QTableView(parent)
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(name_column, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(64)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    return table


# --------------------------------------------------------------------------- pieces the workspace pages share


def page_title(text: str, parent: QWidget) -> QLabel:
    title = QLabel(text, parent)
    title.setStyleSheet("font-size: 18px; font-weight: bold;")
    return title


def add_labelled(row: QHBoxLayout, text: str, widget: QWidget, *, shown: bool = True) -> QLabel:
    """A picker and its label (whose &-key focuses it) added to `row`; hidden when not `shown`."""
    label = QLabel(text, widget.parentWidget())
    label.setBuddy(widget)
    for part in (label, widget):
        part.setVisible(shown)
        row.addWidget(part)
    return label


def refill(combo: QComboBox, choices: Sequence[tuple[str, Any]]) -> None:
    """Replace a picker's (text, data) choices, keeping the chosen one if it is still offered and
    without announcing the change (the page reads again only when the person picks)."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in choices:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)


class MonthPicker(QComboBox):
    """A month as HQ names it (YYYY-MM), from `ahead` months on back to `before - 1` months ago;
    this month is marked and chosen."""

    def __init__(self, parent: QWidget, before: int, ahead: int = 0) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Month"))
        today = local(utcnow()).date()
        this_month = months_back(today, 1)[0]
        for key in months_back(today, before, ahead=ahead):
            self.addItem(self.tr("%1 (this month)").replace("%1", key) if key == this_month else key, key)
        self.setCurrentIndex(self.findData(this_month))

    @property
    def month(self) -> str:
        return str(self.currentData())


class TeamPage(QWidget):
    """This month's (or an earlier month's) stores and guides of the viewer's region (HQ: any)."""

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.figures: TeamFigures | None = None
        self.reading: Running[TeamFigures] | None = None
        self.exported: Path | None = None
        self.store_model = FiguresModel(STORE_COLUMNS, self)
        self.guide_model = FiguresModel(GUIDE_COLUMNS, self)
        self.store_proxy, self.guide_proxy = FiguresProxy(self), FiguresProxy(self)
        self.store_proxy.setSourceModel(self.store_model)
        self.guide_proxy.setSourceModel(self.guide_model)
        self._build()
        self.freshness = ReadWhenShown(self, ops, self.reload, (Area.team, Area.targets, Area.disputes))
        if workspace.is_hq:
            ops.run_async(
                lambda: organisation(workspace, with_accounts=False),
                self._show_regions,
                failure=self._show_failure,
            )

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self._stores_part(splitter))
        splitter.addWidget(self._guides_part(splitter))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(page_title(self.tr("Team"), self))
        row.addSpacing(16)
        self.month = MonthPicker(self, MONTHS_SHOWN)
        self.month.currentIndexChanged.connect(lambda _index: self.reload())
        add_labelled(row, self.tr("&Month:"), self.month)
        self.region = QComboBox(self)
        self.region.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.region.setAccessibleName(self.tr("Region"))
        self.region.addItem(self.tr("All regions"), None)
        self.region.currentIndexChanged.connect(lambda _index: self.reload())
        add_labelled(row, self.tr("&Region:"), self.region, shown=self.workspace.is_hq)
        row.addStretch(1)
        self.as_of = QLabel(self)
        row.addWidget(self.as_of)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.export_button.setToolTip(self.tr("Save both tables as an Excel workbook (Ctrl+E)"))
        self.export_button.clicked.connect(self.choose_export_file)
        QShortcut(QKeySequence("Ctrl+E"), self, self.choose_export_file)
        row.addWidget(self.export_button)
        return row

    def _stores_part(self, parent: QWidget) -> QWidget:
        part = QWidget(parent)
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stores_title = QLabel(self.tr("Stores"), part)
        self.stores_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.stores_title)
        self.stores_table = figures_table(part, self.store_proxy, self.tr("Stores"), STORE_NAME_COLUMN)
        layout.addWidget(self.stores_table, 1)
        return part

    def _guides_part(self, parent: QWidget) -> QWidget:
        part = QWidget(parent)
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.guides_title = QLabel(self.tr("Guides"), part)
        self.guides_title.setStyleSheet("font-weight: bold;")
        row.addWidget(self.guides_title)
        row.addSpacing(16)
        self.store_filter = QComboBox(part)
        self.store_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.store_filter.setAccessibleName(self.tr("Show the guides of"))
        self.store_filter.currentIndexChanged.connect(self._filter_guides)
        add_labelled(row, self.tr("&Store:"), self.store_filter)
        row.addSpacing(16)
        self.behind_note = QLabel(part)
        self.behind_note.setStyleSheet(f"color: {BEHIND_COLOUR.name()};")
        row.addWidget(self.behind_note)
        row.addStretch(1)
        layout.addLayout(row)
        self.guides_table = figures_table(part, self.guide_proxy, self.tr("Guides"), GUIDE_NAME_COLUMN)
        layout.addWidget(self.guides_table, 1)
        return part

    # ----------------------------------------------------------------------------------- reading

    @property
    def month_shown(self) -> str:
        return self.month.month

    def reload(self) -> None:
        if self.reading is not None:
            self.reading.discard()
        month, region_id, workspace = self.month_shown, self.region.currentData(), self.workspace
        self.status.setText(self.tr("Reading HQ's figures…"))
        self.status.setStyleSheet("")
        self.reading = self.ops.run_async(
            lambda: team_figures(workspace, month, region_id),
            self._show,
            failure=self._show_failure,
            name="team",
        )

    def _show_regions(self, found: Organisation) -> None:
        refill(
            self.region,
            [(self.tr("All regions"), None), *((region.name, region.id) for region in found.regions)],
        )

    def _show(self, figures: TeamFigures) -> None:
        self.figures = figures
        today = local(figures.as_of).date()
        share = month_share_elapsed(figures.month, today)
        self.store_model.show_rows(figures.stores, share)
        self.guide_model.show_rows(figures.guides, share)
        self._fill_store_filter(figures.stores)
        self.stores_title.setText(self.tr("Stores (%n)", "", len(figures.stores)))
        self.as_of.setText(self.tr("As of %1").replace("%1", local(figures.as_of).strftime("%Y-%m-%d %H:%M")))
        self.status.setText("")
        self._filter_guides()

    def _fill_store_filter(self, stores: Sequence[StoreFigures]) -> None:
        everyone = (self.tr("All stores"), None)
        refill(
            self.store_filter,
            [everyone, *((f"{one.store_code} {one.store_name}", one.store_id) for one in stores)],
        )

    def _filter_guides(self) -> None:
        self.guide_proxy.show_store(self.store_filter.currentData())
        shown = self.guide_proxy.shown_rows()
        self.guides_title.setText(self.tr("Guides (%n)", "", len(shown)))
        behind = sum(1 for row in shown if self.guide_model.behind(row))
        self.behind_note.setText(self.tr("%n guide(s) behind the month's pace", "", behind) if behind else "")

    def _show_failure(self, error: BaseException) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(describe(error))

    # ----------------------------------------------------------------------------------- export

    def shown_tables(self) -> list[SheetTable]:
        """The two tables as the page shows them: same columns, order, filter and texts."""
        return [
            _sheet_table(self.tr("Stores"), self.store_model, self.store_proxy),
            _sheet_table(self.tr("Guides"), self.guide_model, self.guide_proxy),
        ]

    def choose_export_file(self) -> None:
        if self.figures is None:
            return
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = self.tr("team_%1.xlsx").replace("%1", self.figures.month)
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export team figures"),
            str(Path(documents) / name),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> None:
        """Write the shown tables to `path` off the UI thread."""
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        tables = self.shown_tables()
        self.export_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Writing %1…").replace("%1", str(path)))
        self.ops.run(
            lambda: write_tables(path, tables),
            self._exported,
            failure=self._export_failed,
            name="team export",
        )

    def _exported(self, path: Path) -> None:
        self.exported = path
        self.export_button.setEnabled(True)
        self.status.setText(self.tr("Saved to %1").replace("%1", str(path)))

    def _export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self._show_failure(error)


def _sheet_table(title: str, model: FiguresModel, proxy: FiguresProxy) -> SheetTable:
    columns = [SheetColumn(_translated(column.title), column.kind, column.width) for column in model.columns]
    rows = [
        [
            model.text(row, column)
            if column.kind is CellKind.text or column.value(row) is None
            else column.value(row)
            for column in model.columns
        ]
        for row in proxy.shown_rows()
    ]
    return SheetTable(title, columns, rows)
