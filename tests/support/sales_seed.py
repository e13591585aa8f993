"""Counted sales written straight into HQ's database in bulk, for the performance sheet's tests and bench.

Pushing 200k sales through the API would take minutes; the sheet reads Sale rows only, so rows
shaped as the push writes them are enough. They go in through the driver itself (sqlite3's
executemany, PostgreSQL's COPY): SQLAlchemy's per-value type processing made 200k rows take 80 s on
a busy 2-core machine. Amounts, times and flags follow from a seeded random generator.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hq.core.config import Settings
from hq.core.db import sync_engine
from tests.support.events import customer_ref

CHUNK = 5_000


@dataclass(frozen=True)
class SaleMix:
    """Which share of the seeded sales are voided, disputed, and decided (of the disputed)."""

    voided: float = 0.0
    disputed: float = 0.0
    decided: float = 0.0


def sale_rows(
    sellers: Sequence[tuple[int, int]],
    count: int,
    start: datetime,
    end: datetime,
    mix: SaleMix = SaleMix(),
    seed: int = 20261130,
) -> Iterator[dict[str, Any]]:
    """`count` sales by (guide id, store id) pairs in turn, sold between start and end."""
    rng = random.Random(seed)
    seconds = int((end - start).total_seconds())
    customers = [customer_ref(f"customer-{seed}-{number}") for number in range(min(count // 3 + 1, 5_000))]
    for number in range(count):
        guide_id, store_id = sellers[number % len(sellers)]
        sold_at = start + timedelta(seconds=rng.randrange(seconds))
        disputed = rng.random() < mix.disputed
        yield {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "order_no": f"S{number:07d}",
            "store_id": store_id,
            "guide_id": guide_id,
            "customer_ref": rng.choice(customers),
            "amount_fen": rng.randint(1_990, 999_900),
            "sold_at": sold_at,
            "attribution": "owner" if rng.random() < 0.8 else "last_touch",
            "disputed": disputed,
            "decided": disputed and rng.random() < mix.decided,
            "received_at": sold_at + timedelta(minutes=5),
            "voided_at": sold_at + timedelta(hours=1) if rng.random() < mix.voided else None,
        }


COLUMNS = [
    "id", "order_no", "store_id", "guide_id", "customer_ref", "amount_fen", "sold_at", "attribution",
    "disputed", "decided", "received_at", "voided_at",
]  # fmt: skip


def insert_sales(settings: Settings, rows: Iterable[dict[str, Any]]) -> int:
    """Insert the rows (with no items) in chunks of CHUNK, one transaction each; returns how many."""
    engine = sync_engine(settings)
    try:
        connection = engine.raw_connection()
        try:
            write = _sqlite_chunk if settings.is_sqlite else _postgresql_chunk
            written = 0
            for chunk in _chunks(rows):
                write(connection, chunk)
                connection.commit()
                written += len(chunk)
            return written
        finally:
            connection.close()
    finally:
        engine.dispose()


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sqlite_time(moment: datetime | None) -> str | None:
    """As hq.core.db.UTCDateTime stores it on SQLite: naive UTC in SQLAlchemy's text format."""
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_chunk(connection: Any, chunk: list[dict[str, Any]]) -> None:
    times = ("sold_at", "received_at", "voided_at")
    values = [
        [_sqlite_time(row[name]) if name in times else row[name] for name in COLUMNS] + ["[]"]
        for row in chunk
    ]
    marks = ", ".join("?" for _ in range(len(COLUMNS) + 1))
    # The random ids and times land all over five indexes: with SQLite's default 2 MiB page
    # cache every insert read pages back from the file (200k rows: 85 s; with 256 MiB: a few).
    connection.cursor().execute("PRAGMA cache_size = -262144")
    connection.cursor().executemany(
        f"INSERT INTO sale ({', '.join(COLUMNS)}, items) VALUES ({marks})", values
    )


def _postgresql_chunk(connection: Any, chunk: list[dict[str, Any]]) -> None:
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY sale ({', '.join(COLUMNS)}, items) FROM STDIN") as copy,
    ):
        for row in chunk:
            copy.write_row([*(row[name] for name in COLUMNS), "[]"])


def generate_sales(
    settings: Settings,
    sellers: Sequence[tuple[int, int]],
    count: int,
    start: datetime,
    end: datetime,
    mix: SaleMix = SaleMix(),
    batch: int = 1,
) -> int:
    """`count` sales made by the database itself from a number series (no row crosses from Python):
    200k in seconds. Seller, time, amount and flags follow from the sale's number by multiplicative
    hashing; ids and order numbers carry `batch`, so later batches never collide."""
    sqlite = settings.is_sqlite
    per_mille = {name: int(getattr(mix, name) * 1000) for name in ("voided", "disputed", "decided")}
    disputed = f"(i * 2654435761) % 1000 < {per_mille['disputed']}"
    at = f"{int(start.timestamp())} + (i * 7919) % {int((end - start).total_seconds())}"
    voided_at = _moment(f"{at} + 3600", sqlite)
    columns = {
        "id": f"'{batch:08x}-0000-4000-8000-' || {_hex12('i', sqlite)}",
        "order_no": f"'B{batch}-' || i",
        "store_id": "store_id",
        "guide_id": "guide_id",
        "customer_ref": f"'customer-ref-' || {_hex12(f'(i * 40503) % {max(count // 3, 1)}', sqlite)}",
        "amount_fen": "1990 + (i * 104729) % 998000",
        "items": "'[]'",
        "sold_at": _moment(at, sqlite),
        "attribution": "CASE WHEN i % 5 = 0 THEN 'last_touch' ELSE 'owner' END",
        "disputed": disputed,
        "decided": f"{disputed} AND (i * 40503) % 1000 < {per_mille['decided']}",
        "received_at": _moment(f"{at} + 300", sqlite),
        "voided_at": f"CASE WHEN (i * 69069) % 1000 < {per_mille['voided']} THEN {voided_at} END",
    }
    numbers = (
        f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {count})"
        if sqlite
        else f"WITH n(i) AS (SELECT generate_series(0, {count - 1})::bigint)"
    )
    sellers_sql = ", ".join(f"({key}, {guide}, {store})" for key, (guide, store) in enumerate(sellers))
    statement = (
        f"{numbers}, sellers(k, guide_id, store_id) AS (VALUES {sellers_sql}) "
        f"INSERT INTO sale ({', '.join(columns)}) SELECT {', '.join(columns.values())} "
        f"FROM n JOIN sellers ON sellers.k = i % {len(sellers)}"
    )
    engine = sync_engine(settings)
    try:
        with engine.begin() as connection:
            # exec_driver_sql hands '%' to psycopg as a placeholder mark; SQLite's driver uses '?'.
            connection.exec_driver_sql(statement if sqlite else statement.replace("%", "%%"))
    finally:
        engine.dispose()
    return count


def _hex12(value: str, sqlite: bool) -> str:
    return f"printf('%012x', {value})" if sqlite else f"lpad(to_hex({value}), 12, '0')"


def _moment(epoch_seconds: str, sqlite: bool) -> str:
    """A UTC time from epoch seconds, stored as UTCDateTime stores it on each backend."""
    if sqlite:
        return f"strftime('%Y-%m-%d %H:%M:%f000', {epoch_seconds}, 'unixepoch')"
    return f"to_timestamp({epoch_seconds})"
