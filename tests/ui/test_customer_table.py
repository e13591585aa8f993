"""ui/views/customer_table.py: the list paints its rows itself, without asking the model per cell."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from tests.ui.test_customers_model import FilledBook, fill_book, ops_over_copy
from ui.models.customers import Column, CustomersModel
from ui.ops import Ops
from ui.views.customer_table import CustomerTable


class CountingModel(CustomersModel):
    """The list's model, counting the per-cell questions a paint asks it."""

    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(ops, parent)
        self.cells_asked = 0

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # type: ignore[override]
        self.cells_asked += 1
        return super().data(index, role)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> FilledBook:
    return fill_book(tmp_path_factory.mktemp("table") / "book.sqlite3", 300)


@pytest.fixture
def table(qtbot: QtBot, small_book: FilledBook, tmp_path: Path) -> Iterator[CustomerTable]:
    with ops_over_copy(small_book, tmp_path) as ops:
        model = CountingModel(ops)
        shown = CustomerTable(model)
        qtbot.addWidget(shown)
        shown.resize(900, 500)
        shown.show()
        with qtbot.waitSignal(model.answered, timeout=10_000):
            model.set_query(model.query)
        yield shown


def _row_colour(image: QImage, table: CustomerTable, row: int) -> QColor:
    """The colour at the right end of a row, past its text (the spend column is right-aligned, so
    sample the remark column's free space)."""
    x = table.columnViewportPosition(Column.remark) + table.columnWidth(Column.remark) - 3
    y = table.rowViewportPosition(row) + 2
    return image.pixelColor(x, y)


def test_a_repaint_reads_the_formatted_rows_not_each_cell(qtbot: QtBot, table: CustomerTable) -> None:
    model = table.model()
    assert isinstance(model, CountingModel)
    model.cells_asked = 0
    table.viewport().repaint()
    assert model.cells_asked == 0
    # What it paints is what the model says the cells are (accessibility and copies read `data`).
    first = model.display_row(0)
    assert first[Column.customer_name] == model.data(model.index(0, Column.customer_name))
    assert first[Column.spend].startswith("¥")


def test_rows_alternate_and_the_selection_is_lit(qtbot: QtBot, table: CustomerTable) -> None:
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(table.model().index(2, 0), flags)
    image = table.viewport().grab().toImage()
    palette = table.palette()
    group = QPalette.ColorGroup.Active if table.isActiveWindow() else QPalette.ColorGroup.Inactive
    assert _row_colour(image, table, 0) == palette.color(group, QPalette.ColorRole.Base)
    assert _row_colour(image, table, 1) == palette.color(group, QPalette.ColorRole.AlternateBase)
    assert _row_colour(image, table, 2) == palette.color(group, QPalette.ColorRole.Highlight)


def test_the_keyboards_row_is_framed_while_the_list_has_focus(qtbot: QtBot, table: CustomerTable) -> None:
    # Styles frame focus that came from the keyboard (Tab, arrows), as the search box's Down key gives.
    table.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus, timeout=2_000)
    table.setCurrentIndex(table.model().index(1, 0))
    table.selectionModel().clearSelection()
    framed = table.viewport().grab().toImage()
    table.clearFocus()
    plain = table.viewport().grab().toImage()
    top = table.rowViewportPosition(1)
    x = table.columnViewportPosition(Column.remark) + 40
    # The frame changes pixels on the current row's edge, and only while the list has focus.
    edge = [framed.pixelColor(x, y) != plain.pixelColor(x, y) for y in range(top, top + 3)]
    assert any(edge)
    other_top = table.rowViewportPosition(4)
    assert framed.pixelColor(x, other_top) == plain.pixelColor(x, other_top)
