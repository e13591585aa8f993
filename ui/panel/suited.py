"""The scripts and content suited to the customer's stage: one click (or Ctrl+1..9) copies one for WeCom."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from guide_app.book.content import ContentPiece
from guide_app.calls.content import record_content_copied
from guide_app.protocol import ContentKind
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe
from ui.ops import Ops

CONTEXT = "SuitedContent"
# Ctrl+1..9 copy the first nine items.
NUMBERED = 9
COPY_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)

# Kinds copied as their picture (a video is sent from the content library, not pasted).
PICTURE_KINDS = frozenset({ContentKind.poster, ContentKind.image})

CONTENT_KIND_WORDS: dict[str, str] = {
    ContentKind.script: QT_TRANSLATE_NOOP("SuitedContent", "Script"),
    ContentKind.poster: QT_TRANSLATE_NOOP("SuitedContent", "Poster"),
    ContentKind.image: QT_TRANSLATE_NOOP("SuitedContent", "Image"),
    ContentKind.product_card: QT_TRANSLATE_NOOP("SuitedContent", "Product"),
    ContentKind.video: QT_TRANSLATE_NOOP("SuitedContent", "Video"),
    ContentKind.link: QT_TRANSLATE_NOOP("SuitedContent", "Link"),
}


def content_kind_words(kind: str) -> str:
    """A content kind as the guide says it (a kind from a newer HQ shows as sent)."""
    source = CONTENT_KIND_WORDS.get(kind)
    return QCoreApplication.translate(CONTEXT, source) if source is not None else kind


class SuitedContentList(QWidget):
    """Lists the pieces; `copied(title)` once a piece is on the clipboard, `problem(sentence)` if it
    cannot be (a poster not downloaded yet) or its copy could not be counted."""

    copied = Signal(str)
    problem = Signal(str)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.pieces: list[ContentPiece] = []
        self.heading = QLabel(self.tr("For this stage"), self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Scripts and content for this stage"))
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Clicks only: itemActivated would also fire on a double click and count two copies.
        self.list.itemClicked.connect(lambda item: self.copy(self.list.row(item)))
        self.list.installEventFilter(self)
        self.empty_label = QLabel(self.tr("No scripts or content for this stage yet."), self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(dark);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        self.empty_label.hide()

    def show_pieces(self, pieces: list[ContentPiece]) -> None:
        self.pieces = pieces
        self.list.clear()
        for number, piece in enumerate(pieces, start=1):
            key = f"{number}  " if number <= NUMBERED else "    "
            item = QListWidgetItem(f"{key}[{content_kind_words(piece.kind)}] {piece.title}", self.list)
            item.setToolTip(piece.text or piece.title)
        self.list.setVisible(bool(pieces))
        self.empty_label.setVisible(not pieces)

    def copy(self, row: int) -> None:
        """Put the piece on the clipboard and count the copy for HQ: a picture with its words in one
        entry (WeCom pastes both), else the words."""
        if not 0 <= row < len(self.pieces):
            return
        piece = self.pieces[row]
        self.list.setCurrentRow(row)
        mime = QMimeData()
        if piece.kind in PICTURE_KINDS:
            image = QImage(piece.local_path) if piece.local_path else QImage()
            if image.isNull():
                self.problem.emit(
                    self.tr("This picture is not on this PC yet: sync (F5) in the main window.")
                )
                return
            mime.setImageData(image)
        if piece.text:
            mime.setText(piece.text)
        if not mime.formats():
            self.problem.emit(self.tr("This item has nothing to paste: open it in the content library."))
            return
        QGuiApplication.clipboard().setMimeData(mime)
        content_id = piece.id
        self.ops.write(
            lambda book: record_content_copied(book, content_id),
            failure=self._count_failed,
            name="count content copy",
        )
        self.copied.emit(piece.title)

    def _count_failed(self, error: BaseException) -> None:
        self.problem.emit(describe(error))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and isinstance(event, QKeyEvent) and _is_copy_key(event):
            self.copy(self.list.currentRow())
            return True
        return super().eventFilter(watched, event)


def _is_copy_key(event: QKeyEvent) -> bool:
    return event.type() == QEvent.Type.KeyPress and event.key() in COPY_KEYS
