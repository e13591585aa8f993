"""The customer list (我的客户): search as you type, filters, sort, bulk tag and follow-up, export."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.search import CustomerQuery, SortKey
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.customers import COLUMN_SORTS, Column, CustomersModel
from ui.ops import Ops
from ui.views.customer_filters import CustomerFilters
from ui.views.customer_table import CustomerTable

# Typing pauses this long before the list searches: one search per burst of keys, not per key.
DEBOUNCE_MS = 150

SORT_WORDS: dict[SortKey, str] = {
    SortKey.name: QT_TRANSLATE_NOOP("CustomersView", "Name (pinyin)"),
    SortKey.last_contact: QT_TRANSLATE_NOOP("CustomersView", "Last contact"),
    SortKey.monetary: QT_TRANSLATE_NOOP("CustomersView", "Spend"),
    SortKey.last_purchase: QT_TRANSLATE_NOOP("CustomersView", "Last purchase"),
    SortKey.added_newest: QT_TRANSLATE_NOOP("CustomersView", "Newest added"),
}
# Pixels per column at the platform font; the WeCom remark takes what is left, so the list
# fits beside the filter panel in the 1366-pixel window without a horizontal scroll.
COLUMN_WIDTHS = {
    Column.customer_name: 96,
    Column.phone: 112,
    Column.stage: 64,
    Column.segment: 80,
    Column.added: 92,
    Column.last_purchase: 92,
    Column.spend: 104,
}


class CustomersView(QWidget):
    """The list over the whole book; every core call goes through `ops`."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = CustomersModel(ops, self)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.search)
        self._build()
        self._build_actions()
        self.model.total_changed.connect(self._show_count)
        self.model.modelReset.connect(self._selection_changed)
        self.search()

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Search name, phone, remark, notes or pinyin initials"))
        self.search_box.setAccessibleName(self.tr("Search customers"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(lambda _text: self.debounce.start())
        self.search_box.installEventFilter(self)
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName(self.tr("Sort by"))
        for key, words in SORT_WORDS.items():
            self.sort_box.addItem(self.tr(words), key.value)
        self.sort_box.currentIndexChanged.connect(lambda _index: self.search())
        self.filters_button = QPushButton(self.tr("Filters"), self)
        self.filters_button.setCheckable(True)
        self.count_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(QLabel(self.tr("Sort:"), self))
        top.addWidget(self.sort_box)
        top.addWidget(self.filters_button)
        top.addWidget(self.count_label)
        self.filters = CustomerFilters(self.ops, self)
        self.filters.setMinimumWidth(230)
        self.filters.changed.connect(self.search)
        self.filters.hide()
        self.filters_button.toggled.connect(self.filters.setVisible)
        self.table = self._build_table()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.filters)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_bulk_bar())
        self.setTabOrder(self.search_box, self.table)

    def _build_table(self) -> CustomerTable:
        table = CustomerTable(self.model, self)
        table.setAccessibleName(self.tr("Customers"))
        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setMinimumSectionSize(48)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.remark, QHeaderView.ResizeMode.Stretch)
        header.sectionClicked.connect(self._header_clicked)
        table.doubleClicked.connect(lambda _index: self.open_current())
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.installEventFilter(self)
        return table

    def _build_bulk_bar(self) -> QHBoxLayout:
        self.selection_label = QLabel(self)
        self.tag_button = QPushButton(self.tr("Tag…"), self)
        self.tag_button.setToolTip(self.tr("Tag the selected customers (Ctrl+T)"))
        self.tag_button.clicked.connect(self.bulk_tag)
        self.follow_up_button = QPushButton(self.tr("Plan follow-up…"), self)
        self.follow_up_button.clicked.connect(self.bulk_follow_up)
        self.export_button = QPushButton(self.tr("Export this list…"), self)
        self.export_button.clicked.connect(self.export_list)
        bar = QHBoxLayout()
        bar.addWidget(self.selection_label, 1)
        for button in (self.tag_button, self.follow_up_button, self.export_button):
            bar.addWidget(button)
        return bar

    def _build_actions(self) -> None:
        def action(text: str, slot: object, shortcut: str = "") -> QAction:
            made = QAction(text, self)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(made)
            made.triggered.connect(slot)
            return made

        self.import_action = action(self.tr("Import customers…"), self.import_customers)
        self.export_action = action(self.tr("Export this list…"), self.export_list)
        self.duplicates_action = action(self.tr("Find duplicates…"), self.find_duplicates)
        self.new_action = action(self.tr("New customer…"), self.new_customer)
        self.tag_action = action(self.tr("Tag selected customers…"), self.bulk_tag, "Ctrl+T")
        self.follow_up_action = action(self.tr("Plan follow-up for selected…"), self.bulk_follow_up)

    def menu_actions(self) -> list[QAction]:
        """What the main window puts in its menu."""
        return [self.import_action, self.export_action, self.duplicates_action, self.new_action]

    # ----------------------------------------------------------------------------------- searching

    def current_query(self) -> CustomerQuery:
        query = CustomerQuery(text=self.search_box.text(), sort=self.sort())
        return self.filters.filters().applied_to(query)

    def search(self) -> None:
        """Show what the search box, filters and sort ask for now (the debounce's end)."""
        self.debounce.stop()
        query = self.current_query()
        self._show_sort(query.sort)
        self.model.set_query(query)

    def sort(self) -> SortKey:
        return SortKey(self.sort_box.currentData())  # Qt hands a str enum back as its str

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _show_sort(self, sort: SortKey) -> None:
        header = self.table.horizontalHeader()
        shown = next((column for column, (key, _) in COLUMN_SORTS.items() if key is sort), None)
        if shown is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            header.setSortIndicator(shown, COLUMN_SORTS[shown][1])

    def _header_clicked(self, section: int) -> None:
        sort = COLUMN_SORTS.get(Column(section))
        if sort is None:
            self._show_sort(self.sort())  # not a sort column: keep the indicator
            return
        self.sort_box.setCurrentIndex(self.sort_box.findData(sort[0].value))

    def _show_count(self, total: int) -> None:
        self.count_label.setText(self.tr("%n customer(s)", "", total))

    # ----------------------------------------------------------------------------------- selection

    def selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return self.model.customer_ids(rows)

    def _selection_changed(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.selection_label.setText(self.tr("%n selected", "", count) if count else "")
        for widget in (self.tag_button, self.follow_up_button, self.tag_action, self.follow_up_action):
            widget.setEnabled(count > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search_box:
                return self._search_key(event)
            if watched is self.table:
                return self._table_key(event)
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.debounce.isActive():
                self.search()
            # The first row becomes current and selected, so Enter opens what the guide sees lit.
            if not self.table.selectionModel().hasSelection() and self.model.rowCount() > 0:
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.selectionModel().setCurrentIndex(self.model.index(0, 0), flags)
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False

    def _table_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
            return True
        if event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            current = self.table.currentIndex()
            if current.isValid():
                flags = QItemSelectionModel.SelectionFlag.Toggle | QItemSelectionModel.SelectionFlag.Rows
                self.table.selectionModel().select(current, flags)
            return True
        return False

    # ----------------------------------------------------------------------------------- actions

    def open_current(self) -> None:
        current = self.table.currentIndex()
        if not current.isValid():
            return
        from ui.dialogs.customer_detail import CustomerDetailDialog

        self._open(CustomerDetailDialog(self.ops, self.model.row_at(current.row()).id, self))

    def bulk_tag(self) -> None:
        chosen = self.selected_ids()
        if chosen:
            from ui.dialogs.bulk_tag import BulkTagDialog

            self._open(BulkTagDialog(self.ops, chosen, self))

    def bulk_follow_up(self) -> None:
        chosen = self.selected_ids()
        if chosen:
            from ui.dialogs.bulk_follow_up import BulkFollowUpDialog

            self._open(BulkFollowUpDialog(self.ops, chosen, self))

    def export_list(self) -> None:
        from ui.dialogs.export_customers import ExportCustomersDialog

        query = replace(self.current_query(), offset=0)
        self._open(ExportCustomersDialog(self.ops, query, self.model.total, self))

    def import_customers(self) -> None:
        from ui.dialogs.import_wizard import ImportWizard

        self._open(ImportWizard(self.ops, self))

    def find_duplicates(self) -> None:
        from ui.dialogs.duplicates import DuplicatesDialog

        self._open(DuplicatesDialog(self.ops, self))

    def new_customer(self) -> None:
        from ui.dialogs.new_customer import NewCustomerDialog

        self._open(NewCustomerDialog(self.ops, self))

    def _open(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking: the list keeps painting while a dialog is up."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
