"""The ceilings HQ is compared with: a bare FastAPI async + orjson read of 100 feed rows from the same
database (BARE_DATABASE_URL; the ratio's denominator), and the same page with no database at all."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import FastAPI, Response
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import create_async_engine

from guide_app.protocol import ContentPublic
from tests.support.publish import script_item

PAGE_ROWS = 100


def _published_script(number: int) -> dict[str, Any]:
    """A content row's data as HQ stores it, so a bare page weighs what a real feed page weighs."""
    published_at = datetime(2026, 11, 20, 6, 30, tzinfo=UTC)
    item = {
        **script_item(f"bench script {number}"),
        "id": uuid.uuid4(),
        "valid_from": None,
        "valid_until": None,
        "asset_sha256": None,
        "link_url": None,
        "product": None,
        "created_at": published_at,
        "updated_at": published_at,
    }
    return ContentPublic.model_validate(item).model_dump(mode="json")


_SCRIPTS = [_published_script(number) for number in range(PAGE_ROWS)]

app = FastAPI(title="bench ceiling")


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/changes")
async def changes() -> Response:
    """Rows are built per request, as the real feed builds them from fetched rows."""
    rows = [
        {"seq": seq, "entity": "content", "id": script["id"], "op": "upsert", "data": script}
        for seq, script in enumerate(_SCRIPTS, start=1)
    ]
    page = {"changes": rows, "next_cursor": PAGE_ROWS, "has_more": True}
    return Response(content=orjson.dumps(page), media_type="application/json")


_DATABASE_URL = os.environ.get("BARE_DATABASE_URL")
_engine = create_async_engine(_DATABASE_URL, pool_size=8, max_overflow=8) if _DATABASE_URL else None
if _engine is not None and _engine.dialect.name == "sqlite":

    @event.listens_for(_engine.sync_engine, "connect")
    def _wal(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA journal_mode=WAL")


_PAGE_QUERY = text("SELECT seq, entity, entity_id, op, data FROM change_log ORDER BY seq LIMIT 100")


@app.get("/db-changes")
async def db_changes() -> Response:
    """The least a database-backed feed page can cost: one pooled read, rows spliced by orjson."""
    assert _engine is not None, "start with BARE_DATABASE_URL"
    async with _engine.connect() as connection:
        rows = (await connection.execute(_PAGE_QUERY)).all()
    changes = [
        {
            "seq": seq,
            "entity": entity,
            "id": entity_id,
            "op": op,
            "data": orjson.Fragment(data) if data is not None else None,
        }
        for seq, entity, entity_id, op, data in rows
    ]
    page = {"changes": changes, "next_cursor": changes[-1]["seq"] if changes else 0, "has_more": True}
    return Response(content=orjson.dumps(page), media_type="application/json")
