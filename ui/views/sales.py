"""My sales (我的销售): record a sale from the keyboard, see where each stands with HQ, correct one.

The list reads off the UI thread and refreshes from `ops.changed` (sales and the outbox: a sync's
answers change the states). This month's totals sit above it. Ctrl+N records a sale; a chosen
sale is amended or voided through its own dialogs, which send a correction and never touch what
was already sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.sales import RecordedSale
from guide_app.calls.sales import SaleRow, my_sales
from guide_app.changes import Area
from guide_app.sync.problems import UploadState
from guide_app.timeutil import local, utcnow
from ui.dialogs.customer_words import yuan
from ui.dialogs.sale_correction import AmendSaleDialog, VoidSaleDialog
from ui.dialogs.sale_entry import SaleEntryDialog
from ui.messages import sale_words
from ui.models.sales import SalesColumn, SalesModel, counts_here, waiting_to_upload
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown
from ui.widgets.customer_picker import PickedCustomer

# Rows read at a time, more as the list is scrolled to its end: a sale's row with its standing
# reads in ~0.15 ms (200 in ~30 ms, 2,000 in ~300 ms on the 2-core test machine). A guide records
# tens of sales a day, so the first page usually holds the month; when it does not, the month's
# totals say "at least" until the list is scrolled further.
PAGE = 200
WATCHED = (Area.sales, Area.outbox)
COLUMN_WIDTHS = {SalesColumn.customer: 150, SalesColumn.order_no: 190, SalesColumn.amount: 200}


@dataclass(frozen=True, slots=True)
class MonthTotals:
    """This month's sales as this PC knows them (voided and refused ones left out)."""

    count: int
    amount_fen: int
    waiting: int
    disputed: int  # counted here until the manager settles them
    partial: bool  # more of this month's sales lie beyond the rows read
    credited_elsewhere: int = 0  # settled by the manager for another guide: left out of the totals


def month_totals(sales: list[SaleRow], now: datetime, *, all_read: bool) -> MonthTotals:
    """This local month's sales among `sales` (newest first, as my_sales gives them)."""
    month = (local(now).year, local(now).month)
    this_month = [sale for sale in sales if (local(sale.sold_at).year, local(sale.sold_at).month) == month]
    settled_away = [sale for sale in this_month if counts_here(sale) and sale.credited_elsewhere]
    counted = [sale for sale in this_month if counts_here(sale) and not sale.credited_elsewhere]
    return MonthTotals(
        count=len(counted),
        amount_fen=sum(sale.amount_fen for sale in counted),
        waiting=sum(1 for sale in this_month if waiting_to_upload(sale)),
        disputed=sum(1 for sale in counted if sale.upload is UploadState.disputed),
        partial=not all_read and bool(this_month) and this_month[-1] is sales[-1],
        credited_elsewhere=len(settled_away),
    )


def amendable(sale: SaleRow) -> bool:
    """A voided sale takes no more corrections, and one HQ refused has nothing there to amend."""
    return not sale.voided and sale.upload is not UploadState.rejected


class SalesView(QWidget):
    """The guide's sales, newest first, with this month's totals and the ways to add or correct one."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = SalesModel(self)
        self.totals: MonthTotals | None = None
        self.active_dialog: QDialog | None = None
        self._loading: Running[Any] | None = None
        self._keep_sale: str | None = None
        self._wanted = PAGE  # rows to read: one more page each time the list is scrolled to its end
        self.all_read = False
        self._build()
        self.setFocusProxy(self.table)  # the list stays focusable, empty or not: Ctrl+N works from it
        self._build_actions()
        self.freshness = ReadWhenShown(self, ops, self._read, WATCHED)

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        heading = QLabel(self.tr("My sales"), self)
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.totals_label = QLabel(self)
        self.totals_label.setAccessibleName(self.tr("This month"))
        self.new_button = QPushButton(self.tr("Record a sale… (Ctrl+N)"), self)
        self.new_button.clicked.connect(lambda: self.record_sale())
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.totals_label, 1)
        top.addWidget(self.new_button)
        self.table = self._build_table()
        self.empty_label = QLabel(
            self.tr(
                "No sales recorded yet. Press Ctrl+N to record one: it is credited to you once HQ counts it."
            ),
            self,
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #6b7280; padding: 12px;")
        self.empty_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_bottom())

    def _build_table(self) -> QTreeView:
        table = QTreeView(self)
        table.setModel(self.model)
        table.setRootIsDecorated(False)
        table.setUniformRowHeights(True)
        table.setAlternatingRowColors(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAccessibleName(self.tr("My sales"))
        header = table.header()
        header.setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(SalesColumn.sold_at, QHeaderView.ResizeMode.ResizeToContents)
        table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._selection_changed())
        table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.model.modelReset.connect(self._selection_changed)
        return table

    def _build_bottom(self) -> QHBoxLayout:
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.correct_button = QPushButton(self.tr("&Correct amount…"), self)
        self.correct_button.clicked.connect(self.correct_amount)
        self.void_button = QPushButton(self.tr("&Void…"), self)
        self.void_button.clicked.connect(self.void_sale)
        bottom = QHBoxLayout()
        bottom.addWidget(self.detail_label, 1)
        bottom.addWidget(self.correct_button)
        bottom.addWidget(self.void_button)
        return bottom

    def _build_actions(self) -> None:
        def action(text: str, slot: object, shortcut: str) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(shortcut))
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        self.new_action = action(self.tr("Record a sale…"), lambda: self.record_sale(), "Ctrl+N")
        self.correct_action = action(self.tr("Correct the sale's amount…"), self.correct_amount, "Ctrl+E")
        self.void_action = action(self.tr("Void the sale…"), self.void_sale, "Ctrl+Shift+D")

    def menu_actions(self) -> list[QAction]:
        """What the main window puts in its menu."""
        return [self.new_action, self.correct_action, self.void_action]

    # ----------------------------------------------------------------------------------- reading

    def reload(self) -> None:
        """Read the list again (hidden: when shown again)."""
        self.freshness.request()

    def _read(self) -> None:
        if self._loading is not None:
            self._loading.discard()
        wanted = self._wanted
        self._loading = self.ops.query(
            lambda book: my_sales(book, wanted), lambda sales: self._show(sales, wanted), name="my sales"
        )

    def _scrolled(self, value: int) -> None:
        """Near the end of what was read: read one page more (the rows read so far again, in one go)."""
        bar = self.table.verticalScrollBar()
        if not self.all_read and self._loading is None and value >= bar.maximum() - bar.pageStep():
            self._more()

    def _show(self, sales: list[SaleRow], wanted: int) -> None:
        self._loading = None
        kept = self._keep_sale or self.current_sale_id()
        bar = self.table.verticalScrollBar()
        scrolled = bar.value()
        self.model.replace(sales)
        self.all_read = len(sales) < wanted
        self.totals = month_totals(sales, utcnow(), all_read=self.all_read)
        self.totals_label.setText(self._totals_words(self.totals))
        self.empty_label.setVisible(not sales)
        row = self.model.row_of(kept) if kept else None
        if sales:
            self.table.setCurrentIndex(self.model.index(row if row is not None else 0, 0))
        if self._keep_sale is None:
            bar.setValue(scrolled)  # a refresh or the next page: the list stays where the guide was
        self._keep_sale = None
        if not self.all_read and bar.maximum() == 0:
            self._more()  # the rows read do not fill the list: nothing to scroll, so read on

    def _more(self) -> None:
        self._wanted = self.model.rowCount() + PAGE
        self.reload()

    def _totals_words(self, totals: MonthTotals) -> str:
        count = self.tr("%n sale(s)", "", totals.count)
        if totals.partial:
            count = self.tr("at least %1").replace("%1", count)
        parts = [self.tr("This month: %1, %2").replace("%1", count).replace("%2", yuan(totals.amount_fen))]
        if totals.waiting:
            parts.append(self.tr("%n waiting to upload", "", totals.waiting))
        if totals.disputed:
            parts.append(self.tr("%n disputed", "", totals.disputed))
        if totals.credited_elsewhere:
            parts.append(self.tr("%n credited to another guide", "", totals.credited_elsewhere))
        return " · ".join(parts)

    # ----------------------------------------------------------------------------------- selection

    def current_sale(self) -> SaleRow | None:
        current = self.table.currentIndex()
        return self.model.sale_at(current.row()) if current.isValid() else None

    def current_sale_id(self) -> str | None:
        sale = self.current_sale()
        return sale.id if sale is not None else None

    def _selection_changed(self) -> None:
        sale = self.current_sale()
        voidable = sale is not None and not sale.voided
        for widget in (self.void_button, self.void_action):
            widget.setEnabled(voidable)
        for widget in (self.correct_button, self.correct_action):
            widget.setEnabled(sale is not None and amendable(sale))
        self.detail_label.setText(
            f"{sale.order_no} · {sale.customer_name} · {sale_words(sale.standing)}"
            if sale is not None
            else ""
        )

    # ----------------------------------------------------------------------------------- actions

    def record_sale(self, customer: PickedCustomer | None = None) -> SaleEntryDialog:
        """Open the sale dialog (over this view); the new sale is lit in the list once read."""
        dialog = SaleEntryDialog(self.ops, self, customer)
        dialog.saved.connect(self._light_when_read)
        self._open(dialog)
        return dialog

    def _light_when_read(self, recorded: RecordedSale) -> None:
        self._keep_sale = recorded.id

    def correct_amount(self) -> None:
        sale = self.current_sale()
        if sale is not None and amendable(sale):
            self._open(AmendSaleDialog(self.ops, sale, self))

    def void_sale(self) -> None:
        sale = self.current_sale()
        if sale is not None and not sale.voided:
            self._open(VoidSaleDialog(self.ops, sale, self))

    def _open(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking: the list keeps refreshing under the dialog."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.active_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
