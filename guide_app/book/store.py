"""The local book's database: pragmas for a PC that loses power, migrations, checks, backups."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from guide_app.account.owner_only import owner_only_file, owner_only_folder, restrict_existing
from guide_app.errors import BackupCorrupt, BookCorrupt, BookInUse, BookMissing, ErrorCode, NotFound
from guide_app.timeutil import utcnow

#: The book's migrations, a package resource: a folder in the source tree and in the one-folder
#: bundle alike (alembic reads its scripts from a real folder; `_upgrade` asks for it via as_file).
ALEMBIC_DIR = resources.files("guide_app.book").joinpath("alembic")
BACKUP_EVERY = timedelta(days=1)
BACKUPS_KEPT = 7
_BACKUP_STAMP = "%Y%m%dT%H%M%SZ"
_BACKUP_NAME = re.compile(r"book-(\d{8}T\d{6}Z)\.sqlite3")
IN_USE_WAIT_SECONDS = 1.0  # a read in another window lasts milliseconds; an open book, forever


class IntegrityCheck(StrEnum):
    """SQLite's two checks of a book's file.

    `quick` reads every page and record (0.07 s at 50k customers) and runs at every opening;
    `full` also matches each index against its table (0.8 s at 50k) and runs before a migration
    and before the daily backup, at the day's first opening. A book failing the quick check is
    never migrated, written or backed up; one whose damage only the full check sees is never
    migrated or backed up, and is refused at the day's first opening."""

    quick = "quick_check"
    full = "integrity_check"


def _dump_json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    # synchronous=FULL: a store PC loses power; a recorded sale must survive it.
    dbapi_connection.isolation_level = None  # transactions are begun explicitly, below
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=15000"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _read_only(dbapi_connection: Any, _record: Any) -> None:
    # A read that writes fails loudly ("attempt to write a readonly database") instead of being
    # kept without a transaction: reads run outside BEGIN, so a write there would stick.
    dbapi_connection.execute("PRAGMA query_only=ON")


def _engine(path: Path, begin_sql: str | None) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
        json_serializer=_dump_json,  # orjson: JSON columns of a 10k-change pull, 4x faster
        json_deserializer=orjson.loads,
    )
    event.listen(engine, "connect", _pragmas)
    if begin_sql is None:
        event.listen(engine, "connect", _read_only)
    else:
        # A deferred reader that later writes fails at once (SQLITE_BUSY) if the sync thread
        # wrote meanwhile; writers therefore BEGIN IMMEDIATE and wait their turn instead.
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql(begin_sql))
    return engine


class Book:
    """One guide's book: a SQLite file, its migrations and its backups."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Reads run each statement on its own (no BEGIN/ROLLBACK): a search is one statement, and
        # the two extra round trips were most of the time of an indexed search (0.25 → 0.1 ms).
        self.read_engine = _engine(path, None)
        self.write_engine = _engine(path, "BEGIN IMMEDIATE")
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)

    @property
    def backup_dir(self) -> Path:
        return self.path.parent / "backups"

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session: each statement on its own, and any write refused."""
        with self._read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def sql_reader(self) -> Iterator[sqlite3.Connection]:
        """A pooled sqlite3 connection for hot single-statement reads (search as the guide
        types): 6 µs to check out, where a Session costs 40 µs."""
        pooled = self.read_engine.raw_connection()
        try:
            connection = pooled.driver_connection
            assert isinstance(connection, sqlite3.Connection)
            yield connection
        finally:
            pooled.close()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: all of it is written, or (on any error) none of it."""
        with self._write_sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.read_engine.dispose()
        self.write_engine.dispose()

    # ------------------------------------------------------------------ checks and backups

    def integrity_problems(self, check: IntegrityCheck = IntegrityCheck.full) -> list[str]:
        with self.read_engine.connect() as connection:
            rows = [row[0] for row in connection.exec_driver_sql(f"PRAGMA {check.value}")]
        return [] if rows == ["ok"] else rows

    def backups(self) -> list[Path]:
        """Backups, newest first."""
        return backup_paths(self.path)

    def backup(self, now: datetime | None = None) -> Path:
        """Copy the book with SQLite's online backup API (consistent even while in use)."""
        folder = owner_only_folder(backup_folder(self.path))
        target = folder / f"book-{(now or utcnow()).strftime(_BACKUP_STAMP)}.sqlite3"
        partial = owner_only_file(target.with_suffix(".partial"))
        with closing(sqlite3.connect(self.path)) as source, closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            # One self-contained file: reading it later leaves no -wal or -shm beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        partial.replace(target)
        for old in self.backups()[BACKUPS_KEPT:]:
            old.unlink()
        return target

    def backup_if_due(self, now: datetime | None = None) -> Path | None:
        """The daily backup, after the full integrity check (BookCorrupt, and no backup, when it
        finds damage: yesterday's good backup is never pushed out by a damaged copy)."""
        now = now or utcnow()
        latest = list_backups(self.path)[:1]
        # A newest backup "in the future" means the PC clock was wrong or changed: back up.
        if latest and timedelta(0) <= now - latest[0].taken_at < BACKUP_EVERY:
            return None
        _refuse_damaged(self, IntegrityCheck.full)
        return self.backup(now)


# ---------------------------------------------------------------------- backups on disk


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the guide chooses among them: when, how large, how many customers."""

    path: Path
    taken_at: datetime  # UTC, from the file name
    size_bytes: int
    customers: int | None  # None: the file cannot be read (damaged, or not a book)


def backup_folder(book_path: Path) -> Path:
    return book_path.parent / "backups"


def backup_paths(book_path: Path) -> list[Path]:
    """The book's backups, newest first (the time is in the name, so name order is time order)."""
    folder = backup_folder(book_path)
    if not folder.is_dir():
        return []
    return sorted((path for path in folder.iterdir() if _BACKUP_NAME.fullmatch(path.name)), reverse=True)


def list_backups(book_path: Path) -> list[BackupInfo]:
    """The book's backups, newest first, each with its time, size and customer count."""
    return [_backup_info(path) for path in backup_paths(book_path)]


def _backup_info(path: Path) -> BackupInfo:
    match = _BACKUP_NAME.fullmatch(path.name)
    assert match is not None
    taken_at = datetime.strptime(match.group(1), _BACKUP_STAMP).replace(tzinfo=UTC)
    return BackupInfo(path, taken_at, path.stat().st_size, count_customers_cheaply(path))


def _read_only_copy(path: Path) -> sqlite3.Connection:
    # immutable: no lock, and no -wal/-shm created beside a backup just by looking at it.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def count_customers_cheaply(path: Path) -> int | None:
    """Customers (not deleted) in a book or backup file without opening it as a Book; None when
    it cannot be read. One indexed count: ~5 ms at 50,000 customers."""
    if not path.is_file():
        return None
    try:
        with closing(_read_only_copy(path)) as connection:
            row = connection.execute("SELECT count(*) FROM customer WHERE deleted_at IS NULL").fetchone()
    except sqlite3.Error:
        return None
    return int(row[0])


def _sidecars(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def book_is_missing(path: Path) -> bool:
    """No book here: no file, or an empty one with no write-ahead log that could rebuild it."""
    wal = _sidecars(path)[0]
    book_empty = not path.exists() or path.stat().st_size == 0
    return book_empty and (not wal.exists() or wal.stat().st_size == 0)


# ---------------------------------------------------------------------- opening


#: The newest migration in book/alembic/versions (a test keeps it equal to alembic's head). A book
#: already there opens without importing alembic, which cost 0.33 s of every start.
HEAD_REVISION = "0006"


def _at_head(book: Book) -> bool:
    with book.sql_reader() as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:  # a new book: no table yet
            return False
    return row is not None and row[0] == HEAD_REVISION


def migrate(book: Book, revision: str = "head") -> None:
    """Bring the book's tables to `revision` (tests stop an old book at an earlier one)."""
    if revision == "head" and _at_head(book):
        return
    _upgrade(book, revision)


def _upgrade(book: Book, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    with resources.as_file(ALEMBIC_DIR) as scripts:
        config = Config()
        config.set_main_option("script_location", str(scripts))
        with book.write_engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()


def open_book(path: Path, *, take_backup: bool = True, start_empty: bool = False) -> Book:
    """Open (or create) a book: check integrity, migrate, and back up once a day.

    BookMissing when the book is gone (or its file is empty) but backups of it exist: a guide's
    customers never silently become an empty book. `start_empty=True` is the guide's (or IT
    staff's) explicit choice to start an empty book anyway; the backups are kept.
    BookCorrupt when the file is damaged; it is then never migrated or written to.
    Both carry details `book` (path), `backups` (paths, newest first) and `newest_backup`.
    """
    owner_only_folder(path.parent)
    fresh = book_is_missing(path)
    if fresh:
        backups = backup_paths(path)
        if backups and not start_empty:
            raise BookMissing(
                f"the customer book at {path} is missing or empty, but {len(backups)} backups of it "
                f"exist (newest: {backups[0].name}); restore one, or start an empty book on purpose",
                **_backup_details(path, backups),
            )
        owner_only_file(path)  # before SQLite makes it: its -wal and -shm copy this mode
    restrict_existing(path, *_sidecars(path), backup_folder(path), *backup_paths(path))
    book = Book(path)
    try:
        at_head = _at_head_if_readable(book)
        if not fresh:
            # A book about to be migrated gets the full check: a migration rewrites it, and a
            # damaged one must reach IT staff as it was.
            _refuse_damaged(book, IntegrityCheck.quick if at_head else IntegrityCheck.full)
        if not at_head:
            _upgrade(book, "head")
        if take_backup:
            book.backup_if_due()
    except BaseException:
        book.close()
        raise
    return book


def _at_head_if_readable(book: Book) -> bool:
    try:
        return _at_head(book)
    except sqlite3.DatabaseError:  # too damaged to read its revision: the full check names the damage
        return False


def _backup_details(path: Path, backups: list[Path]) -> dict[str, Any]:
    names = [str(backup) for backup in backups]
    return {"book": str(path), "backups": names, "newest_backup": names[0] if names else None}


def _refuse_damaged(book: Book, check: IntegrityCheck) -> None:
    try:
        problems = book.integrity_problems(check)
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
    except Exception as error:  # SQLAlchemy wraps it; the cause is the same damaged file
        problems = [str(getattr(error, "orig", error))]
    if problems:
        raise BookCorrupt(
            "the customer book is damaged; restore a backup",
            problems=problems[:5],
            **_backup_details(book.path, backup_paths(book.path)),
        )


# ---------------------------------------------------------------------- restoring


def restore_backup(book_path: Path, backup: Path) -> Path | None:
    """Put a backup in place of the book, which no window or program may have open.

    The book it replaces (damaged or not) is kept beside it as book.sqlite3.replaced-<time>
    for IT staff; that path is returned (None when there was no book). NotFound, BackupCorrupt
    (the current book untouched) or BookInUse otherwise.
    """
    if not backup.is_file():
        raise NotFound(f"there is no backup {backup}", code=ErrorCode.backup_missing, backup=str(backup))
    _refuse_damaged_backup(backup)
    _refuse_if_open_elsewhere(book_path)
    restoring = owner_only_file(book_path.with_suffix(".restoring"))
    with closing(_read_only_copy(backup)) as source, closing(sqlite3.connect(restoring)) as copy:
        source.backup(copy)
    kept = _set_aside(book_path)
    restoring.replace(book_path)
    return kept


def _refuse_damaged_backup(backup: Path) -> None:
    try:
        with closing(_read_only_copy(backup)) as check:
            problems = [row[0] for row in check.execute("PRAGMA integrity_check")]
            is_book = check.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
    except sqlite3.DatabaseError as error:
        problems, is_book = [str(error)], None
    if problems == ["ok"] and is_book is None:
        problems = ["it is not a Guide Desk book"]
    if problems != ["ok"]:
        raise BackupCorrupt(
            f"the backup {backup.name} is damaged or not a Guide Desk book, so the book was left as "
            "it is; choose an older one",
            backup=str(backup),
            problems=problems[:5],
        )


def _refuse_if_open_elsewhere(book_path: Path) -> None:
    """BookInUse when another connection (this process or another) has the book open.

    An open book in WAL mode holds a shared lock on its file for as long as it is open; asking
    for the exclusive lock (locking_mode=EXCLUSIVE, then a read) fails while anyone holds it.
    """
    if book_is_missing(book_path):
        return
    try:
        with closing(sqlite3.connect(book_path, timeout=IN_USE_WAIT_SECONDS)) as probe:
            probe.execute("PRAGMA locking_mode=EXCLUSIVE")
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise BookInUse(
                "the customer book is open in Guide Desk or another program; close it and try again",
                book=str(book_path),
            ) from error
    except sqlite3.DatabaseError:
        return  # too damaged to lock; the app refuses a damaged book, so none has it open


def _set_aside(book_path: Path) -> Path | None:
    """Move the book (and its write-ahead log, which holds its latest writes) out of the way."""
    wal, shm = _sidecars(book_path)
    shm.unlink(missing_ok=True)  # only an index of the -wal; rebuilt from it when opened
    if not book_path.exists():
        wal.unlink(missing_ok=True)
        return None
    kept = book_path.with_name(f"{book_path.name}.replaced-{utcnow():%Y%m%dT%H%M%S%f}")
    shutil.move(book_path, kept)
    if wal.exists():
        shutil.move(wal, Path(f"{kept}-wal"))
    return kept
