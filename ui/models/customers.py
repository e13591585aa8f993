"""The customer list as a Qt table model, filled page by page from the core's search off the UI thread.

A new query keeps the rows on screen until its first page answers, then resets the model with
it (so typing never blanks the list); the query it overtook is discarded and never delivered.
Further pages come when the view asks (canFetchMore/fetchMore): the request starts a query and
the rows are inserted when it answers, so scrolling never waits on the book. Rows are the core's
small frozen `CustomerRow`s and are formatted only when painted (`display_row`, with a small cache
of the rows on screen): 200k of them are what the list holds, not 200k × 8 strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import Enum, IntEnum
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from guide_app.book.search import MAX_PAGE, CustomerQuery, CustomerRow, SortKey
from guide_app.book.store import Book
from guide_app.calls.customers import CustomerPage, find_customers
from guide_app.changes import Area, ChangeNotice
from guide_app.timeutil import from_stored, local
from ui.dialogs.customer_words import SEGMENT_WORDS, STAGE_WORDS, word, yuan
from ui.i18n import QT_TRANSLATE_NOOP
from ui.ops import Ops, Running

# The first page only has to fill the screen (about 25 rows at 768 pixels): a small one paints
# sooner. Each further page is twice the one before, up to the core's largest: a deep page costs
# its whole offset, so a scroll to the end of 200k customers takes a few pages, not 400.
FIRST_PAGE = 100
PAGE = 500

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class Column(IntEnum):
    customer_name = 0
    phone = 1
    remark = 2
    stage = 3
    segment = 4
    added = 5
    last_purchase = 6
    spend = 7


HEADERS: dict[Column, str] = {
    Column.customer_name: QT_TRANSLATE_NOOP("CustomersModel", "Name"),
    Column.phone: QT_TRANSLATE_NOOP("CustomersModel", "Phone"),
    Column.remark: QT_TRANSLATE_NOOP("CustomersModel", "WeCom remark"),
    Column.stage: QT_TRANSLATE_NOOP("CustomersModel", "Stage"),
    Column.segment: QT_TRANSLATE_NOOP("CustomersModel", "RFM segment"),
    Column.added: QT_TRANSLATE_NOOP("CustomersModel", "Added"),
    Column.last_purchase: QT_TRANSLATE_NOOP("CustomersModel", "Last purchase"),
    Column.spend: QT_TRANSLATE_NOOP("CustomersModel", "Spend"),
}

# The columns whose header sorts the list, and how (the core sorts each key one way only).
COLUMN_SORTS: dict[Column, tuple[SortKey, Qt.SortOrder]] = {
    Column.customer_name: (SortKey.name, Qt.SortOrder.AscendingOrder),
    Column.added: (SortKey.added_newest, Qt.SortOrder.DescendingOrder),
    Column.last_purchase: (SortKey.last_purchase, Qt.SortOrder.DescendingOrder),
    Column.spend: (SortKey.monetary, Qt.SortOrder.DescendingOrder),
}

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_CUSTOMER_ID = int(CUSTOMER_ID_ROLE.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
# The columns whose cells sit at the right edge (amounts line up by their last digit).
RIGHT_ALIGNED = frozenset({Column.spend})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_COLUMNS = len(Column)
# Rows formatted with a search's answer, off the UI thread: a 768-pixel screen shows about 30.
SCREEN_ROWS = 48
# Formatted rows kept for repaints (a few screens' worth; dropped whole when full).
DISPLAY_CACHE = 2048


class Loading(Enum):
    """What the model is reading from the book now (one read at a time)."""

    nothing = "nothing"
    first_page = "first_page"  # a new query: the rows on screen are still the previous one's
    more = "more"  # the next page, for a scroll
    reload = "reload"  # the rows already shown, again, after the book changed


def reread(book: Book, query: CustomerQuery, count: int) -> CustomerPage:
    """The first `count` rows of `query` (at least a first page) and the total, read page by page."""
    first = find_customers(book, replace(query, offset=0, limit=max(FIRST_PAGE, min(count, MAX_PAGE))))
    rows = list(first.rows)
    while len(rows) < min(count, first.total):
        page = find_customers(book, replace(query, offset=len(rows), limit=MAX_PAGE), with_total=False)
        if not page.rows:
            break
        rows.extend(page.rows)
    return CustomerPage(rows, first.total)


class CustomersModel(QAbstractTableModel):
    """The rows matching the current `CustomerQuery`; `total` is how many match in all."""

    total_changed = Signal(int)
    # The newest query's first page is on screen (tests and the view's status wait for it).
    answered = Signal()

    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._query = CustomerQuery(limit=FIRST_PAGE)
        self._rows: list[CustomerRow] = []
        self._total = 0
        self._complete = True  # every matching row is loaded
        self._loading = Loading.nothing
        self._page = PAGE  # rows the next fetchMore asks for
        self._running: Running[Any] | None = None
        self._stale = False  # the book changed while a read was running
        self._shown: dict[int, tuple[str, ...]] = {}  # row number → its formatted cells
        ops.changed.connect(self._book_changed)

    # ----------------------------------------------------------------------------------- queries

    @property
    def query(self) -> CustomerQuery:
        return replace(self._query, offset=0)

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> Loading:
        return self._loading

    def set_query(self, query: CustomerQuery) -> None:
        """Show what `query` matches; any read still running for an older query is dropped."""
        self._query = first = replace(query, offset=0, limit=FIRST_PAGE)
        self._start(
            Loading.first_page, lambda book: _first_screen(find_customers(book, first)), self._first_page
        )

    def refresh(self) -> None:
        """Read the rows shown again (the book changed), keeping selection and place by customer."""
        if self._loading is Loading.first_page:
            self.set_query(self._query)
            return
        count, query = len(self._rows), self._query
        self._start(Loading.reload, lambda book: reread(book, query, count), self._reloaded)

    def _start(self, loading: Loading, call: Callable[[Book], T], answer: Callable[[T], None]) -> None:
        if self._running is not None:
            self._running.discard()
        self._loading, self._stale = loading, False
        self._running = self.ops.query(call, answer, failure=self._failed, name="customer list")

    def _done(self) -> None:
        self._running, self._loading = None, Loading.nothing
        if self._stale:
            self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._done()
        self.ops.failed.emit(error)

    def _first_page(self, answer: tuple[CustomerPage, list[tuple[str, ...]]]) -> None:
        page, first_screen = answer
        self.beginResetModel()
        self._rows = list(page.rows)
        self._shown = dict(enumerate(first_screen))
        self._total = page.total
        self._complete = len(self._rows) >= page.total
        self._page = PAGE
        self.endResetModel()
        self._done()
        self.total_changed.emit(self._total)
        self.answered.emit()

    def _book_changed(self, notice: ChangeNotice) -> None:
        if not notice.touches(Area.customers, Area.tags):
            return
        if self._loading is Loading.nothing:
            self.refresh()
        else:
            self._stale = True

    # ----------------------------------------------------------------------------------- paging

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._complete or self._loading is not Loading.nothing:
            return  # a read is on its way; the view asks again once its rows are in
        query = replace(self._query, offset=len(self._rows), limit=self._page)
        self._start(Loading.more, lambda book: find_customers(book, query, with_total=False), self._more)

    def _more(self, page: CustomerPage) -> None:
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        # A short page is the end, even if the total counted earlier was larger (a delete since).
        self._complete = len(page.rows) < self._page or len(self._rows) >= self._total
        self._page = min(self._page * 2, MAX_PAGE)
        self._done()

    def _reloaded(self, page: CustomerPage) -> None:
        """Swap in the re-read rows; selected and current customers stay selected where they went."""
        old_rows, new_rows = self._rows, page.rows
        if len(new_rows) < len(old_rows):
            self.beginRemoveRows(QModelIndex(), len(new_rows), len(old_rows) - 1)
            self._rows = old_rows[: len(new_rows)]
            self.endRemoveRows()
        kept = len(self._rows)
        self.layoutAboutToBeChanged.emit()
        self._shown.clear()
        position = {row.id: number for number, row in enumerate(new_rows[:kept])}
        moved_from = self.persistentIndexList()
        moved_to = []
        for index in moved_from:
            number = position.get(old_rows[index.row()].id) if index.row() < len(old_rows) else None
            moved_to.append(QModelIndex() if number is None else self.index(number, index.column()))
        self._rows = list(new_rows[:kept])
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()
        if len(new_rows) > kept:
            self.beginInsertRows(QModelIndex(), kept, len(new_rows) - 1)
            self._rows.extend(new_rows[kept:])
            self.endInsertRows()
        self._total = page.total
        self._complete = len(self._rows) >= page.total
        self._done()
        self.total_changed.emit(self._total)

    # ----------------------------------------------------------------------------------- the table

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else _COLUMNS

    def row_at(self, row: int) -> CustomerRow:
        return self._rows[row]

    def customer_ids(self, rows: list[int]) -> list[str]:
        return [self._rows[row].id for row in rows]

    def row_of(self, customer_id: str) -> int | None:
        """Where a loaded customer is (a linear look: for tests and a selection's restore)."""
        return next((number for number, row in enumerate(self._rows) if row.id == customer_id), None)

    def display_row(self, row: int) -> tuple[str, ...]:
        """The row's cells as the guide reads them, one string per `Column`."""
        shown = self._shown.get(row)
        if shown is None:
            if len(self._shown) >= DISPLAY_CACHE:
                self._shown.clear()
            shown = self._shown[row] = _cells(self._rows[row])
        return shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # The list paints from `display_row` (ui/views/customer_table.py); this serves everything
        # else that reads a cell: accessibility, copies, tests.
        if role == _DISPLAY:
            return self.display_row(index.row())[index.column()]
        if role == _CUSTOMER_ID:
            return self._rows[index.row()].id
        if role == _ALIGNMENT and index.column() in RIGHT_ALIGNED:
            return _RIGHT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("CustomersModel", HEADERS[Column(section)])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A sortable column's header sorts by its key (each key has one direction)."""
        sort = COLUMN_SORTS.get(Column(column))
        if sort is not None and sort[0] is not self._query.sort:
            self.set_query(replace(self._query, sort=sort[0]))


def _first_screen(page: CustomerPage) -> tuple[CustomerPage, list[tuple[str, ...]]]:
    """The page with its first screen of rows formatted (on the worker: the paint after a search
    then formats nothing)."""
    return page, [_cells(row) for row in page.rows[:SCREEN_ROWS]]


def _cells(customer: CustomerRow) -> tuple[str, ...]:
    return tuple(format_cell(customer) for format_cell in _FORMATTERS)


def _date(stored: str | None) -> str:
    return local(from_stored(stored)).strftime("%Y-%m-%d") if stored else "—"


_FORMATTERS: tuple[Callable[[CustomerRow], str], ...] = (
    lambda customer: customer.name,
    lambda customer: customer.phone or "",
    lambda customer: customer.wecom_remark,
    lambda customer: word(STAGE_WORDS, customer.lifecycle_stage),
    lambda customer: word(SEGMENT_WORDS, customer.rfm_segment),
    lambda customer: _date(customer.added_at_text),
    lambda customer: _date(customer.last_purchase_text),
    lambda customer: yuan(customer.monetary_fen),
)
assert len(_FORMATTERS) == len(Column)
