"""Qt model of the content library as the guide narrowed it: one row per item, its thumbnail, its file."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage

from guide_app.book.content import ContentEntry, Validity
from guide_app.protocol import ContentKind
from guide_app.sync.assets import FileProgress, FileState
from ui.i18n import QT_TRANSLATE_NOOP
from ui.thumbnails import ImageLoader

Index = QModelIndex | QPersistentModelIndex

KIND_WORDS: dict[str, str] = {
    ContentKind.image: QT_TRANSLATE_NOOP("ContentModel", "Image"),
    ContentKind.poster: QT_TRANSLATE_NOOP("ContentModel", "Poster"),
    ContentKind.video: QT_TRANSLATE_NOOP("ContentModel", "Video"),
    ContentKind.product_card: QT_TRANSLATE_NOOP("ContentModel", "Product card"),
    ContentKind.script: QT_TRANSLATE_NOOP("ContentModel", "Script"),
    ContentKind.link: QT_TRANSLATE_NOOP("ContentModel", "Link"),
}
VALIDITY_WORDS: dict[Validity, str] = {
    Validity.valid: "",
    Validity.expired: QT_TRANSLATE_NOOP("ContentModel", "Expired"),
    Validity.not_yet: QT_TRANSLATE_NOOP("ContentModel", "Not yet valid"),
}
# Kinds whose file is a picture the loader can decode into a thumbnail.
PICTURE_KINDS = frozenset({ContentKind.image.value, ContentKind.poster.value})


def kind_words(kind: str) -> str:
    source = KIND_WORDS.get(kind)
    return QCoreApplication.translate("ContentModel", source) if source else kind


def validity_words(validity: Validity) -> str:
    source = VALIDITY_WORDS[validity]
    return QCoreApplication.translate("ContentModel", source) if source else ""


def picture_of(entry: ContentEntry, files: dict[str, FileProgress]) -> str | None:
    """The local file whose picture is the item's thumbnail, once the file is here."""
    progress = files.get(entry.id)
    if entry.local_path is None or progress is None or progress.state is not FileState.ready:
        return None
    return entry.local_path


def first_pictures(entries: list[ContentEntry], files: dict[str, FileProgress], tiles: int) -> list[str]:
    """The pictures the first `tiles` tiles decode into thumbnails (a video's frame is not one)."""
    pictures = (picture_of(entry, files) for entry in entries[:tiles] if entry.kind in PICTURE_KINDS)
    return [path for path in pictures if path is not None]


def yuan(fen: int) -> str:
    """¥ with two decimals, from integer fen."""
    return f"¥{fen // 100:,}.{fen % 100:02d}"


class ContentRole(IntEnum):
    entry = Qt.ItemDataRole.UserRole + 1  # ContentEntry
    file = Qt.ItemDataRole.UserRole + 2  # FileProgress, or None for an item without a file


class ContentModel(QAbstractListModel):
    """The items shown, newest first. Thumbnails come from the loader as they are decoded."""

    def __init__(self, loader: ImageLoader, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.loader = loader
        self.entries: list[ContentEntry] = []
        self.files: dict[str, FileProgress] = {}
        self._rows_of_path: dict[str, list[int]] = {}
        loader.thumbnail_ready.connect(self._thumbnail_ready)

    def replace(self, entries: list[ContentEntry], files: dict[str, FileProgress]) -> None:
        """New rows; when the same items come back in the same order (a file's progress, a
        download done), the rows are only updated, so the selection and scroll stay put."""
        if [entry.id for entry in entries] == [entry.id for entry in self.entries]:
            self.entries, self.files = list(entries), dict(files)
            self._index_paths()
            if entries:
                self.dataChanged.emit(self.index(0), self.index(len(entries) - 1))
            return
        self.beginResetModel()
        self.entries, self.files = list(entries), dict(files)
        self._index_paths()
        self.endResetModel()

    def row_of(self, content_id: str) -> int | None:
        return next((row for row, entry in enumerate(self.entries) if entry.id == content_id), None)

    def file_of(self, entry: ContentEntry) -> FileProgress | None:
        return self.files.get(entry.id)

    def picture_path(self, entry: ContentEntry) -> str | None:
        """The local file whose picture is the item's thumbnail, once the file is here."""
        return picture_of(entry, self.files)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{kind_words(entry.kind)}: {entry.title}"
        if role == ContentRole.entry:
            return entry
        if role == ContentRole.file:
            return self.files.get(entry.id)
        return None

    def _thumbnail(self, entry: ContentEntry) -> QImage | None:
        path = self.picture_path(entry)
        if path is None:
            return None
        if entry.kind in PICTURE_KINDS:
            return self.loader.thumbnail(path)
        return self.loader.cached(path)  # a video's frame, once a preview has grabbed it

    def _tooltip(self, entry: ContentEntry) -> str:
        parts = [entry.title, kind_words(entry.kind)]
        if entry.campaign:
            parts.append(entry.campaign)
        if entry.tags:
            parts.append(" ".join(f"#{tag}" for tag in entry.tags))
        marked = validity_words(entry.validity)
        if marked:
            parts.append(marked)
        return "\n".join(parts)

    def _index_paths(self) -> None:
        self._rows_of_path = {}
        for row, entry in enumerate(self.entries):
            if entry.local_path is not None:
                self._rows_of_path.setdefault(entry.local_path, []).append(row)

    def _thumbnail_ready(self, path: str) -> None:
        for row in self._rows_of_path.get(path, ()):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
