"""The local book's database: pragmas for a PC that loses power, migrations, checks, backups."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from guide_app.errors import BookCorrupt
from guide_app.timeutil import utcnow

ALEMBIC_DIR = Path(__file__).resolve().parent / "alembic"
BACKUP_EVERY = timedelta(days=1)
BACKUPS_KEPT = 7
_BACKUP_STAMP = "%Y%m%dT%H%M%SZ"


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

    def integrity_problems(self) -> list[str]:
        with self.read_engine.connect() as connection:
            rows = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    def backups(self) -> list[Path]:
        """Backups, newest first."""
        return sorted(self.backup_dir.glob("book-*.sqlite3"), reverse=True)

    def backup(self, now: datetime | None = None) -> Path:
        """Copy the book with SQLite's online backup API (consistent even while in use)."""
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        target = self.backup_dir / f"book-{(now or utcnow()).strftime(_BACKUP_STAMP)}.sqlite3"
        partial = target.with_suffix(".partial")
        with sqlite3.connect(self.path) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
        partial.replace(target)
        for old in self.backups()[BACKUPS_KEPT:]:
            old.unlink()
        return target

    def backup_if_due(self, now: datetime | None = None) -> Path | None:
        now = now or utcnow()
        latest = self.backups()
        if latest:
            taken = datetime.strptime(latest[0].stem.removeprefix("book-"), _BACKUP_STAMP)
            # A newest backup "in the future" means the PC clock was wrong or changed: back up.
            if timedelta(0) <= now - taken.replace(tzinfo=now.tzinfo) < BACKUP_EVERY:
                return None
        return self.backup(now)


def _migrate(book: Book) -> None:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    with book.write_engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


def open_book(path: Path, *, take_backup: bool = True) -> Book:
    """Open (or create) a book: check integrity, migrate, and back up once a day.

    A damaged file is never migrated or written to: BookCorrupt names the backups to restore.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    book = Book(path)
    if existed:
        try:
            problems = book.integrity_problems()
        except sqlite3.DatabaseError as error:
            problems = [str(error)]
        except Exception as error:  # SQLAlchemy wraps it; the cause is the same damaged file
            problems = [str(getattr(error, "orig", error))]
        if problems:
            book.close()
            raise BookCorrupt(
                "the customer book is damaged; restore a backup",
                problems=problems[:5],
                backups=[str(backup) for backup in book.backups()],
            )
    _migrate(book)
    if take_backup:
        book.backup_if_due()
    return book


def restore_backup(book_path: Path, backup: Path) -> None:
    """Put a backup in place of the book (the book must be closed). The damaged file is kept
    beside it as book.sqlite3.damaged-<time> for IT staff."""
    with sqlite3.connect(backup) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BookCorrupt("that backup is damaged too; choose an older one", backup=str(backup))
    if book_path.exists():
        shutil.move(book_path, book_path.with_name(f"{book_path.name}.damaged-{utcnow():%Y%m%dT%H%M%S}"))
    for suffix in ("-wal", "-shm"):
        Path(f"{book_path}{suffix}").unlink(missing_ok=True)
    partial = book_path.with_suffix(".restoring")
    with sqlite3.connect(backup) as source, sqlite3.connect(partial) as copy:
        source.backup(copy)
    partial.replace(book_path)
