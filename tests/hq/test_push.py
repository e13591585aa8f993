"""Push: every sale counted exactly once, however often and in whatever order it arrives."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from hq.core.db import Database, run_with_database
from hq.models import AuthToken, PushedEvent, Sale
from tests.hq.conftest import Hq
from tests.support.events import sale_event

PUSH = "/api/v1/sync/push"


def _push(hq: Hq, login: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    answer = hq.client.post(PUSH, json={"events": events}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [result["id"] for result in results] == [event["id"] for event in events]
    return results


def _sale_totals(hq: Hq) -> tuple[int, int]:
    async def totals(database: Database) -> tuple[int, int]:
        async with database.reading() as session:
            count, total = (await session.execute(select(func.count(), func.sum(Sale.amount_fen)))).one()
            return int(count), int(total or 0)

    return run_with_database(hq.settings, totals)


def _interleaved_batches(events: list[tuple[str, dict]], rng: random.Random) -> list[list[tuple[str, dict]]]:
    """Random batches of up to 500 with no id twice in one batch (HQ refuses such a batch)."""
    pending = events[:]
    rng.shuffle(pending)
    batches = []
    while pending:
        size = rng.randint(1, 500)
        batch, seen, rest = [], set(), []
        for item in pending:
            if len(batch) < size and item[1]["id"] not in seen:
                batch.append(item)
                seen.add(item[1]["id"])
            else:
                rest.append(item)
        batches.append(batch)
        pending = rest
    return batches


def test_ten_thousand_sales_pushed_twice_in_random_batches_are_counted_once(hq: Hq) -> None:
    rng = random.Random(20261126)
    guides = [hq.org.guide_e1, hq.org.guide_e2, hq.org.guide_s1, hq.org.guide_s2]
    sales = []
    for number in range(10_000):
        guide = guides[number % len(guides)]
        sales.append((guide, sale_event(f"SO{number:06d}", rng.randint(19_900, 299_900))))
    expected_total = sum(event["body"]["amount_fen"] for _, event in sales)

    statuses: dict[str, list[str]] = {}
    for batch in _interleaved_batches(sales + sales, rng):
        by_guide: dict[str, list[dict]] = {}
        for guide, event in batch:
            by_guide.setdefault(guide, []).append(event)
        for guide, events in by_guide.items():
            for result in _push(hq, guide, events):
                statuses.setdefault(result["id"], []).append(result["status"])

    assert _sale_totals(hq) == (10_000, expected_total)
    assert len(statuses) == 10_000
    assert all(sorted(seen) == ["accepted", "duplicate"] for seen in statuses.values())


def test_replay_thirty_days_later_is_still_a_duplicate(hq: Hq) -> None:
    events = [sale_event(f"R{number}", 50_000) for number in range(20)]
    assert {result["status"] for result in _push(hq, hq.org.guide_e1, events)} == {"accepted"}

    async def thirty_days_pass(database: Database) -> None:
        age = timedelta(days=30)
        async with database.writing() as session:
            for row in (await session.execute(select(PushedEvent))).scalars():
                row.received_at -= age
            for sale in (await session.execute(select(Sale))).scalars():
                sale.received_at -= age
            for token in (await session.execute(select(AuthToken))).scalars():
                token.created_at -= age
                token.expires_at -= age

    run_with_database(hq.settings, thirty_days_pass)
    hq._tokens.clear()  # the old sign-in expired meanwhile; the desktop signs in again
    assert {result["status"] for result in _push(hq, hq.org.guide_e1, events)} == {"duplicate"}
    assert _sale_totals(hq) == (20, 20 * 50_000)


def test_same_id_with_a_different_amount_is_a_conflict_and_the_original_stands(hq: Hq) -> None:
    original = sale_event("C1", 100_000)
    _push(hq, hq.org.guide_e1, [original])
    item = {**original["body"]["items"][0], "unit_price_fen": 999_900}
    altered = {**original, "body": {**original["body"], "amount_fen": 999_900, "items": [item]}}
    [result] = _push(hq, hq.org.guide_e1, [altered])
    assert result["status"] == "conflict"
    assert _sale_totals(hq) == (1, 100_000)


def test_another_account_reusing_an_event_id_is_a_conflict(hq: Hq) -> None:
    event = sale_event("X1", 30_000)
    _push(hq, hq.org.guide_e1, [event])
    [result] = _push(hq, hq.org.guide_s1, [event])
    assert result["status"] == "conflict"
    assert _sale_totals(hq) == (1, 30_000)


def test_order_claimed_by_two_guides_of_a_store_is_counted_once_and_flagged(hq: Hq) -> None:
    first = sale_event("D-100", 88_800)
    second = sale_event("D-100", 88_800)
    [a] = _push(hq, hq.org.guide_e1, [first])
    [b] = _push(hq, hq.org.guide_e1_b, [second])
    assert a["status"] == "accepted" and not a["flags"]
    assert b["status"] == "accepted" and b["flags"] == ["order_disputed"]
    assert _sale_totals(hq) == (1, 88_800)
    # The desktop retries after a lost answer: the losing claim is still flagged, the winner is not.
    [b_again, a_again] = _push(hq, hq.org.guide_e1_b, [second]) + _push(hq, hq.org.guide_e1, [first])
    assert (b_again["status"], b_again["flags"]) == ("duplicate", ["order_disputed"])
    assert (a_again["status"], a_again["flags"]) == ("duplicate", [])

    disputes = hq.client.get("/api/v1/sales/disputes", headers=hq.auth(hq.org.manager_east)).json()
    assert len(disputes) == 1
    assert disputes[0]["order_no"] == "D-100"
    assert disputes[0]["counted_guide_id"] == hq.org.ids[hq.org.guide_e1]
    assert {claim["guide_id"] for claim in disputes[0]["claims"]} == {
        hq.org.ids[hq.org.guide_e1],
        hq.org.ids[hq.org.guide_e1_b],
    }
    # The other region's manager does not see it.
    assert hq.client.get("/api/v1/sales/disputes", headers=hq.auth(hq.org.manager_south)).json() == []


def test_same_order_number_in_two_stores_is_two_sales(hq: Hq) -> None:
    _push(hq, hq.org.guide_e1, [sale_event("SAME-1", 10_000)])
    [result] = _push(hq, hq.org.guide_s1, [sale_event("SAME-1", 20_000)])
    assert result["status"] == "accepted" and not result["flags"]
    assert _sale_totals(hq) == (2, 30_000)


def test_guide_recording_one_order_twice_gets_a_rejection_with_reason(hq: Hq) -> None:
    _push(hq, hq.org.guide_e2, [sale_event("TWICE", 10_000)])
    retry = sale_event("TWICE", 10_000)
    [result] = _push(hq, hq.org.guide_e2, [retry])
    assert result["status"] == "rejected" and "already recorded" in result["reason"]
    # The rejection is remembered: replaying that event answers the same way, never counting it.
    [again] = _push(hq, hq.org.guide_e2, [retry])
    assert again == {**result, "id": retry["id"]}
    assert _sale_totals(hq) == (1, 10_000)


def test_one_bad_event_does_not_sink_its_batch(hq: Hq) -> None:
    good = sale_event("G1", 10_000)
    bad = sale_event("G2", 10_000)
    bad["body"]["amount_fen"] = "lots"
    phone = sale_event("G3", 10_000)
    phone["body"]["customer_ref"] = "cust-13800138000-x"
    results = _push(hq, hq.org.guide_e1, [good, bad, phone])
    assert [result["status"] for result in results] == ["accepted", "rejected", "rejected"]
    assert "amount_fen" in results[1]["reason"]
    assert "phone" in results[2]["reason"]
    assert _sale_totals(hq) == (1, 10_000)


def test_managers_and_hq_cannot_record_sales(hq: Hq) -> None:
    for login in (hq.org.manager_east, hq.org.admin):
        [result] = _push(hq, login, [sale_event(f"M-{login}", 10_000)])
        assert result["status"] == "rejected"
    assert _sale_totals(hq) == (0, 0)
