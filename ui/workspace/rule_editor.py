"""An audience rule editor: which customers of each guide's own book a task or an SOP is about.

Self-contained (no HQ calls): the page that holds it hands it HQ's tag groups with
`set_tag_groups`, reads `rule()` and listens to `changed`. Tags are picked in one list with a
condition each (all / any / none), cycled from the keyboard, so 200 HQ tags cost one list, not
600 check boxes.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from guide_app.protocol import AudienceRule, LifecycleStage, RfmSegment, TagGroupPublic
from ui.dialogs.customer_words import SEGMENT_WORDS, STAGE_WORDS, word
from ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "RuleEditor"
E = TypeVar("E", bound=StrEnum)
MAX_TAG_LENGTH = 40
MAX_DAYS = 3650
TAG_ROLE = Qt.ItemDataRole.UserRole
CONDITION_ROLE = Qt.ItemDataRole.UserRole + 1


class TagCondition(StrEnum):
    """What the rule asks of one tag."""

    ignored = "ignored"
    all = "all"  # the customer has this tag and every other "all" tag
    any = "any"  # the customer has at least one of the "any" tags
    none = "none"  # the customer has none of the "none" tags


CYCLE = (TagCondition.ignored, TagCondition.all, TagCondition.any, TagCondition.none)
CONDITION_WORDS: dict[TagCondition, str] = {
    TagCondition.ignored: QT_TRANSLATE_NOOP("RuleEditor", "—"),
    TagCondition.all: QT_TRANSLATE_NOOP("RuleEditor", "Must have"),
    TagCondition.any: QT_TRANSLATE_NOOP("RuleEditor", "Any of"),
    TagCondition.none: QT_TRANSLATE_NOOP("RuleEditor", "Must not have"),
}
# Keys that set a condition directly; Space cycles through them.
CONDITION_KEYS = {
    Qt.Key.Key_A: TagCondition.all,
    Qt.Key.Key_Y: TagCondition.any,
    Qt.Key.Key_N: TagCondition.none,
    Qt.Key.Key_Delete: TagCondition.ignored,
    Qt.Key.Key_Backspace: TagCondition.ignored,
}


class TagConditionList(QTreeWidget):
    """HQ's tags, each with a condition; Space cycles it, A / Y / N / Delete set it."""

    condition_changed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        key = Qt.Key(event.key())
        if item is not None and key == Qt.Key.Key_Space:
            current = TagCondition(item.data(0, CONDITION_ROLE))
            self.set_condition(item, CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)])
            return
        if item is not None and key in CONDITION_KEYS and not event.modifiers():
            self.set_condition(item, CONDITION_KEYS[key])
            return
        super().keyPressEvent(event)

    def set_condition(self, item: QTreeWidgetItem, condition: TagCondition) -> None:
        item.setData(0, CONDITION_ROLE, condition.value)
        item.setText(1, QCoreApplication.translate(CONTEXT, CONDITION_WORDS[condition]))
        font = item.font(0)
        font.setBold(condition is not TagCondition.ignored)
        item.setFont(0, font)
        item.setFont(1, font)
        self.condition_changed.emit()

    def items(self) -> list[QTreeWidgetItem]:
        found = []
        iterator = QTreeWidgetItemIterator(self)
        while (item := iterator.value()) is not None:
            if item.data(0, TAG_ROLE) is not None:
                found.append(item)
            iterator += 1
        return found


class RuleEditor(QWidget):
    """Edits one `AudienceRule`: tags (all / any / none), lifecycle stages, RFM segments and how
    recently the customer was added. Nothing chosen means every customer of the guide's book."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_tags())
        layout.addLayout(self._build_choices())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.summary)
        self.changed.connect(self._summarise)
        self._summarise()

    def _build_tags(self) -> QVBoxLayout:
        column = QVBoxLayout()
        find_row = QHBoxLayout()
        label = QLabel(self.tr("&Tags:"), self)
        self.tag_search = QLineEdit(self)
        self.tag_search.setPlaceholderText(self.tr("Find a tag, or type a new one and press Enter"))
        self.tag_search.setMaxLength(MAX_TAG_LENGTH)
        label.setBuddy(self.tag_search)
        find_row.addWidget(label)
        find_row.addWidget(self.tag_search, 1)
        column.addLayout(find_row)
        self.tags = TagConditionList(self)
        self.tags.setColumnCount(2)
        self.tags.setHeaderLabels([self.tr("Tag"), self.tr("Condition")])
        self.tags.setRootIsDecorated(True)
        self.tags.setUniformRowHeights(True)
        self.tags.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tags.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tags.header().setStretchLastSection(False)
        self.tags.setToolTip(
            self.tr("Space: next condition · A: must have · Y: any of · N: must not have · Delete: ignore")
        )
        self.tags.setAccessibleName(self.tr("Tags and their conditions"))
        self.tags.setMinimumHeight(110)
        self.tags.condition_changed.connect(self._edited)
        self.tags.itemDoubleClicked.connect(self._cycle)
        self.tag_search.textChanged.connect(self._filter)
        self.tag_search.returnPressed.connect(self._add_typed_tag)
        column.addWidget(self.tags, 1)
        return column

    def _build_choices(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Stage:"), self), 0, 0)
        self.stage_boxes = self._check_boxes(list(LifecycleStage), STAGE_WORDS)
        grid.addLayout(_row_of(self.stage_boxes.values()), 0, 1)
        grid.addWidget(QLabel(self.tr("RFM segment:"), self), 1, 0)
        self.segment_boxes = self._check_boxes(list(RfmSegment), SEGMENT_WORDS)
        grid.addLayout(_row_of(self.segment_boxes.values()), 1, 1)
        recent = QHBoxLayout()
        self.recent_box = QCheckBox(self.tr("Added to the book within"), self)
        self.recent_days = QSpinBox(self)
        self.recent_days.setRange(1, MAX_DAYS)
        self.recent_days.setValue(30)
        self.recent_days.setSuffix(self.tr(" days"))
        self.recent_days.setEnabled(False)
        self.recent_box.toggled.connect(self.recent_days.setEnabled)
        self.recent_box.toggled.connect(self._edited)
        self.recent_days.valueChanged.connect(self._edited)
        recent.addWidget(self.recent_box)
        recent.addWidget(self.recent_days)
        recent.addStretch(1)
        grid.addLayout(recent, 2, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _check_boxes(self, values: list[E], words: dict[str, str]) -> dict[E, QCheckBox]:
        boxes = {}
        for value in values:
            box = QCheckBox(word(words, value), self)
            box.toggled.connect(self._edited)
            boxes[value] = box
        return boxes

    # ----------------------------------------------------------------------------------- the rule

    def set_tag_groups(self, groups: Iterable[TagGroupPublic]) -> None:
        """HQ's tag groups to pick from; conditions already set on a tag are kept."""
        kept = {tag: condition for tag, condition in self._conditions().items()}
        self._loading = True
        self.tags.clear()
        for group in sorted(groups, key=lambda group: group.name):
            parent = QTreeWidgetItem(self.tags, [group.name])
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for tag in group.tags:
                self._tag_item(parent, tag, kept.pop(tag, TagCondition.ignored))
        for tag, condition in kept.items():
            self._tag_item(self._other_group(), tag, condition)
        self.tags.expandAll()
        self._loading = False
        self._edited()

    def set_rule(self, rule: AudienceRule | None) -> None:
        """Show `rule` (None: every customer); tags it names that HQ no longer lists are kept."""
        rule = rule or AudienceRule()
        wanted = {tag: TagCondition.all for tag in rule.tags_all}
        wanted.update({tag: TagCondition.any for tag in rule.tags_any})
        wanted.update({tag: TagCondition.none for tag in rule.tags_none})
        self._loading = True
        for item in self.tags.items():
            tag = str(item.data(0, TAG_ROLE))
            self.tags.set_condition(item, wanted.pop(tag, TagCondition.ignored))
        for tag, condition in wanted.items():
            self._tag_item(self._other_group(), tag, condition)
        for stage, box in self.stage_boxes.items():
            box.setChecked(stage in rule.lifecycle_stages)
        for segment, box in self.segment_boxes.items():
            box.setChecked(segment in rule.rfm_segments)
        self.recent_box.setChecked(rule.added_within_days is not None)
        if rule.added_within_days is not None:
            self.recent_days.setValue(rule.added_within_days)
        self.tags.expandAll()
        self._loading = False
        self._edited()

    def rule(self) -> AudienceRule:
        conditions = self._conditions()
        return AudienceRule(
            tags_all=[tag for tag, condition in conditions.items() if condition is TagCondition.all],
            tags_any=[tag for tag, condition in conditions.items() if condition is TagCondition.any],
            tags_none=[tag for tag, condition in conditions.items() if condition is TagCondition.none],
            lifecycle_stages=[stage for stage, box in self.stage_boxes.items() if box.isChecked()],
            rfm_segments=[segment for segment, box in self.segment_boxes.items() if box.isChecked()],
            added_within_days=self.recent_days.value() if self.recent_box.isChecked() else None,
        )

    # ----------------------------------------------------------------------------------- plumbing

    def _conditions(self) -> dict[str, TagCondition]:
        found: dict[str, TagCondition] = {}
        for item in self.tags.items():
            condition = TagCondition(item.data(0, CONDITION_ROLE))
            if condition is not TagCondition.ignored:
                found[str(item.data(0, TAG_ROLE))] = condition
        return found

    def _tag_item(self, parent: QTreeWidgetItem, tag: str, condition: TagCondition) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [tag, ""])
        item.setData(0, TAG_ROLE, tag)
        self.tags.set_condition(item, condition)
        return item

    def _other_group(self) -> QTreeWidgetItem:
        """The group for tags HQ does not list (typed here, or kept from an older rule)."""
        title = self.tr("Other tags")
        for index in range(self.tags.topLevelItemCount()):
            top = self.tags.topLevelItem(index)
            if top is not None and top.data(0, TAG_ROLE) is None and top.text(0) == title:
                return top
        group = QTreeWidgetItem(self.tags, [title])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return group

    def _add_typed_tag(self) -> None:
        typed = self.tag_search.text().strip()
        if not typed:
            return
        existing = next((item for item in self.tags.items() if item.data(0, TAG_ROLE) == typed), None)
        item = existing or self._tag_item(self._other_group(), typed, TagCondition.all)
        self.tag_search.clear()
        self.tags.expandAll()
        self.tags.setCurrentItem(item)
        self.tags.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._edited()

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for index in range(self.tags.topLevelItemCount()):
            group = self.tags.topLevelItem(index)
            if group is None:
                continue
            shown = 0
            for row in range(group.childCount()):
                child = group.child(row)
                if child is None:
                    continue
                hidden = bool(needle) and needle not in child.text(0).casefold()
                child.setHidden(hidden)
                shown += not hidden
            group.setHidden(shown == 0)

    def _cycle(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, TAG_ROLE) is None:
            return
        current = TagCondition(item.data(0, CONDITION_ROLE))
        self.tags.set_condition(item, CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)])

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _summarise(self) -> None:
        self.summary.setText(rule_summary(self.rule()))


def _row_of(widgets: Iterable[QWidget]) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _listed(names: Iterable[str]) -> str:
    """Names joined the way the app's language lists things."""
    return QLocale().createSeparatedList(list(names))


def rule_summary(rule: AudienceRule | None) -> str:
    """One line saying which customers a rule is about, for a list or a task's details."""
    if rule is None or rule == AudienceRule():
        return QCoreApplication.translate("RuleEditor", "Every customer in each guide's book.")
    parts = []
    if rule.tags_all:
        parts.append(
            QCoreApplication.translate("RuleEditor", "must have %1").replace("%1", _listed(rule.tags_all))
        )
    if rule.tags_any:
        parts.append(
            QCoreApplication.translate("RuleEditor", "any of %1").replace("%1", _listed(rule.tags_any))
        )
    if rule.tags_none:
        parts.append(
            QCoreApplication.translate("RuleEditor", "must not have %1").replace(
                "%1", _listed(rule.tags_none)
            )
        )
    if rule.lifecycle_stages:
        stages = _listed(word(STAGE_WORDS, stage) for stage in rule.lifecycle_stages)
        parts.append(QCoreApplication.translate("RuleEditor", "stage %1").replace("%1", stages))
    if rule.rfm_segments:
        segments = _listed(word(SEGMENT_WORDS, segment) for segment in rule.rfm_segments)
        parts.append(QCoreApplication.translate("RuleEditor", "segment %1").replace("%1", segments))
    if rule.added_within_days is not None:
        days = rule.added_within_days
        parts.append(QCoreApplication.translate("RuleEditor", "added in the last %n day(s)", "", days))
    return QCoreApplication.translate("RuleEditor", "Customers who: %1").replace("%1", "; ".join(parts))
