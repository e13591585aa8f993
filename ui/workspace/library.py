"""Content (素材库) for HQ: the library as a table with its usage, narrowed, searched; new, edit, retire."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area
from guide_app.protocol import AudienceKind, ContentKind, ContentPublic, ContentUsageCount
from guide_app.timeutil import utcnow
from guide_app.workspace.library import (
    Library,
    LibraryFilter,
    WhenValid,
    campaigns_of,
    narrowed,
    read_library,
    retire_content,
    valid_when,
)
from guide_app.workspace.session import Workspace
from ui.dialogs.customer_words import STAGE_WORDS, local_time, word
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe_refusal
from ui.models.content import kind_words
from ui.ops import Ops
from ui.views.freshness import ReadWhenShown
from ui.workspace.content_editor import PROBLEM_STYLE, ContentEditor

CONTEXT = "LibraryPage"
ITEM_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
EXPIRED = QColor("#6b7280")
FUTURE = QColor("#b45309")
ANY = None
PLACES_SHOWN = 3  # an audience of more places names these and counts the rest

WHEN_WORDS: dict[WhenValid, str] = {
    WhenValid.any: QT_TRANSLATE_NOOP("LibraryPage", "Any dates"),
    WhenValid.now: QT_TRANSLATE_NOOP("LibraryPage", "Valid now"),
    WhenValid.expired: QT_TRANSLATE_NOOP("LibraryPage", "Expired"),
    WhenValid.future: QT_TRANSLATE_NOOP("LibraryPage", "Not yet valid"),
}


class Column(IntEnum):
    title = 0
    kind = 1
    campaign = 2
    tags = 3
    stages = 4
    valid_from = 5
    valid_until = 6
    audience = 7
    sent = 8
    copied = 9
    guides = 10


HEADERS: dict[Column, str] = {
    Column.title: QT_TRANSLATE_NOOP("LibraryModel", "Title"),
    Column.kind: QT_TRANSLATE_NOOP("LibraryModel", "Kind"),
    Column.campaign: QT_TRANSLATE_NOOP("LibraryModel", "Campaign"),
    Column.tags: QT_TRANSLATE_NOOP("LibraryModel", "Tags"),
    Column.stages: QT_TRANSLATE_NOOP("LibraryModel", "Stages"),
    Column.valid_from: QT_TRANSLATE_NOOP("LibraryModel", "Valid from"),
    Column.valid_until: QT_TRANSLATE_NOOP("LibraryModel", "Valid until"),
    Column.audience: QT_TRANSLATE_NOOP("LibraryModel", "Audience"),
    Column.sent: QT_TRANSLATE_NOOP("LibraryModel", "Sent"),
    Column.copied: QT_TRANSLATE_NOOP("LibraryModel", "Copied"),
    Column.guides: QT_TRANSLATE_NOOP("LibraryModel", "Guides"),
}
NUMBER_COLUMNS = frozenset({Column.sent, Column.copied, Column.guides})


class LibraryModel(QAbstractTableModel):
    """The items shown, with the usage guides reported and the names of their audience's places."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[ContentPublic] = []
        self.library: Library | None = None
        self.now = utcnow()

    def replace(self, items: list[ContentPublic], library: Library, now: datetime) -> None:
        self.beginResetModel()
        self.items, self.library, self.now = items, library, now
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation is Qt.Orientation.Horizontal:
            return QCoreApplication.translate("LibraryModel", HEADERS[Column(section)])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        item, column = self.items[index.row()], Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == SORT_ROLE:
            return self._sort_key(item, column)
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.ForegroundRole:
            when = valid_when(item, self.now)
            return EXPIRED if when is WhenValid.expired else FUTURE if when is WhenValid.future else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.title, Column.tags, Column.audience):
            return self._text(item, column)
        return None

    def _usage(self, item: ContentPublic) -> ContentUsageCount | None:
        return self.library.usage.get(item.id) if self.library is not None else None

    def _text(self, item: ContentPublic, column: Column) -> str:
        usage = self._usage(item)
        texts = {
            Column.title: lambda: item.title,
            Column.kind: lambda: kind_words(item.kind),
            Column.campaign: lambda: item.campaign,
            Column.tags: lambda: "、".join(item.tags),
            Column.stages: lambda: "、".join(word(STAGE_WORDS, stage) for stage in item.stages),
            Column.valid_from: lambda: local_time(item.valid_from) if item.valid_from else "—",
            Column.valid_until: lambda: local_time(item.valid_until) if item.valid_until else "—",
            Column.audience: lambda: self._audience_words(item),
            Column.sent: lambda: str(usage.sent if usage else 0),
            Column.copied: lambda: str(usage.copied if usage else 0),
            Column.guides: lambda: str(usage.guides if usage else 0),
        }
        return texts[column]()

    def _sort_key(self, item: ContentPublic, column: Column) -> Any:
        usage = self._usage(item)
        if column in NUMBER_COLUMNS:
            return getattr(usage, column.name) if usage else 0
        if column is Column.valid_from:
            return item.valid_from.timestamp() if item.valid_from else 0.0
        if column is Column.valid_until:
            return item.valid_until.timestamp() if item.valid_until else float("inf")
        return self._text(item, column)

    def _audience_words(self, item: ContentPublic) -> str:
        audience, library = item.audience, self.library
        if audience.kind is AudienceKind.everyone or library is None:
            return QCoreApplication.translate("LibraryModel", "Every store")
        if audience.kind is AudienceKind.regions:
            names = {region.id: region.name for region in library.regions}
            places = [names.get(place, f"#{place}") for place in audience.region_ids]
        else:
            stores = {store.id: store.name for store in library.stores}
            places = [stores.get(place, f"#{place}") for place in audience.store_ids]
        shown = "、".join(places[:PLACES_SHOWN])
        rest = len(places) - PLACES_SHOWN
        return (
            shown
            if rest <= 0
            else QCoreApplication.translate("LibraryModel", "%1 and %n more", "", rest).replace("%1", shown)
        )


class LibraryTable(QTableView):
    """Enter edits the current item and Delete retires it (the page's actions)."""

    def __init__(self, page: LibraryPage) -> None:
        super().__init__(page)
        self.page = page

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.page.edit_current()
        elif event.key() == Qt.Key.Key_Delete:
            self.page.retire_current()
        else:
            super().keyPressEvent(event)


class LibraryPage(QWidget):
    """HQ's library: searched and narrowed here (a chain's library is hundreds of items), with what
    guides did with each item. New (Ctrl+N) and Edit (Enter) open the editor; Retire (Delete) asks
    first. The table reads HQ again whenever a notice touches the library."""

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.library: Library | None = None
        self.editor: ContentEditor | None = None
        self.confirmation: QMessageBox | None = None
        self.note = ""  # the last thing done here, said before the counts until the next one
        self._build()
        self._build_actions()
        self.freshness = ReadWhenShown(self, ops, self.load, (Area.library,))

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search titles, words, tags, products (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._narrow)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All kinds"), ANY)
        for kind in ContentKind:
            self.kind.addItem(kind_words(kind), kind)
        self.campaign = QComboBox()
        self.campaign.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.when = QComboBox()
        for when in WhenValid:
            self.when.addItem(QCoreApplication.translate(CONTEXT, WHEN_WORDS[when]), when)
        for combo in (self.kind, self.campaign, self.when):
            combo.currentIndexChanged.connect(self._narrow)
        self.new_button = QPushButton(self.tr("&New…"))
        self.new_button.setToolTip(self.tr("Publish a new item (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_item)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setToolTip(self.tr("Edit the chosen item (Enter)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.retire_button = QPushButton(self.tr("&Retire"))
        self.retire_button.setToolTip(self.tr("Withdraw the chosen item from every guide's app (Delete)"))
        self.retire_button.clicked.connect(self.retire_current)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        for widget in (self.kind, self.campaign, self.when):
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in (self.new_button, self.edit_button, self.retire_button):
            bar.addWidget(button)
        self.model = LibraryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = self._build_table()
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.setFocusProxy(self.table)

    def _build_table(self) -> LibraryTable:
        table = LibraryTable(self)
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(
            -1, Qt.SortOrder.AscendingOrder
        )  # HQ's order (newest first) until a header is clicked
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.doubleClicked.connect(lambda _index: self.edit_current())
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        widths = {Column.title: 230, Column.tags: 150, Column.audience: 130, Column.campaign: 100}
        for column in Column:
            table.setColumnWidth(column, widths.get(column, 56 if column in NUMBER_COLUMNS else 118))
        table.setColumnWidth(Column.kind, 70)
        table.setColumnWidth(Column.stages, 90)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        return table

    def _build_actions(self) -> None:
        for text, shortcut, slot in (
            (self.tr("New item"), QKeySequence.StandardKey.New, self.new_item),
            (self.tr("Search"), QKeySequence.StandardKey.Find, self._focus_search),
        ):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ----------------------------------------------------------------------------------- reading

    def load(self) -> None:
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Reading the library from HQ…"))
        self.ops.run_async(lambda: read_library(self.workspace), self._show, failure=self._failed)

    def _show(self, library: Library) -> None:
        self.library = library
        chosen = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        self.campaign.addItem(self.tr("All campaigns"), ANY)
        for campaign in campaigns_of(library.items):
            self.campaign.addItem(campaign, campaign)
        self.campaign.setCurrentIndex(max(0, self.campaign.findData(chosen)))
        self.campaign.blockSignals(False)
        self._narrow()

    def _failed(self, error: BaseException) -> None:
        self.status.setStyleSheet(PROBLEM_STYLE)
        self.status.setText(describe_refusal(error))

    def _narrow(self) -> None:
        library = self.library
        if library is None:
            return
        current = self.current_item()
        wanted = LibraryFilter(
            text=self.search.text(),
            kind=ContentKind(kind) if (kind := self.kind.currentData()) is not ANY else None,
            campaign=self.campaign.currentData(),
            when=WhenValid(self.when.currentData()),
        )
        now = utcnow()
        shown = narrowed(library.items, wanted, now)
        self.model.replace(shown, library, now)
        self._choose(current.id if current is not None else None)
        self.status.setStyleSheet("")
        counts = self.tr(
            "%1 of %n item(s) shown (grey: expired; amber: not valid yet).", "", len(library.items)
        )
        self.status.setText(" ".join(filter(None, (self.note, counts.replace("%1", str(len(shown)))))))
        self._enable()

    def _choose(self, content_id: object) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            item = index.data(ITEM_ROLE)
            if content_id is None or (isinstance(item, ContentPublic) and item.id == content_id):
                self.table.setCurrentIndex(index)
                return

    def current_item(self) -> ContentPublic | None:
        index = self.table.currentIndex()
        item = index.siblingAtColumn(0).data(ITEM_ROLE) if index.isValid() else None
        return item if isinstance(item, ContentPublic) else None

    def _enable(self) -> None:
        chosen = self.current_item() is not None
        self.edit_button.setEnabled(chosen)
        self.retire_button.setEnabled(chosen)
        self.new_button.setEnabled(self.library is not None)

    # ----------------------------------------------------------------------------------- actions

    def new_item(self) -> None:
        self._open_editor(None)

    def edit_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self._open_editor(item)

    def _open_editor(self, item: ContentPublic | None) -> None:
        if self.library is None or (self.editor is not None and self.editor.isVisible()):
            return
        if self.editor is not None:
            self.editor.deleteLater()  # the last one closed: one editor at a time
        self.editor = ContentEditor(self.ops, self.workspace, self.library, item, self)
        self.editor.accepted.connect(self._editor_saved)
        self.editor.open()

    def _editor_saved(self) -> None:
        editor = self.editor
        if editor is not None and editor.saved is not None:
            self._tell(
                self.tr("“%1” is at HQ; guides get it at their next sync.").replace("%1", editor.saved.title)
            )

    def retire_current(self) -> None:
        item = self.current_item()
        if item is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Retire"),
            self.tr("Retire “%1”? Guides' apps drop it at their next sync; its usage counts stay.").replace(
                "%1", item.title
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        retire = box.addButton(self.tr("&Retire"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(retire)
        box.buttonClicked.connect(lambda button: self._retire(item) if button is retire else None)
        self.confirmation = box
        box.open()

    def _tell(self, note: str) -> None:
        self.note = note
        self.status.setStyleSheet("")
        self.status.setText(note)

    def _retire(self, item: ContentPublic) -> None:
        self._tell(self.tr("Retiring “%1”…").replace("%1", item.title))
        self.ops.remote_write(
            lambda: retire_content(self.workspace, item.id),
            lambda _none: self._tell(self.tr("“%1” is retired.").replace("%1", item.title)),
            failure=self._failed,
        )
