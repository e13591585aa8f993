"""The tray icon: its menu (open, side panel, sync, quit) and the reminders it shows and opens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from guide_app.calls.reminders import ReminderKind
from ui.look import app_title
from ui.reminders import ReminderNotice

# How long a tray message stays up; the system may shorten it.
MESSAGE_MS = 15_000
BANNER_WIDTH = 320
BANNER_MARGIN = 12


def tray_available() -> bool:
    """Whether this desktop has a tray (a bare X session or a test's offscreen platform has none)."""
    return QSystemTrayIcon.isSystemTrayAvailable()


def app_icon() -> QIcon:
    """The app's mark, drawn here so no image file has to travel with the build."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#1a73e8"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRect(2, 2, 60, 60), 14, 14)
    font = QFont()
    font.setPixelSize(40)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(0, 0, 64, 64), Qt.AlignmentFlag.AlignCenter, "G")
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    """The tray icon and its menu. A reminder shows as a tray message (or, without a tray, as a
    notice over the window); clicking it emits `open_customer`, `open_task` or, for a summary of
    several, `open_today`. The app connects these to the window; `open_panel` to the side panel."""

    open_window = Signal()
    open_panel = Signal()
    sync_now = Signal()
    quit_requested = Signal()
    open_customer = Signal(str)  # customer id
    open_task = Signal(str)  # task id
    open_today = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = tray_available()
        self.last_notice: ReminderNotice | None = None
        self.banner: ReminderBanner | None = None  # the in-window notice, where there is no tray
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.menu = QMenu()  # a tray menu has no parent widget; this object keeps it alive
        self.open_action = QAction(self.menu)
        self.panel_action = QAction(self.menu)
        self.sync_action = QAction(self.menu)
        self.quit_action = QAction(self.menu)
        font = self.open_action.font()
        font.setBold(True)  # what a click on the icon does
        self.open_action.setFont(font)
        self.open_action.triggered.connect(self.open_window)
        self.panel_action.triggered.connect(self.open_panel)
        self.sync_action.triggered.connect(self.sync_now)
        self.quit_action.triggered.connect(self.quit_requested)
        for action in (self.open_action, self.panel_action, self.sync_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._icon_activated)
        self.icon.messageClicked.connect(self.open_last_reminder)
        self.retranslate()
        self.set_signed_in(False)
        if self.available:
            self.icon.show()

    def retranslate(self) -> None:
        """The words again, in the language now installed (after the guide changed it)."""
        self.icon.setToolTip(app_title())
        self.open_action.setText(self.tr("&Open Guide Desk"))
        self.panel_action.setText(self.tr("Side &panel"))
        self.sync_action.setText(self.tr("&Sync now"))
        self.quit_action.setText(self.tr("&Quit"))

    def set_signed_in(self, signed_in: bool) -> None:
        """The side panel and sync need a guide's book; opening and quitting work without one."""
        self.panel_action.setEnabled(signed_in)
        self.sync_action.setEnabled(signed_in)

    def show_reminder(self, notice: ReminderNotice, window: QWidget | None) -> None:
        """Show a reminder as a tray message; without a tray, as a notice over `window`."""
        self.last_notice = notice
        if self.available:
            self.icon.showMessage(
                notice.title(), notice.text(), QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS
            )
        elif window is not None:
            self._notice_in_window(notice, window)

    def show_message(self, text: str) -> None:
        """A passing word in the tray (that the app keeps running there)."""
        if self.available:
            self.icon.showMessage(app_title(), text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)

    def open_last_reminder(self) -> None:
        """What a click on the last reminder opens: its customer or task, or Today for several."""
        notice = self.last_notice
        if notice is None:
            return
        only = notice.only
        if only is None:
            self.open_today.emit()
        elif only.kind is ReminderKind.follow_up:
            self.open_customer.emit(only.target_id)
        else:
            self.open_task.emit(only.target_id)

    def _icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_window.emit()

    def _notice_in_window(self, notice: ReminderNotice, window: QWidget) -> None:
        if self.banner is None or self.banner.parentWidget() is not window:
            self.banner = ReminderBanner(window)
            self.banner.open_clicked.connect(self.open_last_reminder)
        self.banner.show_notice(notice)


class ReminderBanner(QFrame):
    """A reminder inside the window, at its bottom right, where there is no tray. It is a child
    of the window, not a window of its own, so it never takes the keyboard from the guide."""

    open_clicked = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("reminderBanner")
        self.setStyleSheet(
            "#reminderBanner { background: palette(base); border: 1px solid palette(dark);"
            " border-radius: 6px; }"
        )
        self.setFixedWidth(BANNER_WIDTH)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Open"), self)
        self.later_button = QPushButton(self.tr("&Later"), self)
        self.open_button.clicked.connect(self._open)
        self.later_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.later_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.hide()
        window.installEventFilter(self)  # follows the window's size

    def show_notice(self, notice: ReminderNotice) -> None:
        self.title.setText(notice.title())
        self.text.setText(notice.text())
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        window = self.parentWidget()
        if window is None:
            return
        # Above the status bar, where the sync state is shown.
        self.move(
            window.width() - self.width() - BANNER_MARGIN, window.height() - self.height() - 3 * BANNER_MARGIN
        )

    def _open(self) -> None:
        self.hide()
        self.open_clicked.emit()
