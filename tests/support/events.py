"""Small factories for pushed events, as the desktop's outbox would send them."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any


def customer_ref(seed: str) -> str:
    """A pseudonymous reference shaped like the desktop's (base64url of a keyed hash)."""
    return base64.urlsafe_b64encode(hashlib.sha256(seed.encode()).digest()[:24]).decode()


def sale_event(
    order_no: str,
    amount_fen: int,
    *,
    event_id: str | None = None,
    sold_at: datetime | None = None,
    attribution: str = "owner",
) -> dict[str, Any]:
    sold_at = sold_at or datetime(2026, 11, 20, 6, 30, tzinfo=UTC)
    return {
        "id": event_id or str(uuid.uuid4()),
        "kind": "sale",
        "body": {
            "order_no": order_no,
            "amount_fen": amount_fen,
            "items": [{"sku": "SKU-1", "name": "羊毛大衣", "qty": 1, "unit_price_fen": amount_fen}],
            "customer_ref": customer_ref(order_no),
            "sold_at": sold_at.isoformat(),
            "attribution": attribution,
        },
    }


def task_progress_event(
    task_id: str,
    done: int,
    target: int,
    *,
    source: str = "manager",
    day: date | None = None,
    as_of: datetime | None = None,
) -> dict[str, Any]:
    as_of = as_of or datetime.now(UTC)
    body: dict[str, Any] = {
        "source": source,
        "task_id": task_id,
        "done": done,
        "target": target,
        "as_of": as_of.isoformat(),
    }
    if day is not None:
        body["day"] = day.isoformat()
    return {"id": str(uuid.uuid4()), "kind": "task_progress", "body": body}


def later(minutes: int) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def stats_cell(stage: str, customers: int, rfm: str | None = None, **tags: int) -> dict[str, Any]:
    """One (stage, rfm) cell of book statistics; tag counts by tag name."""
    return {"stage": stage, "rfm": rfm, "customers": customers, "tags": tags}


def book_stats_event(
    cells: list[dict[str, Any]],
    *,
    day: date | None = None,
    as_of: datetime | None = None,
    added_per_day: dict[date, int] | None = None,
    overdue_follow_ups: int = 0,
    customers: int | None = None,
) -> dict[str, Any]:
    """A guide's book in counts; `customers` defaults to the cells' sum (pass it to break that)."""
    as_of = as_of or datetime.now(UTC)
    day = day or as_of.date()
    body = {
        "day": day.isoformat(),
        "as_of": as_of.isoformat(),
        "customers": sum(cell["customers"] for cell in cells) if customers is None else customers,
        "cells": cells,
        "added_per_day": {added_day.isoformat(): count for added_day, count in (added_per_day or {}).items()},
        "overdue_follow_ups": overdue_follow_ups,
    }
    return {"id": str(uuid.uuid4()), "kind": "book_stats", "body": body}
