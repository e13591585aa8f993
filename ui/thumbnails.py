"""Pictures of content files decoded off the UI thread: thumbnails for the library, whole images for previews.

A poster of 3000×4000 pixels takes ~100 ms to decode whole; `QImageReader.setScaledSize` lets the
JPEG decoder skip most of that work for a thumbnail (~8 ms). Either way it happens on a pool
thread and the finished `QImage` (safe to hand between threads, unlike a QPixmap) comes back by a
queued signal. Thumbnails are kept, a bounded number, so scrolling back never decodes again.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections import OrderedDict, deque

from PySide6.QtCore import QObject, QSize, Qt, QThread, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QImageReader

THUMBNAIL_SIZE = QSize(160, 120)
# 160×120×4 bytes is 75 KiB a thumbnail: 1,500 of them are ~110 MiB at most, and a library
# scrolled end to end (500 items) stays decoded.
KEPT_THUMBNAILS = 1_500
DECODING_THREADS = 2  # the store PC has two cores; the UI thread keeps one for itself


# Leading bytes of the formats posters come in. A content file is named by its sha256, with no
# suffix, so without a format QImageReader asks every image plugin whether the file is theirs; the
# SVG plugin's check connects a signal, which takes a Qt lock while this thread holds the GIL. The
# UI thread, inside a disconnect under that lock, then waited for the GIL: the two threads hung
# for good once (tests/ui/test_content_heartbeat.py, 2026-12-01). Named, the format needs no probe.
_SIGNATURES = (
    (b"\xff\xd8\xff", b"jpeg"),
    (b"\x89PNG\r\n\x1a\n", b"png"),
    (b"GIF87a", b"gif"),
    (b"GIF89a", b"gif"),
    (b"BM", b"bmp"),
)


def image_format(path: str) -> bytes:
    """The image format of the file at `path` by its first bytes; b"" when it is none of the usual."""
    try:
        with open(path, "rb") as file:
            head = file.read(12)
    except OSError:
        return b""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return b"webp"
    return next((name for signature, name in _SIGNATURES if head.startswith(signature)), b"")


def read_image(path: str, fit: QSize | None = None) -> QImage:
    """The image at `path`, decoded at the size that fits `fit` (whole when None); a null QImage
    when it is no image this Qt can read. Runs on any thread."""
    reader = QImageReader(path, image_format(path))
    reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
    if fit is not None:
        size = reader.size()
        if size.isValid() and (size.width() > fit.width() or size.height() > fit.height()):
            reader.setScaledSize(size.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return image if not image.isNull() else QImage()


class _Decoded(QObject):
    """Carries a finished picture from a decoding thread to the UI thread."""

    done = Signal(str, object, object)  # path, QImage, QSize | None (the fit asked for)


class _Batch:
    """Thumbnails a worker thread waits for together (a screenful, before its first paint)."""

    def __init__(self, wanted: int) -> None:
        self.wanted = wanted
        self.images: dict[str, QImage] = {}


Batch = _Batch  # what `ImageLoader.start_thumbnails` gives to wait for

# A picture waiting: its path, the fit asked for (None: whole), and the batch waiting for it
# (None: it goes to the UI thread by the carrier's signal).
_Work = tuple[str, QSize | None, _Batch | None]


class _DecodeQueue:
    """The pictures waiting for a decoding thread, shared by the loader and its threads (which
    hold this, never the loader, so a deleted loader only has to close it)."""

    def __init__(self, carrier: _Decoded) -> None:
        self.carrier = carrier
        self.work: deque[_Work] = deque()
        self.ready = threading.Condition()
        self.busy = 0
        self.closed = False

    def decode_forever(self) -> None:
        while True:
            with self.ready:
                while not self.work and not self.closed:
                    self.ready.wait()
                if self.closed:
                    return
                path, fit, batch = self.work.popleft()
                self.busy += 1
            image = QImage()
            try:
                image = read_image(path, fit)
                if batch is None and not self.closed:
                    self.carrier.done.emit(path, image, fit)
            finally:
                with self.ready:
                    if batch is not None:
                        batch.images[path] = image
                    self.busy -= 1
                    self.ready.notify_all()

    def start_together(self, paths: list[str], fit: QSize) -> _Batch:
        """Queue `paths` ahead of anything queued, to be waited for together."""
        paths = list(dict.fromkeys(paths))  # a path twice would be waited for twice
        batch = _Batch(len(paths))
        with self.ready:
            self.work.extendleft((path, fit, batch) for path in reversed(paths))
            self.ready.notify_all()
        return batch

    def wait_for(self, batch: _Batch) -> dict[str, QImage]:
        """What `batch` decoded, all of it unless the queue was closed meanwhile."""
        with self.ready:
            while len(batch.images) < batch.wanted and not self.closed:
                self.ready.wait()
            return dict(batch.images)

    def close(self) -> None:
        with self.ready:
            self.closed = True
            self.work.clear()
            self.ready.notify_all()


class ImageLoader(QObject):
    """Decodes pictures on its own threads. `thumbnail(path)` answers from the cache or queues a
    decode and answers None; `thumbnail_ready(path)` follows. `load(path)` decodes a whole image
    and answers with `image_ready(path, QImage)`.

    A paint asks for a dozen thumbnails; they are queued and the decoding threads woken once,
    after the paint (starting a pool task per tile from the paint held the UI thread ~7 ms a
    tile on a loaded 2-core PC: each new task took the GIL straight away)."""

    thumbnail_ready = Signal(str)
    image_ready = Signal(str, object)  # path, QImage (null when unreadable)

    def __init__(self, parent: QObject | None = None, size: QSize = THUMBNAIL_SIZE) -> None:
        super().__init__(parent)
        self.size = size
        self._thumbnails: OrderedDict[str, QImage] = OrderedDict()
        self._pending: set[str] = set()
        self._asked: list[_Work] = []  # since the last wake-up
        # Not parented: the threads may still emit on it while the loader is being deleted.
        self._carrier = _Decoded()
        self._carrier.done.connect(self._decoded, Qt.ConnectionType.QueuedConnection)
        self._queue = _DecodeQueue(self._carrier)
        self._wake = QTimer(self)
        self._wake.setSingleShot(True)
        self._wake.setInterval(0)
        self._wake.timeout.connect(self._hand_over)
        for number in range(DECODING_THREADS):
            threading.Thread(
                target=self._queue.decode_forever, name=f"guide-pictures-{number}", daemon=True
            ).start()
        self.destroyed.connect(self._queue.close)

    def thumbnail(self, path: str) -> QImage | None:
        image = self._thumbnails.get(path)
        if image is not None:
            self._thumbnails.move_to_end(path)
            return image
        if path not in self._pending:
            self._pending.add(path)
            self._asked.append((path, self.size, None))
            self._wake.start()
        return None

    def cached(self, path: str) -> QImage | None:
        """The thumbnail kept for `path`, without decoding anything (a video's, made elsewhere)."""
        return self._thumbnails.get(path)

    def start_thumbnails(self, paths: list[str]) -> Batch:
        """Start decoding the thumbnails of `paths` ahead of anything queued, for a worker job that
        hands a screenful to its first paint (`wait_for_thumbnails`). Any thread."""
        return self._queue.start_together(paths, self.size)

    def wait_for_thumbnails(self, batch: Batch) -> dict[str, QImage]:
        """The thumbnails `start_thumbnails` asked for, once all are decoded. Never on the UI thread."""
        return self._queue.wait_for(batch)

    def keep_thumbnails(self, images: dict[str, QImage]) -> None:
        """Thumbnails decoded by `decode_thumbnails`, kept before the tiles that show them are drawn
        (so no signal: nothing drawn yet waits for them)."""
        for path, image in images.items():
            self._pending.discard(path)
            self._keep(path, image)

    def put_thumbnail(self, path: str, image: QImage) -> None:
        """A picture made elsewhere (a video's first frame), kept as the file's thumbnail."""
        fitted = image.scaled(
            self.size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self._keep(path, fitted)
        self.thumbnail_ready.emit(path)

    def load(self, path: str) -> None:
        """Decode a whole picture; it goes before the thumbnails (the guide is waiting for it)."""
        queue = self._queue
        with queue.ready:
            queue.work.appendleft((path, None, None))
            queue.ready.notify()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """For shutting down and for tests: wait until every decode asked for is done."""
        self._hand_over()
        queue, deadline = self._queue, time.monotonic() + timeout
        with queue.ready:
            while queue.work or queue.busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                queue.ready.wait(left)
        return True

    def _hand_over(self) -> None:
        if not self._asked:
            return
        with self._queue.ready:
            self._queue.work.extend(self._asked)
            self._queue.ready.notify_all()
        self._asked = []

    def _decoded(self, path: str, image: QImage, fit: QSize | None) -> None:
        if fit is None:
            self.image_ready.emit(path, image)
            return
        self._pending.discard(path)
        self._keep(path, image)
        self.thumbnail_ready.emit(path)

    def _keep(self, path: str, image: QImage) -> None:
        self._thumbnails[path] = image
        self._thumbnails.move_to_end(path)
        while len(self._thumbnails) > KEPT_THUMBNAILS:
            self._thumbnails.popitem(last=False)


_multimedia_loaded = threading.Event()
_multimedia_lock = threading.Lock()


def load_multimedia() -> None:
    """Load Qt Multimedia and its FFmpeg plugin (~130 ms on a store PC, most of it with the GIL
    held). Called on a background thread when the content view is made, so the first video
    preview never waits for it; safe to call again from any thread."""
    with _multimedia_lock:
        if _multimedia_loaded.is_set():
            return
        from PySide6.QtMultimedia import QMediaPlayer

        QMediaPlayer()  # the first player loads the backend plugin; later ones cost ~0.1 ms
        _multimedia_loaded.set()


def load_multimedia_in_background() -> None:
    if not _multimedia_loaded.is_set():
        threading.Thread(target=load_multimedia, name="guide-multimedia", daemon=True).start()


def multimedia_loaded(timeout: float | None = None) -> bool:
    return _multimedia_loaded.wait(timeout)


class _FrameCatcher(QObject):
    """Turns the first video frame into a QImage on a thread of its own (a 1280×720 frame's
    conversion is ~20 ms of CPU), then hands the image to the UI thread. Frames reach it queued:
    a Python slot called directly on FFmpeg's thread would wait for the GIL while the UI thread,
    holding it, waits in QMediaPlayer.stop() for that very thread."""

    caught = Signal(object)  # QImage

    def __init__(self) -> None:
        super().__init__()
        self.armed = threading.Event()

    def frame_arrived(self, frame: object) -> None:
        if not self.armed.is_set() or not frame.isValid():  # type: ignore[attr-defined]
            return
        self.armed.clear()
        self.caught.emit(frame.toImage())  # type: ignore[attr-defined]


# Frame threads still running. Qt aborts the process when a running QThread's object is destroyed,
# which at interpreter exit happened before the probe's own `destroyed` could stop it.
_RUNNING_FRAME_THREADS: list[QThread] = []


def _stop_thread(thread: QThread) -> None:
    thread.quit()
    thread.wait()
    if thread in _RUNNING_FRAME_THREADS:
        _RUNNING_FRAME_THREADS.remove(thread)


@atexit.register
def _stop_frame_threads() -> None:
    for thread in list(_RUNNING_FRAME_THREADS):
        _stop_thread(thread)


class VideoProbe(QObject):
    """A video's first frame and duration, read by Qt Multimedia's FFmpeg backend on its own
    threads: a 50 MB file is opened and one frame decoded without holding the UI thread. One
    video at a time; asking for another drops the first. Nothing plays aloud (no audio output)."""

    probed = Signal(str, object, int)  # path, first frame (QImage, null if none came), duration ms
    FRAME_WAIT_MS = 10_000  # a broken file may never give a frame: answer without one then

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        load_multimedia()  # at once if the view's background load has finished, as it should have
        from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        self._frames_thread = QThread()
        self._frames_thread.setObjectName("guide-video-frames")
        self._catcher = _FrameCatcher()
        self._catcher.moveToThread(self._frames_thread)
        self._frames_thread.start()
        _RUNNING_FRAME_THREADS.append(self._frames_thread)
        thread = self._frames_thread
        self.destroyed.connect(lambda: _stop_thread(thread))
        self._sink.videoFrameChanged.connect(self._catcher.frame_arrived, Qt.ConnectionType.QueuedConnection)
        self._catcher.caught.connect(self._answer, Qt.ConnectionType.QueuedConnection)
        self._player.errorOccurred.connect(lambda _error, _text: self._answer(QImage()))
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(self.FRAME_WAIT_MS)
        self._timeout.timeout.connect(lambda: self._answer(QImage()))
        self.path: str | None = None

    def probe(self, path: str) -> None:
        self.path = path
        self._timeout.start()
        self._catcher.armed.set()
        self._player.setSource(QUrl.fromLocalFile(path))
        self._player.play()  # plays into the sink only, and stops at the first frame

    def close(self) -> None:
        """Stop and let the frame thread end (the app quitting, a test's teardown)."""
        self.stop()
        _stop_thread(self._frames_thread)

    def stop(self) -> None:
        self.path = None
        self._catcher.armed.clear()
        self._timeout.stop()
        self._player.stop()
        self._player.setSource(QUrl())

    def _answer(self, image: QImage) -> None:
        path = self.path
        if path is None:
            return
        duration = int(self._player.duration())
        self.stop()
        self.probed.emit(path, image, duration)
