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
