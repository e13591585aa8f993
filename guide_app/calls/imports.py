"""Importing a customer workbook from the screen: a preview plan first, then the write."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from guide_app.book.store import Book
from guide_app.changes import NOTHING, Area, ChangeNotice, Outcome
from guide_app.jobs import CancelToken, ProgressSink, control, long_lived_heap_frozen
from guide_app.xlsx import importing
from guide_app.xlsx.importing import ImportField, ImportMode, ImportPlan, ImportResult


def plan_import(
    book: Book,
    path: Path,
    sheet: str | None = None,
    *,
    chosen: Mapping[int, ImportField | None] | None = None,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> ImportPlan:
    """Read and check the workbook (Phase.reading_file), then set aside the rows already in the
    book: the mapping preview, every problem, skipped and merged row; nothing is written.
    `chosen` is the guide's own mapping (column index → field, None to leave a column out) in
    place of the guess for the columns it names."""
    with long_lived_heap_frozen():
        plan = importing.read_workbook(path, sheet, chosen=chosen, progress=progress, cancel=cancel)
        with book.reading() as session, control(cancel=cancel).pacing_statements(session):
            return importing.plan_against_book(session, plan)


def apply_import(
    book: Book,
    plan: ImportPlan,
    mode: ImportMode,
    *,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> Outcome[ImportResult]:
    """Write the plan in one transaction (Phase.writing_book); a cancel leaves the book as it was."""
    with long_lived_heap_frozen():
        result = importing.apply_import(book, plan, mode, progress=progress, cancel=cancel)
    changes = ChangeNotice.of(Area.customers, Area.tags) if result.imported else NOTHING
    return Outcome(result, changes)
