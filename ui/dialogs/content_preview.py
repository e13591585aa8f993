"""One content item shown whole: a poster at full quality, a script's words, a product card, a video's frame.

`ContentPreview` is the pane beside the library; `ContentPreviewDialog` shows the same at the size
of the window. Pictures are decoded by the view's `ImageLoader` off the UI thread; a video's
first frame and duration come from `VideoProbe` (Qt Multimedia's FFmpeg threads). The pane copies
what it shows to the clipboard (text, picture, or both in one QMimeData, so WeCom pastes both),
filling a script's placeholders for the customer chosen "for", and counts each copy for HQ.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.content import ContentEntry, Validity, has_placeholders
from guide_app.calls.content import record_content_copied, script_for
from guide_app.protocol import ContentKind
from guide_app.sync.assets import FileProgress, FileState
from ui.messages import describe_code, describe_problem
from ui.models.content import PICTURE_KINDS, kind_words, validity_words, yuan
from ui.ops import Ops, Running
from ui.thumbnails import ImageLoader, VideoProbe

# The placeholders HQ's scripts use (guide_app.book.content.fill_placeholders), as the guide sees them.
PLACEHOLDERS = "{称呼} {姓} {姓名}"


def megabytes(size: int) -> str:
    """A file's size as a guide reads it: 850 KB, 12.4 MB."""
    if size < 1_048_576:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1_048_576:.1f} MB"


def duration_words(milliseconds: int) -> str:
    seconds = max(0, milliseconds // 1000)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class PictureLabel(QLabel):
    """A picture scaled to fit, redrawn from the full image at each size so it stays crisp."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(QSize(160, 120))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.image.isNull():
            self.setPixmap(QPixmap())
            return
        ratio = self.devicePixelRatioF()
        target = self.size() * ratio
        scaled = self.image
        if self.image.width() > target.width() or self.image.height() > target.height():
            scaled = self.image.scaled(
                target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)


class ContentPreview(QWidget):
    """The chosen item, whole, with its copy, send, open and retry buttons."""

    send_requested = Signal(str)  # content id: the view opens "Send to…"
    choose_customer_requested = Signal()  # the view opens the one-customer picker
    retry_requested = Signal(str)  # content id: fetch its file again
    copied = Signal(str)  # what the guide is told after a copy

    def __init__(self, ops: Ops, loader: ImageLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.loader = ops, loader
        self.entry: ContentEntry | None = None
        self.file: FileProgress | None = None
        self.text = ""  # the words to paste, filled in for `customer_id` when one is chosen
        self.customer_id: str | None = None
        self.customer_name = ""
        self.video_duration_ms: int | None = None
        self._probe: VideoProbe | None = None
        self._filling: Running[str] | None = None
        self._build()
        loader.image_ready.connect(self._image_ready)
        self.show_entry(None, None)

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        self.picture = PictureLabel(self)
        self.picture.setStyleSheet("background: #f3f4f6; border-radius: 4px;")
        layout.addWidget(self.picture, 3)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setOpenExternalLinks(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout.addWidget(self.details)
        self.words = QTextBrowser(self)
        self.words.setOpenExternalLinks(True)
        self.words.setAccessibleName(self.tr("Words to paste"))
        layout.addWidget(self.words, 2)
        layout.addLayout(self._build_file_row())
        layout.addLayout(self._build_customer_row())
        layout.addLayout(self._build_buttons())
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #1b5e20;")
        layout.addWidget(self.notice)
        layout.addStretch(0)  # takes the room only when neither a picture nor words are shown

    def _build_file_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.file_label = QLabel(self)
        self.file_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.retry_button = QPushButton(self.tr("&Retry download"), self)
        self.retry_button.setToolTip(self.tr("Fetch this file from HQ again (Ctrl+R)"))
        self.retry_button.clicked.connect(self._retry)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.progress)
        row.addWidget(self.retry_button)
        return row

    def _build_customer_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.for_label = QLabel(self)
        self.for_button = QPushButton(self.tr("For &customer…"), self)
        self.for_button.setToolTip(
            self.tr("Fill %1 in for one customer (Ctrl+K)").replace("%1", PLACEHOLDERS)
        )
        self.for_button.clicked.connect(self.choose_customer_requested.emit)
        self.clear_for_button = QPushButton(self.tr("Clear"), self)
        self.clear_for_button.clicked.connect(lambda: self.set_customer(None, ""))
        row.addWidget(self.for_label, 1)
        row.addWidget(self.for_button)
        row.addWidget(self.clear_for_button)
        return row

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.copy_text_button = QPushButton(self.tr("Copy &text"), self)
        self.copy_text_button.setToolTip(self.tr("Copy the words to paste in WeCom (Ctrl+C)"))
        self.copy_text_button.clicked.connect(self.copy_text)
        self.copy_image_button = QPushButton(self.tr("Copy &picture"), self)
        self.copy_image_button.setToolTip(self.tr("Copy the picture to paste in WeCom (Ctrl+Shift+C)"))
        self.copy_image_button.clicked.connect(self.copy_image)
        self.copy_both_button = QPushButton(self.tr("Copy &both"), self)
        self.copy_both_button.setToolTip(self.tr("Copy the picture and its words together (Ctrl+B)"))
        self.copy_both_button.clicked.connect(self.copy_both)
        self.send_button = QPushButton(self.tr("&Send to…"), self)
        self.send_button.setToolTip(self.tr("Log that you sent it to customers (Ctrl+Enter)"))
        self.send_button.clicked.connect(self._send)
        self.open_button = QPushButton(self.tr("&Open in player"), self)
        self.open_button.setToolTip(self.tr("Play the video in this PC's player"))
        self.open_button.clicked.connect(self.open_in_player)
        for button in (
            self.copy_text_button,
            self.copy_image_button,
            self.copy_both_button,
            self.send_button,
            self.open_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        return row

    # ----------------------------------------------------------------------------------- showing

    def show_entry(self, entry: ContentEntry | None, file: FileProgress | None) -> None:
        """Show another item (or none); the customer chosen "for" stays for the next script."""
        changed = entry is None or self.entry is None or entry.id != self.entry.id
        moved = not changed and entry is not None and entry.local_path != self.entry.local_path  # type: ignore[union-attr]
        self.entry = entry
        if changed:
            self.file = file
            self._forget_pictures()
        self.text = entry.paste_text if entry is not None else ""
        self._show_frame(entry)
        self.show_file(file)
        self._refill()
        if entry is not None and (changed or moved):  # another item, or its file just came
            self._load_picture()

    def _forget_pictures(self) -> None:
        self.picture.set_image(QImage())
        self.video_duration_ms = None
        if self._probe is not None:
            self._probe.stop()
        self.notice.clear()

    def _show_frame(self, entry: ContentEntry | None) -> None:
        self.title.setText(entry.title if entry is not None else self.tr("Choose an item on the left"))
        self.meta.setText(self._meta(entry) if entry is not None else "")
        self.details.setText(self._details(entry) if entry is not None else "")
        self.details.setVisible(bool(self.details.text()))
        kind = entry.kind if entry is not None else ""
        self._show_file_parts()
        self.words.setVisible(bool(self.text))
        is_video = kind == ContentKind.video
        self.open_button.setVisible(is_video)
        self.copy_text_button.setVisible(bool(self.text))
        self.send_button.setEnabled(entry is not None)
        self._show_customer()

    def _meta(self, entry: ContentEntry) -> str:
        parts = [kind_words(entry.kind)]
        if entry.campaign:
            parts.append(entry.campaign)
        if entry.valid_until is not None:
            until = entry.valid_until.astimezone().strftime("%Y-%m-%d %H:%M")
            parts.append(self.tr("valid until %1").replace("%1", until))
        if entry.validity is not Validity.valid:
            parts.append(validity_words(entry.validity))
        if entry.tags:
            parts.append(" ".join(f"#{tag}" for tag in entry.tags))
        return " · ".join(parts)

    def _details(self, entry: ContentEntry) -> str:
        lines: list[str] = []
        if entry.product is not None:
            product = entry.product
            lines.append(f"<b>{escape(product.name)}</b>")
            lines.append(self.tr("SKU %1").replace("%1", escape(product.sku)))
            lines.append(f"<span style='font-size: 16px; color: #c62828;'>{yuan(product.price_fen)}</span>")
        if entry.link_url:
            url = escape(entry.link_url)
            lines.append(f"<a href='{url}'>{url}</a>")
        if entry.kind == ContentKind.video and self.video_duration_ms is not None:
            lines.append(self.tr("Duration %1").replace("%1", duration_words(self.video_duration_ms)))
        if entry.asset_size:
            lines.append(self.tr("File %1").replace("%1", megabytes(entry.asset_size)))
        return "<br>".join(lines)

    def _show_file_parts(self) -> None:
        """The picture and its copy buttons only once the file is here."""
        entry = self.entry
        here = (
            entry is not None and entry.has_file and (self.file is None or self.file.state is FileState.ready)
        )
        picture = here and entry is not None and entry.kind in PICTURE_KINDS
        self.picture.setVisible(here)
        self.copy_image_button.setVisible(picture)
        self.copy_both_button.setVisible(picture and bool(self.text))
        self.open_button.setEnabled(here)

    def show_file(self, file: FileProgress | None) -> None:
        """The file's state: ready (nothing shown), waiting, downloading with its bytes, failed and why."""
        was_ready = self.file is None or self.file.state is FileState.ready
        self.file = file
        state = file.state if file is not None else FileState.ready
        self._show_file_parts()
        if state is FileState.ready and not was_ready:  # a file that just came is shown at once
            self._load_picture()
        self.progress.setVisible(state is FileState.downloading)
        self.retry_button.setVisible(state in (FileState.failed, FileState.waiting))
        self.file_label.setVisible(state is not FileState.ready)
        self.file_label.setStyleSheet("color: #b00020;" if state is FileState.failed else "color: #6b7280;")
        if file is None or state is FileState.ready:
            self.file_label.clear()
            return
        if state is FileState.downloading:
            total = file.total or 0
            self.progress.setRange(0, 1000 if total else 0)
            self.progress.setValue(int(1000 * file.done / total) if total else 0)
            self.file_label.setText(
                self.tr("Downloading: %1 of %2")
                .replace("%1", megabytes(file.done))
                .replace("%2", megabytes(total) if total else "?")
            )
        elif state is FileState.failed:
            sentence = describe_code(file.code) if file.code else describe_problem("file_failed")
            self.file_label.setText(
                self.tr("Not downloaded: %1 HQ or the network said: %2")
                .replace("%1", sentence)
                .replace("%2", file.reason)
            )
        else:
            self.file_label.setText(
                self.tr("Not on this PC yet: it comes with the next sync, or fetch it now.")
            )

    # ----------------------------------------------------------------------------------- pictures

    def _load_picture(self) -> None:
        entry = self.entry
        if (
            entry is None
            or entry.local_path is None
            or (self.file and self.file.state is not FileState.ready)
        ):
            return
        if entry.kind in PICTURE_KINDS:
            self.loader.load(entry.local_path)
        elif entry.kind == ContentKind.video:
            self._video_probe().probe(entry.local_path)

    def _video_probe(self) -> VideoProbe:
        if self._probe is None:
            self._probe = VideoProbe(self)
            self._probe.probed.connect(self._video_probed)
        return self._probe

    def _image_ready(self, path: str, image: QImage) -> None:
        if self.entry is not None and self.entry.local_path == path:
            self.picture.set_image(image)

    def _video_probed(self, path: str, frame: QImage, duration_ms: int) -> None:
        if self.entry is None or self.entry.local_path != path:
            return
        self.video_duration_ms = duration_ms
        self.picture.set_image(frame)
        if not frame.isNull():
            self.loader.put_thumbnail(path, frame)  # the library's tile shows it from now on
        self.details.setText(self._details(self.entry))
        self.details.setVisible(True)

    def open_in_player(self) -> None:
        if self.entry is not None and self.entry.local_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.entry.local_path))

    # ----------------------------------------------------------------------------------- customer

    def set_customer(self, customer_id: str | None, name: str) -> None:
        self.customer_id, self.customer_name = customer_id, name
        self._show_customer()
        self._refill()

    def _show_customer(self) -> None:
        scripted = self.entry is not None and has_placeholders(self.entry.paste_text)
        self.for_button.setVisible(scripted)
        self.clear_for_button.setVisible(scripted and self.customer_id is not None)
        self.for_label.setVisible(scripted)
        if self.customer_id is None:
            self.for_label.setText(
                self.tr("%1 are filled in for the customer you choose.").replace("%1", PLACEHOLDERS)
            )
        else:
            self.for_label.setText(self.tr("For %1").replace("%1", self.customer_name))

    def _refill(self) -> None:
        """The words as they will be pasted: filled in for the chosen customer, off the UI thread."""
        entry = self.entry
        base = entry.paste_text if entry is not None else ""
        self.words.setPlainText(base)
        if self._filling is not None:
            self._filling.discard()
            self._filling = None
        if entry is None or self.customer_id is None or not has_placeholders(base):
            self.text = base
            return
        content_id, customer_id = entry.id, self.customer_id
        self._filling = self.ops.query(
            lambda book: script_for(book, content_id, customer_id), self._filled, name="fill script"
        )

    def _filled(self, text: str) -> None:
        self._filling = None
        self.text = text
        self.words.setPlainText(text)

    # ----------------------------------------------------------------------------------- copying

    @property
    def filling(self) -> bool:
        return self._filling is not None

    def copy_text(self) -> None:
        if self.entry is None or not self.text:
            return
        mime = QMimeData()
        mime.setText(self.text)
        self._copy(mime)

    def copy_image(self) -> None:
        if self._picture_missing():
            return
        mime = QMimeData()
        mime.setImageData(self.picture.image)
        self._copy(mime)

    def copy_both(self) -> None:
        """The picture and the words in one clipboard entry: WeCom pastes both."""
        if self._picture_missing():
            return
        mime = QMimeData()
        mime.setImageData(self.picture.image)
        if self.text:
            mime.setText(self.text)
        self._copy(mime)

    def _picture_missing(self) -> bool:
        if self.entry is None or self.entry.kind not in PICTURE_KINDS:
            return True
        if self.picture.image.isNull():
            self.notice.setText(self.tr("The picture is not ready yet: wait for it to show, then copy."))
            return True
        return False

    def _copy(self, mime: QMimeData) -> None:
        entry = self.entry
        if entry is None or self.filling:
            return
        QGuiApplication.clipboard().setMimeData(mime)
        content_id = entry.id
        self.ops.write(lambda book: record_content_copied(book, content_id), name="count content copy")
        said = self.tr("Copied “%1”: paste it in WeCom.").replace("%1", entry.title)
        self.notice.setText(said)
        self.copied.emit(said)

    def _send(self) -> None:
        if self.entry is not None:
            self.send_requested.emit(self.entry.id)

    def _retry(self) -> None:
        if self.entry is not None:
            self.retry_requested.emit(self.entry.id)


class ContentPreviewDialog(QDialog):
    """The item at the size of the window (Enter or a double click on a tile); Escape closes it."""

    def __init__(self, preview: ContentPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entry = preview.entry
        self.setWindowTitle(entry.title if entry is not None else "")
        layout = QVBoxLayout(self)
        self.picture = PictureLabel(self)
        self.picture.set_image(preview.picture.image)
        layout.addWidget(self.picture, 1)
        if preview.text:
            words = QTextBrowser(self)
            words.setPlainText(preview.text)
            words.setMaximumHeight(140)
            layout.addWidget(words)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if parent is not None:
            self.resize(parent.window().size() * 0.9)
