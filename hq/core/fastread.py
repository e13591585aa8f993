"""The per-worker raw read path for the hot statements (feed page, token check): no SQLAlchemy."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.engine import make_url

from hq.core.config import Settings

Rows = list[tuple[Any, ...]]
Params = Mapping[str, object]
# Run by Database when SQLite says busy: the same statement through SQLAlchemy's read pool.
Fallback = Callable[[str, Params], Awaitable[Rows]]

# The loop waits at most this long for a busy SQLite before the statement moves to a thread.
# WAL readers are almost never busy (only beside an exclusive lock or a WAL recovery), so this
# bound matters for the worst case, not the usual one.
SQLITE_BUSY_TIMEOUT_MS = 5

_NAMED_PARAMETER = re.compile(r"(?<![:\w]):(\w+)")


@dataclass(frozen=True)
class RawStatement:
    """One constant statement in each driver's parameter style (:name for sqlite3, %(name)s for
    psycopg), written once with :name."""

    sqlite: str
    postgresql: str

    @classmethod
    def of(cls, sql: str, postgresql: str | None = None) -> RawStatement:
        """`postgresql` is given where the dialects' SQL differs (an aggregate's name, say)."""
        return cls(sqlite=sql, postgresql=_NAMED_PARAMETER.sub(r"%(\1)s", postgresql or sql))


def sqlite_time(value: datetime) -> str:
    """A UTC time as HQ's SQLite tables store it (SQLAlchemy's naive text), for comparisons."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def stored_time(value: datetime | str) -> datetime:
    """A time column as read raw from either database, as the aware UTC datetime the ORM gives."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class _SqliteReader:
    """One read-only stdlib connection used on the event loop: a page costs no thread hop."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            f"{self.path.resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,  # no implicit transaction: each statement reads the newest commit
            check_same_thread=False,  # one loop uses it, but tests start loops on other threads
        )
        connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        return connection

    def rows(self, statement: RawStatement, params: Params) -> Rows | None:
        """The statement's rows, or None when SQLite is busy (the caller goes the slow way)."""
        if self._connection is None:
            self._connection = self._open()
        try:
            return self._connection.execute(statement.sqlite, params).fetchall()
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return None
            raise

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class _PostgresReader:
    """A small psycopg pool in autocommit; constant statement text, so every statement is prepared
    once per connection."""

    def __init__(self, conninfo: str, size: int) -> None:
        self._pool = AsyncConnectionPool(
            conninfo,
            min_size=1,
            max_size=size,
            open=False,
            kwargs={"autocommit": True, "prepare_threshold": 0},
            configure=_generic_plans,
            name="hq-fastread",
        )
        self._opened = False

    async def rows(self, statement: RawStatement, params: Params) -> Rows:
        if not self._opened:
            # Opening starts the pool's workers and returns: a database that is down fails each
            # request after the pool's timeout, as SQLAlchemy's pool does, and heals by itself.
            await self._pool.open()
            self._opened = True
        async with self._pool.connection() as connection:
            return await _fetch(connection, statement.postgresql, params)

    async def close(self) -> None:
        if self._opened:
            await self._pool.close()
            self._opened = False


async def _generic_plans(connection: AsyncConnection[Any]) -> None:
    """Plan each prepared statement once. Left to choose, PostgreSQL planned the feed's statement
    afresh on every execution (custom plans: 2 ms of planning for 0.6 ms of work, measured at
    20,000 guides); its generic plan is the same index ranges whatever the values, and ran in
    0.9 ms per execution all told. A session setting, not a startup option, so a connection
    pooler in front of PostgreSQL does not refuse it."""
    await connection.execute("SET plan_cache_mode = force_generic_plan")


async def _fetch(connection: AsyncConnection[Any], sql: str, params: Params) -> Rows:
    cursor = await connection.execute(sql, params)
    return await cursor.fetchall()


class FastRead:
    """Runs bounded read statements on the raw driver of the settings' database."""

    def __init__(self, settings: Settings, fallback: Fallback) -> None:
        self.is_sqlite = settings.is_sqlite
        self._fallback = fallback
        self._sqlite = _SqliteReader(_sqlite_path(settings)) if settings.is_sqlite else None
        # A page or a token check is one short statement and a worker runs on one core: a handful
        # of connections (db_fast_pool_size, 4) keep its loop busy.
        self._postgres = (
            None if settings.is_sqlite else _PostgresReader(_conninfo(settings), settings.db_fast_pool_size)
        )

    def time(self, value: datetime) -> object:
        """A time parameter as this database compares it."""
        return sqlite_time(value) if self.is_sqlite else value

    async def rows(self, statement: RawStatement, params: Params) -> Rows:
        if self._sqlite is not None:
            found = self._sqlite.rows(statement, params)
            return found if found is not None else await self._fallback(statement.sqlite, params)
        assert self._postgres is not None
        return await self._postgres.rows(statement, params)

    async def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._postgres is not None:
            await self._postgres.close()


def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.sqlalchemy_url).database
    assert database, "HQ's SQLite database is a file"
    return Path(database)


def _conninfo(settings: Settings) -> str:
    url = make_url(settings.sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)
