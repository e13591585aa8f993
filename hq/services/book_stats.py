"""Pushed book statistics: a guide's book in counts, the newest report winning, whatever order
reports arrive in.

A report carries the customers per (stage, RFM) cell with their HQ tag counts, and the customers
added per local day over its last STATS_ADDED_DAYS days, zero days left out: so within that window
a day the newest report does not name had none added (the guide deleted or merged them since).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import STATS_ADDED_DAYS, BookStatsBody, Role
from hq.core.db import dialect_insert, utcnow
from hq.models import BookStats, GuideDayAdded, table_of

if TYPE_CHECKING:
    from hq.services.push import Incoming
    from hq.services.visibility import Viewer


async def apply_book_stats(session: AsyncSession, viewer: Viewer, items: list[Incoming]) -> None:
    """Keep the guide's newest statistics and, per day, the newest count of customers added.
    An older report than HQ holds is accepted and changes nothing."""
    if not items:
        return
    if viewer.role is not Role.guide:
        for item in items:
            item.reject("only a store guide pushes book statistics")
        return
    reports = sorted(
        ((item.id, item.body) for item in items if isinstance(item.body, BookStatsBody)),
        key=lambda report: (report[1].as_of, report[0]),
    )
    if not reports:
        return
    held = (
        await session.execute(
            select(col(BookStats.day), col(BookStats.as_of)).where(col(BookStats.guide_id) == viewer.id)
        )
    ).one_or_none()
    await _store_latest(session, viewer.id, *reports[-1])
    said = _days_said([body for _, body in reports])
    if held is not None:
        # The report HQ held governs its own window: its days are stored, its zero days are not,
        # so a late older report must not fill them in.
        window = set(_window(date.fromisoformat(held[0])))
        said = {day: told for day, told in said.items() if day not in window or told[1] >= held[1]}
    await _store_days_added(session, viewer.id, said)


async def _store_latest(session: AsyncSession, guide_id: int, event_id: str, body: BookStatsBody) -> None:
    row = {
        "guide_id": guide_id,
        "event_id": event_id,
        "day": body.day.isoformat(),
        "as_of": body.as_of,
        "customers": body.customers,
        "overdue_follow_ups": body.overdue_follow_ups,
        "cells": [cell.model_dump(mode="json") for cell in body.cells],
        "received_at": utcnow(),
    }
    statement = dialect_insert(session, BookStats)
    statement = statement.on_conflict_do_update(
        index_elements=["guide_id"],
        set_={name: statement.excluded[name] for name in row if name != "guide_id"},
        where=table_of(BookStats).c.as_of < statement.excluded.as_of,
    )
    await session.execute(statement, [row])


def _window(day: date) -> list[date]:
    """The days a report made on `day` counts customers added for."""
    return [day - timedelta(days=back) for back in range(STATS_ADDED_DAYS - 1, -1, -1)]


def _days_said(bodies: list[BookStatsBody]) -> dict[date, tuple[int, datetime]]:
    """Per day, what the newest report covering it says: (customers added, that report's as_of).
    `bodies` is oldest first, so a newer report overwrites an older one's days."""
    said: dict[date, tuple[int, datetime]] = {}
    for body in bodies:
        for day in _window(body.day):
            said[day] = (0, body.as_of)
        for day, customers in body.added_per_day.items():
            said[day] = (customers, body.as_of)
    return said


async def _store_days_added(
    session: AsyncSession, guide_id: int, said: dict[date, tuple[int, datetime]]
) -> None:
    # A day that went to zero: drop what an older report said of it, one statement per report.
    zero_days: dict[datetime, list[str]] = defaultdict(list)
    for day, (customers, as_of) in said.items():
        if customers == 0:
            zero_days[as_of].append(day.isoformat())
    for as_of, days in sorted(zero_days.items()):
        await session.execute(
            delete(GuideDayAdded).where(
                col(GuideDayAdded.guide_id) == guide_id,
                col(GuideDayAdded.as_of) < as_of,
                col(GuideDayAdded.day).in_(sorted(days)),
            )
        )
    rows: list[dict[str, Any]] = [
        {"guide_id": guide_id, "day": day.isoformat(), "customers": customers, "as_of": as_of}
        for day, (customers, as_of) in sorted(said.items())
        if customers > 0
    ]
    if not rows:
        return
    statement = dialect_insert(session, GuideDayAdded)
    statement = statement.on_conflict_do_update(
        index_elements=["guide_id", "day"],
        set_={"customers": statement.excluded.customers, "as_of": statement.excluded.as_of},
        where=table_of(GuideDayAdded).c.as_of < statement.excluded.as_of,
    )
    await session.execute(statement, rows)
