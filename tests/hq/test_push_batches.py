"""Push: a batch mixing every kind of answer is answered event by event, and again the same on replay."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import func, select

from guide_app.protocol import PushResponse
from hq.core.db import Database, run_with_database
from hq.models import PushedEvent, Sale, SaleClaim
from tests.hq.conftest import Hq
from tests.support.events import sale_event

PUSH = "/api/v1/sync/push"


def _push(hq: Hq, login: str, events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    answer = hq.client.post(PUSH, json={"events": events}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    results = PushResponse.model_validate(answer.json()).results
    assert [str(result.id) for result in results] == [event["id"] for event in events]
    return {str(result.id): result.model_dump(mode="json") for result in results}


def _counts(hq: Hq) -> tuple[int, int, int]:
    async def counts(database: Database) -> tuple[int, int, int]:
        async with database.reading() as session:
            sales = (await session.execute(select(func.count()).select_from(Sale))).scalar_one()
            claims = (await session.execute(select(func.count()).select_from(SaleClaim))).scalar_one()
            ids = (await session.execute(select(func.count()).select_from(PushedEvent))).scalar_one()
            return int(sales), int(claims), int(ids)

    return run_with_database(hq.settings, counts)


def _mixed_batch(hq: Hq) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Events of every outcome, after a first push that gives some of them a history."""
    earlier = sale_event("MIX-EARLIER", 10_000)
    reused = sale_event("MIX-REUSED", 20_000)
    theirs = sale_event("MIX-THEIRS", 30_000)
    assert _push(hq, hq.org.guide_e1, [earlier, reused])[earlier["id"]]["status"] == "accepted"
    assert _push(hq, hq.org.guide_e1_b, [theirs])[theirs["id"]]["status"] == "accepted"

    new = sale_event("MIX-NEW", 40_000)
    conflicting = copy.deepcopy(reused)
    conflicting["body"]["amount_fen"] = 99_900
    conflicting["body"]["items"][0]["unit_price_fen"] = 99_900
    invalid = sale_event("MIX-INVALID", 50_000)
    invalid["body"]["items"][0]["unit_price_fen"] = 1
    own_repeat = sale_event("MIX-EARLIER", 10_000)  # another id for an order this guide recorded
    disputed = sale_event("MIX-THEIRS", 30_000)  # an order the other guide of the store counted
    same_order_twice = sale_event("MIX-NEW", 40_000)  # the batch's own order again
    batch = [new, earlier, conflicting, invalid, own_repeat, disputed, same_order_twice]
    names = {
        new["id"]: "new",
        earlier["id"]: "duplicate",
        conflicting["id"]: "conflict",
        invalid["id"]: "invalid",
        own_repeat["id"]: "own repeat",
        disputed["id"]: "disputed",
        same_order_twice["id"]: "same order twice",
    }
    return batch, names


def test_a_mixed_batch_is_answered_event_by_event_and_the_same_on_replay(hq: Hq) -> None:
    batch, names = _mixed_batch(hq)
    first = {names[event_id]: result for event_id, result in _push(hq, hq.org.guide_e1, batch).items()}

    assert {name: result["status"] for name, result in first.items()} == {
        "new": "accepted",
        "duplicate": "duplicate",
        "conflict": "conflict",
        "invalid": "rejected",
        "own repeat": "rejected",
        "disputed": "accepted",
        "same order twice": "rejected",
    }
    assert "the items add up to 1 fen" in first["invalid"]["reason"]
    assert first["own repeat"]["reason"] == "order MIX-EARLIER is already recorded by you"
    assert first["same order twice"]["reason"] == "order MIX-NEW is already recorded by you"
    assert first["disputed"]["flags"] == ["order_disputed"]
    assert "claimed first by" in first["disputed"]["reason"]
    assert all(first[name]["flags"] == [] for name in first if name != "disputed")
    # Three counted sales before (earlier, reused, theirs), one more now; the disputed claim is kept.
    assert _counts(hq)[:2] == (4, 5)

    replay = {names[event_id]: result for event_id, result in _push(hq, hq.org.guide_e1, batch).items()}
    assert {name: result["status"] for name, result in replay.items()} == {
        "new": "duplicate",
        "duplicate": "duplicate",
        "conflict": "conflict",
        "invalid": "rejected",
        "own repeat": "rejected",
        "disputed": "duplicate",
        "same order twice": "rejected",
    }
    for name in ("invalid", "own repeat", "same order twice", "conflict"):
        assert replay[name]["reason"] == first[name]["reason"], name
    assert replay["disputed"]["flags"] == ["order_disputed"]
    assert _counts(hq)[:2] == (4, 5)


def test_nul_in_one_body_rejects_that_event_only(hq: Hq) -> None:
    with_nul = sale_event("NUL-1", 10_000)
    with_nul["body"]["items"][0]["name"] = "羊毛\x00大衣"
    # The six characters \u0000 are text, not NUL: the batch's one-scan check must not refuse them.
    escaped_text = sale_event("NUL-2", 20_000)
    escaped_text["body"]["items"][0]["sku"] = "\\u0000"
    clean = sale_event("NUL-3", 30_000)

    results = _push(hq, hq.org.guide_e1, [with_nul, escaped_text, clean])

    assert results[with_nul["id"]]["status"] == "rejected"
    assert "NUL" in results[with_nul["id"]]["reason"]
    assert results[escaped_text["id"]]["status"] == "accepted"
    assert results[clean["id"]]["status"] == "accepted"
    assert _counts(hq) == (2, 2, 2)


def test_a_sale_is_stored_as_pushed(hq: Hq) -> None:
    event = sale_event("STORED-1", 123_456, attribution="last_touch")
    _push(hq, hq.org.guide_e1, [event])

    async def stored(database: Database) -> tuple[Sale, SaleClaim]:
        async with database.reading() as session:
            sale = (await session.execute(select(Sale))).scalar_one()
            claim = (await session.execute(select(SaleClaim))).scalar_one()
            return sale, claim

    sale, claim = run_with_database(hq.settings, stored)
    body = event["body"]
    for row in (sale, claim):
        assert (row.order_no, row.amount_fen, row.customer_ref, row.attribution) == (
            "STORED-1",
            123_456,
            body["customer_ref"],
            "last_touch",
        )
        assert row.items == body["items"]
        assert row.sold_at.isoformat() == body["sold_at"]
    assert sale.id == claim.event_id == event["id"]
    assert (sale.disputed, sale.decided, sale.voided_at) == (False, False, None)
