"""A customer's tags as chips that wrap onto as many lines as the narrow panel needs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget

from guide_app.book.tags import TagSource, TagView

SPACING = 4
# HQ's tags (企业标签) and the guide's own (个人标签) look apart, as in WeCom.
CHIP_STYLES: dict[str, str] = {
    TagSource.hq: "background: #e3edfb; color: #174ea6; border-radius: 9px; padding: 1px 8px;",
    TagSource.personal: "background: #e6f4ea; color: #0d652d; border-radius: 9px; padding: 1px 8px;",
}


class FlowLayout(QLayout):
    """Lays its items left to right and starts a new line where the width runs out (Qt's example)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items (or only measure, when not `move`); the height they take."""
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x, y, line_height = rect.x(), y + line_height + SPACING, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + SPACING
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class TagChips(QWidget):
    """The tags of one customer; "no tags" when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)  # wrapped onto more lines, the chips need more height
        self.setSizePolicy(policy)
        self.names: list[str] = []

    def show_tags(self, tags: list[TagView]) -> None:
        while (item := self.flow.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.names = [tag.name for tag in tags]
        for tag in tags:
            chip = QLabel(tag.name, self)
            chip.setStyleSheet(CHIP_STYLES.get(tag.source, CHIP_STYLES[TagSource.personal]))
            chip.setToolTip(tag.group_name)
            self.flow.addWidget(chip)
        if not tags:
            none = QLabel(self.tr("No tags"), self)
            none.setStyleSheet("color: palette(mid);")
            self.flow.addWidget(none)
        self.updateGeometry()
