"""Change notices: what a write or a sync changed in the book, so each screen can decide to refresh.

Every screen-facing write returns one (guide_app/calls), as Anki's operations return OpChanges.
Views listen for notices and never call each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Area(StrEnum):
    """A part of the book a screen shows, or (for managers and HQ, who have no book) a part of
    HQ's data a workspace shows."""

    customers = "customers"  # customer rows: fields, stage, segment, totals
    tags = "tags"  # tag groups and tags, or which customers carry them
    follow_ups = "follow_ups"
    timeline = "timeline"
    tasks = "tasks"  # tasks from HQ, today's lists, ticks
    sales = "sales"  # recorded sales and their upload state
    content = "content"  # the content library and its files
    outbox = "outbox"  # what waits to upload, and HQ's answers
    settings = "settings"  # HQ's chain-wide settings and organisation
    sync_status = "sync_status"  # last sync, last problem
    team = "team"  # workspace: stores' and guides' figures
    manager_tasks = "manager_tasks"  # workspace: tasks managers and HQ hand out, and their progress
    disputes = "disputes"  # workspace: orders claimed by two guides, and decisions
    targets = "targets"  # workspace: monthly sales targets
    organisation = "organisation"  # workspace: regions, stores, accounts, the audit record
    library = "library"  # workspace: HQ's content library as HQ edits it
    sop_templates = "sop_templates"  # workspace: SOP templates


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """The areas that changed, and (when known and few) which customers. An empty
    `customer_ids` with Area.customers among the areas means "any customer may have changed"."""

    areas: frozenset[Area] = frozenset()
    customer_ids: frozenset[str] = field(default=frozenset())

    @classmethod
    def of(cls, *areas: Area, customers: Iterable[str] = ()) -> ChangeNotice:
        return cls(frozenset(areas), frozenset(customers))

    def __or__(self, other: ChangeNotice) -> ChangeNotice:
        # Naming customers narrows a notice; if either side means "any customer", so does the union.
        either_any = (Area.customers in self.areas and not self.customer_ids) or (
            Area.customers in other.areas and not other.customer_ids
        )
        ids = frozenset() if either_any else self.customer_ids | other.customer_ids
        return ChangeNotice(self.areas | other.areas, ids)

    def touches(self, *areas: Area) -> bool:
        return any(area in self.areas for area in areas)

    def touches_customer(self, customer_id: str) -> bool:
        """Whether a screen showing this one customer should refresh."""
        if not self.areas:
            return False
        return not self.customer_ids or customer_id in self.customer_ids

    @property
    def empty(self) -> bool:
        return not self.areas


NOTHING = ChangeNotice()


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """A write's result: its value (a new id, a count, a report) and what it changed."""

    value: T
    changes: ChangeNotice
