"""The bulk statements of a push, per database: constant-text statements on PostgreSQL's own
driver, SQLAlchemy Core on SQLite.

A 200-sale push through SQLAlchemy's multi-row INSERTs spent ~7 ms per statement re-rendering and
re-parsing its thousands of bound parameters. Here each statement's text is constant, so psycopg
prepares it once per connection, and a batch's rows travel as one JSON parameter read by
json_to_recordset(): orjson writes it in C, where psycopg's array dumpers pack unnest()'s arrays
element by element in Python (1.6 ms against 0.6 ms for 200 sales, measured). The statements run
on the session's own connection, inside its transaction: commit, rollback and
`Database.write_with_retry` see one transaction either way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import orjson
import psycopg
from sqlalchemy import exists, select, update
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import PushStatus
from hq.core.db import dialect_insert
from hq.models import (
    LIVE_SALE,
    ContentItem,
    ContentUsage,
    PushedEvent,
    Sale,
    SaleClaim,
    SopTemplate,
    TaskAssignee,
    TaskProgress,
    table_of,
)
from hq.services.disputes import order_lock_key


@dataclass(frozen=True)
class KnownEvent:
    """What HQ holds for an event id a push could not claim, and, for a sale, whether it was kept
    as a claim and whether it is (or was) the counted sale."""

    id: str
    account_id: int
    digest: str
    kind: str
    outcome: str
    reason: str | None
    claimed: bool
    counted: bool


@dataclass(frozen=True)
class SaleRow:
    """One pushed sale as the sale and sale_claim tables store it."""

    event_id: str
    order_no: str
    amount_fen: int
    items: list[dict[str, Any]]
    customer_ref: str
    sold_at: datetime
    attribution: str


@dataclass(frozen=True)
class UsageRow:
    """One accepted content-usage event as the content_usage table stores it."""

    event_id: str
    content_id: str
    action: str
    count: int
    day: str  # ISO date


@dataclass(frozen=True)
class ProgressRow:
    """The newest counts of one task (and day) of a batch, as task_progress stores them."""

    source: str
    task_id: str
    day: str  # ISO date for an SOP task, "" for a manager task
    done: int
    target: int
    as_of: datetime


class PushStore(Protocol):
    """The statements of a push. The writes whose answer the push does not need (claims, content
    usage, task progress, rejections) may wait until `flush`, which the push calls before it uses
    the session itself and before it ends: on PostgreSQL they then travel in one pipeline."""

    async def flush(self) -> None:
        """Send the writes that are waiting, in the order they were made."""

    async def claim(self, account_id: int, events: Sequence[tuple[str, str, str]], now: datetime) -> set[str]:
        """Store (id, kind, digest) of each event as accepted, in the order given; returns the ids
        stored now (an id HQ already holds is left as it is)."""

    async def known(self, ids: Sequence[str]) -> list[KnownEvent]: ...

    async def reject(self, rejections: Sequence[tuple[str, str]]) -> None:
        """Mark claimed events (id, reason) rejected, so a replay gets the same answer."""

    async def insert_sales(
        self, store_id: int, guide_id: int, sales: Sequence[SaleRow], now: datetime
    ) -> set[str]:
        """Take the orders' locks (disputes.lock_orders) for the rest of the transaction, then count
        each sale whose order has no live sale in the store; returns the event ids counted."""

    async def counted_sales(self, store_id: int, order_nos: Sequence[str]) -> dict[str, int]:
        """Whom each of these orders of the store is counted for (orders with a live sale)."""

    async def insert_claims(
        self, store_id: int, guide_id: int, sales: Sequence[SaleRow], now: datetime
    ) -> None: ...

    async def insert_usage(self, account_id: int, usage: Sequence[UsageRow], now: datetime) -> None:
        """Keep each accepted content-usage event (HQ adds them up when asked)."""

    async def assigned_tasks(self, guide_id: int, task_ids: Sequence[str]) -> set[str]:
        """Which of these manager tasks are assigned to the guide."""

    async def live_sop_audiences(self, template_ids: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
        """(id, audience) of each of these SOP templates that is not deleted."""

    async def content_audiences(
        self, content_ids: Sequence[str]
    ) -> list[tuple[str, dict[str, Any], datetime | None]]:
        """(id, audience, deleted_at) of each of these content items, withdrawn ones included."""

    async def upsert_progress(self, guide_id: int, rows: Sequence[ProgressRow], now: datetime) -> None:
        """Keep each report unless HQ holds a newer one for its task and day (newest wins)."""


def push_store(session: AsyncSession) -> PushStore:
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        return PostgresPushStore(session)
    return CorePushStore(session)


# --------------------------------------------------------------------------- PostgreSQL

_CLAIM = """
INSERT INTO pushed_event (id, account_id, kind, body_digest, outcome, reason, received_at)
SELECT event.id, %(account_id)b, event.kind, event.digest, 'accepted', NULL, %(now)b
FROM json_to_recordset(%(events)b::json) AS event(id text, kind text, digest text)
ON CONFLICT (id) DO NOTHING
RETURNING id
"""
_KNOWN = """
SELECT event.id, event.account_id, event.body_digest, event.kind, event.outcome, event.reason,
       EXISTS (SELECT 1 FROM sale_claim WHERE sale_claim.event_id = event.id),
       EXISTS (SELECT 1 FROM sale WHERE sale.id = event.id)
FROM pushed_event AS event
WHERE event.id = ANY(%(ids)b::text[])
"""
_REJECT = """
UPDATE pushed_event SET outcome = 'rejected', reason = rejection.reason
FROM json_to_recordset(%(rejections)b::json) AS rejection(id text, reason text)
WHERE pushed_event.id = rejection.id
"""
_PUSHED_SALES = """
FROM json_to_recordset(%(sales)b::json) AS pushed(
    event_id text, order_no text, amount_fen bigint, items jsonb, customer_ref text,
    sold_at timestamptz, attribution text)
"""
# The orders' locks are taken in the statement that counts the sales (one round trip less): the
# join cannot hand the INSERT a row before `locked` has its one row, that is before every lock is
# held, and they are held until the transaction ends.
_INSERT_SALES = (
    """
WITH locked AS (SELECT count(pg_advisory_xact_lock(k)) AS keys FROM unnest(%(keys)b::bigint[]) AS k)
INSERT INTO sale (id, order_no, store_id, guide_id, customer_ref, amount_fen, items, sold_at,
                  attribution, disputed, decided, received_at)
SELECT pushed.event_id, pushed.order_no, %(store_id)b, %(guide_id)b, pushed.customer_ref,
       pushed.amount_fen, pushed.items, pushed.sold_at, pushed.attribution, false, false, %(now)b
"""
    + _PUSHED_SALES
    + """
CROSS JOIN locked
ON CONFLICT (store_id, order_no) WHERE voided_at IS NULL DO NOTHING
RETURNING id
"""
)
_INSERT_CLAIMS = (
    """
INSERT INTO sale_claim (event_id, store_id, order_no, guide_id, amount_fen, sold_at, received_at,
                        customer_ref, items, attribution)
SELECT pushed.event_id, %(store_id)b, pushed.order_no, %(guide_id)b, pushed.amount_fen,
       pushed.sold_at, %(now)b, pushed.customer_ref, pushed.items, pushed.attribution
"""
    + _PUSHED_SALES
)
_INSERT_USAGE = """
INSERT INTO content_usage (event_id, account_id, content_id, action, count, day, received_at)
SELECT used.event_id, %(account_id)b, used.content_id, used.action, used.count, used.day, %(now)b
FROM json_to_recordset(%(usage)b::json) AS used(
    event_id text, content_id text, action text, count integer, day text)
"""
_ASSIGNED_TASKS = """
SELECT task_id FROM task_assignee WHERE guide_id = %(guide_id)b AND task_id = ANY(%(task_ids)b::text[])
"""
_LIVE_SOP_AUDIENCES = """
SELECT id, audience FROM sop_template WHERE id = ANY(%(ids)b::text[]) AND deleted_at IS NULL
"""
_CONTENT_AUDIENCES = """
SELECT id, audience, deleted_at FROM content_item WHERE id = ANY(%(ids)b::text[])
"""
_UPSERT_PROGRESS = """
INSERT INTO task_progress (source, task_id, guide_id, day, done, target, as_of, updated_at)
SELECT reported.source, reported.task_id, %(guide_id)b, reported.day, reported.done, reported.target,
       reported.as_of, %(now)b
FROM json_to_recordset(%(rows)b::json) AS reported(
    source text, task_id text, day text, done integer, target integer, as_of timestamptz)
ON CONFLICT (source, task_id, guide_id, day) DO UPDATE
SET done = excluded.done, target = excluded.target, as_of = excluded.as_of, updated_at = excluded.updated_at
WHERE task_progress.as_of < excluded.as_of
"""
_COUNTED_SALES = """
SELECT order_no, guide_id FROM sale
WHERE store_id = %(store_id)b AND order_no = ANY(%(order_nos)b::text[]) AND voided_at IS NULL
"""


def _json_rows(rows: Sequence[Any]) -> str:
    """Rows (dataclasses or dicts, keys named as the recordset's columns) as one JSON array."""
    return orjson.dumps(rows).decode()


def _as_sqlalchemy(statement: str, params: dict[str, Any], error: psycopg.Error) -> StatementError:
    """The driver's error as SQLAlchemy raises it: write_with_retry retries a deadlock victim by
    its sqlstate."""
    return DBAPIError.instance(statement, params, error, psycopg.Error, hide_parameters=True)


class PostgresPushStore:
    """Each statement on the session connection's psycopg connection, in its transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.driver: psycopg.AsyncConnection[Any] | None = None
        self.waiting: list[tuple[str, dict[str, Any]]] = []  # writes for the next flush

    async def _driver(self) -> psycopg.AsyncConnection[Any]:
        if self.driver is None:
            connection = await (await self.session.connection()).get_raw_connection()
            assert isinstance(connection.driver_connection, psycopg.AsyncConnection)
            self.driver = connection.driver_connection
        return self.driver

    async def _rows(self, statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        driver = await self._driver()
        try:
            async with driver.cursor() as cursor:
                await cursor.execute(statement, params)
                return await cursor.fetchall() if cursor.description else []
        except psycopg.Error as error:
            raise _as_sqlalchemy(statement, params, error) from error

    def _later(self, statement: str, params: dict[str, Any]) -> None:
        self.waiting.append((statement, params))

    async def flush(self) -> None:
        """The waiting writes in one round trip: psycopg's pipeline sends them together and reads
        their answers at its end (a failed one raises there, and the transaction is rolled back)."""
        waiting, self.waiting = self.waiting, []
        if len(waiting) == 1:
            await self._rows(*waiting[0])
        elif waiting:
            driver = await self._driver()
            try:
                async with driver.pipeline():
                    for statement, params in waiting:
                        await driver.execute(statement, params)
            except psycopg.Error as error:
                raise _as_sqlalchemy("; ".join(statement for statement, _ in waiting), {}, error) from error

    async def claim(self, account_id: int, events: Sequence[tuple[str, str, str]], now: datetime) -> set[str]:
        rows = await self._rows(
            _CLAIM,
            {
                "account_id": account_id,
                "now": now,
                "events": _json_rows(
                    [{"id": event_id, "kind": kind, "digest": digest} for event_id, kind, digest in events]
                ),
            },
        )
        return {row[0] for row in rows}

    async def known(self, ids: Sequence[str]) -> list[KnownEvent]:
        return [KnownEvent(*row) for row in await self._rows(_KNOWN, {"ids": list(ids)})]

    async def reject(self, rejections: Sequence[tuple[str, str]]) -> None:
        if rejections:
            rows = [{"id": event_id, "reason": reason} for event_id, reason in rejections]
            self._later(_REJECT, {"rejections": _json_rows(rows)})

    async def insert_sales(
        self, store_id: int, guide_id: int, sales: Sequence[SaleRow], now: datetime
    ) -> set[str]:
        if not sales:
            return set()
        keys = sorted({order_lock_key((store_id, sale.order_no)) for sale in sales})  # one lock order
        params = {
            "keys": keys,
            "store_id": store_id,
            "guide_id": guide_id,
            "now": now,
            "sales": _json_rows(sales),
        }
        return {row[0] for row in await self._rows(_INSERT_SALES, params)}

    async def counted_sales(self, store_id: int, order_nos: Sequence[str]) -> dict[str, int]:
        rows = await self._rows(_COUNTED_SALES, {"store_id": store_id, "order_nos": list(order_nos)})
        return {order_no: guide_id for order_no, guide_id in rows}

    async def insert_claims(
        self, store_id: int, guide_id: int, sales: Sequence[SaleRow], now: datetime
    ) -> None:
        if sales:
            params = {"store_id": store_id, "guide_id": guide_id, "now": now, "sales": _json_rows(sales)}
            self._later(_INSERT_CLAIMS, params)

    async def insert_usage(self, account_id: int, usage: Sequence[UsageRow], now: datetime) -> None:
        # One statement per batch: SQLAlchemy's executemany sent one INSERT per event, 13% of a
        # worker's CPU in the morning sync (profiled).
        if usage:
            params = {"account_id": account_id, "now": now, "usage": _json_rows(usage)}
            self._later(_INSERT_USAGE, params)

    async def assigned_tasks(self, guide_id: int, task_ids: Sequence[str]) -> set[str]:
        rows = await self._rows(_ASSIGNED_TASKS, {"guide_id": guide_id, "task_ids": list(task_ids)})
        return {row[0] for row in rows}

    async def live_sop_audiences(self, template_ids: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
        return [
            (row[0], row[1]) for row in await self._rows(_LIVE_SOP_AUDIENCES, {"ids": list(template_ids)})
        ]

    async def content_audiences(
        self, content_ids: Sequence[str]
    ) -> list[tuple[str, dict[str, Any], datetime | None]]:
        return [
            (row[0], row[1], row[2])
            for row in await self._rows(_CONTENT_AUDIENCES, {"ids": list(content_ids)})
        ]

    async def upsert_progress(self, guide_id: int, rows: Sequence[ProgressRow], now: datetime) -> None:
        if rows:
            params = {"guide_id": guide_id, "now": now, "rows": _json_rows(rows)}
            self._later(_UPSERT_PROGRESS, params)


# --------------------------------------------------------------------------- SQLite


class CorePushStore:
    """SQLAlchemy Core executemany: SQLite runs one writer at a time and parses no wire protocol."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def flush(self) -> None:
        return None  # every write was sent when it was made: SQLite has no round trips to save

    async def claim(self, account_id: int, events: Sequence[tuple[str, str, str]], now: datetime) -> set[str]:
        # Write transactions BEGIN IMMEDIATE, one at a time: no id found free here is taken before
        # the insert, and a replayed batch renders no many-row INSERT at all.
        taken_now = select(col(PushedEvent.id)).where(col(PushedEvent.id).in_([event[0] for event in events]))
        taken = set((await self.session.execute(taken_now)).scalars())
        events = [event for event in events if event[0] not in taken]
        if not events:
            return set()
        statement = (
            dialect_insert(self.session, PushedEvent)
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(col(PushedEvent.id))
        )
        rows = [
            {
                "id": event_id,
                "account_id": account_id,
                "kind": kind,
                "body_digest": digest,
                "outcome": PushStatus.accepted.value,
                "reason": None,
                "received_at": now,
            }
            for event_id, kind, digest in events
        ]
        return {row[0] for row in await self.session.execute(statement, rows)}

    async def known(self, ids: Sequence[str]) -> list[KnownEvent]:
        claimed = exists().where(col(SaleClaim.event_id) == col(PushedEvent.id))
        counted = exists().where(col(Sale.id) == col(PushedEvent.id))
        rows = await self.session.execute(
            select(
                col(PushedEvent.id),
                col(PushedEvent.account_id),
                col(PushedEvent.body_digest),
                col(PushedEvent.kind),
                col(PushedEvent.outcome),
                col(PushedEvent.reason),
                claimed,
                counted,
            ).where(col(PushedEvent.id).in_(list(ids)))
        )
        return [KnownEvent(*row) for row in rows]

    async def reject(self, rejections: Sequence[tuple[str, str]]) -> None:
        for event_id, reason in rejections:
            await self.session.execute(
                update(PushedEvent)
                .where(col(PushedEvent.id) == event_id)
                .values(outcome=PushStatus.rejected.value, reason=reason)
            )

    async def insert_sales(
        self, store_id: int, guide_id: int, sales: Sequence[SaleRow], now: datetime
    ) -> set[str]:
        if not sales:
            return set()
        # No order locks: SQLite runs one writer at a time (disputes.lock_orders).
        statement = (
            dialect_insert(self.session, Sale)
            .on_conflict_do_nothing(index_elements=["store_id", "order_no"], index_where=LIVE_SALE)
            .returning(col(Sale.id))
        )
        rows = [
            {**_sale_values(sale, store_id, guide_id, now), "id": sale.event_id, "disputed": False}
            for sale in sales
        ]
        return {row[0] for row in await self.session.execute(statement, rows)}

    async def counted_sales(self, store_id: int, order_nos: Sequence[str]) -> dict[str, int]:
        rows = await self.session.execute(
            select(col(Sale.order_no), col(Sale.guide_id)).where(
                col(Sale.store_id) == store_id,
                col(Sale.order_no).in_(list(order_nos)),
                col(Sale.voided_at).is_(None),
            )
        )
        return {order_no: guide_id for order_no, guide_id in rows}

    async def insert_claims(
        self, store_id: int, guide_id: int, sales: Sequence[SaleRow], now: datetime
    ) -> None:
        if sales:
            rows = [
                {**_sale_values(sale, store_id, guide_id, now), "event_id": sale.event_id} for sale in sales
            ]
            await self.session.execute(dialect_insert(self.session, SaleClaim), rows)

    async def insert_usage(self, account_id: int, usage: Sequence[UsageRow], now: datetime) -> None:
        if usage:
            rows = [
                {**dataclasses.asdict(used), "account_id": account_id, "received_at": now} for used in usage
            ]
            await self.session.execute(dialect_insert(self.session, ContentUsage), rows)

    async def assigned_tasks(self, guide_id: int, task_ids: Sequence[str]) -> set[str]:
        assigned = await self.session.execute(
            select(col(TaskAssignee.task_id)).where(
                col(TaskAssignee.guide_id) == guide_id, col(TaskAssignee.task_id).in_(list(task_ids))
            )
        )
        return set(assigned.scalars())

    async def live_sop_audiences(self, template_ids: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
        templates = await self.session.execute(
            select(col(SopTemplate.id), col(SopTemplate.audience)).where(
                col(SopTemplate.id).in_(list(template_ids)), col(SopTemplate.deleted_at).is_(None)
            )
        )
        return [(template_id, audience) for template_id, audience in templates]

    async def content_audiences(
        self, content_ids: Sequence[str]
    ) -> list[tuple[str, dict[str, Any], datetime | None]]:
        rows = await self.session.execute(
            select(col(ContentItem.id), col(ContentItem.audience), col(ContentItem.deleted_at)).where(
                col(ContentItem.id).in_(list(content_ids))
            )
        )
        return [(content_id, audience, deleted_at) for content_id, audience, deleted_at in rows]

    async def upsert_progress(self, guide_id: int, rows: Sequence[ProgressRow], now: datetime) -> None:
        if not rows:
            return
        statement = dialect_insert(self.session, TaskProgress)
        statement = statement.on_conflict_do_update(
            index_elements=["source", "task_id", "guide_id", "day"],
            set_={
                "done": statement.excluded.done,
                "target": statement.excluded.target,
                "as_of": statement.excluded.as_of,
                "updated_at": statement.excluded.updated_at,
            },
            where=table_of(TaskProgress).c.as_of < statement.excluded.as_of,
        )
        values = [{**dataclasses.asdict(row), "guide_id": guide_id, "updated_at": now} for row in rows]
        await self.session.execute(statement, values)


def _sale_values(sale: SaleRow, store_id: int, guide_id: int, now: datetime) -> dict[str, Any]:
    """The columns a sale and its claim share."""
    return {
        "order_no": sale.order_no,
        "store_id": store_id,
        "guide_id": guide_id,
        "customer_ref": sale.customer_ref,
        "amount_fen": sale.amount_fen,
        "items": sale.items,
        "sold_at": sale.sold_at,
        "attribution": sale.attribution,
        "received_at": now,
    }
