"""One customer at a glance in the side panel: name, remark, stage, tags, notes, last contact, follow-ups."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from guide_app.calls.panel import PanelCustomer
from ui.dialogs.customer_form import ERROR_STYLE
from ui.dialogs.customer_words import INTERACTION_WORDS, SEGMENT_WORDS, STAGE_WORDS, word
from ui.dialogs.follow_up import kind_words
from ui.panel import when
from ui.panel.chips import TagChips

# The panel shows this many open follow-ups; the card (Ctrl+O) has them all.
SHOWN_FOLLOW_UPS = 3
# Notes longer than this are cut (whole in the tooltip and the card): about three lines at the
# panel's width, so the scripts below stay in view.
NOTES_SHOWN = 60
QUIET_STYLE = "color: palette(dark);"
STAGE_STYLE = "background: #fff4e5; color: #8a4b00; border-radius: 4px; padding: 1px 6px;"


def _label(parent: QWidget, style: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class CustomerSummary(QWidget):
    """What the guide needs beside a WeCom chat; read-only, refreshed whole from a PanelCustomer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_label = _label(self, wrap=False)
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name_label.setFont(font)
        self.remark_label = _label(self, QUIET_STYLE)
        self.stage_label = _label(self, STAGE_STYLE, wrap=False)
        self.segment_label = _label(self, QUIET_STYLE, wrap=False)
        self.chips = TagChips(self)
        self.notes_label = _label(self)
        self.contact_label = _label(self)
        self.latest_label = _label(self, QUIET_STYLE)
        self.follow_ups_label = _label(self)
        self.follow_ups_label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self.name_label)
        layout.addWidget(self.remark_label)
        stage_row = QWidget(self)
        stage_layout = _row(stage_row)
        stage_layout.addWidget(self.stage_label)
        stage_layout.addWidget(self.segment_label, 1)
        layout.addWidget(stage_row)
        layout.addWidget(self.chips)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.contact_label)
        layout.addWidget(self.latest_label)
        layout.addWidget(self.follow_ups_label)
        layout.addStretch(1)  # spare height goes below the facts, never between them

    def minimumSizeHint(self) -> QSize:
        # Word-wrapped labels claim the height they take at their narrowest; a scroll area holding
        # this summary would then scroll at its true height. The height needed follows the width
        # (heightForWidth), as the side panel's FactsScroll asks.
        return QSize(0, 0)

    def show_customer(self, shown: PanelCustomer, now: datetime) -> None:
        customer = shown.customer
        self.name_label.setText(customer.name)
        self.remark_label.setText(customer.wecom_remark)
        self.remark_label.setVisible(bool(customer.wecom_remark))
        self.stage_label.setText(word(STAGE_WORDS, customer.lifecycle_stage))
        self.segment_label.setText(word(SEGMENT_WORDS, customer.rfm_segment) if customer.rfm_segment else "")
        self.chips.show_tags(shown.tags)
        notes = customer.notes.strip()
        shown_notes = notes if len(notes) <= NOTES_SHOWN else notes[: NOTES_SHOWN - 1] + "…"
        self.notes_label.setText(self.tr("Notes: %1").replace("%1", shown_notes))
        self.notes_label.setToolTip(notes if shown_notes != notes else "")
        self.notes_label.setVisible(bool(notes))
        self.contact_label.setText(self._last_contact(shown, now))
        self._show_latest(shown)
        self.follow_ups_label.setText(self._follow_ups(shown, now))

    def _last_contact(self, shown: PanelCustomer, now: datetime) -> str:
        touched = shown.customer.last_touch_at
        if touched is None:
            return self.tr("Last contact: never")
        return self.tr("Last contact: %1").replace("%1", when.since(touched, now))

    def _show_latest(self, shown: PanelCustomer) -> None:
        entry = shown.latest_entry
        if entry is None or not entry.text:
            self.latest_label.hide()
            return
        self.latest_label.setText(
            self.tr("%1: %2").replace("%1", word(INTERACTION_WORDS, entry.kind)).replace("%2", entry.text)
        )
        self.latest_label.show()

    def _follow_ups(self, shown: PanelCustomer, now: datetime) -> str:
        """Rich text: one line per open follow-up, overdue ones in red."""
        follow_ups = shown.open_follow_ups
        if not follow_ups:
            return self.tr("No open follow-ups")
        count = len(follow_ups)  # a plain name: pyside6-lupdate skips a plural's expression
        lines = [self.tr("Open follow-ups (%n):", "", count)]
        for follow_up in follow_ups[:SHOWN_FOLLOW_UPS]:
            line = f"· {kind_words(follow_up.kind)} — {when.due(follow_up.due_at, now)}"
            if follow_up.due_at < now:
                line = f'<span style="{ERROR_STYLE}">{line}</span>'
            lines.append(line)
        more = count - SHOWN_FOLLOW_UPS
        if more > 0:
            lines.append(self.tr("… and %n more (Ctrl+O)", "", more))
        return "<br>".join(lines)


class FactsScroll(QScrollArea):
    """Holds the customer's facts at the height they take at the panel's width, so the content
    list gets the rest; it scrolls only when a customer's notes and tags outgrow the screen.
    (A plain scroll area asks a size from word-wrapped labels as if they were wider, and left a
    gap of several lines.)"""

    def __init__(self, facts: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(facts)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._width = 0

    def sizeHint(self) -> QSize:
        facts = self.widget()
        # The width without a scroll bar: given this height, none is needed.
        width = self.width() - 2 * self.frameWidth()
        height = facts.heightForWidth(width) if facts is not None else 0
        return QSize(width, height + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._width:  # the height it needs follows the width
            self._width = event.size().width()
            self.updateGeometry()


def _row(parent: QWidget) -> QHBoxLayout:
    row = QHBoxLayout(parent)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    return row
