"""Noticing that nobody has touched the app for a while, so a shared store PC can lock the book."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

# What counts as someone at the PC: keys, clicks, the wheel, moving the mouse, touch.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits `went_idle` once no keyboard or mouse input has reached the app for `lock_minutes()`
    (the PC's setting, as the app holds it; 0 never locks). `idle_after_ms` overrides it (tests)."""

    went_idle = Signal()

    def __init__(
        self,
        app: QApplication,
        lock_minutes: Callable[[], int],
        parent: QObject | None = None,
        *,
        idle_after_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._lock_minutes = lock_minutes
        self._override_ms = idle_after_ms
        self._idle_ms = 0
        self._last_input = time.monotonic()
        # The filter only notes the time: every mouse move passes through it, so it must be cheap;
        # the timer then decides whether the quiet has lasted long enough.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)

    @property
    def watching(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Start (or restart with the PC's current setting) counting from now."""
        self.stop()
        minutes = self._lock_minutes()
        self._idle_ms = self._override_ms if self._override_ms is not None else minutes * 60_000
        if self._idle_ms <= 0:
            return
        self._last_input = time.monotonic()
        self._app.installEventFilter(self)
        self._timer.start(self._idle_ms)

    def stop(self) -> None:
        self._timer.stop()
        self._app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _check(self) -> None:
        quiet_ms = (time.monotonic() - self._last_input) * 1000
        if quiet_ms >= self._idle_ms:
            self.stop()
            self.went_idle.emit()
        else:  # input came meanwhile (or a coarse timer fired a little early): wait out the rest
            self._timer.start(max(1, math.ceil(self._idle_ms - quiet_ms)))
