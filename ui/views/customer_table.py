"""The customer list's table: a QTableView that paints its rows in one pass over the model's strings.

Qt's item delegate asks the model for seven roles of every cell, and the view asks its flags and
counts, each a call from C++ into Python: about 2,500 crossings for one screen of rows, which made
a repaint 13-20 ms of which 8 were crossings, and a repaint follows every search answer while
the guide types. This view paints the visible rows itself from `CustomersModel.display_row` (one
Python loop, a few Qt calls per cell): the same screen paints in about 5 ms.

Everything but painting stays QTableView's: selection, the current row, keys, scrolling, the
header and accessibility (which reads the model's `data`). It paints what the list needs: rows
in alternating colours, the selection, the current row's focus frame, text elided with "…" and the
spend column right-aligned. There is no grid; the alternating rows separate the customers.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionFocusRect,
    QTableView,
    QWidget,
)

from ui.models.customers import RIGHT_ALIGNED, CustomersModel

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class CustomerTable(QTableView):
    """A read-only list of customers, one row each, over a `CustomersModel`."""

    def __init__(self, model: CustomersModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._customers = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        # Every row is one line of the same height: the view never measures 200k rows' contents,
        # and the paint below relies on it.
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        area = event.rect()
        first = self.rowAt(area.top())
        if first < 0:
            return  # no row under the damaged area: the viewport's own fill is the background
        last = self.rowAt(area.bottom())
        if last < 0:
            last = self._customers.rowCount() - 1
        painter = QPainter(self.viewport())
        try:
            self._paint_rows(painter, area, first, last)
        finally:
            painter.end()

    def _paint_rows(self, painter: QPainter, area: QRect, first: int, last: int) -> None:
        palette = self.palette()
        if not self.isEnabled():
            group = QPalette.ColorGroup.Disabled
        elif self.isActiveWindow():
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        base = palette.brush(group, QPalette.ColorRole.Base)
        alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)
        if not self.alternatingRowColors():
            alternate = base
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        text = palette.color(group, QPalette.ColorRole.Text)
        highlighted_text = palette.color(group, QPalette.ColorRole.HighlightedText)
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        columns = self._columns_in(area, margin)
        metrics = self.fontMetrics()
        elide = self.textElideMode()
        selection = self.selectionModel()
        root = self.rootIndex()
        width = self.viewport().width()
        height = self.verticalHeader().defaultSectionSize()
        for row in range(first, last + 1):
            top = self.rowViewportPosition(row)
            selected = selection.isRowSelected(row, root)
            painter.fillRect(0, top, width, height, highlight if selected else alternate if row % 2 else base)
            painter.setPen(highlighted_text if selected else text)
            cells = self._customers.display_row(row)
            for column, left, room, alignment in columns:
                painter.drawText(
                    left, top, room, height, alignment, metrics.elidedText(cells[column], elide, room)
                )
        self._paint_focus(painter, first, last, width, height)

    def _columns_in(self, area: QRect, margin: int) -> list[tuple[int, int, int, Qt.AlignmentFlag]]:
        """(column, text left, text width, alignment) of each shown column the damaged area touches."""
        columns = []
        for column in range(self._customers.columnCount()):
            left, room = self.columnViewportPosition(column), self.columnWidth(column)
            if self.isColumnHidden(column) or left + room < area.left() or left > area.right():
                continue
            alignment = _RIGHT if column in RIGHT_ALIGNED else _LEFT
            columns.append((column, left + margin, room - 2 * margin, alignment))
        return columns

    def _paint_focus(self, painter: QPainter, first: int, last: int, width: int, height: int) -> None:
        """The keyboard's place: a focus frame around the current row while the list has focus."""
        current = self.currentIndex()
        if not self.hasFocus() or not current.isValid() or not first <= current.row() <= last:
            return
        frame = QStyleOptionFocusRect()
        frame.initFrom(self)
        frame.rect = QRect(0, self.rowViewportPosition(current.row()), width, height)
        selected = self.selectionModel().isRowSelected(current.row(), QModelIndex())
        frame.backgroundColor = self.palette().color(
            QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
        )
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, self)
