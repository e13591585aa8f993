"""The customer list's filter panel: tags (all of, any of or none of the ticked), stage, RFM segment."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.search import CustomerQuery
from guide_app.book.tags import TagView
from guide_app.calls.tags import all_tags
from guide_app.changes import Area, ChangeNotice
from guide_app.protocol import LifecycleStage, RfmSegment
from ui.dialogs.customer_words import SEGMENT_WORDS, STAGE_WORDS, word
from ui.ops import Ops
from ui.views.tag_tree import TAG_ID_ROLE, fill_tag_tree, tag_items


class TagMatch(Enum):
    """How the ticked tags pick customers."""

    all = "all"  # has every ticked tag
    any = "any"  # has at least one
    none = "none"  # has none of them


@dataclass(frozen=True, slots=True)
class Filters:
    tag_ids: tuple[str, ...] = ()
    tag_match: TagMatch = TagMatch.any
    stages: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.tag_ids or self.stages or self.segments)

    def applied_to(self, query: CustomerQuery) -> CustomerQuery:
        tags = list(self.tag_ids)
        return replace(
            query,
            tags_all=tags if self.tag_match is TagMatch.all else [],
            tags_any=tags if self.tag_match is TagMatch.any else [],
            tags_none=tags if self.tag_match is TagMatch.none else [],
            stages=list(self.stages),
            segments=list(self.segments),
        )


class CustomerFilters(QWidget):
    """Emits `changed` whenever a tick or the tag match changes; `filters()` reads the panel."""

    changed = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setAccessibleName(self.tr("Filters"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_tags(), 1)
        self.stage_boxes = self._check_grid(
            self.tr("Stage"), [(stage.value, word(STAGE_WORDS, stage)) for stage in LifecycleStage]
        )
        layout.addWidget(self.stage_boxes[0])
        self.segment_boxes = self._check_grid(
            self.tr("RFM segment"), [(segment.value, word(SEGMENT_WORDS, segment)) for segment in RfmSegment]
        )
        layout.addWidget(self.segment_boxes[0])
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        ops.changed.connect(self._book_changed)
        self.reload_tags()

    def _build_tags(self) -> QGroupBox:
        box = QGroupBox(self.tr("Tags"), self)
        self.tag_match = QComboBox(box)
        self.tag_match.addItem(self.tr("Has all ticked tags"), TagMatch.all)
        self.tag_match.addItem(self.tr("Has any ticked tag"), TagMatch.any)
        self.tag_match.addItem(self.tr("Has none of them"), TagMatch.none)
        self.tag_match.setCurrentIndex(1)
        self.tag_match.setAccessibleName(self.tr("How ticked tags match"))
        self.tag_match.currentIndexChanged.connect(self._tags_changed)
        self.tag_tree = QTreeWidget(box)
        self.tag_tree.setHeaderHidden(True)
        self.tag_tree.setAccessibleName(self.tr("Tags to filter by"))
        self.tag_tree.itemChanged.connect(self._tags_changed)
        self.no_tags = QLabel(self.tr("No tags yet."), box)
        self.no_tags.hide()
        layout = QVBoxLayout(box)
        layout.addWidget(self.tag_match)
        layout.addWidget(self.tag_tree, 1)
        layout.addWidget(self.no_tags)
        return box

    def _check_grid(self, title: str, choices: list[tuple[str, str]]) -> tuple[QGroupBox, list[QCheckBox]]:
        box = QGroupBox(title, self)
        grid = QGridLayout(box)
        boxes = []
        for number, (value, label) in enumerate(choices):
            check = QCheckBox(label, box)
            check.setProperty("value", value)
            check.toggled.connect(lambda _on: self.changed.emit())
            grid.addWidget(check, number // 2, number % 2)
            boxes.append(check)
        return box, boxes

    # ----------------------------------------------------------------------------------- reading

    def filters(self) -> Filters:
        return Filters(
            tag_ids=tuple(self._ticked_tags()),
            tag_match=TagMatch(self.tag_match.currentData()),
            stages=tuple(check.property("value") for check in self.stage_boxes[1] if check.isChecked()),
            segments=tuple(check.property("value") for check in self.segment_boxes[1] if check.isChecked()),
        )

    def _ticked_tags(self) -> list[str]:
        return [
            item.data(0, TAG_ID_ROLE)
            for item in tag_items(self.tag_tree)
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    # ----------------------------------------------------------------------------------- changing

    def tick_tags(self, tag_ids: list[str], match: TagMatch) -> None:
        """Tick exactly these tags, matched so (a saved filter, a test)."""
        with QSignalBlocker(self.tag_tree), QSignalBlocker(self.tag_match):
            self.tag_match.setCurrentIndex(self.tag_match.findData(match))
            for item in tag_items(self.tag_tree):
                ticked = item.data(0, TAG_ID_ROLE) in tag_ids
                item.setCheckState(0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.changed.emit()

    def clear(self) -> None:
        for check in self.stage_boxes[1] + self.segment_boxes[1]:
            with QSignalBlocker(check):
                check.setChecked(False)
        self.tick_tags([], TagMatch(self.tag_match.currentData()))

    def reload_tags(self) -> None:
        self.ops.query(all_tags, self._show_tags, name="tag filter")

    def _show_tags(self, tags: list[TagView]) -> None:
        ticked = set(self._ticked_tags())
        with QSignalBlocker(self.tag_tree):
            fill_tag_tree(self.tag_tree, tags, checkable=True)
            for item in tag_items(self.tag_tree):
                if item.data(0, TAG_ID_ROLE) in ticked:
                    item.setCheckState(0, Qt.CheckState.Checked)
        self.no_tags.setVisible(not tags)
        self.tag_tree.setVisible(bool(tags))
        if ticked - set(self._ticked_tags()):
            self.changed.emit()  # a ticked tag is gone: the list no longer filters by it

    def _tags_changed(self) -> None:
        # Changing how tags match changes nothing while no tag is ticked.
        if self.sender() is self.tag_tree or self._ticked_tags():
            self.changed.emit()

    def _book_changed(self, notice: ChangeNotice) -> None:
        if notice.touches(Area.tags):
            self.reload_tags()
