"""HQ's Organisation page: regions, their stores and the accounts, edited in place, the sheet
import, and the audit record of the selected region, store or account."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area
from guide_app.protocol import AccountPublic, AuditAction, AuditEntry, RegionPublic, Role, StorePublic
from guide_app.timeutil import local
from guide_app.workspace import organisation as org
from guide_app.workspace.org_lookup import Organisation, organisation
from guide_app.workspace.organisation import AuditSubject, field_changes
from guide_app.workspace.session import Workspace
from ui.i18n import QT_TRANSLATE_NOOP
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown
from ui.workspace.org_dialogs import (
    AccountDialog,
    ImportSheetDialog,
    MoveStoreDialog,
    PasswordDialog,
    RegionDialog,
    StoreDialog,
    failure_words,
    role_words,
)

Row = TypeVar("Row")
CONTEXT = "OrganisationPage"
SEARCH_DELAY_MS = 150  # 20,000 accounts filter in ~10 ms; the delay only spares fast typists


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a `RowsModel`: its header (a source string of `context`) and its text."""

    header: str
    text: Callable[[Row], str]
    numeric: bool = False  # right-aligned, as figures are


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a Python list: the view asks only for the rows it paints, so
    20,000 accounts cost one list, not a widget each."""

    def __init__(self, columns: Sequence[Column[Row]], context: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns, self.context = list(columns), context
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row(self, index: QModelIndex | QPersistentModelIndex) -> Row | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.columns[index.column()].text(self.rows[index.row()])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return QCoreApplication.translate(self.context, self.columns[section].header)


def table_view(model: QAbstractTableModel, parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


ACTION_WORDS: dict[AuditAction, str] = {
    AuditAction.create: QT_TRANSLATE_NOOP("OrganisationPage", "Created"),
    AuditAction.update: QT_TRANSLATE_NOOP("OrganisationPage", "Changed"),
    AuditAction.move: QT_TRANSLATE_NOOP("OrganisationPage", "Moved"),
    AuditAction.disable: QT_TRANSLATE_NOOP("OrganisationPage", "Disabled"),
    AuditAction.enable: QT_TRANSLATE_NOOP("OrganisationPage", "Enabled"),
    AuditAction.password_reset: QT_TRANSLATE_NOOP("OrganisationPage", "Password reset"),
    AuditAction.import_sheet: QT_TRANSLATE_NOOP("OrganisationPage", "Imported from a sheet"),
    AuditAction.decide_dispute: QT_TRANSLATE_NOOP("OrganisationPage", "Dispute decided"),
    AuditAction.settings: QT_TRANSLATE_NOOP("OrganisationPage", "Settings changed"),
}
FIELD_WORDS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("OrganisationPage", "name"),
    "display_name": QT_TRANSLATE_NOOP("OrganisationPage", "name"),
    "code": QT_TRANSLATE_NOOP("OrganisationPage", "code"),
    "city": QT_TRANSLATE_NOOP("OrganisationPage", "city"),
    "region_id": QT_TRANSLATE_NOOP("OrganisationPage", "region"),
    "store_id": QT_TRANSLATE_NOOP("OrganisationPage", "store"),
    "login": QT_TRANSLATE_NOOP("OrganisationPage", "login"),
    "role": QT_TRANSLATE_NOOP("OrganisationPage", "role"),
    "disabled": QT_TRANSLATE_NOOP("OrganisationPage", "disabled"),
    "password": QT_TRANSLATE_NOOP("OrganisationPage", "password"),
}


class OrganisationPage(QWidget):
    """Three linked tables (regions → stores → accounts), one search over stores and accounts,
    the actions on the selected one, and its audit record underneath."""

    AREAS = (Area.organisation,)

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.organisation = Organisation([], [], [])
        self.subject: tuple[AuditSubject, int] | None = None
        self._filling = False  # the tables are being refilled: selection changes are not the operator's
        self._audit_running: Running[list[AuditEntry]] | None = None
        self._region_names: dict[int, str] = {}
        self._store_names: dict[int, str] = {}
        self._search_keys: dict[int, str] = {}
        self._build_models()
        self._build_actions()
        self._build_layout()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._fill_tables)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.freshness = ReadWhenShown(self, ops, self.reload, self.AREAS)
        self._enable_actions()

    # ----------------------------------------------------------------------------------- building

    def _build_models(self) -> None:
        self.regions_model: RowsModel[RegionPublic | None] = RowsModel(
            [Column(QT_TRANSLATE_NOOP("OrganisationPage", "Region"), self._region_text)], CONTEXT, self
        )
        self.stores_model: RowsModel[StorePublic] = RowsModel(
            [
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "Code"), lambda store: store.code),
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "Store"), lambda store: store.name),
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "City"), lambda store: store.city),
            ],
            CONTEXT,
            self,
        )
        self.accounts_model: RowsModel[AccountPublic] = RowsModel(
            [
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "Login"), lambda account: account.login),
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "Name"), lambda account: account.display_name),
                Column(
                    QT_TRANSLATE_NOOP("OrganisationPage", "Role"), lambda account: role_words(account.role)
                ),
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "Place"), self._place_text),
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "State"), self._state_text),
            ],
            CONTEXT,
            self,
        )
        self.audit_model: RowsModel[AuditEntry] = RowsModel(
            [
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "When"), _when_text),
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "Who"), lambda entry: entry.actor_name),
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "Action"), _action_text),
                Column(QT_TRANSLATE_NOOP("OrganisationPage", "Before → after"), self._change_text),
            ],
            CONTEXT,
            self,
        )

    def _action(self, text: str, shortcut: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text} ({_native(QKeySequence(shortcut))})")
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_region_action = self._action(self.tr("New region…"), "Ctrl+Shift+R", self.new_region)
        self.new_store_action = self._action(self.tr("New store…"), "Ctrl+Shift+S", self.new_store)
        self.new_account_action = self._action(self.tr("New account…"), "Ctrl+N", self.new_account)
        self.edit_action = self._action(self.tr("Edit…"), "F2", self.edit_selected)
        self.move_action = self._action(self.tr("Move store to region…"), "Ctrl+M", self.move_store)
        self.disable_action = self._action(self.tr("Disable account"), "Ctrl+D", self.toggle_disabled)
        self.password_action = self._action(self.tr("Reset password…"), "Ctrl+P", self.reset_password)
        self.import_action = self._action(self.tr("Import sheet…"), "Ctrl+I", self.import_sheet)
        self.search_action = self._action(self.tr("Search"), "Ctrl+F", self._focus_search)

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search stores and accounts (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search stores and accounts"))
        self.search.setMinimumWidth(200)
        bar.addWidget(self.search, 1)
        for action in (
            self.new_region_action,
            self.new_store_action,
            self.new_account_action,
            self.edit_action,
            self.move_action,
            self.disable_action,
            self.password_action,
            self.import_action,
        ):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        self.regions_view = table_view(self.regions_model, self, self.tr("Regions"))
        self.stores_view = table_view(self.stores_model, self, self.tr("Stores"))
        self.accounts_view = table_view(self.accounts_model, self, self.tr("Accounts"))
        self.audit_view = table_view(self.audit_model, self, self.tr("Audit record"))
        self.audit_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.audit_view.setWordWrap(True)
        for column, width in enumerate((140, 140, 130)):
            self.audit_view.setColumnWidth(column, width)
        for view, picked in (
            (self.regions_view, self._region_picked),
            (self.stores_view, self._store_picked),
            (self.accounts_view, self._account_picked),
        ):
            view.selectionModel().currentRowChanged.connect(
                lambda current, _previous, picked=picked: picked(current)
            )
            view.activated.connect(lambda _index: self.edit_selected())
        self.tables = QSplitter(Qt.Orientation.Horizontal, self)
        for view, width in ((self.regions_view, 170), (self.stores_view, 360), (self.accounts_view, 640)):
            self.tables.addWidget(view)
            self.tables.setStretchFactor(self.tables.count() - 1, width)
        self.tables.setSizes([170, 360, 640])
        self.audit_title = QLabel(self.tr("Audit record: select a region, store or account."), self)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(self.tables)
        audit = QWidget(self)
        audit_layout = QVBoxLayout(audit)
        audit_layout.setContentsMargins(0, 4, 0, 0)
        audit_layout.addWidget(self.audit_title)
        audit_layout.addWidget(self.audit_view)
        body.addWidget(audit)
        body.setSizes([420, 220])
        layout.addWidget(body, 1)
        layout.addWidget(self.status)
        self.setTabOrder(self.search, self.regions_view)
        self.setTabOrder(self.regions_view, self.stores_view)
        self.setTabOrder(self.stores_view, self.accounts_view)
        self.setTabOrder(self.accounts_view, self.audit_view)
        self.setFocusProxy(self.search)

    # ----------------------------------------------------------------------------------- loading

    def reload(self) -> None:
        self.status.setText(self.tr("Reading HQ…"))
        workspace = self.workspace
        self.ops.run_async(
            lambda: organisation(workspace), self._loaded, failure=self._failed, name="organisation"
        )

    def _loaded(self, found: Organisation) -> None:
        self.organisation = found
        self._region_names = {region.id: region.name for region in found.regions}
        self._store_names = {store.id: f"{store.code} {store.name}" for store in found.stores}
        # Lower-cased once per read, not once per keystroke for each of 20,000 accounts.
        self._search_keys = {
            account.id: f"{account.login} {account.display_name}".lower() for account in found.accounts
        }
        self.status.setText(
            self.tr("%1 region(s), %2 store(s), %3 account(s).")
            .replace("%1", str(len(found.regions)))
            .replace("%2", str(len(found.stores)))
            .replace("%3", str(len(found.accounts)))
        )
        region_id = self._current_region_id()
        regions: list[RegionPublic | None] = [None, *sorted(found.regions, key=lambda region: region.name)]
        self._filling = True  # a reload keeps what the operator picked, and the audit shown
        try:
            self.regions_model.set_rows(regions)
            row = next((i for i, region in enumerate(regions) if region and region.id == region_id), 0)
            self.regions_view.selectRow(row)
        finally:
            self._filling = False
        self._fill_tables()
        self._load_audit()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(failure_words(error))

    # ----------------------------------------------------------------------------------- the tables

    def _current_region_id(self) -> int | None:
        region = self.regions_model.row(self.regions_view.currentIndex())
        return region.id if region is not None else None

    def _current_store(self) -> StorePublic | None:
        return self.stores_model.row(self.stores_view.currentIndex())

    def _current_account(self) -> AccountPublic | None:
        return self.accounts_model.row(self.accounts_view.currentIndex())

    def _fill_tables(self) -> None:
        """Stores of the chosen region and accounts of the chosen store (or region), narrowed by
        the search; the selection is kept by id across a reload."""
        store, account = self._current_store(), self._current_account()
        self._filling = True
        try:
            self._fill_stores(store.id if store else None)
            self._fill_accounts(account.id if account else None)
        finally:
            self._filling = False
        self._enable_actions()

    def _fill_stores(self, keep_id: int | None) -> None:
        region_id, needle = self._current_region_id(), self.search.text().strip().lower()
        stores = [
            store
            for store in self.organisation.stores_of(region_id)
            if not needle or needle in f"{store.code} {store.name} {store.city}".lower()
        ]
        self.stores_model.set_rows(stores)
        self._reselect(self.stores_view, [store.id for store in stores], keep_id)

    def _fill_accounts(self, keep_id: int | None) -> None:
        region_id, store = self._current_region_id(), self._current_store()
        needle = self.search.text().strip().lower()
        if store is not None:
            accounts = [account for account in self.organisation.accounts if account.store_id == store.id]
        elif region_id is not None:
            store_ids = {store.id for store in self.organisation.stores_of(region_id)}
            accounts = [
                account
                for account in self.organisation.accounts
                if account.store_id in store_ids or account.region_id == region_id
            ]
        else:
            accounts = list(self.organisation.accounts)
        if needle:
            keys = self._search_keys
            accounts = [account for account in accounts if needle in keys[account.id]]
        accounts.sort(
            key=lambda account: (account.disabled, account.role is not Role.hq_admin, account.login)
        )
        self.accounts_model.set_rows(accounts)
        self._reselect(self.accounts_view, [account.id for account in accounts], keep_id)

    @staticmethod
    def _reselect(view: QTableView, ids: list[int], keep_id: int | None) -> None:
        if keep_id is not None and keep_id in ids:
            view.selectRow(ids.index(keep_id))
        else:
            view.clearSelection()
            view.setCurrentIndex(QModelIndex())

    def _region_picked(self, _index: QModelIndex) -> None:
        if self._filling:
            return
        region_id = self._current_region_id()
        self._fill_tables()
        self._set_subject((AuditSubject.region, region_id) if region_id is not None else None)

    def _store_picked(self, _index: QModelIndex) -> None:
        if self._filling:
            return
        store = self._current_store()
        self._filling = True
        try:
            self._fill_accounts(None)
        finally:
            self._filling = False
        self._set_subject((AuditSubject.store, store.id) if store else None)

    def _account_picked(self, _index: QModelIndex) -> None:
        if self._filling:
            return
        account = self._current_account()
        self._set_subject((AuditSubject.account, account.id) if account else None)

    def _set_subject(self, subject: tuple[AuditSubject, int] | None) -> None:
        if subject != self.subject:
            self.subject = subject
            self._load_audit()
        self._enable_actions()

    def _enable_actions(self) -> None:
        """Edit acts on what was picked last; the store and account actions on the chosen row of
        their own table, whichever was picked last."""
        account, store = self._current_account(), self._current_store()
        self.edit_action.setEnabled(self.subject is not None)
        self.move_action.setEnabled(store is not None and len(self.organisation.regions) > 1)
        self.disable_action.setEnabled(account is not None and account.id != self.workspace.me.id)
        enable = account is not None and account.disabled
        toggle = self.tr("Enable account") if enable else self.tr("Disable account")
        self.disable_action.setText(toggle)
        self.disable_action.setToolTip(f"{toggle} ({_native(self.disable_action.shortcut())})")
        self.password_action.setEnabled(account is not None)
        self.new_store_action.setEnabled(bool(self.organisation.regions))

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ----------------------------------------------------------------------------------- words

    def _region_text(self, region: RegionPublic | None) -> str:
        if region is None:
            return self.tr("All regions")
        count = sum(1 for store in self.organisation.stores if store.region_id == region.id)
        return self.tr("%1 (%n store(s))", "", count).replace("%1", region.name)

    def _place_text(self, account: AccountPublic) -> str:
        if account.store_id is not None:
            return self._store_names.get(account.store_id, str(account.store_id))
        if account.region_id is not None:
            return self._region_names.get(account.region_id, str(account.region_id))
        return self.tr("HQ")

    def _state_text(self, account: AccountPublic) -> str:
        return self.tr("Disabled") if account.disabled else self.tr("Active")

    def _value_text(self, name: str, value: Any) -> str:
        if value is None:
            return "—"
        if name == "region_id":
            return self._region_names.get(value, str(value))
        if name == "store_id":
            return self._store_names.get(value, str(value))
        if name == "disabled":
            return self.tr("yes") if value else self.tr("no")
        if name == "role":
            try:
                return role_words(Role(value))
            except ValueError:
                return str(value)
        if name == "password":
            return self.tr("(not shown)")
        return str(value)

    def _change_text(self, entry: AuditEntry) -> str:
        parts = []
        for change in field_changes(entry):
            label = self.tr(FIELD_WORDS[change.name]) if change.name in FIELD_WORDS else change.name
            if entry.before is None:
                parts.append(f"{label}: {self._value_text(change.name, change.after)}")
            else:
                before = self._value_text(change.name, change.before)
                after = self._value_text(change.name, change.after)
                parts.append(f"{label}: {before} → {after}")
        return "; ".join(parts)

    # ----------------------------------------------------------------------------------- the audit

    def _load_audit(self) -> None:
        subject = self.subject
        if subject is None:
            self.audit_model.set_rows([])
            self.audit_title.setText(self.tr("Audit record: select a region, store or account."))
            return
        self.audit_title.setText(self.tr("Audit record of %1").replace("%1", self._subject_name(subject)))
        workspace = self.workspace
        if self._audit_running is not None:
            self._audit_running.discard()  # a quicker click on the next row overtook it
        self._audit_running = self.ops.run_async(
            lambda: org.audit_of(workspace, subject[0], subject[1]),
            lambda entries: self._audit_loaded(subject, entries),
            failure=self._failed,
            name="audit",
        )

    def _audit_loaded(self, subject: tuple[AuditSubject, int], entries: list[AuditEntry]) -> None:
        if subject == self.subject:
            self.audit_model.set_rows(entries)
            self.audit_view.resizeRowsToContents()

    def _subject_name(self, subject: tuple[AuditSubject, int]) -> str:
        kind, entity_id = subject
        if kind is AuditSubject.region:
            return self._region_names.get(entity_id, str(entity_id))
        if kind is AuditSubject.store:
            return self._store_names.get(entity_id, str(entity_id))
        account = self.organisation.account(entity_id)
        return f"{account.display_name} ({account.login})" if account else str(entity_id)

    # ----------------------------------------------------------------------------------- actions

    def _open(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # type: ignore[attr-defined]

    def new_region(self) -> None:
        self._open(RegionDialog(self.ops, self.workspace, None, self))

    def new_store(self) -> None:
        regions = self.organisation.regions
        self._open(StoreDialog(self.ops, self.workspace, regions, None, self._current_region_id(), self))

    def new_account(self) -> None:
        store = self._current_store()
        self._open(
            AccountDialog(
                self.ops, self.workspace, self.organisation, None, store.id if store else None, self
            )
        )

    def edit_selected(self) -> None:
        if self.subject is None:
            return
        kind, entity_id = self.subject
        if kind is AuditSubject.region:
            region = self.organisation.region(entity_id)
            if region is not None:
                self._open(RegionDialog(self.ops, self.workspace, region, self))
        elif kind is AuditSubject.store:
            store = self.organisation.store(entity_id)
            if store is not None:
                self._open(
                    StoreDialog(self.ops, self.workspace, self.organisation.regions, store, parent=self)
                )
        else:
            account = self.organisation.account(entity_id)
            if account is not None:
                self._open(AccountDialog(self.ops, self.workspace, self.organisation, account, parent=self))

    def move_store(self) -> None:
        store = self._current_store()
        if store is not None and self.move_action.isEnabled():
            self._open(MoveStoreDialog(self.ops, self.workspace, self.organisation.regions, store, self))

    def reset_password(self) -> None:
        account = self._current_account()
        if account is not None and self.password_action.isEnabled():
            self._open(PasswordDialog(self.ops, self.workspace, account, self))

    def import_sheet(self) -> None:
        self._open(ImportSheetDialog(self.ops, self.workspace, self))

    def toggle_disabled(self) -> None:
        account = self._current_account()
        if account is None or not self.disable_action.isEnabled():
            return
        if not account.disabled:
            question = self.tr(
                "Disable %1 (%2)? They are signed out on every PC at once and cannot sign in until enabled."
            )
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Disable account"),
                question.replace("%1", account.display_name).replace("%2", account.login),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                self,
            )
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        workspace, account_id, disabled = self.workspace, account.id, not account.disabled
        self.ops.remote_write(
            lambda: org.set_account_disabled(workspace, account_id, disabled),
            failure=self._failed,
            name="disable account",
        )


def _native(shortcut: QKeySequence) -> str:
    return shortcut.toString(QKeySequence.SequenceFormat.NativeText)


def _when_text(entry: AuditEntry) -> str:
    return local(entry.at).strftime("%Y-%m-%d %H:%M")


def _action_text(entry: AuditEntry) -> str:
    source = ACTION_WORDS.get(entry.action)
    return QCoreApplication.translate(CONTEXT, source) if source else str(entry.action)
