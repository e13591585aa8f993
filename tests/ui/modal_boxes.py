"""Answering the modal box or dialog a click opens, as a guide would, from inside its own event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

#: A modal window that never comes is a failing test, not a hang.
GIVE_UP_AFTER = 500  # tries, 10 ms apart


def answer_next_modal(answer: Callable[[QWidget], None], seen: list[QWidget] | None = None) -> None:
    """Once a modal window opens (after this call), hand it to `answer`; `seen` collects it."""
    tries = [0]
    before = QApplication.activeModalWidget()

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is before:
            tries[0] += 1
            if tries[0] < GIVE_UP_AFTER:
                QTimer.singleShot(10, look)
            return
        if seen is not None:
            seen.append(modal)
        answer(modal)

    QTimer.singleShot(0, look)


def press(button: str | QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    """An answer that clicks a message box's button: a standard one, or one named by objectName."""

    def answer(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        found = modal.findChild(QAbstractButton, button) if isinstance(button, str) else modal.button(button)
        assert found is not None
        found.click()

    return answer
