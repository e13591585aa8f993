"""Qt model of the guide's own sales: customer, order, amount (with any correction), time, and
where each stands with HQ in plain words."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from guide_app.calls.sales import SaleRow
from guide_app.sync.problems import UploadState
from ui.dialogs.customer_words import local_time, yuan
from ui.messages import sale_words

Index = QModelIndex | QPersistentModelIndex
ATTENTION = QColor("#b3261e")  # disputed or refused: the guide may be losing the commission
QUIET = QColor("#6b7280")  # voided: kept for the record, counts for nothing
SALE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def counts_here(sale: SaleRow) -> bool:
    """Whether a sale adds to the guide's totals on this PC (HQ settles disputes on its side)."""
    return not sale.voided and sale.upload is not UploadState.rejected


def waiting_to_upload(sale: SaleRow) -> bool:
    return UploadState.waiting in (sale.upload, sale.correction_upload)


class SalesColumn(IntEnum):
    customer = 0
    order_no = 1
    amount = 2
    sold_at = 3
    state = 4


def amount_words(sale: SaleRow) -> str:
    """¥1,199.00, and the first amount beside it when an amend changed it."""
    if sale.original_amount_fen is not None and sale.original_amount_fen != sale.amount_fen:
        was = QCoreApplication.translate("SalesModel", "%1 (was %2)")
        return was.replace("%1", yuan(sale.amount_fen)).replace("%2", yuan(sale.original_amount_fen))
    return yuan(sale.amount_fen)


class SalesModel(QAbstractTableModel):
    """The sales as read, newest first (the book's order)."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.sales: list[SaleRow] = []

    def replace(self, sales: list[SaleRow]) -> None:
        self.beginResetModel()
        self.sales = list(sales)
        self.endResetModel()

    def row_of(self, sale_id: str) -> int | None:
        return next((row for row, sale in enumerate(self.sales) if sale.id == sale_id), None)

    def sale_at(self, row: int) -> SaleRow:
        return self.sales[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.sales)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SalesColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Customer"),
            self.tr("Order no."),
            self.tr("Amount"),
            self.tr("Sold"),
            self.tr("HQ"),
        )
        return titles[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        sale = self.sales[index.row()]
        column = SalesColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(sale, column)
        if role == SALE_ID_ROLE:
            return sale.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column is SalesColumn.amount:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(sale, column)
        if role == Qt.ItemDataRole.FontRole and sale.voided and column is SalesColumn.amount:
            struck = QFont()
            struck.setStrikeOut(True)
            return struck
        return None

    def _text(self, sale: SaleRow, column: SalesColumn) -> str:
        if column is SalesColumn.customer:
            return sale.customer_name or self.tr("(removed customer)")
        if column is SalesColumn.order_no:
            return sale.order_no
        if column is SalesColumn.amount:
            return amount_words(sale)
        if column is SalesColumn.sold_at:
            return local_time(sale.sold_at)
        return sale_words(sale.standing)

    def _colour(self, sale: SaleRow, column: SalesColumn) -> QBrush | None:
        if sale.voided:
            return QBrush(QUIET)
        if column is SalesColumn.state and sale.upload in (UploadState.disputed, UploadState.rejected):
            return QBrush(ATTENTION)
        return None
