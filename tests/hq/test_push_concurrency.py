"""Push on PostgreSQL: two connections pushing the same events, or the same orders, at once still
count each sale once (the second waits for the first's claims, then finds them taken)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlmodel import col

from guide_app.protocol import PushRequest
from hq.core.db import Database, run_with_database
from hq.models import Account, Sale, SaleClaim
from hq.services import push
from hq.services.disputes import lock_orders
from hq.services.push_store import PostgresPushStore
from hq.services.visibility import Viewer, load_viewer
from tests.hq.conftest import Hq
from tests.support.events import sale_event

pytestmark = pytest.mark.parametrize("backend", ["postgresql"])

SALES = 50


async def _viewer(database: Database, login: str) -> Viewer:
    async with database.reading() as session:
        account = (await session.execute(select(Account).where(col(Account.login) == login))).scalar_one()
        return await load_viewer(session, account)


async def _until_a_push_waits_on_a_lock(database: Database) -> None:
    """Until another connection's statement waits for a lock this test's open transaction holds."""
    for _ in range(500):
        async with database.reading() as session:
            waiting = await session.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            )
            if waiting.scalar_one():
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the second push never waited for the first one's locks")


async def _overlapping_pushes(
    database: Database, first: tuple[str, PushRequest], second: tuple[str, PushRequest]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Push `first` and hold its transaction open until `second`, pushed on another connection,
    waits for it; then commit the first and let the second finish."""
    first_viewer = await _viewer(database, first[0])
    second_viewer = await _viewer(database, second[0])
    async with database.writing() as session:
        first_answer = await push.push(session, first_viewer, first[1])
        second_push = asyncio.create_task(
            database.write_with_retry(lambda other: push.push(other, second_viewer, second[1]))
        )
        await _until_a_push_waits_on_a_lock(database)
    return first_answer, await second_push


def _sales(database_settings: Any) -> tuple[int, Counter[int]]:
    async def sales(database: Database) -> tuple[int, Counter[int]]:
        async with database.reading() as session:
            count = (await session.execute(select(func.count()).select_from(Sale))).scalar_one()
            guides = Counter((await session.execute(select(col(Sale.guide_id)))).scalars())
            return int(count), guides

    return run_with_database(database_settings, sales)


def _statuses(answer: dict[str, Any]) -> Counter[str]:
    return Counter(result["status"] for result in answer["results"])


def test_the_same_events_pushed_on_two_connections_at_once_count_once(hq: Hq) -> None:
    events = [sale_event(f"TWICE-{number:03d}", 10_000 + number) for number in range(SALES)]
    request = PushRequest.model_validate({"events": events})
    # The second connection sends them in the opposite order: claims are taken sorted, so no deadlock.
    reversed_request = PushRequest.model_validate({"events": events[::-1]})
    login = hq.org.guide_e1

    first, second = run_with_database(
        hq.settings,
        lambda database: _overlapping_pushes(database, (login, request), (login, reversed_request)),
    )

    assert _statuses(first) == Counter({"accepted": SALES})
    assert _statuses(second) == Counter({"duplicate": SALES})
    assert _sales(hq.settings)[0] == SALES


def test_two_guides_claiming_the_same_orders_at_once_count_each_order_once(hq: Hq) -> None:
    mine = [sale_event(f"BOTH-{number:03d}", 10_000) for number in range(SALES)]
    theirs = [sale_event(f"BOTH-{number:03d}", 10_000) for number in range(SALES)]

    first, second = run_with_database(
        hq.settings,
        lambda database: _overlapping_pushes(
            database,
            (hq.org.guide_e1, PushRequest.model_validate({"events": mine})),
            (hq.org.guide_e1_b, PushRequest.model_validate({"events": theirs})),
        ),
    )

    assert _statuses(first) == Counter({"accepted": SALES})
    assert _statuses(second) == Counter({"accepted": SALES})
    assert all(result["flags"] == ["order_disputed"] for result in second["results"])
    count, guides = _sales(hq.settings)
    assert count == SALES
    assert len(guides) == 1 and guides.most_common(1)[0][1] == SALES


def test_a_push_chosen_as_deadlock_victim_is_retried_and_counted_once(
    hq: Hq, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = PostgresPushStore.claim
    victims: list[str] = []

    async def deadlocked_once(store: PostgresPushStore, *args: Any) -> set[str]:
        if not victims:
            victims.append("first attempt")
            # What PostgreSQL raises in the victim of a deadlock, raised by the database itself.
            await store._rows("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$", {})
        return await claim(store, *args)

    monkeypatch.setattr(PostgresPushStore, "claim", deadlocked_once)
    events = [sale_event(f"VICTIM-{number:03d}", 10_000) for number in range(SALES)]

    answer = hq.client.post("/api/v1/sync/push", json={"events": events}, headers=hq.auth(hq.org.guide_e1))

    assert answer.status_code == 200, answer.text
    assert victims == ["first attempt"]
    assert _statuses(answer.json()) == Counter({"accepted": SALES})
    assert _sales(hq.settings)[0] == SALES


def test_a_new_claim_waits_for_an_order_a_void_or_a_decision_has_locked(hq: Hq) -> None:
    """What a correction or a manager's decision holds while it recounts an order: a push claiming
    that order must wait for it, not count past it."""
    event = sale_event("LOCKED-1", 10_000)

    async def claim_while_locked(database: Database) -> tuple[bool, dict[str, Any]]:
        viewer = await _viewer(database, hq.org.guide_e1)
        assert viewer.account.store_id is not None
        async with database.writing() as session:
            await lock_orders(session, [(viewer.account.store_id, "LOCKED-1")])
            claim = asyncio.create_task(
                database.write_with_retry(
                    lambda other: push.push(other, viewer, PushRequest.model_validate({"events": [event]}))
                )
            )
            await _until_a_push_waits_on_a_lock(database)
            waited = not claim.done()
        return waited, await claim

    waited, answer = run_with_database(hq.settings, claim_while_locked)
    assert waited
    assert _statuses(answer) == Counter({"accepted": 1})
    assert _sales(hq.settings)[0] == 1


def test_a_deadlock_met_by_the_pipelined_writes_is_retried_and_counted_once(
    hq: Hq, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writes a push sends together at its end (claims, usage, progress) fail together: the
    whole transaction goes back and is tried again, so no sale is half-stored or counted twice."""
    flush = PostgresPushStore.flush
    victims: list[int] = []

    async def deadlocked_once(store: PostgresPushStore) -> None:
        if not victims and store.waiting:
            victims.append(len(store.waiting))
            store.waiting.insert(
                0, ("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$", {})
            )
        await flush(store)

    monkeypatch.setattr(PostgresPushStore, "flush", deadlocked_once)
    events = [sale_event(f"PIPE-{number:03d}", 10_000) for number in range(SALES)]

    answer = hq.client.post("/api/v1/sync/push", json={"events": events}, headers=hq.auth(hq.org.guide_e1))

    assert answer.status_code == 200, answer.text
    assert victims == [1]  # the claims were waiting behind the failing statement
    assert _statuses(answer.json()) == Counter({"accepted": SALES})
    assert _sales(hq.settings)[0] == SALES
    claims = run_with_database(hq.settings, _claim_count)
    assert claims == SALES


async def _claim_count(database: Database) -> int:
    async with database.reading() as session:
        return int((await session.execute(select(func.count()).select_from(SaleClaim))).scalar_one())
