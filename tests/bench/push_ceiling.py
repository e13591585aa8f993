"""The push ceiling HQ's push is compared with: the same 200 sales stored the same way (the id
claimed in pushed_event, the counted sale, the sale's claim) in one transaction, through a bare
psycopg 3 async pool with constant-text statements reading the batch as one JSON parameter (as
hq/services/push_store.py does: faster than unnest() of one array per column, whose arrays psycopg
packs in Python), and no validation, sign-in or disputes. PostgreSQL only (BARE_DATABASE_URL);
served by `serve_bare(..., app=APP)`."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.engine import make_url

APP = "tests.bench.push_ceiling:app"
# As many connections as the push scenario opens, so no request waits for one.
_POOL_SIZE = 8

_GUIDE = "SELECT id, store_id FROM account WHERE role = 'guide' AND store_id IS NOT NULL ORDER BY id LIMIT 1"
_CLAIM = """
INSERT INTO pushed_event (id, account_id, kind, body_digest, outcome, reason, received_at)
SELECT event.id, %(guide_id)b, 'sale', '', 'accepted', NULL, %(now)b
FROM json_to_recordset(%(sales)b::json) AS event(id text)
ON CONFLICT (id) DO NOTHING
RETURNING id
"""
_PUSHED = """
FROM json_to_recordset(%(sales)b::json) AS pushed(
    id text, order_no text, amount_fen bigint, items jsonb, customer_ref text, sold_at timestamptz,
    attribution text)
"""
_SALES = (
    """
INSERT INTO sale (id, order_no, store_id, guide_id, customer_ref, amount_fen, items, sold_at,
                  attribution, disputed, decided, received_at)
SELECT pushed.id, pushed.order_no, %(store_id)b, %(guide_id)b, pushed.customer_ref, pushed.amount_fen,
       pushed.items, pushed.sold_at, pushed.attribution, false, false, %(now)b
"""
    + _PUSHED
    + "ON CONFLICT (store_id, order_no) WHERE voided_at IS NULL DO NOTHING"
)
_CLAIMS = (
    """
INSERT INTO sale_claim (event_id, store_id, order_no, guide_id, amount_fen, sold_at, received_at,
                        customer_ref, items, attribution)
SELECT pushed.id, %(store_id)b, pushed.order_no, %(guide_id)b, pushed.amount_fen, pushed.sold_at, %(now)b,
       pushed.customer_ref, pushed.items, pushed.attribution
"""
    + _PUSHED
)

_DATABASE_URL = os.environ.get("BARE_DATABASE_URL", "")
_pool = (
    AsyncConnectionPool(
        make_url(_DATABASE_URL).set(drivername="postgresql").render_as_string(hide_password=False),
        min_size=_POOL_SIZE,
        max_size=_POOL_SIZE,
        open=False,
    )
    if _DATABASE_URL
    else None
)
_guide: tuple[int, int] | None = None


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    global _guide
    assert _pool is not None, "start with BARE_DATABASE_URL of a seeded PostgreSQL database"
    await _pool.open(wait=True)
    async with _pool.connection() as connection:
        row = await (await connection.execute(_GUIDE)).fetchone()
        assert row is not None, "the database holds no store guide"
        _guide = (int(row[0]), int(row[1]))
    yield
    await _pool.close()


app = FastAPI(title="bench push ceiling", lifespan=_lifespan)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _sales(events: list[dict[str, Any]]) -> str:
    """The batch's sales as one JSON array of flat rows: the id beside its body's fields."""
    return orjson.dumps([{"id": event["id"], **event["body"]} for event in events]).decode()


@app.post("/api/v1/sync/push")
async def push(request: Request) -> Response:
    assert _pool is not None and _guide is not None
    events = orjson.loads(await request.body())["events"]
    guide_id, store_id = _guide
    # Sorted by id, as HQ takes its row locks: concurrent pushes cannot deadlock.
    ordered = sorted(events, key=lambda event: event["id"])
    params = {"guide_id": guide_id, "store_id": store_id, "now": datetime.now(UTC), "sales": _sales(ordered)}
    async with _pool.connection() as connection, connection.transaction():
        claimed = {row[0] for row in await (await connection.execute(_CLAIM, params)).fetchall()}
        await connection.execute(_SALES, params)
        await connection.execute(_CLAIMS, params)
    results = [
        {"id": event["id"], "status": "accepted" if event["id"] in claimed else "duplicate", "flags": []}
        for event in events
    ]
    return Response(content=orjson.dumps({"results": results}), media_type="application/json")
