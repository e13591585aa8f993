"""The customer card's tabs other than the profile: tags, timeline, follow-ups and sales."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.followups import DueFollowUp
from guide_app.book.store import Book
from guide_app.book.tags import TagSource, TagView
from guide_app.book.timeline import InteractionKind, TimelineEntry
from guide_app.calls.followups import cancel_follow_up
from guide_app.calls.sales import SaleRow
from guide_app.calls.sync import SaleUpload
from guide_app.calls.tags import add_personal_tag, tag_customers, untag_customer
from guide_app.calls.timeline import log_interaction
from guide_app.changes import Outcome
from guide_app.timeutil import utcnow
from ui.dialogs.customer_form import ERROR_STYLE
from ui.dialogs.customer_words import (
    ATTRIBUTION_WORDS,
    FOLLOW_UP_SOURCE_WORDS,
    INTERACTION_WORDS,
    local_time,
    word,
    yuan,
)
from ui.dialogs.follow_up import (
    CompleteFollowUpDialog,
    LogOutcomeDialog,
    PlanFollowUpDialog,
    RescheduleDialog,
    kind_words,
)
from ui.messages import describe, upload_words
from ui.ops import Ops

OVERDUE_COLOUR = "#b3261e"
TAG_COLUMNS = 6  # a group of up to six tags takes one line at 1366 px
# What a guide logs by hand; purchases and content sent are logged by recording a sale or sending.
LOGGABLE = (InteractionKind.message, InteractionKind.call, InteractionKind.visit, InteractionKind.note)


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def ask_before(parent: QWidget, title: str, question: str, details: str, action: str) -> bool:
    """Whether the guide, having read `details`, chose `action` over Cancel (Cancel is the default,
    so Enter or Esc never erases or merges). The action button is named "confirm" for tests."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, question, parent=parent)
    box.setInformativeText(details)
    confirm = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    confirm.setObjectName("confirm")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is confirm


def show_failure(label: QLabel) -> Callable[[BaseException], None]:
    """A failure handler that puts the guide's sentence in `label`."""

    def failed(error: BaseException) -> None:
        label.setText(describe(error))
        label.show()

    return failed


def read_only_table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    # Rows follow the wrapped text at the table's real width (a one-off resize measures too early).
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
    header = table.horizontalHeader()
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def fill_row(
    table: QTableWidget, row: int, cells: list[str], key: str | None = None
) -> list[QTableWidgetItem]:
    items = []
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        if key is not None:
            item.setData(Qt.ItemDataRole.UserRole, key)
        table.setItem(row, column, item)
        items.append(item)
    return items


# --------------------------------------------------------------------------------------- tags


class TagsPanel(QWidget):
    """Every tag group with the customer's tags ticked. A click saves at once; HQ's single-choice
    groups are radio choices (picking one replaces the other, as the core does)."""

    def __init__(self, ops: Ops, customer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.customer_id = ops, customer_id
        self.buttons: dict[str, QAbstractButton] = {}  # tag id → its box or radio
        self._shown: tuple[tuple[str, str, bool], ...] = ()
        self._groups: list[QButtonGroup] = []
        self._ticked: set[str] = set()  # the customer's tags as last read from the book
        # Tag writes on their way: a read that left before them must not untick what the guide
        # just ticked (a quick second click then did the opposite of what the box showed).
        self._writing = 0
        self.groups_area = QScrollArea(self)
        self.groups_area.setWidgetResizable(True)
        self.new_tag = QLineEdit(self)
        self.new_tag.setPlaceholderText(self.tr("A tag of your own, e.g. likes black"))
        self.new_tag.returnPressed.connect(self.add_personal)
        self.add_button = QPushButton(self.tr("Add ta&g"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_personal)
        self.error = error_label(self)
        adding = QHBoxLayout()
        adding.addWidget(QLabel(self.tr("New personal tag:"), self))
        adding.addWidget(self.new_tag, 1)
        adding.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.groups_area, 1)
        layout.addLayout(adding)
        layout.addWidget(self.error)

    def show_tags(self, every: list[TagView], carried: list[TagView]) -> None:
        """Rebuild the groups only when the tags themselves changed, so focus survives a tick."""
        known = {tag.id: tag for tag in every}
        for tag in carried:  # a tag HQ retired stays visible while the customer still has it
            known.setdefault(tag.id, tag)
        tags = list(known.values())
        shape = tuple((tag.id, tag.group_id, tag.single_choice) for tag in tags)
        if shape != self._shown:
            self._shown = shape
            self._build(tags)
        self._ticked = {tag.id for tag in carried}
        if not self._writing:
            self._show_ticks()

    def _show_ticks(self) -> None:
        for tag_id, button in self.buttons.items():
            button.setChecked(tag_id in self._ticked)
        for group in self._groups:
            none = group.button(-1)
            if none is not None and not any(button.isChecked() for button in group.buttons()):
                none.setChecked(True)

    def _build(self, tags: list[TagView]) -> None:
        self.buttons, self._groups = {}, []
        holder = QWidget(self.groups_area)
        column = QVBoxLayout(holder)
        groups: dict[str, list[TagView]] = {}
        for tag in tags:
            groups.setdefault(tag.group_id, []).append(tag)
        for members in groups.values():
            column.addWidget(self._group_box(holder, members))
        if not groups:
            column.addWidget(QLabel(self.tr("No tags yet. HQ's tags arrive with the next sync."), holder))
        column.addStretch(1)
        self.groups_area.setWidget(holder)

    def _group_box(self, parent: QWidget, members: list[TagView]) -> QGroupBox:
        first = members[0]
        if first.source == TagSource.hq.value:
            title = self.tr("%1 · HQ tags · choose one") if first.single_choice else self.tr("%1 · HQ tags")
        else:
            title = "%1"  # the guide's own group is named as such already (个人标签)
        box = QGroupBox(title.replace("%1", first.group_name), parent)
        grid = QGridLayout(box)
        exclusive = QButtonGroup(box) if first.single_choice else None
        buttons: list[QAbstractButton] = []
        if exclusive is not None:
            self._groups.append(exclusive)
            none = QRadioButton(self.tr("None"), box)
            exclusive.addButton(none, -1)
            none.clicked.connect(lambda _checked=False, group=members: self._clear_group(group))
            buttons.append(none)
        for tag in members:
            button: QAbstractButton = QRadioButton(tag.name, box) if exclusive else QCheckBox(tag.name, box)
            if exclusive is not None:
                exclusive.addButton(button)
            button.clicked.connect(lambda checked, tag_id=tag.id: self._clicked(tag_id, checked))
            self.buttons[tag.id] = button
            buttons.append(button)
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // TAG_COLUMNS, index % TAG_COLUMNS)
        grid.setColumnStretch(TAG_COLUMNS, 1)  # short groups stay packed on the left
        return box

    def _clicked(self, tag_id: str, checked: bool) -> None:
        self.error.hide()
        customer_id = self.customer_id
        if checked:
            self._write(lambda book: tag_customers(book, [customer_id], tag_id))
        else:
            self._write(lambda book: untag_customer(book, customer_id, tag_id))

    def _clear_group(self, members: list[TagView]) -> None:
        """ "None" in a single-choice group: take off whichever of its tags the customer has."""
        customer_id = self.customer_id
        for tag_id in [tag.id for tag in members if tag.id in self._ticked]:
            self._write(partial(untag_customer, customer_id=customer_id, tag_id=tag_id))

    def _write(self, call: Callable[[Book], Outcome[Any]]) -> None:
        """Save a tick; the card's next read (on the write's notice) shows the book's truth."""
        self._writing += 1
        failed = show_failure(self.error)

        def saved(_value: object) -> None:
            self._writing -= 1

        def refused(error: BaseException) -> None:
            self._writing -= 1
            self._show_ticks()  # back to what the book holds
            failed(error)

        self.ops.write(call, saved, failure=refused)

    def add_personal(self) -> None:
        name = self.new_tag.text()
        self.error.hide()
        self.ops.write(
            lambda book: tag_with_new_tag(book, self.customer_id, name),
            lambda _count: self.new_tag.clear(),
            failure=show_failure(self.error),
        )


def tag_with_new_tag(book: Book, customer_id: str, name: str) -> Outcome[int]:
    """Make the guide's own tag (or find it by name) and give it to the customer."""
    made = add_personal_tag(book, name)
    tagged = tag_customers(book, [customer_id], made.value)
    return Outcome(tagged.value, made.changes | tagged.changes)


# --------------------------------------------------------------------------------------- timeline


class TimelinePanel(QWidget):
    """The customer's timeline, newest first, and a line to log a message, call, visit or note."""

    def __init__(self, ops: Ops, customer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.customer_id = ops, customer_id
        self.kind = QComboBox(self)
        for kind in LOGGABLE:
            self.kind.addItem(word(INTERACTION_WORDS, kind), kind.value)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("What happened, e.g. asked about the new down jackets"))
        self.text.returnPressed.connect(self.log)
        self.log_button = QPushButton(self.tr("&Log"), self)
        self.log_button.setAutoDefault(False)
        self.log_button.clicked.connect(self.log)
        self.error = error_label(self)
        self.table = read_only_table(self, [self.tr("When"), self.tr("What"), self.tr("Details")])
        logging_row = QHBoxLayout()
        logging_row.addWidget(self.kind)
        logging_row.addWidget(self.text, 1)
        logging_row.addWidget(self.log_button)
        layout = QVBoxLayout(self)
        layout.addLayout(logging_row)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

    def show_entries(self, entries: list[TimelineEntry]) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            fill_row(self.table, row, [local_time(entry.at), word(INTERACTION_WORDS, entry.kind), entry.text])

    def log(self) -> None:
        kind = InteractionKind(self.kind.currentData())
        text = self.text.text().strip()
        self.error.hide()
        self.ops.write(
            lambda book: log_interaction(book, self.customer_id, kind, text),
            lambda _entry_id: self.text.clear(),
            failure=show_failure(self.error),
        )


# --------------------------------------------------------------------------------------- follow-ups


class FollowUpsPanel(QWidget):
    """The customer's open follow-ups, soonest first, with plan, reschedule, complete and cancel.
    The plan/reschedule/complete dialogs live in ui/dialogs/follow_up.py."""

    def __init__(self, ops: Ops, customer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.customer_id = ops, customer_id
        self.customer_name = ""
        self.follow_ups: list[DueFollowUp] = []
        self.table = read_only_table(self, [self.tr("Due"), self.tr("How"), self.tr("From")])
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.complete())
        self.plan_button = self._button(self.tr("Pla&n follow-up…"), self.plan)
        self.reschedule_button = self._button(self.tr("Re&schedule…"), self.reschedule)
        self.complete_button = self._button(self.tr("&Complete…"), self.complete)
        self.log_button = self._button(self.tr("Log &outcome…"), self.log_outcome)
        self.cancel_button = self._button(self.tr("Cancel follo&w-up"), self.cancel)
        self.action_buttons = (
            self.plan_button,
            self.reschedule_button,
            self.complete_button,
            self.log_button,
            self.cancel_button,
        )
        self.empty = QLabel(self.tr("No open follow-ups. Plan one so this customer is not forgotten."), self)
        self.error = error_label(self)
        buttons = QHBoxLayout()
        for button in self.action_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self._selection_changed()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def show_follow_ups(self, follow_ups: list[DueFollowUp], customer_name: str) -> None:
        chosen = self.chosen()
        self.follow_ups, self.customer_name = follow_ups, customer_name
        self.table.setRowCount(len(follow_ups))
        now = utcnow()
        for row, item in enumerate(follow_ups):
            due = local_time(item.due_at)
            if item.due_at < now:
                due = self.tr("%1 (overdue)").replace("%1", due)
            cells = [due, kind_words(item.kind), word(FOLLOW_UP_SOURCE_WORDS, item.source)]
            items = fill_row(self.table, row, cells, item.id)
            if item.due_at < now:
                items[0].setForeground(QColor(OVERDUE_COLOUR))
        self.empty.setVisible(not follow_ups)
        ids = [item.id for item in follow_ups]
        if chosen is not None and chosen.id in ids:
            self.table.selectRow(ids.index(chosen.id))
        elif follow_ups:
            self.table.selectRow(0)
        self._selection_changed()

    def chosen(self) -> DueFollowUp | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().hasSelection() if self.table.selectionModel() else False
        return self.follow_ups[row] if selected and 0 <= row < len(self.follow_ups) else None

    def _selection_changed(self) -> None:
        has_one = self.chosen() is not None
        for button in self.action_buttons[1:]:
            button.setEnabled(has_one)

    # Each follow-up dialog does its own write; this tab refreshes from the notice like any view.

    def plan(self) -> None:
        PlanFollowUpDialog(self.ops, self.customer_id, self.customer_name, self).exec()

    def reschedule(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            RescheduleDialog(self.ops, chosen, self).exec()

    def complete(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            CompleteFollowUpDialog(self.ops, chosen, self).exec()

    def log_outcome(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            LogOutcomeDialog(self.ops, chosen, self).exec()

    def cancel(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        asked = QMessageBox.question(
            self,
            self.tr("Cancel follow-up"),
            self.tr("Cancel the %1 follow-up due %2? It is not logged as done.")
            .replace("%1", kind_words(chosen.kind))
            .replace("%2", local_time(chosen.due_at)),
        )
        if asked == QMessageBox.StandardButton.Yes:
            self.error.hide()
            self.ops.write(lambda book: cancel_follow_up(book, chosen.id), failure=show_failure(self.error))


# --------------------------------------------------------------------------------------- sales


class SalesPanel(QWidget):
    """The customer's recorded sales, newest first, each with where it stands with HQ."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.table = read_only_table(
            self,
            [self.tr("Sold"), self.tr("Order no."), self.tr("Amount"), self.tr("Credited as"), self.tr("HQ")],
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_sales(self, sales: list[SaleRow], uploads: dict[str, SaleUpload]) -> None:
        total = sum(sale.amount_fen for sale in sales)
        if sales:
            self.summary.setText(self.tr("%n sale(s), %1 in all", "", len(sales)).replace("%1", yuan(total)))
        else:
            self.summary.setText(self.tr("No sales recorded for this customer yet."))
        self.table.setRowCount(len(sales))
        for row, sale in enumerate(sales):
            upload = uploads.get(sale.id)
            state = upload_words(upload.state) if upload is not None else "—"
            cells = [
                local_time(sale.sold_at),
                sale.order_no,
                yuan(sale.amount_fen),
                word(ATTRIBUTION_WORDS, sale.attribution),
                state,
            ]
            items = fill_row(self.table, row, cells, sale.id)
            items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if upload is not None and upload.reason:
                items[4].setToolTip(upload.reason)
