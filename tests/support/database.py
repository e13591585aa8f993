"""Reaching a test's HQ database directly: what the API does not show, or time passing."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel, select

from hq.core.config import Settings
from hq.core.db import sync_engine

T = TypeVar("T")
Table = TypeVar("Table", bound=SQLModel)


def stored(settings: Settings, table: type[Table]) -> list[Table]:
    """Every row of a table, as HQ stored it."""
    engine = sync_engine(settings)
    try:
        with Session(engine) as session:
            return list(session.exec(select(table)).all())
    finally:
        engine.dispose()
