"""Reaching a test's HQ database directly: what the API does not show, or time passing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlmodel import Session, SQLModel, select

from hq.core.config import Settings
from hq.core.db import Database, sync_engine

T = TypeVar("T")
Table = TypeVar("Table", bound=SQLModel)


def run_on(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run async work against the settings' database in a loop of its own, then close it."""

    async def runner() -> T:
        database = Database(settings)
        try:
            return await work(database)
        finally:
            await database.dispose()

    return asyncio.run(runner())


def stored(settings: Settings, table: type[Table]) -> list[Table]:
    """Every row of a table, as HQ stored it."""
    engine = sync_engine(settings)
    try:
        with Session(engine) as session:
            return list(session.exec(select(table)).all())
    finally:
        engine.dispose()
