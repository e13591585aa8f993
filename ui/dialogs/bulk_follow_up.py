"""Planning the same follow-up for every customer selected in the list, in one write."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from guide_app.book.followups import FollowUpKind
from guide_app.calls.followups import plan_follow_ups
from ui.dialogs.follow_up import FollowUpDialog
from ui.ops import Ops


class BulkFollowUpDialog(FollowUpDialog):
    """Kind and time for all the chosen customers (tomorrow at 10:00 unless changed); all of
    them get one or, if any is refused, none. After `accept()`, `planned_ids` holds the new ids."""

    def __init__(self, ops: Ops, customer_ids: list[str], parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Plan a follow-up for several customers"), parent)
        self.buttons.accepted.connect(self._save)
        self.customer_ids = list(customer_ids)
        self.planned_ids: list[str] = []
        self.heading.setText(self.tr("Follow up with %n selected customer(s)", "", len(self.customer_ids)))
        self.add_kind_and_due()

    def _save(self) -> None:
        due = self.due_field.due()
        if self.due_refused(due):
            return
        kind = FollowUpKind(self.kind.currentData())
        chosen = self.customer_ids
        self.write(lambda book: plan_follow_ups(book, chosen, due, kind), self._planned)

    def _planned(self, follow_up_ids: list[str]) -> None:
        self.planned_ids = follow_up_ids
