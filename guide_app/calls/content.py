"""Screen calls about the content library: browsing it, its files, filling scripts, logging what was sent."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from guide_app.book import content
from guide_app.book.content import Addressee, ContentEntry, ContentPiece, LibraryFilter, LibraryItem
from guide_app.book.customers import live_customer
from guide_app.book.store import Book
from guide_app.changes import NOTHING, Area, ChangeNotice, Outcome
from guide_app.jobs import CancelToken, ProgressSink, control
from guide_app.protocol import ContentAction
from guide_app.sync.assets import FileProgress, FileState, download_board, fetch_one_file
from guide_app.sync.client import HqClient
from guide_app.sync.problems import SyncProblemKind
from guide_app.sync.run import read_status
from guide_app.timeutil import utcnow


def content_library(
    book: Book, now: datetime | None = None, kind: str | None = None, text: str = ""
) -> list[LibraryItem]:
    """Items valid now, newest first, optionally of one kind and matching the typed words."""
    with book.reading() as session:
        return content.library(session, now or utcnow(), kind, text)


def content_pieces(book: Book, content_ids: Sequence[str]) -> list[ContentPiece]:
    """A task's content with the text to paste, in the task's order; items gone from the library
    are left out."""
    with book.reading() as session:
        return content.pieces(session, list(content_ids))


def record_content_sent(book: Book, content_id: str, customer_ids: Sequence[str]) -> Outcome[int]:
    """The guide sent this item to these customers (in WeCom): each one's timeline, their last
    touch, and HQ's usage count, all in one commit. The value is how many customers."""
    with book.writing() as session:
        for customer_id in customer_ids:
            content.record_sent(session, content_id, customer_id)
    areas = (Area.timeline, Area.customers, Area.outbox)
    return Outcome(len(customer_ids), ChangeNotice.of(*areas, customers=customer_ids))


def record_content_copied(book: Book, content_id: str) -> Outcome[None]:
    """Copied to the clipboard (to paste into WeCom): counted for HQ."""
    with book.writing() as session:
        content.record_usage(session, content_id, ContentAction.copied)
    return Outcome(None, ChangeNotice.of(Area.outbox))


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The library as the guide narrowed it, with what the filters can offer and each file's state."""

    entries: list[ContentEntry]
    total: int  # items in the cached library, valid or not
    campaigns: list[str]
    tags: list[str]
    files: dict[str, FileProgress]  # by content id, for the entries that need a file
    files_revision: int  # the download board's revision when read


# Told the first entries passing the filter and their files' states (ready or not: a failure the
# last sync stored shows as waiting here), before the rest of the library is read.
HeadSeen = Callable[[list[ContentEntry], dict[str, FileProgress]], None]


def content_catalogue(
    book: Book,
    wanted: LibraryFilter,
    now: datetime | None = None,
    *,
    head: int = 0,
    on_head: HeadSeen | None = None,
) -> Catalogue:
    """The items passing `wanted`, newest first; campaigns and tags are those of the whole library.
    `on_head` hears the first `head` of them as soon as they are read (a screen starts decoding
    their pictures while the rest of the library is read)."""
    every: list[ContentEntry] = []
    passing: list[ContentEntry] = []
    with book.reading() as session:
        for entry in content.each_entry(session, now or utcnow()):
            every.append(entry)
            if not content.matches(entry, wanted):
                continue
            passing.append(entry)
            if on_head is not None and len(passing) == head:
                on_head(list(passing), content_files(book, passing)[1])
                on_head = None
    if on_head is not None:  # fewer than `head` pass
        on_head(list(passing), content_files(book, passing)[1])
    stored_failures = _stored_file_failures(book)
    revision, files = content_files(book, every, stored_failures)
    return Catalogue(
        entries=passing,
        total=len(every),
        campaigns=sorted({entry.campaign for entry in every if entry.campaign}),
        tags=sorted({tag for entry in every for tag in entry.tags}),
        files=files,
        files_revision=revision,
    )


def _stored_file_failures(book: Book) -> dict[str, str]:
    """The last sync's file problems by content id: they outlive the app, the board does not."""
    with book.reading() as session:
        status = read_status(session)
    return {
        problem.ref: problem.message
        for problem in status.problems
        if problem.kind == SyncProblemKind.file_failed
    }


def content_files(
    book: Book, entries: Sequence[ContentEntry], stored_failures: dict[str, str] | None = None
) -> tuple[int, dict[str, FileProgress]]:
    """Each file-bearing entry's state: ready when linked and on disk, else what the download
    board knows (downloading, failed and why), else the last sync's failure, else waiting."""
    revision, board = download_board(book).snapshot()
    failures = stored_failures or {}
    files: dict[str, FileProgress] = {}
    for entry in entries:
        if entry.asset_sha256 is None:
            continue
        known = board.get(entry.asset_sha256)
        if known is not None:
            files[entry.id] = known
        elif entry.local_path is not None and os.path.isfile(entry.local_path):  # pathlib's cost shows at 500
            files[entry.id] = FileProgress(FileState.ready)
        elif entry.id in failures:
            files[entry.id] = FileProgress(FileState.failed, reason=failures[entry.id])
        else:
            files[entry.id] = FileProgress(FileState.waiting)
    return revision, files


def download_revision(book: Book) -> int:
    """Moves on whenever a file download starts, progresses, ends or fails: a screen polls it."""
    return download_board(book).snapshot()[0]


async def fetch_content_file(
    book: Book,
    client: HqClient,
    folder: Path,
    content_id: str,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> Outcome[FileProgress]:
    """Download one item's file now (Retry on a failed one), with progress in bytes. The value is
    the file's state after: ready, or failed with HQ's words. Offline and the like raise."""
    report = await fetch_one_file(book, client, folder, content_id, job=control(progress, cancel))
    if report.failed:
        sha256, reason = report.failed[0]
        known = download_board(book).snapshot()[1].get(sha256)
        return Outcome(known or FileProgress(FileState.failed, reason=reason), NOTHING)
    return Outcome(FileProgress(FileState.ready), ChangeNotice.of(Area.content))


def addressee(book: Book, customer_id: str) -> Addressee:
    """What a script needs to address one customer."""
    with book.reading() as session:
        customer = live_customer(session, customer_id)
        return Addressee(customer.name, customer.wecom_remark, customer.gender)


def script_for(book: Book, content_id: str, customer_id: str | None) -> str:
    """An item's words to paste, with {称呼}, {姓} and {姓名} filled in for the customer (left as
    written when no customer is chosen)."""
    with book.reading() as session:
        text = content.paste_text_of(session, content_id)
    if customer_id is None:
        return text
    return content.fill_placeholders(text, addressee(book, customer_id))
