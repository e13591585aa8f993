"""Database engines, sessions and schema migration for the HQ service (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Dialect, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.types import DateTime, TypeDecorator

from hq.core.config import Settings
from hq.core.fastread import FastRead, Params, Rows

ALEMBIC_DIR = Path(__file__).resolve().parent.parent / "alembic"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns timezone-aware UTC, on SQLite (naive text) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime; times are UTC-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def dialect_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that knows ON CONFLICT, for the session's database (SQLite or PostgreSQL)."""
    from sqlalchemy.dialects import postgresql, sqlite

    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL is durable across process crashes
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _autocommit_sqlite(dbapi_connection: Any, record: Any) -> None:
    _sqlite_pragmas(dbapi_connection, record)
    dbapi_connection.isolation_level = None  # no implicit BEGIN: each read statement stands alone


def _make_sqlite_transactions_explicit(engine: AsyncEngine, begin_sql: str) -> None:
    """Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins.

    A WAL reader that later writes fails at once with SQLITE_BUSY (busy_timeout does not help)
    when another connection wrote meanwhile; write sessions therefore BEGIN IMMEDIATE and
    queue on the write lock instead.
    """
    sync_engine = engine.sync_engine

    event.listen(sync_engine, "connect", _autocommit_sqlite)

    @event.listens_for(sync_engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(begin_sql)


_RETRYABLE_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure
T = TypeVar("T")


class Database:
    """The service's engines: reads in autocommit, writes in transactions.

    A read endpoint runs one statement per question, so its engine skips BEGIN and ROLLBACK:
    each is a round trip (on aiosqlite, three thread hops), and they were most of a feed page's
    cost (measured: 18 hops per request with them, 5 without).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        url = settings.async_sqlalchemy_url
        if settings.is_sqlite:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            self.read_engine = create_async_engine(
                url, pool_size=8, max_overflow=8, pool_reset_on_return=None
            )
            event.listen(self.read_engine.sync_engine, "connect", _autocommit_sqlite)
            # One writer per process: SQLite writes one at a time anyway, and waiting for the pool
            # in asyncio is fair where SQLite's busy handler is not (push p99 2.1 s → 0.5 s).
            self.write_engine = create_async_engine(url, pool_size=1, max_overflow=0, pool_timeout=60)
            _make_sqlite_transactions_explicit(self.write_engine, "BEGIN IMMEDIATE")
        else:
            self.write_engine = create_async_engine(
                url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                pool_recycle=1800,
            )
            self.read_engine = self.write_engine.execution_options(isolation_level="AUTOCOMMIT")
        self._read_sessions = async_sessionmaker(
            self.read_engine, class_=AsyncSession, expire_on_commit=False
        )
        self._write_sessions = async_sessionmaker(
            self.write_engine, class_=AsyncSession, expire_on_commit=False
        )
        # The feed page and the token check: raw driver, one statement, no ORM (see fastread).
        self.fast = FastRead(settings, fallback=self._read_rows)

    async def _read_rows(self, sql: str, params: Params) -> Rows:
        async with self.reading() as session:
            return [tuple(row) for row in await session.execute(text(sql), dict(params))]

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        async with self._read_sessions() as session:
            yield session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits on success and rolls back on any error."""
        async with self._write_sessions() as session, session.begin():
            yield session

    async def write_with_retry(self, work: Callable[[AsyncSession], Awaitable[T]], attempts: int = 4) -> T:
        """Run `work` in a write transaction, again from the start if the database chose it as
        a deadlock or serialization victim (PostgreSQL aborts one side; retrying is the cure)."""
        for attempt in range(1, attempts + 1):
            try:
                async with self.writing() as session:
                    return await work(session)
            except DBAPIError as error:
                code = getattr(error.orig, "sqlstate", None)
                if code not in _RETRYABLE_SQLSTATES or attempt == attempts:
                    raise
                await asyncio.sleep(random.uniform(0.005, 0.05) * attempt)
        raise AssertionError("unreachable")

    async def dispose(self) -> None:
        await self.fast.close()
        await self.write_engine.dispose()
        if self.settings.is_sqlite:
            await self.read_engine.dispose()


def run_with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run one async job against the settings' database in a loop of its own, then close it
    (the command line and tests; the service keeps its Database for its lifetime)."""

    async def runner() -> T:
        database = Database(settings)
        try:
            return await work(database)
        finally:
            await database.dispose()

    return asyncio.run(runner())


def sync_engine(settings: Settings) -> Engine:
    """A synchronous engine for the command line and migrations."""
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(settings.sqlalchemy_url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(settings.sqlalchemy_url, pool_pre_ping=True)


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    config.set_main_option("sqlalchemy.url", settings.sqlalchemy_url.replace("%", "%%"))
    return config


def migrate(settings: Settings) -> None:
    """Bring the schema to the newest revision (idempotent; safe on every start)."""
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings), "head")
