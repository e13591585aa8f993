"""Customers who share a phone number, side by side, and merging them into the one the guide keeps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.store import Book
from guide_app.calls.customers import CustomerCard, customer_card, duplicate_groups, merge_customers
from guide_app.changes import NOTHING, Outcome
from guide_app.errors import ErrorCode, GuideError
from ui.dialogs.customer_form import gender_words
from ui.dialogs.customer_tabs import ask_before, error_label
from ui.dialogs.customer_words import STAGE_WORDS, local_time, word, yuan
from ui.messages import describe
from ui.ops import Ops, Running

DIALOG_SIZE = (1000, 620)
MAX_GROUPS = 200  # more is an import gone wrong; the list shows the first ones and says so
TIMELINE_COUNTED = 1000  # entries counted per customer for the comparison


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Customers sharing one phone, oldest first (the core's order)."""

    phone: str
    cards: list[CustomerCard]


@dataclass(frozen=True, slots=True)
class DuplicateList:
    groups: list[DuplicateGroup]
    total: int  # how many groups the book has, shown or not


def read_duplicates(book: Book) -> DuplicateList:
    every = duplicate_groups(book)
    groups = []
    for ids in every[:MAX_GROUPS]:
        cards = []
        for customer_id in ids:
            try:
                cards.append(customer_card(book, customer_id, timeline_limit=TIMELINE_COUNTED))
            except GuideError as error:  # merged or deleted between the two reads
                if error.code is not ErrorCode.customer_missing:
                    raise
        if len(cards) > 1:
            groups.append(DuplicateGroup(cards[0].customer.phone or "", cards))
    return DuplicateList(groups, len(every))


def merge_into(book: Book, keep_id: str, drop_ids: list[str]) -> Outcome[int]:
    """Fold each duplicate into the kept customer, one commit each; the value is how many were merged."""
    changes = NOTHING
    for drop_id in drop_ids:
        changes = changes | merge_customers(book, keep_id, drop_id).changes
    return Outcome(len(drop_ids), changes)


class DuplicatesDialog(QDialog):
    """The groups on the left; on the right the chosen group's customers in columns, which one to
    keep, and Merge. Merging keeps every timeline, follow-up, sale and tag (see `merge_sentences`)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.found: DuplicateList | None = None
        self._loading: Running[DuplicateList] | None = None
        self.setWindowTitle(self.tr("Duplicate customers"))
        self.resize(*DIALOG_SIZE)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.group_list = QListWidget(self)
        self.group_list.setAccessibleName(self.tr("Groups of customers with the same phone"))
        self.group_list.currentRowChanged.connect(self._show_group)
        self.keep_choice = QButtonGroup(self)
        self.keep_row = QHBoxLayout()
        self.comparison = QTableWidget(0, 0, self)
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.setWordWrap(True)
        self.comparison.setTabKeyNavigation(False)
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.merge_button = QPushButton(self.tr("&Merge…"), self)
        self.merge_button.setAutoDefault(False)
        self.merge_button.clicked.connect(self.merge)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.error = error_label(self)
        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        keep_label = QLabel(self.tr("Keep:"), right)
        self.keep_row.addWidget(keep_label)
        self.keep_row.addStretch(1)  # the radios go before it, packed on the left
        column.addLayout(self.keep_row)
        column.addWidget(self.comparison, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.group_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, DIALOG_SIZE[0] - 260])
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.error, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    # ----------------------------------------------------------------------------------- reading

    def reload(self) -> None:
        if self._loading is not None and not self._loading.finished:
            self._loading.discard()
        self._loading = self.ops.query(read_duplicates, self._show, failure=self._failed, name="duplicates")

    def _failed(self, error: BaseException) -> None:
        self.error.setText(describe(error))
        self.error.show()

    def _show(self, found: DuplicateList) -> None:
        self.found = found
        row = max(0, self.group_list.currentRow())
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for group in found.groups:
            names = " / ".join(card.customer.name for card in group.cards)
            QListWidgetItem(f"{group.phone}\n{names}", self.group_list)
        self.group_list.blockSignals(False)
        if not found.groups:
            self.summary.setText(self.tr("No two customers share a phone number. Nothing to merge."))
        elif found.total > len(found.groups):
            self.summary.setText(
                self.tr(
                    "%n group(s) of customers share a phone number; the first %1 are listed.", "", found.total
                ).replace("%1", str(len(found.groups)))
            )
        else:
            self.summary.setText(
                self.tr(
                    "%n group(s) of customers share a phone number. "
                    "Compare them, choose whom to keep, then merge.",
                    "",
                    found.total,
                )
            )
        self.merge_button.setEnabled(bool(found.groups))
        if found.groups:
            self.group_list.setCurrentRow(min(row, len(found.groups) - 1))
        self._show_group(self.group_list.currentRow())

    def current_group(self) -> DuplicateGroup | None:
        row = self.group_list.currentRow()
        groups = self.found.groups if self.found is not None else []
        return groups[row] if 0 <= row < len(groups) else None

    def _show_group(self, _row: int) -> None:
        group = self.current_group()
        for button in self.keep_choice.buttons():
            self.keep_choice.removeButton(button)
            button.deleteLater()
        cards = group.cards if group is not None else []
        for index, card in enumerate(cards):
            button = QRadioButton(card.customer.name, self)
            button.setToolTip(self.tr("Keep this customer; the others are merged into them"))
            self.keep_choice.addButton(button, index)
            self.keep_row.insertWidget(self.keep_row.count() - 1, button)
            button.setChecked(index == 0)  # the oldest: the one longest in the guide's book
        self._fill_comparison(cards)

    def _fill_comparison(self, cards: list[CustomerCard]) -> None:
        rows = self._comparison_rows()
        self.comparison.clear()
        self.comparison.setColumnCount(len(cards))
        self.comparison.setRowCount(len(rows))
        self.comparison.setVerticalHeaderLabels([title for title, _read in rows])
        self.comparison.setHorizontalHeaderLabels([card.customer.name for card in cards])
        for column, card in enumerate(cards):
            for row, (_title, read) in enumerate(rows):
                self.comparison.setItem(row, column, QTableWidgetItem(read(card)))
        self.comparison.resizeRowsToContents()

    def _comparison_rows(self) -> list[tuple[str, Callable[[CustomerCard], str]]]:
        return [
            (self.tr("WeCom remark"), lambda card: card.customer.wecom_remark),
            (self.tr("Birthday"), lambda card: str(card.customer.birthday or "")),
            (self.tr("Gender"), lambda card: gender_words(card.customer.gender)),
            (self.tr("Source"), lambda card: card.customer.source_channel),
            (self.tr("Added"), lambda card: local_time(card.customer.added_at)),
            (self.tr("Stage"), lambda card: word(STAGE_WORDS, card.customer.lifecycle_stage)),
            (
                self.tr("Purchases"),
                lambda card: self.tr("%n purchase(s), %1", "", card.customer.purchase_count).replace(
                    "%1", yuan(card.customer.monetary_fen)
                ),
            ),
            (self.tr("Tags"), lambda card: "、".join(tag.name for tag in card.tags)),
            (self.tr("Timeline"), lambda card: self.tr("%n entry(ies)", "", len(card.timeline))),
            (self.tr("Open follow-ups"), lambda card: str(len(card.open_follow_ups))),
            (self.tr("Consent"), lambda card: self.tr("Yes") if card.customer.consent else self.tr("No")),
            (self.tr("Notes"), lambda card: card.customer.notes),
        ]

    # ----------------------------------------------------------------------------------- merging

    def kept_and_dropped(self) -> tuple[CustomerCard, list[CustomerCard]] | None:
        group = self.current_group()
        index = self.keep_choice.checkedId()
        if group is None or not 0 <= index < len(group.cards):
            return None
        return group.cards[index], [card for number, card in enumerate(group.cards) if number != index]

    def merge_sentences(self, kept: CustomerCard, dropped: list[CustomerCard]) -> tuple[str, str]:
        """What merge does, as guide_app/book/customers.py: merge does it."""
        name = kept.customer.name
        question = self.tr("Keep %1 and merge %n other customer(s) into them?", "", len(dropped)).replace(
            "%1", name
        )
        details = self.tr(
            "%1 keeps their name and details; where a detail of %1 is empty, the other's fills it. "
            "Every timeline entry, follow-up, sale and tag moves to %1 (in an HQ group where only one "
            "tag may be chosen, %1's choice stays). Then the other customer is removed from the book. "
            "This cannot be undone."
        ).replace("%1", name)
        return question, details

    def merge(self) -> None:
        chosen = self.kept_and_dropped()
        if chosen is None:
            return
        kept, dropped = chosen
        question, details = self.merge_sentences(kept, dropped)
        if not ask_before(self, self.tr("Merge customers"), question, details, self.tr("Merge")):
            return
        self.error.hide()
        self.merge_button.setEnabled(False)
        keep_id, drop_ids = kept.customer.id, [card.customer.id for card in dropped]
        self.ops.write(
            lambda book: merge_into(book, keep_id, drop_ids),
            lambda _count: self.reload(),
            failure=self._merge_failed,
            name="merge customers",
        )

    def _merge_failed(self, error: BaseException) -> None:
        self.merge_button.setEnabled(True)
        self._failed(error)
        self.reload()  # a part may have been merged before the failure
