"""The HQ operator's organisation dialogs: a region, a store, an account, a move, a new password."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Outcome
from guide_app.protocol import AccountPublic, OrgImportResult, RegionPublic, Role, StorePublic
from guide_app.sync.client import HqRefused
from guide_app.workspace import organisation as org
from guide_app.workspace.org_lookup import Organisation
from guide_app.workspace.session import Workspace
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe
from ui.ops import Ops

DIALOG_WIDTH = 460


def failure_words(error: BaseException) -> str:
    """The sentence for a failed call, with HQ's own reason when HQ refused it."""
    text = describe(error)
    if isinstance(error, HqRefused) and error.message:
        return f"{text}\n{error.message}"
    return text


class WriteDialog(QDialog):
    """A small form whose OK sends one write to HQ; the dialog closes on HQ's yes and shows HQ's
    no (or the core's check) under the form, where the operator is looking."""

    def __init__(self, ops: Ops, workspace: Workspace, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.setWindowTitle(title)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.form = QFormLayout()
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.problem)
        self.body.addWidget(self.buttons)
        self.answer: Any = None

    def explain(self, text: str) -> None:
        """A sentence above the form (outside it: a wrapped label in a form row gets clipped)."""
        label = QLabel(text, self)
        label.setWordWrap(True)
        self.body.insertWidget(0, label)

    def line(self, label: str, text: str = "", *, secret: bool = False) -> QLineEdit:
        edit = QLineEdit(text, self)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, edit)
        return edit

    def call(self) -> Callable[[], Awaitable[Outcome[Any]]]:
        raise NotImplementedError  # each dialog names its write

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self.problem.hide()
        self.ops.remote_write(self.call(), self._done, failure=self._failed, name=self.windowTitle())

    def _done(self, value: Any) -> None:
        self.answer = value
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(failure_words(error))
        self.problem.show()
        self.adjustSize()


def _combo(parent: QWidget, choices: list[tuple[str, int]], chosen: int | None) -> QComboBox:
    combo = QComboBox(parent)
    for text, value in choices:
        combo.addItem(text, value)
    index = combo.findData(chosen)
    combo.setCurrentIndex(max(index, 0))
    return combo


def region_choices(regions: list[RegionPublic]) -> list[tuple[str, int]]:
    return [(region.name, region.id) for region in sorted(regions, key=lambda region: region.name)]


def store_choices(stores: list[StorePublic], regions: list[RegionPublic]) -> list[tuple[str, int]]:
    names = {region.id: region.name for region in regions}
    ordered = sorted(stores, key=lambda store: (names.get(store.region_id, ""), store.code))
    return [(f"{store.code} {store.name} · {names.get(store.region_id, '')}", store.id) for store in ordered]


class RegionDialog(WriteDialog):
    """A new region, or a region renamed."""

    def __init__(
        self, ops: Ops, workspace: Workspace, region: RegionPublic | None, parent: QWidget | None = None
    ) -> None:
        title = self.tr("New region") if region is None else self.tr("Edit region")
        super().__init__(ops, workspace, title, parent)
        self.region = region
        self.name = self.line(self.tr("&Name:"), region.name if region else "")

    def call(self) -> Callable[[], Awaitable[Outcome[Any]]]:
        name, workspace, region = self.name.text(), self.workspace, self.region
        if region is None:
            return lambda: org.create_region(workspace, name)
        return lambda: org.rename_region(workspace, region.id, name)


class StoreDialog(WriteDialog):
    """A new store in a region, or a store's name and city changed (a move has its own dialog)."""

    def __init__(
        self,
        ops: Ops,
        workspace: Workspace,
        regions: list[RegionPublic],
        store: StorePublic | None,
        region_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("New store") if store is None else self.tr("Edit store")
        super().__init__(ops, workspace, title, parent)
        self.store = store
        self.code = self.line(self.tr("&Code:"), store.code if store else "")
        self.code.setReadOnly(store is not None)
        self.name = self.line(self.tr("&Name:"), store.name if store else "")
        self.city = self.line(self.tr("C&ity:"), store.city if store else "")
        self.region = _combo(self, region_choices(regions), store.region_id if store else region_id)
        self.region.setEnabled(store is None)
        self.form.addRow(self.tr("&Region:"), self.region)
        if store is not None:
            self.name.setFocus()

    def call(self) -> Callable[[], Awaitable[Outcome[Any]]]:
        workspace, store = self.workspace, self.store
        code, name, city, region_id = (
            self.code.text(),
            self.name.text(),
            self.city.text(),
            self.region.currentData(),
        )
        if store is None:
            return lambda: org.create_store(workspace, code, name, region_id, city)
        return lambda: org.update_store(workspace, store.id, name, city)


class MoveStoreDialog(WriteDialog):
    """A store and its guides moved to another region."""

    def __init__(
        self,
        ops: Ops,
        workspace: Workspace,
        regions: list[RegionPublic],
        store: StorePublic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, workspace, self.tr("Move store to region"), parent)
        self.store = store
        others = [choice for choice in region_choices(regions) if choice[1] != store.region_id]
        self.region = _combo(self, others, None)
        self.explain(
            self.tr("%1 and its guides move to the region chosen below; its sales stay its own.").replace(
                "%1", f"{store.code} {store.name}"
            )
        )
        self.form.addRow(self.tr("&New region:"), self.region)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Move"))

    def call(self) -> Callable[[], Awaitable[Outcome[Any]]]:
        workspace, store_id, region_id = self.workspace, self.store.id, self.region.currentData()
        return lambda: org.move_store(workspace, store_id, region_id)


ROLE_ORDER = (Role.guide, Role.manager, Role.hq_admin)


class AccountDialog(WriteDialog):
    """A new account (login, name, role, place, password typed twice), or an account renamed or
    moved to another store (a guide) or region (a manager)."""

    def __init__(
        self,
        ops: Ops,
        workspace: Workspace,
        organisation: Organisation,
        account: AccountPublic | None,
        store_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("New account") if account is None else self.tr("Edit account")
        super().__init__(ops, workspace, title, parent)
        self.account, self.organisation = account, organisation
        self.login = self.line(self.tr("&Login:"), account.login if account else "")
        self.login.setReadOnly(account is not None)
        self.name = self.line(self.tr("&Name:"), account.display_name if account else "")
        self.role = QComboBox(self)
        for role in ROLE_ORDER:
            self.role.addItem(role_words(role), role.value)
        self.role.setCurrentIndex(ROLE_ORDER.index(account.role if account else Role.guide))
        self.role.setEnabled(account is None)
        self.form.addRow(self.tr("&Role:"), self.role)
        self.place = QComboBox(self)
        self.place_label = QLabel(self.tr("&Store:"), self)
        self.place_label.setBuddy(self.place)
        self.form.addRow(self.place_label, self.place)
        self.role.currentIndexChanged.connect(self._fill_places)
        self._fill_places()
        chosen = (account.store_id or account.region_id) if account else store_id
        self.place.setCurrentIndex(max(self.place.findData(chosen), 0))
        self.password = self.repeated = None
        if account is None:
            self.password = self.line(self.tr("&Password:"), secret=True)
            self.repeated = self.line(self.tr("Password a&gain:"), secret=True)
        else:
            self.name.setFocus()

    def _fill_places(self) -> None:
        role = Role(self.role.currentData())
        self.place.clear()
        if role is Role.guide:
            self.place_label.setText(self.tr("&Store:"))
            choices = store_choices(self.organisation.stores, self.organisation.regions)
        else:
            self.place_label.setText(self.tr("Re&gion:"))
            choices = region_choices(self.organisation.regions) if role is Role.manager else []
        for text, value in choices:
            self.place.addItem(text, value)
        self.place.setEnabled(bool(choices))

    def call(self) -> Callable[[], Awaitable[Outcome[Any]]]:
        workspace, account = self.workspace, self.account
        name, place_id = self.name.text(), self.place.currentData()
        if account is not None:
            return lambda: org.update_account(workspace, account, name, place_id)
        assert self.password is not None and self.repeated is not None
        new = org.NewAccount(
            login=self.login.text(),
            display_name=name,
            role=Role(self.role.currentData()),
            place_id=place_id,
            password=self.password.text(),
            repeated=self.repeated.text(),
        )
        return lambda: org.create_account(workspace, new)


class PasswordDialog(WriteDialog):
    """A new password for an account, typed twice; its sign-ins end at once."""

    def __init__(
        self, ops: Ops, workspace: Workspace, account: AccountPublic, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, workspace, self.tr("Reset password"), parent)
        self.account = account
        self.explain(
            self.tr("%1 (%2) is signed out everywhere and signs in with the new password.")
            .replace("%1", account.display_name)
            .replace("%2", account.login)
        )
        self.password = self.line(self.tr("&New password:"), secret=True)
        self.repeated = self.line(self.tr("Password a&gain:"), secret=True)
        hint = QLabel(self.tr("At least 8 characters."), self)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.form.addRow("", hint)

    def call(self) -> Callable[[], Awaitable[Outcome[Any]]]:
        workspace, account_id = self.workspace, self.account.id
        password, repeated = self.password.text(), self.repeated.text()
        return lambda: org.reset_password(workspace, account_id, password, repeated)


def role_words(role: Role) -> str:
    if role is Role.guide:
        return QCoreApplication.translate("OrgDialogs", "Guide")
    if role is Role.manager:
        return QCoreApplication.translate("OrgDialogs", "Regional manager")
    return QCoreApplication.translate("OrgDialogs", "HQ operator")


class ReportKind(StrEnum):
    problem = "problem"
    move = "move"
    note = "note"


REPORT_WORDS: dict[ReportKind, str] = {
    ReportKind.problem: QT_TRANSLATE_NOOP("OrgDialogs", "Problem"),
    ReportKind.move: QT_TRANSLATE_NOOP("OrgDialogs", "Move"),
    ReportKind.note: QT_TRANSLATE_NOOP("OrgDialogs", "Note"),
}
REPORT_COLUMNS = (
    QT_TRANSLATE_NOOP("OrgDialogs", "Row"),
    QT_TRANSLATE_NOOP("OrgDialogs", "Kind"),
    QT_TRANSLATE_NOOP("OrgDialogs", "What HQ found"),
)


class ImportState(StrEnum):
    """Where the sheet import stands: nothing chosen, HQ checking or writing, or HQ's report."""

    empty = "empty"
    checking = "checking"
    checked = "checked"
    importing = "importing"
    imported = "imported"


class ImportSheetDialog(QDialog):
    """The organisation sheet: chosen, checked by HQ (a dry run) with its per-row report, and then
    imported, which is offered only when no row has a problem (HQ writes all of it or none)."""

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.path: Path | None = None
        self.report_result: OrgImportResult | None = None
        self.state = ImportState.empty
        self.setWindowTitle(self.tr("Import organisation sheet"))
        self.resize(900, 560)
        self.choose_button = QPushButton(self.tr("&Choose sheet…"), self)
        self.choose_button.clicked.connect(self.choose)
        self.file_label = QLabel(self.tr("No sheet chosen."), self)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.report = QTreeWidget(self)
        self.report.setRootIsDecorated(False)
        self.report.setUniformRowHeights(True)
        self.report.setHeaderLabels(
            [QCoreApplication.translate("OrgDialogs", text) for text in REPORT_COLUMNS]
        )
        self.report.setColumnWidth(0, 70)
        self.report.setColumnWidth(1, 90)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.setObjectName("import")
        self.import_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        self._show_state()

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the organisation sheet"), "", self.tr("Excel workbooks (*.xlsx)")
        )
        if name:
            self.check(Path(name))

    def check(self, path: Path) -> None:
        """HQ checks the sheet and reports each row; nothing is written."""
        self.path, self.report_result = path, None
        self.file_label.setText(path.name)
        self._set_state(ImportState.checking)
        workspace = self.workspace
        self.ops.run_async(
            lambda: org.check_sheet(workspace, path), self._checked, failure=self._failed, name="check sheet"
        )

    def apply(self) -> None:
        if self.path is None or not self.can_import:
            return
        path, workspace = self.path, self.workspace
        self._set_state(ImportState.importing)
        self.ops.remote_write(
            lambda: org.import_sheet(workspace, path),
            self._imported,
            failure=self._failed,
            name="import sheet",
        )

    @property
    def can_import(self) -> bool:
        return (
            self.state is ImportState.checked
            and self.report_result is not None
            and not self.report_result.problems
        )

    def _checked(self, result: OrgImportResult) -> None:
        self.report_result = result
        self._show_report(result)
        self._set_state(ImportState.checked)

    def _imported(self, result: OrgImportResult) -> None:
        self.report_result = result
        self._show_report(result)
        self._set_state(ImportState.imported if result.applied else ImportState.checked)

    def _failed(self, error: BaseException) -> None:
        self._set_state(ImportState.empty if self.report_result is None else ImportState.checked)
        self.summary.setText(failure_words(error))

    def _set_state(self, state: ImportState) -> None:
        self.state = state
        self._show_state()

    def _show_state(self) -> None:
        busy = self.state in (ImportState.checking, ImportState.importing)
        self.choose_button.setEnabled(not busy)
        self.import_button.setEnabled(self.can_import)
        if self.state is ImportState.empty:
            self.summary.setText(
                self.tr("Choose the sheet: HQ checks every row before anything is imported.")
            )
        elif self.state is ImportState.checking:
            self.summary.setText(self.tr("HQ is checking the sheet…"))
        elif self.state is ImportState.importing:
            self.summary.setText(self.tr("HQ is importing the sheet…"))
        elif self.report_result is not None:
            self.summary.setText(self._summary_words(self.report_result))

    def _summary_words(self, result: OrgImportResult) -> str:
        counts = (
            self.tr("%1 region(s), %2 store(s) new, %3 store(s) changed, %4 account(s) new.")
            .replace("%1", str(result.regions_created))
            .replace("%2", str(result.stores_created))
            .replace("%3", str(result.stores_updated))
            .replace("%4", str(result.accounts_created))
        )
        if result.applied:
            return self.tr("Imported: %1").replace("%1", counts)
        if result.problems:
            return self.tr(
                "%n row(s) have a problem: fix them in the sheet and choose it again. Nothing was imported.",
                "",
                len(result.problems),
            )
        return self.tr("Every row is fine. Importing would add: %1").replace("%1", counts)

    def _show_report(self, result: OrgImportResult) -> None:
        self.report.clear()
        rows = [
            (ReportKind.problem, result.problems),
            (ReportKind.move, result.moves),
            (ReportKind.note, result.notes),
        ]
        for kind, entries in rows:
            for entry in entries:
                item = QTreeWidgetItem(
                    [str(entry.row), QCoreApplication.translate("OrgDialogs", REPORT_WORDS[kind]), entry.text]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, kind.value)
                item.setToolTip(2, entry.text)
                self.report.addTopLevelItem(item)
