"""The ceilings HQ is compared with: a bare FastAPI + orjson read of 100 feed rows from the same
database through the raw driver (BARE_DATABASE_URL; the ratio's denominator): stdlib sqlite3 on the
loop, or a psycopg 3 async pool with prepared statements; and the same page with no database at all."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI, Response
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.engine import make_url

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

# The newest 100 changes: scripts the benchmark published, as heavy as a guide's page (42 kB of
# data). The oldest are the organisation's own small changes, most of which a guide never sees,
# and a page of them weighed 10% less than the page HQ serves.
_PAGE_QUERY = "SELECT seq, entity, entity_id, op, data FROM change_log ORDER BY seq DESC LIMIT 100"
# The raw read's own pool, opened and sized once: a ceiling may use more connections than HQ does.
_POSTGRES_POOL_SIZE = 8


class _RawPage:
    """The 100-row read through the bare driver: stdlib sqlite3 on the loop, or a psycopg pool."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.sqlite: sqlite3.Connection | None = None
        self.pool: AsyncConnectionPool | None = None
        if parsed.get_backend_name() == "sqlite":
            assert parsed.database, "a SQLite ceiling reads a file"
            uri = f"{Path(parsed.database).resolve().as_uri()}?mode=ro"
            self.sqlite = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
            self.pool = AsyncConnectionPool(
                conninfo,
                min_size=_POSTGRES_POOL_SIZE,
                max_size=_POSTGRES_POOL_SIZE,
                open=False,
                kwargs={"autocommit": True, "prepare_threshold": 0},
            )

    async def rows(self) -> list[tuple[Any, ...]]:
        if self.sqlite is not None:
            return self.sqlite.execute(_PAGE_QUERY).fetchall()
        assert self.pool is not None
        async with self.pool.connection() as connection:
            cursor = await connection.execute(_PAGE_QUERY)
            return await cursor.fetchall()


_DATABASE_URL = os.environ.get("BARE_DATABASE_URL")
_raw_page = _RawPage(_DATABASE_URL) if _DATABASE_URL else None


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    if _raw_page is not None and _raw_page.pool is not None:
        await _raw_page.pool.open(wait=True)
    yield
    if _raw_page is not None and _raw_page.pool is not None:
        await _raw_page.pool.close()


app = FastAPI(title="bench ceiling", lifespan=_lifespan)


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


@app.get("/db-changes")
async def db_changes() -> Response:
    """The least a database-backed feed page can cost: one raw-driver read, rows spliced by orjson."""
    assert _raw_page is not None, "start with BARE_DATABASE_URL"
    changes = [
        {
            "seq": seq,
            "entity": entity,
            "id": entity_id,
            "op": op,
            "data": orjson.Fragment(data) if data is not None else None,
        }
        for seq, entity, entity_id, op, data in await _raw_page.rows()
    ]
    page = {"changes": changes, "next_cursor": changes[-1]["seq"] if changes else 0, "has_more": True}
    return Response(content=orjson.dumps(page), media_type="application/json")
