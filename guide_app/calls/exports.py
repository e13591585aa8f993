"""Exporting the customer list from the screen to an xlsx file."""

from __future__ import annotations

from pathlib import Path

from guide_app.book.search import CustomerQuery
from guide_app.book.store import Book
from guide_app.jobs import CancelToken, ProgressSink, long_lived_heap_frozen
from guide_app.xlsx import exporting


def export_customers(
    book: Book,
    query: CustomerQuery | None,
    path: Path,
    *,
    full_phones: bool = False,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Write the customers the list shows (all, if `query` is None) to `path`, phones masked
    unless `full_phones`; Phase.exporting reports. A cancel leaves no file at `path` (nor a
    partial one beside it), and an earlier file there untouched. Returns the customers written."""
    with long_lived_heap_frozen():
        return exporting.export_customers(
            book, query, path, full_phones=full_phones, progress=progress, cancel=cancel
        )
