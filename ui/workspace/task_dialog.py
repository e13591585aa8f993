"""The new-task form: title, instructions, due, content, audience rule, target and whom it is for.

The form reads what it may offer (the viewer's stores and guides, HQ's regions for HQ, the
library and HQ's tags) when it opens. Each field shows its own problem underneath; nothing goes
to HQ until the core finds no problem (`task_problems`), and HQ's refusal shows above the buttons.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from uuid import UUID

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from guide_app.errors import ErrorCode
from guide_app.protocol import TaskPublic
from guide_app.timeutil import utcnow
from guide_app.workspace.session import Workspace
from guide_app.workspace.tasks import (
    MAX_TARGET,
    MAX_TITLE,
    AssigneeKind,
    TaskChoices,
    TaskDraft,
    TaskField,
    create_task,
    task_choices,
    task_problems,
)
from ui.messages import describe_code, describe_refusal
from ui.models.content import kind_words
from ui.ops import Ops
from ui.workspace.rule_editor import RuleEditor

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_DUE_HOUR = 21  # a day's task is due by closing time
DEFAULT_TARGET = 10
ERROR_STYLE = "color: #b00020;"


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _checked_ids(listing: QListWidget) -> list[object]:
    return [
        item.data(ID_ROLE)
        for row in range(listing.count())
        if (item := listing.item(row)) is not None and item.checkState() == Qt.CheckState.Checked
    ]


class TaskDialog(QDialog):
    """Create one task at HQ; `created` holds it once HQ took it (the dialog then closes)."""

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.created: TaskPublic | None = None
        self.choices: TaskChoices | None = None
        self._tried = False  # after a first try, problems update as the manager fixes them
        self.setWindowTitle(self.tr("New task"))
        self.resize(1040, 660)
        self.errors: dict[TaskField, QLabel] = {}
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(self._build_form())
        left.addLayout(self._build_whom(), 1)  # the list of guides or stores takes the height left
        columns.addLayout(left, 5)
        columns.addLayout(self._build_extras(), 6)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        self.message = _error_label(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("Create task"))
        self.create_button.setToolTip(self.tr("Create the task (Ctrl+Enter)"))
        self.create_button.setEnabled(False)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._create)
        self._set_tab_order()
        self.title.setFocus()
        self._read_choices()

    # ----------------------------------------------------------------------------------- layout

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.title = QLineEdit(self)
        self.title.setMaxLength(MAX_TITLE)
        self.title.setPlaceholderText(self.tr("e.g. Invite VIP customers to the winter preview"))
        self._add_row(form, self.tr("&Title:"), self.title, TaskField.title)
        self.instructions = QPlainTextEdit(self)
        self.instructions.setTabChangesFocus(True)
        self.instructions.setPlaceholderText(self.tr("What the guides should do, and how"))
        self.instructions.setFixedHeight(80)
        self._add_row(form, self.tr("&Instructions:"), self.instructions, TaskField.instructions)
        self.due = QDateTimeEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.due.setDateTime(QDateTime(QDate.currentDate().addDays(1), QTime(DEFAULT_DUE_HOUR, 0)))
        self.due.setToolTip(self.tr("Local time on this PC"))
        self._add_row(form, self.tr("&Due:"), self.due, TaskField.due)
        self.target = QSpinBox(self)
        self.target.setRange(0, MAX_TARGET)
        self.target.setValue(DEFAULT_TARGET)
        self.target.setSuffix(self.tr(" customers per guide"))
        self._add_row(form, self.tr("T&arget:"), self.target, TaskField.target)
        self.title.textChanged.connect(self._recheck)
        self.instructions.textChanged.connect(self._recheck)
        self.due.dateTimeChanged.connect(self._recheck)
        self.target.valueChanged.connect(self._recheck)
        return form

    def _build_whom(self) -> QVBoxLayout:
        column = QVBoxLayout()
        choice = QHBoxLayout()
        choice.addWidget(QLabel(self.tr("For:"), self))
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[AssigneeKind, QRadioButton] = {}
        region_word = self.tr("&Regions") if self.workspace.is_hq else self.tr("The whole &region")
        for kind, text in (
            (AssigneeKind.guides, self.tr("&Guides")),
            (AssigneeKind.store, self.tr("&Stores")),
            (AssigneeKind.region, region_word),
        ):
            button = QRadioButton(text, self)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            choice.addWidget(button)
            button.toggled.connect(self._show_candidates)
        choice.addStretch(1)
        column.addLayout(choice)
        self.candidates = QListWidget(self)
        self.candidates.setAccessibleName(self.tr("Whom the task is for"))
        self.candidates.setToolTip(self.tr("Space ticks the one under the cursor"))
        self.candidates.itemChanged.connect(self._recheck)
        column.addWidget(self.candidates, 1)
        self.errors[TaskField.assignees] = _error_label(self)
        column.addWidget(self.errors[TaskField.assignees])
        self.kind_buttons[AssigneeKind.store].setChecked(True)
        return column

    def _build_extras(self) -> QVBoxLayout:
        column = QVBoxLayout()
        content_label = QLabel(self.tr("&Content to send (tick up to 20):"), self)
        column.addWidget(content_label)
        self.content_search = QLineEdit(self)
        self.content_search.setPlaceholderText(self.tr("Search the library by title, campaign or tag"))
        self.content_search.setClearButtonEnabled(True)
        content_label.setBuddy(self.content_search)
        column.addWidget(self.content_search)
        self.content = QListWidget(self)
        self.content.setAccessibleName(self.tr("Content from the library"))
        self.content.setMaximumHeight(150)
        self.content.itemChanged.connect(self._recheck)
        self.content_search.textChanged.connect(self._filter_content)
        column.addWidget(self.content)
        self.errors[TaskField.content] = _error_label(self)
        column.addWidget(self.errors[TaskField.content])
        rule_label = QLabel(self.tr("Which customers (each guide's own book):"), self)
        column.addWidget(rule_label)
        self.rule_editor = RuleEditor(self)
        column.addWidget(self.rule_editor, 1)
        return column

    def _add_row(self, form: QFormLayout, text: str, field: QWidget, key: TaskField) -> None:
        label = QLabel(text, self)
        label.setBuddy(field)
        holder = QWidget(self)
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        stack = QVBoxLayout(holder)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(field)
        self.errors[key] = _error_label(holder)
        stack.addWidget(self.errors[key])
        form.addRow(label, holder)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.title,
            self.instructions,
            self.due,
            self.target,
            *self.kind_buttons.values(),
            self.candidates,
            self.content_search,
            self.content,
            self.rule_editor.tag_search,
            self.rule_editor.tags,
            self.buttons,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ----------------------------------------------------------------------------------- choices

    def _read_choices(self) -> None:
        self.message.setText(self.tr("Reading your stores, guides and the library from HQ…"))
        self.message.setStyleSheet("")
        self.message.show()
        workspace = self.workspace
        self.ops.run_async(
            lambda: task_choices(workspace, utcnow()),
            self._show_choices,
            failure=self._refused,
            name="task choices",
        )

    def _show_choices(self, choices: TaskChoices) -> None:
        self.choices = choices
        self.message.hide()
        self.message.setStyleSheet(ERROR_STYLE)
        self.content.blockSignals(True)
        for item in choices.content:
            row = QListWidgetItem(f"{item.title}  ·  {kind_words(item.kind)}", self.content)
            row.setData(ID_ROLE, str(item.id))
            row.setData(SEARCH_ROLE, " ".join([item.title, item.campaign, *item.tags]).casefold())
            row.setToolTip(item.campaign)
            row.setCheckState(Qt.CheckState.Unchecked)
        self.content.blockSignals(False)
        self.rule_editor.set_tag_groups(choices.tag_groups)
        self._show_candidates()
        self.create_button.setEnabled(True)

    def _show_candidates(self, *_args: object) -> None:
        choices = self.choices
        if choices is None:
            return
        kind = self.assignee_kind()
        names = {store.id: store.name for store in choices.stores}
        rows: list[tuple[int, str]]
        if kind is AssigneeKind.guides:
            rows = [
                (guide.id, f"{guide.display_name}  ·  {names.get(guide.store_id or 0, '')}")
                for guide in choices.guides
            ]
        elif kind is AssigneeKind.store:
            rows = [(store.id, f"{store.code}  {store.name}") for store in choices.stores]
        else:
            rows = [(region.id, region.name) for region in choices.regions]
        self.candidates.blockSignals(True)
        self.candidates.clear()
        only_one = kind is AssigneeKind.region and not self.workspace.is_hq
        for entity_id, text in rows:
            item = QListWidgetItem(text, self.candidates)
            item.setData(ID_ROLE, entity_id)
            item.setCheckState(Qt.CheckState.Checked if only_one else Qt.CheckState.Unchecked)
        self.candidates.setCurrentRow(0)
        self.candidates.blockSignals(False)
        self._recheck()

    def _filter_content(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.content.count()):
            item = self.content.item(row)
            if item is not None:
                item.setHidden(bool(needle) and needle not in str(item.data(SEARCH_ROLE)))

    # ----------------------------------------------------------------------------------- the task

    def assignee_kind(self) -> AssigneeKind:
        return next(kind for kind, button in self.kind_buttons.items() if button.isChecked())

    def draft(self) -> TaskDraft:
        due = self.due.dateTime().toPython()
        assert isinstance(due, datetime)
        return TaskDraft(
            title=self.title.text(),
            instructions=self.instructions.toPlainText(),
            due_at=due.astimezone(),  # the PC's local time, made aware
            target_count=self.target.value(),
            assignee_kind=self.assignee_kind(),
            assignee_ids=tuple(int(str(entity_id)) for entity_id in _checked_ids(self.candidates)),
            content_ids=tuple(UUID(str(content_id)) for content_id in _checked_ids(self.content)),
            rule=self.rule_editor.rule(),
        )

    def _show_problems(self) -> bool:
        """Show each field's problem under it; True when there is none."""
        problems = task_problems(self.draft(), utcnow())
        for field, label in self.errors.items():
            code: ErrorCode | None = problems.get(field)
            label.setVisible(code is not None)
            label.setText(describe_code(code) if code is not None else "")
        return not problems

    def _focus_first_problem(self) -> None:
        """Put the cursor where the first thing to fix is, top to bottom."""
        fields = {
            TaskField.title: self.title,
            TaskField.instructions: self.instructions,
            TaskField.due: self.due,
            TaskField.target: self.target,
            TaskField.assignees: self.candidates,
            TaskField.content: self.content,
        }
        first = next((widget for field, widget in fields.items() if self.errors[field].isVisible()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _recheck(self, *_args: object) -> None:
        if self._tried:
            self._show_problems()

    def _create(self) -> None:
        if self.choices is None or not self.create_button.isEnabled():
            return
        self._tried = True
        self.message.hide()
        if not self._show_problems():
            self._focus_first_problem()
            return
        self.create_button.setEnabled(False)
        workspace, draft = self.workspace, self.draft()
        self.ops.remote_write(
            lambda: create_task(workspace, draft, utcnow()),
            self._created,
            failure=self._refused,
            name="create task",
        )

    def _created(self, task: TaskPublic) -> None:
        self.created = task
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.create_button.setEnabled(self.choices is not None)
        self.message.setText(describe_refusal(error))
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.show()
