"""Fetching content files: one verified copy per sha256, shared by every item that uses it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlmodel import col

from guide_app.book.models import ContentAsset
from guide_app.book.store import Book
from guide_app.errors import ErrorCode, GuideError, NotFound
from guide_app.jobs import JobControl, Phase, control
from guide_app.sync.client import HqClient, HqRefused, MalformedAnswer, check_file_hash, file_sha256
from guide_app.sync.problems import SyncProblem, SyncProblemKind


@dataclass
class AssetReport:
    downloaded: int = 0  # files fetched from HQ in this run
    adopted: int = 0  # files already in the folder with the right hash: used without a download
    bytes_downloaded: int = 0  # sizes of the files downloaded (a resumed file counts whole)
    items_linked: int = 0  # content items whose local_path was set
    failed: list[tuple[str, str]] = field(default_factory=list)  # (sha256, reason): tried again next run
    problems: list[SyncProblem] = field(default_factory=list)  # each item left without its file


@dataclass(frozen=True)
class _WantedFile:
    sha256: str
    size: int | None


class FileState(StrEnum):
    """Where one content file stands on this PC, as the library shows it."""

    ready = "ready"  # verified and linked: usable
    waiting = "waiting"  # not here yet: the next sync (or a retry) fetches it
    downloading = "downloading"
    failed = "failed"  # the last try failed: `reason` says why


@dataclass(frozen=True, slots=True)
class FileProgress:
    state: FileState
    done: int = 0  # bytes so far while downloading
    total: int | None = None
    code: str = ""  # the failure's ErrorCode, for the guide's sentence
    reason: str = ""  # HQ's or the network's own words about the failure


class DownloadBoard:
    """The files being fetched for one book right now, and the last failure of each, so a screen
    can show a file's own progress and why it failed. Written from the download's thread, read
    from any; in memory only (a sync's stored problems keep failures across restarts)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, FileProgress] = {}
        self._revision = 0  # moves on every change, so a screen redraws only when something moved

    def put(self, sha256: str, progress: FileProgress) -> None:
        with self._lock:
            self._files[sha256] = progress
            self._revision += 1

    def forget(self, sha256: str) -> None:
        with self._lock:
            if self._files.pop(sha256, None) is not None:
                self._revision += 1

    def snapshot(self) -> tuple[int, dict[str, FileProgress]]:
        with self._lock:
            return self._revision, dict(self._files)


_boards: dict[str, DownloadBoard] = {}
_boards_lock = threading.Lock()


def download_board(book: Book) -> DownloadBoard:
    """The board of the book's files: one per book file in this process."""
    with _boards_lock:
        return _boards.setdefault(str(book.path), DownloadBoard())


def asset_path(folder: Path, sha256: str) -> Path:
    """Content-addressed, fanned out by the first two hex digits to keep folders small."""
    return folder / sha256[:2] / sha256


def _has_local_file(local_path: str | None, size: int | None) -> bool:
    if local_path is None:
        return False
    path = Path(local_path)
    # Hashes are checked when a file is placed; the size catches a file deleted or cut since.
    return path.is_file() and (size is None or path.stat().st_size == size)


def _wanted_files(book: Book) -> list[_WantedFile]:
    """Each file some content item needs but has no local copy of, once, in a stable order."""
    query = (
        select(col(ContentAsset.asset_sha256), col(ContentAsset.asset_size), col(ContentAsset.local_path))
        .where(col(ContentAsset.asset_sha256).is_not(None))
        .order_by(col(ContentAsset.asset_sha256))
    )
    with book.reading() as session:
        rows = session.execute(query).all()
    wanted: dict[str, _WantedFile] = {}
    for sha256, size, local_path in rows:
        if sha256 is not None and not _has_local_file(local_path, size):
            wanted.setdefault(sha256, _WantedFile(sha256, size))
    return list(wanted.values())


async def _adopt(path: Path, sha256: str) -> bool:
    """A file already there (an earlier run, another item) is used if its bytes are right."""
    if not path.is_file():
        return False
    if await asyncio.to_thread(file_sha256, path) == sha256:
        return True
    path.unlink()  # damaged or foreign bytes under this name: fetch it again
    return False


def _link(book: Book, sha256: str, path: Path) -> int:
    statement = (
        update(ContentAsset)
        .where(col(ContentAsset.asset_sha256) == sha256)
        .where(or_(col(ContentAsset.local_path).is_(None), col(ContentAsset.local_path) != str(path)))
        .values(local_path=str(path))
    )
    with book.writing() as session:  # short: a pull or a sale waits for no download
        return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def _file_problems(book: Book, failed: list[tuple[str, str]]) -> list[SyncProblem]:
    """One problem per content item left without its file, named by its title."""
    reasons = dict(failed)
    query = select(col(ContentAsset.id), col(ContentAsset.title), col(ContentAsset.asset_sha256)).where(
        col(ContentAsset.asset_sha256).in_(list(reasons))
    )
    with book.reading() as session:
        rows = session.execute(query.order_by(col(ContentAsset.title))).all()
    return [
        SyncProblem(
            SyncProblemKind.file_failed,
            f"the file of content item '{title}' could not be fetched: {reasons[sha256]}; "
            "it is tried again at the next sync",
            item_id,
        )
        for item_id, title, sha256 in rows
        if sha256 is not None
    ]


async def fetch_assets(
    book: Book,
    client: HqClient,
    folder: Path,
    on_progress: Callable[[int, int | None], None] | None = None,
    *,
    job: JobControl | None = None,
    report: AssetReport | None = None,
) -> AssetReport:
    """Download every file content items need into `folder` and record where it is.

    on_progress (and the job, as Phase.files) gets (bytes so far, bytes in all) over the whole
    run. Offline and SignInNeeded stop the run (what is placed stays placed); a file HQ refuses
    or sends wrong is reported in `failed` and `problems`, and the others still come. A cancel
    stops between chunks; the partial file stays to resume from. `report`, when given, is
    filled in file by file."""
    job = job or control()
    report = report or AssetReport()
    wanted = await asyncio.to_thread(_wanted_files, book)
    sizes = [file.size for file in wanted]
    total = None if None in sizes else sum(size or 0 for size in sizes)

    def bytes_so_far(done: int, _total: int | None) -> None:
        if on_progress:
            on_progress(done, total)
        job.report(Phase.files, done, total)

    board = download_board(book)
    for file in wanted:
        board.put(file.sha256, FileProgress(FileState.waiting, 0, file.size))
    before = 0
    bytes_so_far(before, total)
    try:
        for file in wanted:
            await _fetch_one(book, client, folder, file, report, _from(before, bytes_so_far), board)
            before += file.size or 0
            bytes_so_far(before, total)
    finally:
        for file in wanted:  # a stopped run leaves the rest waiting for the next, not "downloading"
            if _state(board, file.sha256) is FileState.waiting:
                board.forget(file.sha256)
    return report


def _state(board: DownloadBoard, sha256: str) -> FileState | None:
    known = board.snapshot()[1].get(sha256)
    return known.state if known is not None else None


async def _fetch_one(
    book: Book,
    client: HqClient,
    folder: Path,
    file: _WantedFile,
    report: AssetReport,
    on_progress: Callable[[int, int | None], None],
    board: DownloadBoard,
) -> None:
    def file_progressed(done: int, total: int | None) -> None:
        board.put(file.sha256, FileProgress(FileState.downloading, done, total or file.size))
        on_progress(done, total)

    try:
        check_file_hash(file.sha256)  # before it names a path
        path = asset_path(folder, file.sha256)
        board.put(file.sha256, FileProgress(FileState.downloading, 0, file.size))
        if await _adopt(path, file.sha256):
            report.adopted += 1
        else:
            await client.download(file.sha256, path, file.size, file_progressed)
            report.downloaded += 1
            report.bytes_downloaded += path.stat().st_size
    except (HqRefused, MalformedAnswer) as error:
        board.put(file.sha256, _failure(error))
        report.failed.append((file.sha256, error.message))
        report.problems += await asyncio.to_thread(_file_problems, book, [(file.sha256, error.message)])
    except GuideError as error:  # offline, signed out, cancelled: the run stops here
        board.put(
            file.sha256,
            _failure(error) if error.code != ErrorCode.cancelled else FileProgress(FileState.waiting),
        )
        raise
    else:
        report.items_linked += await asyncio.to_thread(_link, book, file.sha256, path)
        board.forget(file.sha256)  # the book's local_path says it is ready from now on


def _failure(error: GuideError) -> FileProgress:
    return FileProgress(FileState.failed, code=error.code.value, reason=error.message)


def _wanted_file_of(book: Book, content_id: str) -> _WantedFile:
    with book.reading() as session:
        item = session.get(ContentAsset, content_id)
        if item is None:
            raise NotFound("no such content item", code=ErrorCode.content_missing)
        if item.asset_sha256 is None:
            raise NotFound("this content item has no file", code=ErrorCode.content_missing)
        return _WantedFile(item.asset_sha256, item.asset_size)


async def fetch_one_file(
    book: Book,
    client: HqClient,
    folder: Path,
    content_id: str,
    *,
    job: JobControl | None = None,
) -> AssetReport:
    """Fetch (again) the file of one content item, with its progress as Phase.files in bytes:
    the guide's Retry on a file that failed. A refusal is in the report's `failed`, as in a sync."""
    job = job or control()
    file = await asyncio.to_thread(_wanted_file_of, book, content_id)
    report = AssetReport()

    def progressed(done: int, total: int | None) -> None:
        job.report(Phase.files, done, total if total is not None else file.size)

    progressed(0, file.size)
    await _fetch_one(book, client, folder, file, report, progressed, download_board(book))
    return report


def _from(before: int, on_progress: Callable[[int, int | None], None]) -> Callable[[int, int | None], None]:
    """One file's progress as progress of the whole run."""
    return lambda done, file_total: on_progress(before + done, file_total)
