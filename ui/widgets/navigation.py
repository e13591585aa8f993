"""The list of pages down a window's left side, as the guide's window and the workspaces show it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

NAVIGATION_WIDTH = 128
NAVIGATION_FONT_PX = 15
NAVIGATION_PADDING_PX = 14


def navigation_list(titles: list[str], parent: QWidget) -> QListWidget:
    """A borderless list of the page titles, as wide as its longest title needs (English "My
    performance" is twice 我的业绩) and at least NAVIGATION_WIDTH."""
    navigation = QListWidget(parent)
    navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    navigation.setAccessibleName(QCoreApplication.translate("Navigation", "Navigation"))
    navigation.setStyleSheet(
        f"QListWidget {{ border: none; background: palette(window); font-size: {NAVIGATION_FONT_PX}px; }}"
        f"QListWidget::item {{ padding: 10px {NAVIGATION_PADDING_PX}px; }}"
    )
    for title in titles:
        QListWidgetItem(title, navigation)
    font = QFont(navigation.font())
    font.setPixelSize(NAVIGATION_FONT_PX)  # the style sheet's size, applied only when polished
    widest = max(QFontMetrics(font).horizontalAdvance(title) for title in titles)
    navigation.setFixedWidth(max(NAVIGATION_WIDTH, widest + 2 * NAVIGATION_PADDING_PX + 8))
    return navigation
