"""HQ's SOP template editor: title, instructions, schedule, due time, content, audience and rule,
with a live preview of how many customers the rule reaches, by region and by store."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from guide_app.protocol import (
    Audience,
    AudienceKind,
    AudienceRule,
    ReachCount,
    ReachPreview,
    Schedule,
    ScheduleKind,
    SopPublic,
)
from guide_app.workspace.session import Workspace
from guide_app.workspace.sop import SopChoices, SopDraft, create_template, preview_reach, update_template
from ui.i18n import QT_TRANSLATE_NOOP
from ui.ops import Ops, Running
from ui.workspace.org_dialogs import failure_words
from ui.workspace.organisation import Column, RowsModel, table_view
from ui.workspace.rule_editor import RuleEditor

CONTEXT = "SopEditor"
PREVIEW_DELAY_MS = 400  # a preview per pause in editing, not per click
ID_ROLE = Qt.ItemDataRole.UserRole
EDITOR_SIZE = (1240, 700)

SCHEDULE_KINDS: dict[ScheduleKind, str] = {
    ScheduleKind.daily: QT_TRANSLATE_NOOP("SopEditor", "Every day"),
    ScheduleKind.weekdays: QT_TRANSLATE_NOOP("SopEditor", "On chosen weekdays"),
    ScheduleKind.fixed_date: QT_TRANSLATE_NOOP("SopEditor", "On one date"),
    ScheduleKind.days_after_added: QT_TRANSLATE_NOOP("SopEditor", "Days after the customer was added"),
    ScheduleKind.days_before_birthday: QT_TRANSLATE_NOOP("SopEditor", "Days before the customer's birthday"),
}
AUDIENCE_KINDS: dict[AudienceKind, str] = {
    AudienceKind.everyone: QT_TRANSLATE_NOOP("SopEditor", "Every store"),
    AudienceKind.regions: QT_TRANSLATE_NOOP("SopEditor", "Chosen regions"),
    AudienceKind.stores: QT_TRANSLATE_NOOP("SopEditor", "Chosen stores"),
}


def schedule_words(schedule: Schedule) -> str:
    """A schedule in plain words: "Every Mon, Thu", "3 day(s) before the customer's birthday"."""
    translate = QCoreApplication.translate
    if schedule.kind is ScheduleKind.weekdays:
        locale = QLocale()
        days = ", ".join(locale.dayName(day, QLocale.FormatType.ShortFormat) for day in schedule.weekdays)
        return translate(CONTEXT, "Every %1").replace("%1", days)
    if schedule.kind is ScheduleKind.fixed_date and schedule.on_date is not None:
        return translate(CONTEXT, "On %1").replace("%1", schedule.on_date.isoformat())
    if schedule.kind is ScheduleKind.days_after_added:
        return translate(CONTEXT, "%n day(s) after the customer was added", "", schedule.days or 0)
    if schedule.kind is ScheduleKind.days_before_birthday:
        return translate(CONTEXT, "%n day(s) before the customer's birthday", "", schedule.days or 0)
    return translate(CONTEXT, "Every day")


class ScheduleField(QWidget):
    """The schedule's kind and the one part that kind needs (weekdays, a date or a number of days)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        for kind, words in SCHEDULE_KINDS.items():
            self.kind.addItem(QCoreApplication.translate(CONTEXT, words), kind.value)
        self.kind.setAccessibleName(self.tr("Schedule"))
        locale = QLocale()
        self.weekdays = [
            QCheckBox(locale.dayName(day, QLocale.FormatType.ShortFormat), self) for day in range(1, 8)
        ]
        self.on_date = QDateEdit(QDate.currentDate(), self)
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("yyyy-MM-dd")
        self.days = QSpinBox(self)
        self.days.setRange(0, 366)
        self.days.setValue(3)
        self.days.setSuffix(self.tr(" day(s)"))
        parts = QHBoxLayout()
        parts.setContentsMargins(0, 0, 0, 0)
        for box in self.weekdays:
            parts.addWidget(box)
        parts.addWidget(self.on_date)
        parts.addWidget(self.days)
        parts.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addLayout(parts)
        self.kind.currentIndexChanged.connect(self._show_parts)
        self._show_parts()

    def _chosen(self) -> ScheduleKind:
        return ScheduleKind(self.kind.currentData())

    def _show_parts(self) -> None:
        kind = self._chosen()
        for box in self.weekdays:
            box.setVisible(kind is ScheduleKind.weekdays)
        self.on_date.setVisible(kind is ScheduleKind.fixed_date)
        self.days.setVisible(kind in (ScheduleKind.days_after_added, ScheduleKind.days_before_birthday))

    def schedule(self) -> Schedule:
        kind = self._chosen()
        if kind is ScheduleKind.weekdays:
            chosen = [day for day, box in enumerate(self.weekdays, start=1) if box.isChecked()]
            return Schedule(kind=kind, weekdays=chosen or [1])
        if kind is ScheduleKind.fixed_date:
            return Schedule(kind=kind, on_date=date.fromisoformat(self.on_date.date().toString("yyyy-MM-dd")))
        if kind in (ScheduleKind.days_after_added, ScheduleKind.days_before_birthday):
            return Schedule(kind=kind, days=self.days.value())
        return Schedule(kind=kind)

    def set_schedule(self, schedule: Schedule) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(schedule.kind.value), 0))
        for day, box in enumerate(self.weekdays, start=1):
            box.setChecked(day in schedule.weekdays)
        if schedule.on_date is not None:
            self.on_date.setDate(QDate(schedule.on_date.year, schedule.on_date.month, schedule.on_date.day))
        if schedule.days is not None:
            self.days.setValue(schedule.days)


def _checkable_list(
    parent: QWidget, name: str, entries: list[tuple[str, object]], chosen: Collection[object]
) -> QListWidget:
    listing = QListWidget(parent)
    listing.setAccessibleName(name)
    listing.setUniformItemSizes(True)
    for text, value in entries:
        item = QListWidgetItem(text, listing)
        item.setData(ID_ROLE, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
    return listing


def _checked(listing: QListWidget) -> list[object]:
    return [
        listing.item(row).data(ID_ROLE)
        for row in range(listing.count())
        if listing.item(row).checkState() == Qt.CheckState.Checked
    ]


class ReachPanel(QWidget):
    """The preview's answer: the total, how fresh the statistics are, and the counts by region
    and by store."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total = QLabel(self)
        self.total.setObjectName("total")
        self.total.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.freshness = QLabel(self)
        self.freshness.setObjectName("freshness")
        self.freshness.setWordWrap(True)
        columns = [
            Column(QT_TRANSLATE_NOOP("ReachPanel", "Name"), lambda count: count.name),
            Column(
                QT_TRANSLATE_NOOP("ReachPanel", "Customers"),
                lambda count: f"{count.customers:,}",
                numeric=True,
            ),
            Column(QT_TRANSLATE_NOOP("ReachPanel", "Guides reporting"), _reporting_text, numeric=True),
        ]
        self.regions: RowsModel[ReachCount] = RowsModel(columns, "ReachPanel", self)
        self.stores: RowsModel[ReachCount] = RowsModel(columns, "ReachPanel", self)
        self.regions_view = table_view(self.regions, self, self.tr("Reach by region"))
        self.stores_view = table_view(self.stores, self, self.tr("Reach by store"))
        for view in (self.regions_view, self.stores_view):
            header = view.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in (1, 2):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.total)
        layout.addWidget(self.freshness)
        layout.addWidget(QLabel(self.tr("By region"), self))
        layout.addWidget(self.regions_view, 2)
        layout.addWidget(QLabel(self.tr("By store"), self))
        layout.addWidget(self.stores_view, 3)
        self.show_waiting()

    def show_waiting(self) -> None:
        self.total.setText(self.tr("Counting…"))

    def show_failure(self, text: str) -> None:
        self.total.setText(self.tr("No preview"))
        self.freshness.setText(text)

    def show_preview(self, preview: ReachPreview) -> None:
        if preview.exact:
            self.total.setText(self.tr("%n customer(s)", "", preview.total))
        else:
            self.total.setText(self.tr("about %n customer(s)", "", preview.total))
        reported = (
            self.tr("%1 of %2 guides reported book statistics.")
            .replace("%1", str(preview.guides_reporting))
            .replace("%2", str(preview.guides))
        )
        if preview.oldest_stats_day is not None:
            reported += " " + self.tr("The oldest are from %1.").replace(
                "%1", preview.oldest_stats_day.isoformat()
            )
        if not preview.exact:
            reported += " " + self.tr("Tags combine here, so the count is an estimate.")
        self.freshness.setText(reported)
        self.regions.set_rows(preview.regions)
        self.stores.set_rows(preview.stores)


def _reporting_text(count: ReachCount) -> str:
    return f"{count.guides_reporting} / {count.guides}"


class SopEditor(QDialog):
    """One template, new or HQ's; Save sends it whole. The preview follows the rule and the
    audience as they change, each answer overtaken by a newer edit dropped."""

    def __init__(
        self,
        ops: Ops,
        workspace: Workspace,
        choices: SopChoices,
        template: SopPublic | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.workspace, self.choices, self.template = ops, workspace, choices, template
        self.saved: SopPublic | None = None
        self.shown_preview: ReachPreview | None = None
        self.previews = 0  # previews asked for; an answer whose number is not the last is stale
        self._preview_running: Running[ReachPreview] | None = None
        self.setWindowTitle(self.tr("New SOP template") if template is None else self.tr("Edit SOP template"))
        self.resize(*EDITOR_SIZE)
        self._build(template)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.preview)
        self.rule_editor.changed.connect(self._rule_or_audience_changed)
        self.audience_kind.currentIndexChanged.connect(self._audience_kind_changed)
        self.audience_list.itemChanged.connect(lambda _item: self._rule_or_audience_changed())
        self._audience_kind_changed()
        self.title.setFocus()

    def _build(self, template: SopPublic | None) -> None:
        form = QFormLayout()
        self.title = QLineEdit(template.title if template else "", self)
        self.instructions = QPlainTextEdit(template.instructions if template else "", self)
        self.instructions.setTabChangesFocus(True)
        self.instructions.setFixedHeight(80)
        self.schedule = ScheduleField(self)
        if template is not None:
            self.schedule.set_schedule(template.schedule)
        self.due_time = QTimeEdit(QTime.fromString(template.due_time if template else "18:00", "HH:mm"), self)
        self.due_time.setDisplayFormat("HH:mm")
        self.due_time.setMaximumWidth(120)
        chosen_content = set(template.content_ids) if template else set()
        self.content = _checkable_list(
            self, self.tr("Content"), [(item.title, item.id) for item in self.choices.content], chosen_content
        )
        self.active = QCheckBox(self.tr("Active: guides' apps make tasks from it"), self)
        self.active.setChecked(template.active if template else True)
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Instructions:"), self.instructions)
        form.addRow(self.tr("&Schedule:"), self.schedule)
        form.addRow(self.tr("&Due by:"), self.due_time)
        form.addRow(self.tr("C&ontent:"), self.content)
        form.addRow("", self.active)
        left = QWidget(self)
        left.setLayout(form)
        middle = self._build_audience(template)
        self.reach = ReachPanel(self)
        reach_box = QGroupBox(self.tr("Reach (from guides' book statistics)"), self)
        QVBoxLayout(reach_box).addWidget(self.reach)
        columns = QHBoxLayout()
        columns.addWidget(left, 4)
        columns.addWidget(middle, 4)
        columns.addWidget(reach_box, 4)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _build_audience(self, template: SopPublic | None) -> QWidget:
        box = QGroupBox(self.tr("Who it is for"), self)
        self.audience_kind = QComboBox(box)
        for kind, words in AUDIENCE_KINDS.items():
            self.audience_kind.addItem(QCoreApplication.translate(CONTEXT, words), kind.value)
        self.audience_kind.setAccessibleName(self.tr("Audience"))
        audience = template.audience if template else Audience()
        self.audience_kind.setCurrentIndex(max(self.audience_kind.findData(audience.kind.value), 0))
        self._audience_ids: set[object] = set(audience.region_ids) | set(audience.store_ids)
        self.audience_list = QListWidget(box)
        self.audience_list.setAccessibleName(self.tr("Regions or stores"))
        self.audience_list.setUniformItemSizes(True)
        self.audience_list.setMaximumHeight(120)
        self.rule_editor = RuleEditor(box)
        self.rule_editor.set_tag_groups(self.choices.tag_groups)
        self.rule_editor.set_rule(template.rule if template else AudienceRule())
        layout = QVBoxLayout(box)
        layout.addWidget(self.audience_kind)
        layout.addWidget(self.audience_list)
        layout.addWidget(QLabel(self.tr("Which of their customers:"), box))
        layout.addWidget(self.rule_editor, 1)
        return box

    # ----------------------------------------------------------------------------------- audience

    def _audience_kind_changed(self) -> None:
        """Fill the list with regions or stores; what was ticked stays ticked when the kind returns."""
        self._audience_ids = set(_checked(self.audience_list)) | self._audience_ids
        kind = AudienceKind(self.audience_kind.currentData())
        self.audience_list.blockSignals(True)
        self.audience_list.clear()
        if kind is AudienceKind.regions:
            entries: list[tuple[str, object]] = [(region.name, region.id) for region in self.choices.regions]
        elif kind is AudienceKind.stores:
            entries = [(f"{store.code} {store.name}", store.id) for store in self.choices.stores]
        else:
            entries = []
        for text, value in entries:
            item = QListWidgetItem(text, self.audience_list)
            item.setData(ID_ROLE, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = value in self._audience_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.audience_list.blockSignals(False)
        self.audience_list.setVisible(kind is not AudienceKind.everyone)
        self._rule_or_audience_changed()

    def audience(self) -> Audience | None:
        """The chosen audience; None while regions or stores are asked for and none is ticked."""
        kind = AudienceKind(self.audience_kind.currentData())
        ids = [int(value) for value in _checked(self.audience_list)]  # type: ignore[call-overload]
        if kind is AudienceKind.everyone:
            return Audience(kind=kind)
        if not ids:
            return None
        if kind is AudienceKind.regions:
            return Audience(kind=kind, region_ids=ids)
        return Audience(kind=kind, store_ids=ids)

    # ----------------------------------------------------------------------------------- preview

    def _rule_or_audience_changed(self) -> None:
        self.reach.show_waiting()
        self._preview_timer.start()

    def preview(self) -> None:
        """Ask HQ for the reach of what the editor shows now; an older answer still on its way is dropped."""
        audience = self.audience()
        if audience is None:
            self.reach.show_failure(self.tr("Tick at least one region or store."))
            return
        if self._preview_running is not None:
            self._preview_running.discard()
        self.previews += 1
        number, rule, workspace = self.previews, self.rule_editor.rule(), self.workspace
        self._preview_running = self.ops.run_async(
            lambda: preview_reach(workspace, rule, audience),
            lambda preview: self._previewed(number, preview),
            failure=lambda error: self._preview_failed(number, error),
            name="reach preview",
        )

    def _previewed(self, number: int, preview: ReachPreview) -> None:
        if number == self.previews:
            self.shown_preview = preview
            self.reach.show_preview(preview)

    def _preview_failed(self, number: int, error: BaseException) -> None:
        if number == self.previews:
            self.reach.show_failure(failure_words(error))

    # ----------------------------------------------------------------------------------- saving

    def draft(self) -> SopDraft:
        return SopDraft(
            title=self.title.text(),
            instructions=self.instructions.toPlainText(),
            schedule=self.schedule.schedule(),
            rule=self.rule_editor.rule(),
            content_ids=tuple(_checked(self.content)),  # type: ignore[arg-type]
            due_time=self.due_time.time().toString("HH:mm"),
            audience=self.audience() or Audience(),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        if self.audience() is None:
            self._failed_text(self.tr("Tick at least one region or store, or choose every store."))
            return
        draft, workspace, template = self.draft(), self.workspace, self.template
        self.buttons.setEnabled(False)
        self.problem.hide()
        if template is None:
            call = lambda: create_template(workspace, draft)  # noqa: E731
        else:
            template_id = template.id
            call = lambda: update_template(workspace, template_id, draft)  # noqa: E731
        self.ops.remote_write(
            call, self._saved, failure=lambda error: self._failed_text(failure_words(error))
        )

    def _saved(self, template: SopPublic) -> None:
        self.saved = template
        self.accept()

    def _failed_text(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(text)
        self.problem.show()
