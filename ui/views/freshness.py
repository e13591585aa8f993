"""A view's reads kept fresh the cheap way: read when shown, one read for a burst of notices."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from guide_app.changes import Area, ChangeNotice
from ui.ops import Ops


class ReadWhenShown(QObject):
    """Calls `read` when the view is shown for the first time or after something it watches
    changed, and once for a burst of notices while it is shown (a sync sends several). A hidden
    view only notes that it is out of date: reading for every page nobody looks at would compete
    with the one the guide does."""

    def __init__(
        self,
        view: QWidget,
        ops: Ops,
        read: Callable[[], None],
        watched: Iterable[Area],
        burst_ms: int = 30,
    ) -> None:
        super().__init__(view)
        self._view, self._read, self._watched = view, read, tuple(watched)
        self.stale = True  # read when first shown
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(burst_ms)
        self._soon.timeout.connect(self.request)
        ops.changed.connect(self._changed)
        view.installEventFilter(self)

    def request(self) -> None:
        """Read now if the view is shown, else when it is shown next."""
        if not self._view.isVisible():
            self.stale = True
            return
        self.stale = False
        self._read()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() == QEvent.Type.Show and self.stale:
            self.request()
        return False

    def _changed(self, notice: ChangeNotice) -> None:
        if notice.touches(*self._watched):
            self._soon.start()
