"""One customer's card: profile, tags, timeline, follow-ups and sales, with delete, restore and purge.

New customers are added with `ui/dialogs/new_customer.py: NewCustomerDialog`, which shares the
profile form (`ui/dialogs/customer_form.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.store import Book
from guide_app.book.tags import TagView
from guide_app.calls.customers import (
    CustomerCard,
    Presence,
    customer_card,
    customer_presence,
    delete_customer,
    purge_customer,
    restore_customer,
    update_customer,
)
from guide_app.calls.sales import SaleRow, customer_sales
from guide_app.calls.sync import SaleUpload, sale_upload_states
from guide_app.calls.tags import all_tags
from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import ErrorCode, GuideError
from ui.dialogs.customer_form import CustomerForm
from ui.dialogs.customer_tabs import (
    FollowUpsPanel,
    SalesPanel,
    TagsPanel,
    TimelinePanel,
    ask_before,
    error_label,
)
from ui.dialogs.customer_words import SEGMENT_WORDS, STAGE_WORDS, word, yuan
from ui.messages import describe
from ui.ops import Ops, Running

DIALOG_SIZE = (1040, 660)  # fits a 1366×768 screen with the taskbar and the window frame
# What a notice must touch for this card to read the customer again.
SHOWN_AREAS = (Area.customers, Area.tags, Area.follow_ups, Area.timeline, Area.sales, Area.outbox)


class Tab(Enum):
    profile = 0
    tags = 1
    timeline = 2
    follow_ups = 3
    sales = 4


@dataclass(frozen=True, slots=True)
class CustomerSnapshot:
    """Everything the card shows, read in one go off the UI thread."""

    presence: Presence
    card: CustomerCard | None = None  # only for a live customer
    every_tag: list[TagView] = field(default_factory=list)
    sales: list[SaleRow] = field(default_factory=list)
    uploads: dict[str, SaleUpload] = field(default_factory=dict)


def read_snapshot(book: Book, customer_id: str) -> CustomerSnapshot:
    presence = customer_presence(book, customer_id)
    if presence is Presence.purged:
        return CustomerSnapshot(presence)
    sales = customer_sales(book, customer_id)
    uploads = sale_upload_states(book, [sale.id for sale in sales])
    if presence is Presence.deleted:
        return CustomerSnapshot(presence, sales=sales, uploads=uploads)
    try:
        card = customer_card(book, customer_id)
    except GuideError as error:
        if error.code is not ErrorCode.customer_missing:
            raise
        return CustomerSnapshot(customer_presence(book, customer_id), sales=sales, uploads=uploads)
    return CustomerSnapshot(presence, card, all_tags(book), sales, uploads)


class CustomerDetailDialog(QDialog):
    """The customer card. Every change is saved through `ops` and the card reads the customer
    again when a change notice names them, whoever made the change."""

    def __init__(self, ops: Ops, customer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.customer_id = ops, customer_id
        self.snapshot: CustomerSnapshot | None = None
        self._profile_loaded = False
        self.customer_name = ""
        self._loading: Running[CustomerSnapshot] | None = None
        self._close_after_save = False
        self.setWindowTitle(self.tr("Customer"))
        self.resize(*DIALOG_SIZE)
        self._build_header()
        self._build_tabs()
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.state_banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self.action_row)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_profile)
        ops.changed.connect(self._heard)
        self._listening = True
        self.reload()

    # ----------------------------------------------------------------------------------- layout

    def _build_header(self) -> None:
        self.header = QFrame(self)
        self.header.setFrameShape(QFrame.Shape.StyledPanel)
        self.name_label = QLabel(self.header)
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel(self.header)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(self.header)
        column.addWidget(self.name_label)
        column.addWidget(self.facts_label)
        self.state_banner = QLabel(self)
        self.state_banner.setWordWrap(True)
        self.state_banner.setStyleSheet("background: #fff4e5; padding: 6px;")
        self.state_banner.hide()

    def _build_tabs(self) -> None:
        self.profile = CustomerForm(self)
        self.save_button = QPushButton(self.tr("&Save (Ctrl+S)"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_profile)
        self.profile.submitted.connect(self.save_profile)
        profile_page = QWidget(self)
        profile_layout = QVBoxLayout(profile_page)
        profile_layout.addWidget(self.profile, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        profile_layout.addLayout(save_row)
        self.tags = TagsPanel(self.ops, self.customer_id, self)
        self.timeline = TimelinePanel(self.ops, self.customer_id, self)
        self.follow_ups = FollowUpsPanel(self.ops, self.customer_id, self)
        self.sales = SalesPanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(profile_page, self.tr("&Profile"))
        self.tabs.addTab(self.tags, self.tr("&Tags"))
        self.tabs.addTab(self.timeline, self.tr("T&imeline"))
        self.tabs.addTab(self.follow_ups, self.tr("&Follow-ups"))
        self.tabs.addTab(self.sales, self.tr("S&ales"))

    def _build_actions(self) -> None:
        self.delete_button = self._action_button(self.tr("&Delete"), self.delete)
        self.delete_button.setToolTip(self.tr("Out of lists and tasks; can be restored"))
        self.restore_button = self._action_button(self.tr("&Restore"), self.restore)
        self.purge_button = self._action_button(self.tr("P&urge…"), self.purge)
        self.purge_button.setToolTip(self.tr("Erase this customer for good, at their request"))
        self.close_button = self._action_button(self.tr("Close"), self.reject)
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self.action_error = error_label(self)
        self.action_row = QHBoxLayout()
        for button in (self.delete_button, self.restore_button, self.purge_button):
            self.action_row.addWidget(button)
        self.action_row.addWidget(self.action_error, 1)
        self.action_row.addStretch(0)
        self.action_row.addWidget(self.close_button)
        self.restore_button.hide()

    def _action_button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)  # Enter in a field never deletes or purges
        button.clicked.connect(slot)
        return button

    def show_tab(self, tab: Tab) -> None:
        self.tabs.setCurrentIndex(tab.value)

    # ----------------------------------------------------------------------------------- reading

    def reload(self) -> None:
        if self._loading is not None and not self._loading.finished:
            self._loading.discard()  # a newer read is on its way
        customer_id = self.customer_id
        self._loading = self.ops.query(
            lambda book: read_snapshot(book, customer_id), self._show, failure=self._read_failed, name="card"
        )

    def _heard(self, notice: ChangeNotice) -> None:
        if notice.touches(*SHOWN_AREAS) and notice.touches_customer(self.customer_id):
            self.reload()

    def _read_failed(self, error: BaseException) -> None:
        self.state_banner.setText(describe(error))
        self.state_banner.show()

    def _show(self, snapshot: CustomerSnapshot) -> None:
        self.snapshot = snapshot
        card = snapshot.card
        if card is not None:
            self.customer_name = card.customer.name
            if not self._profile_loaded or not self.profile.is_dirty():
                self.profile.load(card.customer)  # the guide's unsaved typing is never overwritten
                self._profile_loaded = True
            self.tags.show_tags(snapshot.every_tag, card.tags)
            self.timeline.show_entries(card.timeline)
            self.follow_ups.show_follow_ups(card.open_follow_ups, card.customer.name)
        self.sales.show_sales(snapshot.sales, snapshot.uploads)
        self._show_header(snapshot)
        self._show_presence(snapshot.presence)

    def _show_header(self, snapshot: CustomerSnapshot) -> None:
        card = snapshot.card
        name = self.customer_name or self.tr("Customer")
        self.setWindowTitle(self.tr("Customer — %1").replace("%1", name))
        self.name_label.setText(name)
        if card is None:
            self.facts_label.setText("")
            return
        customer = card.customer
        facts = [
            customer.phone or self.tr("no phone"),
            self.tr("Stage: %1").replace("%1", word(STAGE_WORDS, customer.lifecycle_stage)),
            self.tr("Segment: %1").replace("%1", word(SEGMENT_WORDS, customer.rfm_segment)),
            self.tr("Spent %1 in %n purchase(s)", "", customer.purchase_count).replace(
                "%1", yuan(customer.monetary_fen)
            ),
        ]
        if customer.wecom_remark:
            facts.insert(1, customer.wecom_remark)
        self.facts_label.setText("   ·   ".join(facts))

    def _show_presence(self, presence: Presence) -> None:
        live = presence is Presence.live
        if presence is Presence.deleted and not self.restore_button.isVisible():
            QTimer.singleShot(0, self.restore_button.setFocus)  # once shown; the tabs just went grey
        self.tabs.setEnabled(live)
        self.delete_button.setVisible(live)
        self.restore_button.setVisible(presence is Presence.deleted)
        self.purge_button.setVisible(presence is not Presence.purged)
        if live:
            self.state_banner.hide()
            return
        if presence is Presence.deleted:
            text = self.tr(
                "This customer is deleted: they are out of your lists and tasks. "
                "Restore them to go on, or purge them for good."
            )
        else:
            text = self.tr("This customer is no longer in the book.")
        self.state_banner.setText(text)
        self.state_banner.show()

    @property
    def presence(self) -> Presence | None:
        return self.snapshot.presence if self.snapshot is not None else None

    # ----------------------------------------------------------------------------------- profile

    def save_profile(self) -> None:
        """Save what changed; a refusal shows beside its field and nothing is saved."""
        if self.presence is not Presence.live:
            return
        self.profile.clear_errors()
        try:
            changes = self.profile.changes()
        except GuideError as error:
            self.show_tab(Tab.profile)
            self.profile.show_error(error)
            self._close_after_save = False
            return
        if not changes:
            self._saved(None)
            return
        customer_id = self.customer_id
        self.save_button.setEnabled(False)
        self.ops.write(
            lambda book: update_customer(book, customer_id, changes),
            self._saved,
            failure=self._save_refused,
            name="save profile",
        )

    def _saved(self, _value: None) -> None:
        self.save_button.setEnabled(True)
        self.profile.mark_saved()  # the fresh read that follows the notice then replaces it
        if self._close_after_save:
            self.accept()

    def _save_refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._close_after_save = False
        self.show_tab(Tab.profile)
        self.profile.show_error(error)

    # ----------------------------------------------------------------------------------- actions

    def delete(self) -> None:
        """Soft delete: out of lists and tasks, and the card offers Restore."""
        self._write_action(delete_customer)

    def restore(self) -> None:
        self._write_action(restore_customer)

    def _write_action(self, call: Callable[[Book, str], Outcome[None]]) -> None:
        self.action_error.hide()
        customer_id = self.customer_id
        self.ops.write(
            lambda book: call(book, customer_id),
            failure=self._action_failed,
            name="customer action",
        )

    def _action_failed(self, error: BaseException) -> None:
        self.action_error.setText(describe(error))
        self.action_error.show()

    def purge(self) -> None:
        """Erase for good after the guide has read what goes and what stays; the card then closes."""
        if not self._confirm_purge():
            return
        self.action_error.hide()
        customer_id = self.customer_id
        self.ops.write(
            lambda book: purge_customer(book, customer_id),
            lambda _value: self.accept(),
            failure=self._action_failed,
            name="purge customer",
        )

    def purge_sentences(self) -> tuple[str, str]:
        """The question, and what goes and what stays (as guide_app/book/customers.py: purge does)."""
        sales = self.snapshot.sales if self.snapshot is not None else []
        name = self.customer_name or self.tr("this customer")
        question = self.tr("Erase %1 for good?").replace("%1", name)
        goes = self.tr(
            "This goes, and cannot be undone: the profile (name, phone, WeCom remark, birthday, "
            "gender, source, notes), the timeline, the follow-ups, the tags and the task-list entries "
            "for this customer."
        )
        if sales:
            stays = self.tr(
                "This stays: the %n sale record(s) (%1), so HQ keeps counting them for your commission. "
                "They stay on this PC without any name or phone; HQ never had either.",
                "",
                len(sales),
            ).replace("%1", yuan(sum(sale.amount_fen for sale in sales)))
        else:
            stays = self.tr("This customer has no recorded sales, so nothing of them stays.")
        return question, f"{goes}\n\n{stays}"

    def _confirm_purge(self) -> bool:
        question, details = self.purge_sentences()
        return ask_before(self, self.tr("Purge customer"), question, details, self.tr("Erase for good"))

    def reject(self) -> None:
        """Esc or Close: ask first when the profile has unsaved edits."""
        if self.presence is Presence.live and self.profile.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Unsaved changes"),
                self.tr("Save the changes to %1's profile before closing?").replace("%1", self.customer_name),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self._close_after_save = True
                self.save_profile()
                return
        super().reject()

    def done(self, result: int) -> None:
        # A closed card stops listening, so a later notice never reads for a dialog no one sees.
        if self._listening:  # done() can run twice: accept after a purge, then close
            self._listening = False
            self.ops.changed.disconnect(self._heard)
        if self._loading is not None:
            self._loading.discard()
        super().done(result)
