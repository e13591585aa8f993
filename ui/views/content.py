"""Content (素材库): HQ's cached library as tiles, an item previewed whole, copied for WeCom, logged as sent.

The library is read through `ops.query` (`content_catalogue`: filters applied in the core), shown
as tiles in a QListView in icon mode whose thumbnails `ImageLoader` decodes on its own threads,
only for the tiles drawn. The preview pane beside it copies, sends and retries. While a file is
on its way the view asks the core's download board (cheaply) whether anything moved, and shows
each file's progress; a failed file says why and fetches again on Retry, off the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.account.accounts import GuideAccount
from guide_app.book.content import ContentEntry, LibraryFilter, Validity, has_placeholders
from guide_app.book.store import Book
from guide_app.calls.content import Catalogue, content_catalogue, download_revision, fetch_content_file
from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.jobs import CancelToken, ProgressSink, Step
from guide_app.protocol import ContentKind
from guide_app.sync.assets import FileProgress, FileState
from guide_app.sync.client import HqClient
from ui.dialogs.content_preview import ContentPreview, ContentPreviewDialog
from ui.dialogs.send_to import Purpose, SendToDialog
from ui.messages import describe
from ui.models.content import (
    KIND_WORDS,
    ContentModel,
    ContentRole,
    first_pictures,
    kind_words,
    validity_words,
    yuan,
)
from ui.ops import Ops, Running
from ui.thumbnails import THUMBNAIL_SIZE, Batch, ImageLoader, load_multimedia_in_background

WATCHED = (Area.content, Area.sync_status)
POLL_MS = 400  # while a file is not yet here: how often the download board is looked at
TILE = QSize(184, 196)
FAILED = QColor("#b00020")
MARKED = QColor("#b45309")  # expired or not yet valid
ANY = None  # a combo's "all" entry
# What a tile's paint uses, read once here: PySide makes each enum class on its first use, and
# making a dozen of them inside the first paint held it ~60 ms.
_SELECTED = QStyle.StateFlag.State_Selected
_FOCUSED = QStyle.StateFlag.State_HasFocus
_HIGHLIGHT, _TEXT = QPalette.ColorRole.Highlight, QPalette.ColorRole.Text
_ANTIALIASED = QPainter.RenderHint.Antialiasing
_ELIDE = Qt.TextElideMode.ElideRight
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter
_WRAPPED_TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
_WRAPPED_CENTRE = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
_DECORATION = Qt.ItemDataRole.DecorationRole
_FILE_KINDS = (ContentKind.video, ContentKind.image, ContentKind.poster)


class TileDelegate(QStyledItemDelegate):
    """One tile: the thumbnail (or the words of a script or card), the title, the kind and campaign,
    and the file's state (a progress bar while downloading, the word "failed")."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return TILE

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        entry = index.data(ContentRole.entry)
        if not isinstance(entry, ContentEntry):
            return
        file = index.data(ContentRole.file)
        painter.save()
        rect = option.rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & _SELECTED)
        palette = option.palette
        painter.setRenderHint(_ANTIALIASED)
        painter.setPen(palette.color(_HIGHLIGHT) if selected else QColor("#e5e7eb"))
        painter.setBrush(palette.color(_HIGHLIGHT).lighter(185) if selected else QColor("white"))
        painter.drawRoundedRect(rect, 6, 6)
        if option.state & _FOCUSED:  # the keyboard's tile, while the tiles have the focus
            painter.setPen(QPen(palette.color(_HIGHLIGHT), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        picture = QRect(rect.left() + 8, rect.top() + 8, THUMBNAIL_SIZE.width(), THUMBNAIL_SIZE.height())
        self._paint_picture(painter, picture, entry, index.data(_DECORATION))
        if isinstance(file, FileProgress):
            self._paint_file(painter, picture, file)
        self._paint_marks(painter, picture, entry)
        text_top = picture.bottom() + 6
        painter.setPen(palette.color(_TEXT))
        title_rect = QRect(rect.left() + 8, text_top, rect.width() - 16, 20)
        title = painter.fontMetrics().elidedText(entry.title, _ELIDE, title_rect.width())
        painter.drawText(title_rect, _LEFT_MIDDLE, title)
        painter.setPen(QColor("#6b7280"))
        small = QFont(painter.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
        sub = kind_words(entry.kind) + (f" · {entry.campaign}" if entry.campaign else "")
        sub_rect = QRect(rect.left() + 8, text_top + 20, rect.width() - 16, 18)
        sub = painter.fontMetrics().elidedText(sub, _ELIDE, sub_rect.width())
        painter.drawText(sub_rect, _LEFT_MIDDLE, sub)
        painter.restore()

    @staticmethod
    def _paint_picture(painter: QPainter, area: QRect, entry: ContentEntry, thumbnail: object) -> None:
        painter.fillRect(area, QColor("#f3f4f6"))
        if isinstance(thumbnail, QImage) and not thumbnail.isNull():
            placed = QRect(0, 0, thumbnail.width(), thumbnail.height())
            placed.moveCenter(area.center())
            painter.drawImage(placed, thumbnail)
            return
        painter.setPen(QColor("#374151"))
        inner = area.adjusted(8, 6, -8, -6)
        words = entry.body or entry.link_url or ""
        if entry.product is not None:
            words = f"{entry.product.name}\n{yuan(entry.product.price_fen)}"
        if not words:
            words = kind_words(entry.kind)
        flags = _WRAPPED_TOP_LEFT
        if entry.kind in _FILE_KINDS:
            flags = _WRAPPED_CENTRE
            words = ("▶ " if entry.kind == ContentKind.video else "") + kind_words(entry.kind)
        painter.drawText(inner, flags, words[:120])

    @staticmethod
    def _paint_file(painter: QPainter, area: QRect, file: FileProgress) -> None:
        if file.state is FileState.downloading:
            bar = QRect(area.left() + 6, area.bottom() - 10, area.width() - 12, 6)
            painter.fillRect(bar, QColor("#d1d5db"))
            if file.total:
                done = QRect(
                    bar.left(), bar.top(), int(bar.width() * min(1.0, file.done / file.total)), bar.height()
                )
                painter.fillRect(done, QColor("#2563eb"))
        elif file.state is FileState.failed:
            band = QRect(area.left(), area.bottom() - 22, area.width(), 22)
            painter.fillRect(band, QColor(255, 255, 255, 220))
            painter.setPen(FAILED)
            painter.drawText(band, _CENTRE, QCoreApplication.translate("TileDelegate", "Download failed"))
        elif file.state is FileState.waiting:
            band = QRect(area.left(), area.bottom() - 22, area.width(), 22)
            painter.setPen(QColor("#6b7280"))
            painter.drawText(band, _CENTRE, QCoreApplication.translate("TileDelegate", "Not here yet"))

    @staticmethod
    def _paint_marks(painter: QPainter, area: QRect, entry: ContentEntry) -> None:
        if entry.validity is Validity.valid:
            return
        words = validity_words(entry.validity)
        width = painter.fontMetrics().horizontalAdvance(words) + 12
        badge = QRect(area.left(), area.top(), width, 20)
        painter.fillRect(badge, MARKED)
        painter.setPen(QColor("white"))
        painter.drawText(badge, _CENTRE, words)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A catalogue read on a worker, with the thumbnails of its first screen decoded there too,
    so the paint that first shows the tiles already has their pictures."""

    catalogue: Catalogue
    thumbnails: dict[str, QImage]


class FirstScreen:
    """How many tiles the list shows from its top. The UI thread tells it once the list is laid
    out; a worker loading the catalogue waits a moment for it (the view starts reading while it is
    still being made and shown)."""

    MOST = 64  # tiles a big screen shows at most: the catalogue's head is this long
    WAIT_S = 0.25  # a view made but not shown: its first read decodes nothing ahead

    def __init__(self) -> None:
        self._tiles = 0
        self._known = threading.Event()

    def tell(self, tiles: int) -> None:
        self._tiles = min(tiles, self.MOST)
        self._known.set()

    def tiles(self) -> int:
        self._known.wait(self.WAIT_S)
        return self._tiles


def load_catalogue(book: Book, wanted: LibraryFilter, screen: FirstScreen, loader: ImageLoader) -> Loaded:
    """On a worker: the catalogue, and its first screen's thumbnails not yet kept, decoded on the
    loader's threads while the rest of the library is read (as QImages, which unlike QPixmaps may
    be made off the UI thread)."""
    batches: list[Batch] = []

    def decode_head(entries: list[ContentEntry], files: dict[str, FileProgress]) -> None:
        paths = first_pictures(entries, files, screen.tiles())
        batches.append(loader.start_thumbnails([path for path in paths if loader.cached(path) is None]))

    catalogue = content_catalogue(book, wanted, head=FirstScreen.MOST, on_head=decode_head)
    thumbnails = loader.wait_for_thumbnails(batches[0]) if batches else {}
    return Loaded(catalogue, thumbnails)


class TileList(QListView):
    """The tiles. Ctrl+C copies the chosen item's words for WeCom, not the tile's title (what a
    QListView copies by itself). `first_painted` says once that tiles have been drawn: what is
    not needed for that first paint waits for it."""

    copy_requested = Signal()
    first_painted = Signal()
    painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not self.painted and model is not None and model.rowCount() > 0:
            self.painted = True
            self.first_painted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        super().keyPressEvent(event)


class ContentView(QWidget):
    """The content library: filters above, tiles on the left, the chosen item whole on the right.

    `account` gives the folder files go to and, unless `client` is given, the HQ client a Retry
    uses (the account's remembered sign-in). `sync_requested` asks the window for a sync."""

    sync_requested = Signal()

    def __init__(
        self,
        ops: Ops,
        account: GuideAccount | None = None,
        parent: QWidget | None = None,
        *,
        client: Callable[[], HqClient] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.account = ops, account
        self._client = client if client is not None else (account.client if account is not None else None)
        self.catalogue: Catalogue | None = None
        self._loading: Running[Loaded] | None = None
        self._polling: Running[int] | None = None
        self._retrying: dict[str, Running[Any]] = {}
        # Qt Multimedia loads while the view is being made: its import holds the GIL ~100 ms, which
        # once the tiles are up would freeze them (the heartbeat test sees it there).
        load_multimedia_in_background()
        self._stale = False  # the first read starts below
        self.active_dialog: SendToDialog | ContentPreviewDialog | None = None
        self.loader = ImageLoader(self)
        self._screen = FirstScreen()
        # Made just before it is first shown (the window makes it then): the library is read
        # meanwhile, through the filters' first state, and the first screen's thumbnails decode
        # once the list is laid out.
        self._read(LibraryFilter())
        self.model = ContentModel(self.loader, self)
        self._build()
        self._build_actions()
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(120)  # one read for a burst of keystrokes or notices
        self._reload_soon.timeout.connect(self.reload)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._look_at_downloads)
        ops.changed.connect(self._on_changed)

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.addLayout(self._build_filters())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.tiles = TileList(splitter)
        self.tiles.setViewMode(QListView.ViewMode.IconMode)
        self.tiles.setResizeMode(QListView.ResizeMode.Adjust)
        self.tiles.setMovement(QListView.Movement.Static)
        self.tiles.setUniformItemSizes(True)
        self.tiles.setSpacing(4)
        self.tiles.setGridSize(TILE + QSize(8, 8))
        self.tiles.setWordWrap(False)
        self.tiles.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tiles.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tiles.setItemDelegate(TileDelegate(self.tiles))
        self.tiles.setModel(self.model)
        self.tiles.setAccessibleName(self.tr("Content library"))
        self.tiles.setToolTip(
            self.tr("Ctrl+C: copy text · Ctrl+Shift+C: copy picture · Ctrl+B: both · Ctrl+Enter: send to…")
        )
        self.tiles.selectionModel().currentChanged.connect(lambda _now, _before: self._show_current())
        self.tiles.activated.connect(lambda _index: self.open_preview())
        self.preview = ContentPreview(self.ops, self.loader, splitter)
        self.preview.send_requested.connect(lambda _id: self.send_current())
        self.preview.choose_customer_requested.connect(self.choose_customer)
        self.preview.retry_requested.connect(self.retry_file)
        self.tiles.copy_requested.connect(self.preview.copy_text)
        # The chosen item's preview (its labels re-laying out the splitter, its whole picture
        # decoding) waits for the tiles' first paint: the library first, the preview a moment later.
        self.tiles.first_painted.connect(self._show_current, Qt.ConnectionType.QueuedConnection)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tiles, 1)
        self.empty = QLabel(left)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #6b7280; padding: 12px;")
        left_layout.addWidget(self.empty)
        self.empty.hide()
        self.sync_button = QPushButton(self.tr("Sync now"), left)
        self.sync_button.setToolTip(self.tr("Fetch HQ's content library (F5)"))
        self.sync_button.clicked.connect(self.sync_requested.emit)
        self.sync_button.hide()
        left_layout.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignHCenter)
        left_layout.addStretch(0)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 470])
        splitter.setCollapsible(0, False)
        splitter.setCollapsible(1, False)
        outer.addWidget(splitter, 1)

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        search_label = QLabel(self.tr("&Find"), self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Title, campaign, words or tag"))
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.search.installEventFilter(self)  # Down or Enter goes on to the tiles
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(self.tr("All kinds"), ANY)
        for kind in KIND_WORDS:
            self.kind_box.addItem(kind_words(kind), kind)
        self.kind_box.setAccessibleName(self.tr("Kind"))
        self.campaign_box = QComboBox(self)
        self.campaign_box.setAccessibleName(self.tr("Campaign"))
        self.campaign_box.setMinimumContentsLength(8)
        self.tag_box = QComboBox(self)
        self.tag_box.setAccessibleName(self.tr("Tag"))
        self.tag_box.setMinimumContentsLength(6)
        self._fill_choices(self.campaign_box, self.tr("All campaigns"), [])
        self._fill_choices(self.tag_box, self.tr("All tags"), [])
        self.valid_box = QCheckBox(self.tr("&Valid now"), self)
        self.valid_box.setChecked(True)
        self.valid_box.setToolTip(self.tr("Untick to see expired and not-yet-valid items too (marked)"))
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: #6b7280;")
        for widget in (
            search_label,
            self.search,
            self.kind_box,
            self.campaign_box,
            self.tag_box,
            self.valid_box,
        ):
            row.addWidget(widget, 2 if widget is self.search else 0)
        row.addWidget(self.count_label, 1)
        self.search.textChanged.connect(lambda _text: self._reload_soon.start())
        for box in (self.kind_box, self.campaign_box, self.tag_box):
            box.currentIndexChanged.connect(lambda _row: self._reload_soon.start())
        self.valid_box.toggled.connect(lambda _on: self._reload_soon.start())
        return row

    def _build_actions(self) -> None:
        def action(text: str, keys: QKeySequence | str, slot: Callable[[], None]) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(keys))
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        self.find_action = action(self.tr("Find content"), "Ctrl+E", self.focus_search)
        self.copy_text_action = action(
            self.tr("Copy text"), QKeySequence(QKeySequence.StandardKey.Copy), self.preview.copy_text
        )
        self.copy_image_action = action(self.tr("Copy picture"), "Ctrl+Shift+C", self.preview.copy_image)
        self.copy_both_action = action(self.tr("Copy picture and text"), "Ctrl+B", self.preview.copy_both)
        self.send_action = action(self.tr("Send to…"), "Ctrl+Return", self.send_current)
        self.for_action = action(self.tr("Copy for customer…"), "Ctrl+K", self.choose_customer)
        self.retry_action = action(self.tr("Retry download"), "Ctrl+R", self._retry_current)

    def menu_actions(self) -> list[QAction]:
        """The view's actions for the window's menu (they work while the view has the focus)."""
        return [
            self.find_action,
            self.copy_text_action,
            self.copy_image_action,
            self.copy_both_action,
            self.for_action,
            self.send_action,
            self.retry_action,
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.model.rowCount() > 0
        ):
            if not self.tiles.currentIndex().isValid():
                self.tiles.setCurrentIndex(self.model.index(0, 0))
            self.tiles.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ----------------------------------------------------------------------------------- reading

    def current_filter(self) -> LibraryFilter:
        return LibraryFilter(
            text=self.search.text(),
            kind=self.kind_box.currentData(),
            campaign=self.campaign_box.currentData(),
            tag=self.tag_box.currentData(),
            valid_now=self.valid_box.isChecked(),
        )

    def reload(self) -> None:
        """Read the library again; hidden, the view only notes it is out of date."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._read(self.current_filter())

    def _read(self, wanted: LibraryFilter) -> None:
        if self._loading is not None:
            self._loading.discard()
        screen, loader = self._screen, self.loader
        self._loading = self.ops.query(
            lambda book: load_catalogue(book, wanted, screen, loader), self._show, name="content library"
        )

    def _tell_first_screen(self) -> None:
        """How many tiles the list's viewport shows (even in part), counted from its top."""
        viewport, grid = self.tiles.viewport().size(), self.tiles.gridSize()
        columns = max(1, viewport.width() // max(1, grid.width()))
        lines = max(1, -(-viewport.height() // max(1, grid.height())))
        self._screen.tell(columns * lines)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tell_first_screen()
        if self._stale:
            self.reload()
        elif self.catalogue is not None:
            self._poll_while_files_come(self.catalogue)

    def hideEvent(self, event: Any) -> None:
        self._poll.stop()
        super().hideEvent(event)

    def _on_changed(self, notice: ChangeNotice) -> None:
        if notice.touches(*WATCHED):
            self._reload_soon.start()

    def _show(self, loaded: Loaded) -> None:
        self._loading = None
        self.loader.keep_thumbnails(loaded.thumbnails)
        catalogue = self.catalogue = loaded.catalogue
        current = self.current_entry()
        self.model.replace(catalogue.entries, catalogue.files)
        self._fill_choices(self.campaign_box, self.tr("All campaigns"), catalogue.campaigns)
        self._fill_choices(self.tag_box, self.tr("All tags"), catalogue.tags)
        shown = len(catalogue.entries)
        self.count_label.setText(self.tr("%1 of %n item(s)", "", catalogue.total).replace("%1", str(shown)))
        self.tiles.setVisible(shown > 0)
        self.empty.setVisible(shown == 0)
        self.sync_button.setVisible(catalogue.total == 0)
        self.empty.setText(
            self.tr("Nothing matches. Clear the search or the filters.")
            if catalogue.total
            else self.tr("The library is empty. Sync (F5) to fetch HQ's content.")
        )
        row = self.model.row_of(current.id) if current is not None else None
        if shown and (row is not None or not self.tiles.currentIndex().isValid()):
            self.tiles.setCurrentIndex(self.model.index(row or 0))
        self._show_current()
        self._poll_while_files_come(catalogue)

    @staticmethod
    def _fill_choices(box: QComboBox, all_words: str, choices: list[str]) -> None:
        """Offer the library's campaigns or tags, keeping the one chosen (even if gone)."""
        chosen = box.currentData()
        wanted = [ANY, *choices]
        if chosen is not None and chosen not in choices:
            wanted.append(chosen)
        if [box.itemData(row) for row in range(box.count())] == wanted:
            return
        box.blockSignals(True)
        box.clear()
        box.addItem(all_words, ANY)
        for choice in wanted[1:]:
            box.addItem(str(choice), choice)
        box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
        box.blockSignals(False)

    # ----------------------------------------------------------------------------------- files

    def _poll_while_files_come(self, catalogue: Catalogue) -> None:
        coming = any(file.state is not FileState.ready for file in catalogue.files.values())
        if coming and self.isVisible():
            self._poll.start()
        else:
            self._poll.stop()

    def _look_at_downloads(self) -> None:
        if self._polling is not None or self.catalogue is None:
            return
        self._polling = self.ops.query(download_revision, self._downloads_seen, name="content downloads")

    def _downloads_seen(self, revision: int) -> None:
        self._polling = None
        if self.catalogue is not None and revision != self.catalogue.files_revision and self._loading is None:
            self.reload()

    def retry_file(self, content_id: str) -> None:
        """Fetch one item's file again, off the UI thread, its progress in the preview."""
        if self._client is None or self.account is None or content_id in self._retrying:
            return
        make_client, folder = self._client, self.account.asset_folder

        async def fetch(book: Book, progress: ProgressSink, cancel: CancelToken) -> Outcome[FileProgress]:
            async with make_client() as client:
                return await fetch_content_file(book, client, folder, content_id, progress, cancel)

        self.preview.show_file(FileProgress(FileState.downloading, 0, None))
        self._retrying[content_id] = self.ops.async_job(
            fetch,
            lambda outcome: self._fetched(content_id, outcome.value),
            progress=lambda step: self._fetch_progressed(content_id, step),
            failure=lambda error: self._fetch_failed(content_id, error),
            name="fetch content file",
        )

    def _fetch_progressed(self, content_id: str, step: Step) -> None:
        if self._is_current(content_id):
            self.preview.show_file(FileProgress(FileState.downloading, step.done, step.total))

    def _fetched(self, content_id: str, file: FileProgress) -> None:
        self._retrying.pop(content_id, None)
        if self._is_current(content_id):
            self.preview.show_file(file)
        self.reload()

    def _fetch_failed(self, content_id: str, error: BaseException) -> None:
        self._retrying.pop(content_id, None)
        if self._is_current(content_id):
            code = getattr(getattr(error, "code", None), "value", "")
            self.preview.show_file(FileProgress(FileState.failed, code=code, reason=describe(error)))

    def _retry_current(self) -> None:
        entry = self.current_entry()
        file = self.model.file_of(entry) if entry is not None else None
        if entry is not None and file is not None and file.state in (FileState.failed, FileState.waiting):
            self.retry_file(entry.id)

    def _is_current(self, content_id: str) -> bool:
        entry = self.current_entry()
        return entry is not None and entry.id == content_id

    # ----------------------------------------------------------------------------------- the chosen item

    def current_entry(self) -> ContentEntry | None:
        index = self.tiles.currentIndex()
        return (
            self.model.entries[index.row()]
            if index.isValid() and index.row() < len(self.model.entries)
            else None
        )

    def _show_current(self) -> None:
        if not self.tiles.painted:
            return  # shown once the tiles are first painted
        entry = self.current_entry()
        self.preview.show_entry(entry, self.model.file_of(entry) if entry is not None else None)

    def select(self, content_id: str) -> bool:
        """Make an item the chosen one (for a test, or a link from elsewhere); False if not shown."""
        row = self.model.row_of(content_id)
        if row is None:
            return False
        self.tiles.setCurrentIndex(self.model.index(row))
        return True

    def open_preview(self) -> None:
        if self.current_entry() is None:
            return
        dialog = ContentPreviewDialog(self.preview, self)
        self._open_dialog(dialog)

    def send_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        dialog = SendToDialog(self.ops, entry.id, entry.title, Purpose.send, self)
        dialog.sent.connect(self._sent)
        self._open_dialog(dialog)

    def _sent(self, count: int) -> None:
        self.preview.notice.setText(self.tr("Logged on %n customer(s)' timeline.", "", count))

    def choose_customer(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.paste_text:
            return
        if not has_placeholders(entry.paste_text):  # nothing to fill in: say so, ask nobody
            self.preview.notice.setText(
                self.tr("“%1” names no customer: copy it as it is (Ctrl+C).").replace("%1", entry.title)
            )
            return
        dialog = SendToDialog(self.ops, entry.id, entry.title, Purpose.copy_for, self)
        dialog.picked.connect(self.preview.set_customer)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: SendToDialog | ContentPreviewDialog) -> None:
        """Window-modal and non-blocking; the focus comes back to the tiles when it closes."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed())
        self.active_dialog = dialog
        dialog.open()

    def _dialog_closed(self) -> None:
        self.active_dialog = None
        self.tiles.setFocus(Qt.FocusReason.OtherFocusReason)
