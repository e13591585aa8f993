"""The feed and the token check on the raw drivers: the same answers as the ORM's, at a page's cost."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import insert, text
from sqlmodel import col

from guide_app.protocol import ChangeOp, EntityKind, Role
from hq.core.config import Settings
from hq.core.db import Database, run_with_database, utcnow
from hq.core.fastread import RawStatement
from hq.core.security import token_digest
from hq.models import AuthToken, ChangeLog, ChangeScope
from hq.services import org
from hq.services.auth import viewer_for_token
from hq.services.changes import _FEED_PAGE, FeedRow, feed_page_json, read_feed_page, record_change
from hq.services.visibility import EVERYONE, Scope, ScopeKind, Viewer, load_viewer
from tests.hq.conftest import Hq, seed
from tests.hq.test_authorization_matrix import _disabled_token, _expired_token  # the same tokens
from tests.support.org import OrgFixture

REPO_ROOT = Path(__file__).resolve().parents[2]
CHANGES = "/api/v1/sync/changes"
FEED_READERS = ("hq.admin", "mgr.east", "mgr.south", "guide.e1a", "guide.e1b", "guide.e2a", "guide.s1a")


# The feed query as it was before the raw path (an EXISTS per change after the cursor): the
# reference every page of the new statement must equal.
def _reference_query(viewer: Viewer, cursor: int, limit: int) -> tuple[str, dict[str, object]]:
    values: dict[str, object] = {"cursor": cursor, "limit": limit + 1}
    columns = "SELECT c.seq, c.entity, c.entity_id, c.op, c.data FROM change_log c WHERE c.seq > :cursor"
    if viewer.is_admin:
        return f"{columns} ORDER BY c.seq LIMIT :limit", values
    clauses = []
    for number, (kind, scope_id) in enumerate(viewer.scopes()):
        clauses.append(f"(s.scope_kind = :kind_{number} AND s.scope_id = :id_{number})")
        values[f"kind_{number}"], values[f"id_{number}"] = kind.value, scope_id
    visible = " OR ".join(clauses)
    sql = (
        f"{columns} AND EXISTS (SELECT 1 FROM change_scope s WHERE s.seq = c.seq AND ({visible})) "
        "ORDER BY c.seq LIMIT :limit"
    )
    return sql, values


ReferenceRow = tuple[int, str, str, str, str | None]


async def _reference_rows(database: Database, viewer: Viewer, cursor: int, limit: int) -> list[ReferenceRow]:
    sql, values = _reference_query(viewer, cursor, limit)
    async with database.reading() as session:
        return [
            (seq, entity, entity_id, op, data)
            for seq, entity, entity_id, op, data in await session.execute(text(sql), values)
        ]


def _reference_json(rows: list[ReferenceRow], cursor: int, limit: int) -> bytes:
    """The page as the feed wrote it before the raw path: orjson over a dict per change."""
    page = rows[:limit]
    changes = [
        {
            "seq": seq,
            "entity": entity,
            "id": entity_id,
            "op": op,
            "data": orjson.Fragment(data) if data is not None else None,
        }
        for seq, entity, entity_id, op, data in page
    ]
    next_cursor = page[-1][0] if page else cursor
    return orjson.dumps({"changes": changes, "next_cursor": next_cursor, "has_more": len(rows) > limit})


def _mixed_scopes(fixture: OrgFixture, chance: random.Random) -> list[Scope]:
    """One to three audiences drawn from every kind the org has."""
    pool: list[Scope] = [EVERYONE]
    pool += [(ScopeKind.region, region_id) for region_id in fixture.region_ids.values()]
    pool += [(ScopeKind.region_managers, region_id) for region_id in fixture.region_ids.values()]
    pool += [(ScopeKind.store, store_id) for store_id in fixture.store_ids.values()]
    pool += [(ScopeKind.account, account_id) for account_id in fixture.ids.values()]
    return chance.sample(pool, chance.randint(1, 3))


def _publish_mixed(settings: Settings, fixture: OrgFixture, count: int) -> None:
    chance = random.Random(13)

    async def publish(database: Database) -> None:
        async with database.writing() as session:
            for number in range(count):
                op = ChangeOp.delete if number % 7 == 3 else ChangeOp.upsert
                data = None if op is ChangeOp.delete else {"title": f"话术 {number}", "n": number}
                await record_change(
                    session, EntityKind.content, f"c{number}", op, data, _mixed_scopes(fixture, chance)
                )

    run_with_database(settings, publish)


def _viewer(hq: Hq, login: str) -> Viewer:
    return _load_viewer(hq.settings, login)


def _load_viewer(settings: Settings, login: str) -> Viewer:
    async def load(database: Database) -> Viewer:
        async with database.reading() as session:
            return await load_viewer(session, await org.find_account(session, login))

    return run_with_database(settings, load)


CURSORS, LIMITS = (0, 9, 57, 130, 10_000), (1, 7, 100, 500)


def test_every_feed_page_equals_the_reference_query_for_every_role(hq: Hq) -> None:
    _publish_mixed(hq.settings, hq.org, 120)
    viewers = {login: _viewer(hq, login) for login in FEED_READERS}
    assert {viewer.role for viewer in viewers.values()} == set(Role)

    async def reference_pages(database: Database) -> dict[tuple[str, int, int], bytes]:
        pages = {}
        for login, cursor, limit in itertools.product(FEED_READERS, CURSORS, LIMITS):
            rows = await _reference_rows(database, viewers[login], cursor, limit)
            pages[login, cursor, limit] = _reference_json(rows, cursor, limit)
        return pages

    expected = run_with_database(hq.settings, reference_pages)
    seen = 0
    for (login, cursor, limit), reference in expected.items():
        answer = hq.client.get(CHANGES, params={"cursor": cursor, "limit": limit}, headers=hq.auth(login))
        assert answer.status_code == 200, answer.text
        assert answer.content == reference, (login, cursor, limit)
        seen += len(orjson.loads(answer.content)["changes"])
    assert seen > 1_000  # the pages compared were not all empty


def _revoked_token(hq: Hq) -> str:
    token = hq.token(hq.org.guide_s2)
    answer = hq.client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code in (200, 204), answer.text
    return token


def test_an_expired_revoked_disabled_or_forged_token_reads_no_feed(hq: Hq) -> None:
    _publish_mixed(hq.settings, hq.org, 10)
    tokens = {
        "expired": _expired_token(hq),
        "revoked": _revoked_token(hq),
        "disabled": _disabled_token(hq),
        "forged": "A" * 43,
    }
    for name, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"}
        feed = hq.client.get(CHANGES, params={"cursor": 0}, headers=headers)
        me = hq.client.get("/api/v1/me", headers=headers)
        assert feed.status_code == me.status_code == 401, (name, feed.text)
        assert feed.json() == me.json(), name  # the same answer as every other route's
        assert feed.json()["code"] == "invalid_token", name
    for unsigned in ({}, {"Authorization": "Basic Z3Vlc3Q6Z3Vlc3Q="}, {"Authorization": "Bearer  "}):
        feed, me = hq.client.get(CHANGES, headers=unsigned), hq.client.get("/api/v1/me", headers=unsigned)
        assert feed.status_code == 401 and feed.json() == me.json(), unsigned
        assert feed.json()["code"] == "not_signed_in", unsigned
    live = hq.client.get(CHANGES, params={"cursor": 10_000}, headers=hq.auth(hq.org.guide_e1))
    assert live.status_code == 200 and live.json()["changes"] == []  # an empty page is not a 401


def test_the_token_check_builds_the_same_viewer_as_the_orm_for_every_role(hq: Hq) -> None:
    for login in FEED_READERS:
        token = hq.token(login)
        viewer = run_with_database(hq.settings, lambda database: viewer_for_token(database, token))  # noqa: B023
        expected = _viewer(hq, login)
        assert viewer.account.model_dump() == expected.account.model_dump(), login
        assert viewer.region_store_ids == expected.region_store_ids, login
        assert viewer.scopes() == expected.scopes(), login
    assert _viewer(hq, hq.org.manager_east).region_store_ids  # a manager's stores were compared


def _sqlite_uri(settings: Settings) -> str:
    return f"file:{settings.sqlalchemy_url.removeprefix('sqlite:///')}?mode=ro"


@contextmanager
def _sqlite_held_exclusively(settings: Settings) -> Iterator[sqlite3.Connection]:
    """Another process's connection holding the file in EXCLUSIVE locking mode mid-transaction:
    every other reader is busy until it lets go."""
    path = settings.sqlalchemy_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path, isolation_level=None)) as locker:
        locker.execute("PRAGMA locking_mode=EXCLUSIVE")
        locker.execute("BEGIN IMMEDIATE")
        locker.execute("INSERT INTO region (name, created_at) VALUES ('锁区', '2026-12-01 00:00:00')")
        yield locker


def _sign_in_directly(settings: Settings, account_id: int) -> str:
    """A live token written straight into auth_token: no app (whose pooled connections would
    keep the exclusive lock below from being taken) has to run."""
    token = "busy-sqlite-test-token"

    async def write(database: Database) -> None:
        async with database.writing() as session:
            expires_at = utcnow() + timedelta(hours=1)
            row = {"digest": token_digest(token), "account_id": account_id, "expires_at": expires_at}
            await session.execute(insert(AuthToken), [{**row, "device_name": "PC", "created_at": utcnow()}])

    run_with_database(settings, write)
    return token


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_busy_sqlite_still_gets_the_right_page_the_slow_way(hq_settings: Settings) -> None:
    fixture = seed(hq_settings)
    _publish_mixed(hq_settings, fixture, 40)
    token = _sign_in_directly(hq_settings, fixture.ids[fixture.guide_e1])
    viewer = _load_viewer(hq_settings, fixture.guide_e1)

    async def read_while_locked(database: Database) -> tuple[list[FeedRow] | None, list[ReferenceRow]]:
        with _sqlite_held_exclusively(hq_settings) as locker:
            busy_reader = closing(sqlite3.connect(_sqlite_uri(hq_settings), uri=True, timeout=0.005))
            with busy_reader as reader, pytest.raises(sqlite3.OperationalError, match="locked"):
                reader.execute("SELECT 1 FROM change_log").fetchall()  # an on-loop read is busy now
            reading = asyncio.ensure_future(read_feed_page(database, token, 0, 10))
            await asyncio.sleep(0.2)
            assert not reading.done()  # waiting for the lock in a thread, not failing
            locker.execute("COMMIT")
            locker.execute("PRAGMA locking_mode=NORMAL")
            locker.execute("SELECT 1 FROM region").fetchall()  # the next access lets the lock go
        return await reading, await _reference_rows(database, viewer, 0, 10)

    page, reference = run_with_database(hq_settings, read_while_locked)
    assert page is not None and len(page) == len(reference) == 11  # a full page and one more
    assert feed_page_json(page, 0, 10) == _reference_json(reference, 0, 10)


MORNING_TASKS = 5_000


def _publish_a_morning_of_tasks_for_others(hq: Hq) -> int:
    """5,000 task changes, each for one other guide's account, after the returned cursor; then
    three changes for everyone. Returns the cursor before the tasks."""

    async def publish(database: Database) -> int:
        async with database.writing() as session:
            cursor = int((await session.execute(text("SELECT max(seq) FROM change_log"))).scalar_one())
            now = utcnow()
            tasks = [
                {
                    "entity": EntityKind.task.value,
                    "entity_id": f"t{n}",
                    "op": "upsert",
                    "data": "{}",
                    "created_at": now,
                }
                for n in range(MORNING_TASKS)
            ]
            inserted = await session.execute(
                insert(ChangeLog).returning(col(ChangeLog.seq), sort_by_parameter_order=True),
                tasks,
            )
            scopes = [
                {"seq": seq, "scope_kind": ScopeKind.account.value, "scope_id": 100_000 + n}
                for n, seq in enumerate(inserted.scalars())
            ]
            await session.execute(insert(ChangeScope), scopes)
            for n in range(3):
                await record_change(
                    session, EntityKind.content, f"m{n}", ChangeOp.upsert, {"n": n}, [EVERYONE]
                )
            return cursor

    return run_with_database(hq.settings, publish)


def _work(hq: Hq, sql: RawStatement, params: dict[str, Any]) -> int:
    """How much the database did to answer: SQLite's VM steps, or PostgreSQL's rows through plan nodes."""
    if hq.settings.is_sqlite:
        steps = 0

        def count() -> int:
            nonlocal steps
            steps += 1
            return 0

        with closing(sqlite3.connect(_sqlite_uri(hq.settings), uri=True)) as connection:
            connection.set_progress_handler(count, 100)
            connection.execute(sql.sqlite, params).fetchall()
        return steps

    async def explain(database: Database) -> int:
        analysed = RawStatement(sql.sqlite, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql.postgresql)
        plan = (await database.fast.rows(analysed, params))[0][0]
        return _rows_through(plan[0]["Plan"])

    return run_with_database(hq.settings, explain)


def _rows_through(node: dict[str, Any]) -> int:
    own = int(node["Actual Rows"] * node["Actual Loops"])
    return own + sum(_rows_through(child) for child in node.get("Plans", []))


def test_a_guides_page_costs_the_same_however_many_tasks_other_guides_got(hq: Hq) -> None:
    token = hq.token(hq.org.guide_e1)
    cursor = _publish_a_morning_of_tasks_for_others(hq)
    after_the_tasks = cursor + MORNING_TASKS
    page = hq.client.get(CHANGES, params={"cursor": cursor}, headers=hq.auth(hq.org.guide_e1)).json()
    assert [change["id"] for change in page["changes"]] == ["m0", "m1", "m2"]

    def feed_work(from_cursor: int) -> int:
        now = utcnow() if not hq.settings.is_sqlite else utcnow().replace(tzinfo=None).isoformat(sep=" ")
        params = {"digest": token_digest(token), "now": now, "cursor": from_cursor, "limit": 101}
        return _work(hq, _FEED_PAGE, params)

    def walk_work(from_cursor: int) -> int:
        return _work(
            hq,
            RawStatement.of("SELECT count(*) FROM change_log WHERE seq > :cursor"),
            {"cursor": from_cursor},
        )

    # Walking every change after the cursor (as the old EXISTS query did on SQLite) shows in the
    # measure...
    assert walk_work(cursor) > 10 * walk_work(after_the_tasks)
    # ...and the page read does not pay it.
    assert feed_work(cursor) < 2 * feed_work(after_the_tasks)


def test_a_fresh_process_builds_the_signed_in_account_on_its_first_request(tmp_path: Path) -> None:
    """A new worker's first request may be a token check: the account it builds must be usable
    before any ORM query has run in that process (it answered 500 on /me before)."""
    program = (
        "from hq.main import create_app\n"
        "from hq.services.visibility import viewer_from_row\n"
        "from datetime import datetime\n"
        "create_app()\n"
        "day = datetime(2026, 1, 1)\n"
        "row = (7, 'guide.x', 'X', 'guide', 3, 2, 'hash', 0, day, day, None)\n"
        "viewer = viewer_from_row(row)\n"
        "print(viewer.account.id, viewer.account.login)\n"
    )
    environment = {**os.environ, "GUIDE_HQ_DATA_DIR": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, env=environment
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["7", "guide.x"]
