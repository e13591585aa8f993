"""HQ's SOP templates page: the list (title, schedule in words, due time, audience, active), and
new, edit and delete through the editor with its live reach preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QToolButton, QVBoxLayout, QWidget

from guide_app.changes import Area
from guide_app.protocol import AudienceKind, SopPublic
from guide_app.workspace.session import Workspace
from guide_app.workspace.sop import SopChoices, delete_template, list_templates, sop_choices
from ui.i18n import QT_TRANSLATE_NOOP
from ui.ops import Ops
from ui.views.freshness import ReadWhenShown
from ui.workspace.org_dialogs import failure_words
from ui.workspace.organisation import Column, RowsModel, table_view
from ui.workspace.sop_editor import SopEditor, schedule_words

CONTEXT = "SopPage"


class SopPage(QWidget):
    """The templates HQ publishes; guides' apps turn each into daily tasks over their own books."""

    AREAS = (Area.sop_templates, Area.library, Area.organisation)

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.choices = SopChoices([], [], [], [])
        self.choices_ready = False  # the editor picks from them: it opens once they are in
        self.model: RowsModel[SopPublic] = RowsModel(
            [
                Column(QT_TRANSLATE_NOOP("SopPage", "Title"), lambda template: template.title),
                Column(
                    QT_TRANSLATE_NOOP("SopPage", "Schedule"),
                    lambda template: schedule_words(template.schedule),
                ),
                Column(QT_TRANSLATE_NOOP("SopPage", "Due by"), lambda template: template.due_time),
                Column(QT_TRANSLATE_NOOP("SopPage", "Audience"), self._audience_text),
                Column(QT_TRANSLATE_NOOP("SopPage", "Active"), self._active_text),
            ],
            CONTEXT,
            self,
        )
        self.new_action = self._action(self.tr("New template…"), "Ctrl+N", self.new_template)
        self.edit_action = self._action(self.tr("Edit…"), "F2", self.edit_template)
        self.delete_action = self._action(self.tr("Delete…"), "Delete", self.delete_template)
        bar = QHBoxLayout()
        for action in (self.new_action, self.edit_action, self.delete_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            bar.addWidget(button)
        bar.addStretch(1)
        self.view = table_view(self.model, self, self.tr("SOP templates"))
        self.view.activated.connect(lambda _index: self.edit_template())
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._enable_actions())
        for column, width in enumerate((300, 260, 80, 300)):
            self.view.setColumnWidth(column, width)
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.setFocusProxy(self.view)
        self.freshness = ReadWhenShown(self, ops, self.reload, self.AREAS)
        self._enable_actions()

    def _action(self, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({native})")
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    # ----------------------------------------------------------------------------------- loading

    def reload(self) -> None:
        self.status.setText(self.tr("Reading HQ…"))
        workspace = self.workspace
        self.ops.run_async(lambda: sop_choices(workspace), self._choices_loaded, failure=self._failed)
        self.ops.run_async(lambda: list_templates(workspace), self._loaded, failure=self._failed)

    def _choices_loaded(self, choices: SopChoices) -> None:
        self.choices, self.choices_ready = choices, True
        self._enable_actions()
        self.view.viewport().update()  # audience names come from the choices

    def _loaded(self, templates: list[SopPublic]) -> None:
        current = self.current()
        self.model.set_rows(sorted(templates, key=lambda template: (not template.active, template.title)))
        self.status.setText(self.tr("%n template(s).", "", len(templates)))
        ids = [template.id for template in self.model.rows]
        if current is not None and current.id in ids:
            self.view.selectRow(ids.index(current.id))
        self._enable_actions()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(failure_words(error))

    def current(self) -> SopPublic | None:
        return self.model.row(self.view.currentIndex())

    def _enable_actions(self) -> None:
        chosen = self.current() is not None
        self.new_action.setEnabled(self.choices_ready)
        self.edit_action.setEnabled(chosen and self.choices_ready)
        self.delete_action.setEnabled(chosen)

    # ----------------------------------------------------------------------------------- words

    def _audience_text(self, template: SopPublic) -> str:
        audience = template.audience
        if audience.kind is AudienceKind.everyone:
            return self.tr("Every store")
        if audience.kind is AudienceKind.regions:
            names = {region.id: region.name for region in self.choices.regions}
            listed = ", ".join(names.get(region_id, str(region_id)) for region_id in audience.region_ids)
            return self.tr("Regions: %1").replace("%1", listed)
        codes = {store.id: store.code for store in self.choices.stores}
        listed = ", ".join(codes.get(store_id, str(store_id)) for store_id in audience.store_ids)
        return self.tr("Stores: %1").replace("%1", listed)

    def _active_text(self, template: SopPublic) -> str:
        return self.tr("Active") if template.active else self.tr("Paused")

    # ----------------------------------------------------------------------------------- actions

    def new_template(self) -> None:
        if self.choices_ready:
            self._open(None)

    def edit_template(self) -> None:
        template = self.current()
        if template is not None and self.choices_ready:
            self._open(template)

    def _open(self, template: SopPublic | None) -> None:
        editor = SopEditor(self.ops, self.workspace, self.choices, template, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()

    def delete_template(self) -> None:
        template = self.current()
        if template is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete SOP template"),
            self.tr("Delete “%1”? Guides' apps stop making tasks from it at their next sync.").replace(
                "%1", template.title
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        workspace, template_id = self.workspace, template.id
        self.ops.remote_write(lambda: delete_template(workspace, template_id), failure=self._failed)
