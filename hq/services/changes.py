"""The change feed: recording published changes and reading them back per viewer."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any, Protocol, TypeVar

import orjson
from pydantic import BaseModel
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import ChangeOp, EntityKind, Role
from hq.core.db import Database, utcnow
from hq.core.errors import NotFound, invalid_token
from hq.core.fastread import RawStatement
from hq.core.security import token_digest
from hq.models import ChangeLog, ChangeScope
from hq.services.visibility import LIVE_TOKEN, Scope, ScopeKind

# Any constant works; it only has to be the same for every writer of the feed.
_FEED_LOCK_KEY = 0x6775_6964_6500


def dump_json(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


async def record_change(
    session: AsyncSession,
    entity: EntityKind,
    entity_id: str | int,
    op: ChangeOp,
    data: dict[str, Any] | None,
    scopes: Sequence[Scope],
) -> int:
    """Append one change visible to `scopes`, in the caller's transaction.

    On PostgreSQL, concurrent transactions could commit sequence numbers out of order, and a
    client that already read past a gap would never see the late one; a transaction-scoped
    advisory lock makes feed writers commit one at a time (SQLite writers are serial anyway).
    """
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _FEED_LOCK_KEY})
    result = await session.execute(
        insert(ChangeLog).returning(col(ChangeLog.seq)),
        {
            "entity": entity.value,
            "entity_id": str(entity_id),
            "op": op.value,
            "data": dump_json(data) if data is not None else None,
            "created_at": utcnow(),
        },
    )
    new_seq = result.scalar_one()
    assert new_seq is not None  # the primary key this INSERT just generated
    seq = int(new_seq)
    unique_scopes = sorted(set(scopes))
    await session.execute(
        insert(ChangeScope),
        [{"seq": seq, "scope_kind": kind.value, "scope_id": scope_id} for kind, scope_id in unique_scopes],
    )
    return seq


async def record_audience_change(
    session: AsyncSession,
    entity: EntityKind,
    entity_id: str,
    data: dict[str, Any],
    old_scopes: Sequence[Scope] | None,
    new_scopes: Sequence[Scope],
) -> None:
    """Publish an upsert; when the audience shrank, those who lost it first get a tombstone."""
    lost = sorted(set(old_scopes or ()) - set(new_scopes))
    if lost:  # only those who lost it: the rest keep the item (and its downloaded file)
        await record_change(session, entity, entity_id, ChangeOp.delete, None, lost)
    await record_change(session, entity, entity_id, ChangeOp.upsert, data, new_scopes)


# --------------------------------------------------------------------------- publishing rows


class _Retirable(Protocol):
    @property
    def id(self) -> str: ...

    deleted_at: datetime | None
    updated_at: datetime


RowT = TypeVar("RowT")
PublicT = TypeVar("PublicT", bound=BaseModel)
RetirableT = TypeVar("RetirableT", bound=_Retirable)


async def publish(
    session: AsyncSession,
    entity: EntityKind,
    row: RowT,
    view: Callable[[RowT], PublicT],
    scopes: Sequence[Scope],
    *,
    seen_by: Sequence[Scope] | None = None,
    entity_id: str | int | None = None,
) -> PublicT:
    """Write `row`, build its public view and append it to the feed for `scopes`, in the caller's
    transaction; the view is returned for the answer.

    `seen_by` are the scopes that saw the row before this change (an update): those no longer among
    `scopes` get a tombstone. `entity_id` names a row whose key is not `id`.
    """
    await session.flush()  # a new row gets its id; a constraint fails here, before anything is published
    public = view(row)
    key = entity_id if entity_id is not None else getattr(row, "id")  # noqa: B009 - any table's key
    assert key is not None  # flushed above: a new row has its id
    data = public.model_dump(mode="json")
    if seen_by is None:
        await record_change(session, entity, key, ChangeOp.upsert, data, scopes)
    else:
        await record_audience_change(session, entity, str(key), data, seen_by, scopes)
    return public


async def live_row(
    session: AsyncSession, model: type[RetirableT], row_id: uuid.UUID | str, what: str
) -> RetirableT:
    """The row with this id unless it is missing or retired: NotFound("no such <what>")."""
    row = await session.get(model, str(row_id))
    if row is None or row.deleted_at is not None:
        raise NotFound(f"no such {what}")
    return row


async def retire(session: AsyncSession, entity: EntityKind, row: _Retirable, scopes: Sequence[Scope]) -> None:
    """Soft-delete `row` (its id stays taken) and send a tombstone to `scopes`."""
    row.deleted_at = row.updated_at = utcnow()
    await record_change(session, entity, row.id, ChangeOp.delete, None, scopes)


# One change of a feed page: seq, entity, entity id, op, and its data as stored (JSON, or None).
FeedRow = tuple[int, str, str, str, str | None]


_GUIDE, _MANAGER, _ADMIN = Role.guide.value, Role.manager.value, Role.hq_admin.value
_VIEWER = f"""WITH viewer AS (
    SELECT a.id, a.role, a.region_id, a.store_id FROM auth_token t JOIN account a ON a.id = t.account_id
    WHERE {LIVE_TOKEN}
)"""


def _scope_range(kind: ScopeKind, scope_id: str) -> str:
    """One index range of ix_change_scope_lookup: `scope_id` is a scalar subquery that is NULL
    when the viewer does not read this scope, and a NULL bound reads nothing."""
    return (
        f"SELECT s.seq FROM change_scope s WHERE s.scope_kind = '{kind.value}' "
        f"AND s.scope_id = ({scope_id}) AND s.seq > :cursor"
    )


_NOT_ADMIN = f"FROM viewer WHERE role <> '{_ADMIN}'"
_A_MANAGER = f"FROM viewer WHERE role = '{_MANAGER}'"
# Every scope a viewer may read, each an ordered range of seqs after the cursor.
_VISIBLE_RANGES = (
    _scope_range(ScopeKind.everyone, f"SELECT 0 {_NOT_ADMIN}"),
    _scope_range(ScopeKind.account, f"SELECT id {_NOT_ADMIN}"),
    _scope_range(ScopeKind.region, f"SELECT region_id {_NOT_ADMIN}"),
    _scope_range(ScopeKind.store, f"SELECT store_id FROM viewer WHERE role = '{_GUIDE}'"),
    _scope_range(ScopeKind.region_managers, f"SELECT region_id {_A_MANAGER}"),
    f"SELECT s.seq FROM change_scope s WHERE s.scope_kind = '{ScopeKind.store.value}' AND s.scope_id IN "
    f"(SELECT st.id FROM store st WHERE st.region_id = (SELECT region_id {_A_MANAGER})) AND s.seq > :cursor",
    f"SELECT c.seq FROM change_log c WHERE c.seq > (SELECT :cursor FROM viewer WHERE role = '{_ADMIN}')",
)
# A manager's stores on PostgreSQL: one index range per store of the region, driven from the store
# table. Its generic plan otherwise walked every store-scoped change after the cursor for every
# reader, guides included (4.6 ms a feed statement at 370,000 guides, two thirds of the database's
# time in the morning sync).
_MANAGER_STORES_POSTGRESQL = (
    f"SELECT x.seq FROM store st CROSS JOIN LATERAL (SELECT s.seq FROM change_scope s "
    f"WHERE s.scope_kind = '{ScopeKind.store.value}' AND s.scope_id = st.id AND s.seq > :cursor "
    f"ORDER BY s.seq LIMIT :limit) AS x WHERE st.region_id = (SELECT region_id {_A_MANAGER})"
)
_VISIBLE_RANGES_POSTGRESQL = (*_VISIBLE_RANGES[:5], _MANAGER_STORES_POSTGRESQL, _VISIBLE_RANGES[6])
# The viewer row is left-joined, so an empty page still has one row: no row means no sign-in.
# Rows come back unordered (read_feed_page sorts them): sorting in SQL moved every row's data.
_PAGE_ROWS = "SELECT c.seq, c.entity, c.entity_id, c.op, c.data FROM viewer v LEFT JOIN "
# PostgreSQL hashed the whole change_log against the page when its statistics were behind
# (measured: 5,018 rows read for a 3-row page); an array of seqs can only be an index lookup.
_PAGE_ROWS_SQLITE = f"{_PAGE_ROWS}page p ON 1 = 1 LEFT JOIN change_log c ON c.seq = p.seq"
_PAGE_ROWS_POSTGRESQL = f"{_PAGE_ROWS}change_log c ON c.seq = ANY(ARRAY(SELECT seq FROM page))"
# One statement answers a feed request: the token check (the `viewer` row), the viewer's scopes,
# and the page. A guide's page never walks the changes meant for the 37,000 other guides of a
# national chain's morning: it reads its own scopes' ranges, merged, up to `limit` rows.
# SQLite merges the ordered ranges itself (a compound SELECT with ORDER BY ... LIMIT pulls each
# range only as far as the page needs); PostgreSQL cuts each range at `limit` and sorts the union.
_FEED_PAGE = RawStatement.of(
    f"{_VIEWER}, page AS (\n"
    + "\nUNION ".join(_VISIBLE_RANGES)
    + f"\nORDER BY 1 LIMIT :limit\n)\n{_PAGE_ROWS_SQLITE}",
    postgresql=f"{_VIEWER}, page AS (SELECT seq FROM (\n"
    + "\nUNION ".join(
        f"(SELECT seq FROM ({scope_range}) AS r ORDER BY 1 LIMIT :limit)"
        for scope_range in _VISIBLE_RANGES_POSTGRESQL
    )
    + f"\n) AS visible ORDER BY 1 LIMIT :limit\n)\n{_PAGE_ROWS_POSTGRESQL}",
)


async def read_feed_page(database: Database, token: str, cursor: int, limit: int) -> list[FeedRow] | None:
    """Up to `limit` + 1 changes after `cursor` that the token's viewer may see, oldest first;
    None when the token is not a live sign-in of an enabled account."""
    fast = database.fast
    params = {"digest": token_digest(token), "now": fast.time(utcnow()), "cursor": cursor, "limit": limit + 1}
    rows = await fast.rows(_FEED_PAGE, params)
    if not rows:
        return None
    if rows[0][0] is None:  # signed in, nothing new
        return []
    rows.sort(key=itemgetter(0))
    return rows


async def feed_page(database: Database, token: str, cursor: int, limit: int) -> bytes:
    """The answer to a feed request (a ChangesPage's JSON), or Unauthorized for a token that is
    not a live sign-in."""
    rows = await read_feed_page(database, token, cursor, limit)
    if rows is None:
        raise invalid_token()
    return feed_page_json(rows, cursor, limit)


def feed_page_json(rows: list[FeedRow], cursor: int, limit: int) -> bytes:
    """The ChangesPage answer, serialised once with each row's stored JSON spliced in."""
    has_more = len(rows) > limit
    page = rows[:limit]
    next_cursor = page[-1][0] if page else cursor
    changes = [
        {
            "seq": seq,
            "entity": entity,
            "id": entity_id,
            "op": op,
            "data": None if data is None else orjson.Fragment(data),
        }
        for seq, entity, entity_id, op, data in page
    ]
    return orjson.dumps({"changes": changes, "next_cursor": next_cursor, "has_more": has_more})
