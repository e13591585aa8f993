"""Disputes (争议订单): orders claimed by two guides of a store, their claims side by side, and the decision.

The queue lists the viewer's disputed orders (open by default). The chosen order's claims stand
in columns, one per guide, so amounts and times compare at a glance; "Credit to …" asks for a
reason and sends the decision, after which the queue reads HQ again and the order shows who
decided, when and why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area
from guide_app.protocol import AttributionReason, SaleClaimPublic, SaleDisputePublic
from guide_app.workspace.disputes import (
    MAX_REASON,
    DisputeFilter,
    decide_dispute,
    disputed_since,
    list_disputes,
)
from guide_app.workspace.session import Workspace
from ui.dialogs.customer_words import local_time, yuan
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe, describe_refusal
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown

CONTEXT = "DisputesPage"
WATCHED = (Area.disputes,)
KEY_ROLE = Qt.ItemDataRole.UserRole
COUNTED_COLOUR = QColor("#2e7d32")
VOIDED_COLOUR = QColor("#9e9e9e")
ERROR_STYLE = "color: #b00020;"

FILTER_WORDS: dict[DisputeFilter, str] = {
    DisputeFilter.open: QT_TRANSLATE_NOOP("DisputesPage", "Open"),
    DisputeFilter.decided: QT_TRANSLATE_NOOP("DisputesPage", "Decided"),
    DisputeFilter.all: QT_TRANSLATE_NOOP("DisputesPage", "All"),
}
# Why a guide's app credited the sale to them, as their manager reads it.
ATTRIBUTION_WORDS: dict[str, str] = {
    AttributionReason.owner: QT_TRANSLATE_NOOP("DisputesPage", "Customer in their book"),
    AttributionReason.last_touch: QT_TRANSLATE_NOOP("DisputesPage", "Served the customer last"),
}
# The rows of the side-by-side table: one column per claim.
CLAIM_ROWS = (
    QT_TRANSLATE_NOOP("DisputesPage", "Guide"),
    QT_TRANSLATE_NOOP("DisputesPage", "Amount"),
    QT_TRANSLATE_NOOP("DisputesPage", "Sold at"),
    QT_TRANSLATE_NOOP("DisputesPage", "Received by HQ"),
    QT_TRANSLATE_NOOP("DisputesPage", "Why their app credited it"),
    QT_TRANSLATE_NOOP("DisputesPage", "Withdrawn (voided)"),
    QT_TRANSLATE_NOOP("DisputesPage", "Counted now"),
)


def dispute_key(dispute: SaleDisputePublic) -> str:
    return f"{dispute.store_id}:{dispute.order_no}"


def _words(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


class CreditDialog(QDialog):
    """Ask why the order goes to the chosen guide and send the decision; closes once HQ took it.
    Enter confirms, Escape cancels."""

    def __init__(
        self,
        ops: Ops,
        workspace: Workspace,
        dispute: SaleDisputePublic,
        claim: SaleClaimPublic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.workspace, self.dispute, self.claim = ops, workspace, dispute, claim
        self.decided: SaleDisputePublic | None = None
        name = claim.guide_name or str(claim.guide_id)
        self.setWindowTitle(self.tr("Credit order %1").replace("%1", dispute.order_no))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        prompt = QLabel(
            self.tr("Credit order %1 (%2) to %3. Why?")
            .replace("%1", dispute.order_no)
            .replace("%2", yuan(claim.amount_fen))
            .replace("%3", name),
            self,
        )
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("e.g. the receipt shows she served the customer"))
        prompt.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.confirm_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setText(self.tr("Credit to %1").replace("%1", name))
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def _confirm(self) -> None:
        if not self.confirm_button.isEnabled():
            return
        self.confirm_button.setEnabled(False)
        self.message.hide()
        workspace, dispute, reason = self.workspace, self.dispute, self.reason.text()
        event_id = self.claim.event_id
        self.ops.remote_write(
            lambda: decide_dispute(workspace, dispute, event_id, reason),
            self._decided,
            failure=self._refused,
            name="decide dispute",
        )

    def _decided(self, dispute: SaleDisputePublic) -> None:
        self.decided = dispute
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.confirm_button.setEnabled(True)
        self.message.setText(describe_refusal(error))
        self.message.show()
        self.reason.setFocus()


class DisputesPage(QWidget):
    """The dispute queue with a filter (open / decided / all), the chosen order's claims side by
    side, and "Credit to …" (Ctrl+D) for the chosen live claim."""

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.disputes: dict[str, SaleDisputePublic] = {}
        self.reading: Running[Any] | None = None
        self.dialog: CreditDialog | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_queue())
        splitter.addWidget(self._build_claims())
        splitter.setSizes([560, 660])
        layout.addWidget(splitter, 1)
        self.freshness = ReadWhenShown(self, ops, self.read, WATCHED)
        self.setFocusProxy(self.queue)

    # ----------------------------------------------------------------------------------- layout

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        heading = QLabel(self.tr("Disputes"), self)
        heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        bar.addWidget(heading)
        self.status = QLabel(self)
        self.status.setStyleSheet("color: palette(mid);")
        bar.addWidget(self.status, 1)
        label = QLabel(self.tr("&Show:"), self)
        self.filter = QComboBox(self)
        for state, words in FILTER_WORDS.items():
            self.filter.addItem(_words(words), state.value)
        label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _index: self.read())
        bar.addWidget(label)
        bar.addWidget(self.filter)
        return bar

    def _build_queue(self) -> QWidget:
        self.queue = QTreeWidget(self)
        self.queue.setRootIsDecorated(False)
        self.queue.setUniformRowHeights(True)
        self.queue.setAlternatingRowColors(True)
        self.queue.setAccessibleName(self.tr("Disputed orders"))
        self.queue.setHeaderLabels(
            [
                self.tr("Store"),
                self.tr("Order no."),
                self.tr("Claims"),
                self.tr("Counted for"),
                self.tr("Since"),
                self.tr("State"),
            ]
        )
        header = self.queue.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.queue.currentItemChanged.connect(lambda *_: self._show_claims())
        return self.queue

    def _build_claims(self) -> QWidget:
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.order_title = QLabel(holder)
        self.order_title.setStyleSheet("font-size: 15px; font-weight: 600;")
        column.addWidget(self.order_title)
        self.claims = QTableWidget(holder)
        self.claims.setAccessibleName(self.tr("Claims side by side"))
        self.claims.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.claims.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.claims.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.claims.setRowCount(len(CLAIM_ROWS))
        self.claims.setVerticalHeaderLabels([_words(row) for row in CLAIM_ROWS])
        self.claims.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.claims.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.claims.setToolTip(self.tr("Left / Right choose a claim; Ctrl+D credits the order to it"))
        self.claims.itemSelectionChanged.connect(self._update_credit_button)
        column.addWidget(self.claims)
        self.decision = QLabel(holder)
        self.decision.setWordWrap(True)
        self.decision.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.decision)
        row = QHBoxLayout()
        row.addStretch(1)
        self.credit_button = QPushButton(self.tr("Credit to …"), holder)
        self.credit_button.setToolTip(self.tr("Credit the order to the chosen claim, with a reason (Ctrl+D)"))
        self.credit_button.setEnabled(False)
        self.credit_button.clicked.connect(self.credit_chosen)
        QShortcut(
            QKeySequence("Ctrl+D"),
            self,
            self.credit_chosen,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        row.addWidget(self.credit_button)
        column.addLayout(row)
        column.addStretch(1)
        return holder

    # ----------------------------------------------------------------------------------- reading

    def state(self) -> DisputeFilter:
        return DisputeFilter(self.filter.currentData())

    def read(self) -> None:
        if self.reading is not None and not self.reading.finished:
            self.reading.discard()  # the filter changed meanwhile: only the newest answer counts
        workspace, state = self.workspace, self.state()
        self.status.setText(self.tr("Reading HQ…"))
        self.reading = self.ops.run_async(
            lambda: list_disputes(workspace, state), self._show, failure=self._failed, name="read disputes"
        )

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe(error))

    def _show(self, disputes: list[SaleDisputePublic]) -> None:
        chosen = self.chosen_key()
        scroll = self.queue.verticalScrollBar().value()
        self.disputes = {dispute_key(dispute): dispute for dispute in disputes}
        self.queue.blockSignals(True)
        self.queue.clear()
        for dispute in disputes:
            self._dispute_item(dispute)
        self.queue.blockSignals(False)
        self._choose(chosen)
        self.queue.verticalScrollBar().setValue(scroll)
        self.status.setText(self.tr("%n order(s)", "", len(disputes)))

    def _dispute_item(self, dispute: SaleDisputePublic) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            self.queue,
            [
                dispute.store_name or str(dispute.store_id),
                dispute.order_no,
                str(len(dispute.claims)),
                dispute.counted_guide_name,
                local_time(disputed_since(dispute)),
                self.decision_words(dispute),
            ],
        )
        item.setData(0, KEY_ROLE, dispute_key(dispute))
        item.setToolTip(5, self.decision_words(dispute))
        return item

    def decision_words(self, dispute: SaleDisputePublic) -> str:
        """ "Open", or who decided, when and why."""
        if not dispute.decided:
            return self.tr("Open")
        when = local_time(dispute.decided_at) if dispute.decided_at is not None else ""
        return (
            self.tr("Decided by %1 at %2: %3")
            .replace("%1", dispute.decided_by_name or "")
            .replace("%2", when)
            .replace("%3", dispute.decision_reason or "")
        )

    def chosen_key(self) -> str | None:
        item = self.queue.currentItem()
        return str(item.data(0, KEY_ROLE)) if item is not None else None

    def chosen(self) -> SaleDisputePublic | None:
        key = self.chosen_key()
        return self.disputes.get(key) if key is not None else None

    def _choose(self, key: str | None) -> None:
        for index in range(self.queue.topLevelItemCount()):
            item = self.queue.topLevelItem(index)
            if item is not None and item.data(0, KEY_ROLE) == key:
                self.queue.setCurrentItem(item)
                return
        first = self.queue.topLevelItem(0)
        if first is not None:
            self.queue.setCurrentItem(first)
        else:
            self._show_claims()

    # ----------------------------------------------------------------------------------- claims

    def _show_claims(self) -> None:
        dispute = self.chosen()
        self.claims.clearContents()
        if dispute is None:
            self.order_title.setText(self.tr("No disputed order here."))
            self.claims.setColumnCount(0)
            self.decision.clear()
            self._update_credit_button()
            return
        self.order_title.setText(
            self.tr("Order %1 · %2").replace("%1", dispute.order_no).replace("%2", dispute.store_name)
        )
        self.claims.setColumnCount(len(dispute.claims))
        self.claims.setHorizontalHeaderLabels(
            [self.tr("Claim %1").replace("%1", str(number)) for number in range(1, len(dispute.claims) + 1)]
        )
        for column, claim in enumerate(dispute.claims):
            for row, text in enumerate(self._claim_cells(dispute, claim)):
                cell = QTableWidgetItem(text)
                if claim.voided:
                    cell.setForeground(QBrush(VOIDED_COLOUR))
                elif claim.guide_id == dispute.counted_guide_id:
                    cell.setForeground(QBrush(COUNTED_COLOUR))
                self.claims.setItem(row, column, cell)
        self._fit_claims_height()
        self.decision.setText(self.decision_words(dispute) if dispute.decided else "")
        live = [index for index, claim in enumerate(dispute.claims) if not claim.voided]
        if live:
            self.claims.selectColumn(live[0])
        self._update_credit_button()

    def _fit_claims_height(self) -> None:
        """As tall as its rows: the decision and the button sit right under the claims."""
        self.claims.resizeRowsToContents()
        rows = sum(self.claims.rowHeight(row) for row in range(self.claims.rowCount()))
        frame = 2 * self.claims.frameWidth()
        self.claims.setFixedHeight(self.claims.horizontalHeader().sizeHint().height() + rows + frame)

    def _claim_cells(self, dispute: SaleDisputePublic, claim: SaleClaimPublic) -> list[str]:
        attribution = ATTRIBUTION_WORDS.get(str(claim.attribution)) if claim.attribution else None
        counted = not claim.voided and claim.guide_id == dispute.counted_guide_id
        return [
            claim.guide_name or str(claim.guide_id),
            yuan(claim.amount_fen),
            local_time(claim.sold_at),
            local_time(claim.received_at),
            _words(attribution) if attribution else "—",
            self.tr("Yes") if claim.voided else self.tr("No"),
            self.tr("Yes") if counted else self.tr("No"),
        ]

    def chosen_claim(self) -> SaleClaimPublic | None:
        dispute = self.chosen()
        columns = {index.column() for index in self.claims.selectedIndexes()}
        if dispute is None or len(columns) != 1:
            return None
        column = columns.pop()
        return dispute.claims[column] if column < len(dispute.claims) else None

    def _update_credit_button(self) -> None:
        claim = self.chosen_claim()
        usable = claim is not None and not claim.voided
        self.credit_button.setEnabled(usable)
        name = (claim.guide_name or str(claim.guide_id)) if claim is not None else "…"
        self.credit_button.setText(self.tr("Credit to %1…").replace("%1", name))

    def credit_chosen(self) -> None:
        dispute, claim = self.chosen(), self.chosen_claim()
        if dispute is None or claim is None or claim.voided:
            return
        dialog = CreditDialog(self.ops, self.workspace, dispute, claim, self)
        dialog.open()
        self.dialog = dialog
