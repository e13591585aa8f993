"""Corrections of sales: an amend changes what counts, a void takes a sale out, the order passes on."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from hq.core.db import Database, run_with_database
from hq.models import SaleCorrection
from tests.hq.conftest import Hq
from tests.hq.test_commit_before_answer import CommitRefused, failing_commits
from tests.support.events import sale_event, task_progress_event

PUSH = "/api/v1/sync/push"
T0 = datetime(2026, 11, 21, 4, 0, tzinfo=UTC)


def correction(
    sale: dict[str, Any],
    action: str,
    amount_fen: int | None = None,
    *,
    at: datetime = T0,
    with_items: bool = False,
    event_id: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sale_id": sale["id"],
        "action": action,
        "reason": "收银录错金额" if action == "amend" else "顾客整单退货",
        "corrected_at": at.isoformat(),
    }
    if amount_fen is not None:
        body["amount_fen"] = amount_fen
    if with_items:
        body["items"] = [{"sku": "SKU-2", "name": "羊绒围巾", "qty": 2, "unit_price_fen": amount_fen // 2}]
    return {"id": event_id or str(uuid.uuid4()), "kind": "sale_correction", "body": body}


def push(hq: Hq, login: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    answer = hq.client.post(PUSH, json={"events": events}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def sales_of(hq: Hq, login: str, **params: Any) -> list[dict[str, Any]]:
    answer = hq.client.get("/api/v1/sales", params=params, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    listed: list[dict[str, Any]] = answer.json()
    return listed


def disputes_seen_by(hq: Hq, login: str) -> dict[str, dict[str, Any]]:
    """The latest sale_dispute notice per order in this account's change feed."""
    answer = hq.client.get("/api/v1/sync/changes", params={"limit": 1000}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    notices = {}
    for change in answer.json()["changes"]:
        if change["entity"] == "sale_dispute":
            notices[change["data"]["order_no"]] = change["data"]
    return notices


def test_an_amend_changes_the_counted_amount_and_keeps_the_first(hq: Hq) -> None:
    sale = sale_event("AM-1", 129_900)
    [accepted] = push(hq, hq.org.guide_e1, [sale])
    [amended] = push(hq, hq.org.guide_e1, [correction(sale, "amend", 99_900, with_items=True)])
    assert (accepted["status"], amended["status"]) == ("accepted", "accepted")
    [listed] = sales_of(hq, hq.org.guide_e1)
    assert listed["amount_fen"] == 99_900 and listed["original_amount_fen"] == 129_900
    assert listed["items"] == [{"sku": "SKU-2", "name": "羊绒围巾", "qty": 2, "unit_price_fen": 49_950}]
    assert datetime.fromisoformat(listed["corrected_at"]) == T0 and listed["voided"] is False
    # A second amend keeps the amount first sent, not the first amend's.
    push(hq, hq.org.guide_e1, [correction(sale, "amend", 109_900, at=T0 + timedelta(hours=1))])
    [listed] = sales_of(hq, hq.org.guide_e1)
    assert (listed["amount_fen"], listed["original_amount_fen"]) == (109_900, 129_900)


def test_the_latest_amend_wins_whatever_order_they_arrive_in(hq: Hq) -> None:
    sale = sale_event("AM-2", 50_000)
    early, late = (
        correction(sale, "amend", 40_000, at=T0),
        correction(sale, "amend", 45_000, at=T0 + timedelta(1)),
    )
    [late_result] = push(hq, hq.org.guide_e1, [sale, late])[1:]
    [early_result] = push(hq, hq.org.guide_e1, [early])
    assert late_result["status"] == early_result["status"] == "accepted"
    assert "later amend" in early_result["reason"]
    assert sales_of(hq, hq.org.guide_e1)[0]["amount_fen"] == 45_000
    # Two amends dated alike: the greater event id wins, in either arrival order.
    low = correction(
        sale, "amend", 30_000, at=T0 + timedelta(2), event_id="00000000-0000-4000-8000-000000000001"
    )
    high = correction(
        sale, "amend", 35_000, at=T0 + timedelta(2), event_id="ffffffff-0000-4000-8000-000000000001"
    )
    push(hq, hq.org.guide_e1, [high])
    push(hq, hq.org.guide_e1, [low])
    assert sales_of(hq, hq.org.guide_e1)[0]["amount_fen"] == 35_000

    async def audit(database: Database) -> list[tuple[int | None, bool]]:
        async with database.reading() as session:
            rows = await session.execute(select(SaleCorrection).order_by(SaleCorrection.corrected_at))
            return [(row.amount_fen, row.took_effect) for row in rows.scalars()]

    # Every correction is kept, with whether it changed the figure when it arrived.
    assert sorted(run_with_database(hq.settings, audit)) == sorted(
        [(45_000, True), (40_000, False), (35_000, True), (30_000, False)]
    )


def test_a_voided_sale_counts_nowhere_and_cannot_be_amended_again(hq: Hq) -> None:
    kept, gone = sale_event("V-1", 20_000), sale_event("V-2", 70_000)
    push(hq, hq.org.guide_e1, [kept, gone])
    void = correction(gone, "void", at=T0)
    [voided] = push(hq, hq.org.guide_e1, [void])
    assert voided["status"] == "accepted"
    assert [sale["order_no"] for sale in sales_of(hq, hq.org.guide_e1)] == ["V-1"]
    with_voided = {sale["order_no"]: sale for sale in sales_of(hq, hq.org.guide_e1, include_voided="true")}
    assert (
        with_voided["V-2"]["voided"] is True
        and datetime.fromisoformat(with_voided["V-2"]["corrected_at"]) == T0
    )
    assert [sale["order_no"] for sale in sales_of(hq, hq.org.manager_east)] == ["V-1"]
    late_amend = correction(gone, "amend", 60_000, at=T0 + timedelta(hours=2))
    [refused] = push(hq, hq.org.guide_e1, [late_amend])
    assert refused["status"] == "rejected" and "voided on 2026-11-21 04:00 UTC" in refused["reason"]
    assert push(hq, hq.org.guide_e1, [late_amend]) == [refused]  # a replay gets the same answer
    assert push(hq, hq.org.guide_e1, [void])[0]["status"] == "duplicate"
    assert (
        hq.client.get(
            "/api/v1/sales", params={"include_voided": "1"}, headers=hq.auth(hq.org.admin)
        ).status_code
        == 422
    )


def test_a_correction_sent_with_its_sale_applies_whatever_their_order_in_the_batch(hq: Hq) -> None:
    sale = sale_event("B-1", 88_800)
    results = push(hq, hq.org.guide_e2, [correction(sale, "amend", 80_000), sale])
    assert [result["status"] for result in results] == ["accepted", "accepted"]
    assert sales_of(hq, hq.org.guide_e2)[0]["amount_fen"] == 80_000


def test_corrections_hq_cannot_match_to_the_guides_own_sale_are_refused_in_plain_words(hq: Hq) -> None:
    mine, colleagues = sale_event("R-1", 10_000), sale_event("R-2", 10_000)
    push(hq, hq.org.guide_e1, [mine])
    push(hq, hq.org.guide_e1_b, [colleagues])
    repeat = sale_event("R-1", 10_000)  # rejected: already recorded, so HQ holds no claim for it
    push(hq, hq.org.guide_e1, [repeat])
    task = task_progress_event(str(uuid.uuid4()), 1, 2)
    unknown = {"id": str(uuid.uuid4())}
    edge = correction(mine, "amend", 9_000)
    edge["body"]["corrected_at"] = "2999-01-01T00:00:00+00:00"
    odd_offset = correction(mine, "amend", 9_000)
    odd_offset["body"]["corrected_at"] = "0001-01-01T00:00:00+05:00"
    events = [
        correction(unknown, "void"),
        correction(colleagues, "void"),
        correction(repeat, "amend", 1),
        correction(task, "void"),
        edge,
        odd_offset,
        correction(mine, "void") | {"body": {**correction(mine, "void")["body"], "amount_fen": 5}},
    ]
    results = push(hq, hq.org.guide_e1, events)
    assert [result["status"] for result in results] == ["rejected"] * len(events)
    assert all("HQ holds no sale" in result["reason"] for result in results[:4])
    assert "ahead" in results[4]["reason"] and "calendar" in results[5]["reason"]
    assert "void takes no amount" in results[6]["reason"]
    [by_manager] = push(hq, hq.org.manager_east, [correction(mine, "void")])
    assert by_manager["status"] == "rejected"
    assert [sale["amount_fen"] for sale in sales_of(hq, hq.org.admin)] == [10_000, 10_000]


def test_a_reused_correction_id_with_another_body_is_a_conflict(hq: Hq) -> None:
    sale = sale_event("CF-1", 30_000)
    first = correction(sale, "amend", 25_000)
    push(hq, hq.org.guide_e1, [sale, first])
    altered = correction(sale, "amend", 1_000, event_id=first["id"])
    [result] = push(hq, hq.org.guide_e1, [altered])
    assert result["status"] == "conflict"
    assert sales_of(hq, hq.org.guide_e1)[0]["amount_fen"] == 25_000


def test_a_second_claim_tells_both_guides_who_claims_the_order(hq: Hq) -> None:
    first, second = sale_event("1234", 59_900), sale_event("1234", 59_900)
    push(hq, hq.org.guide_e1, [first])
    [flagged] = push(hq, hq.org.guide_e1_b, [second])
    assert flagged["flags"] == ["order_disputed"]
    assert flagged["reason"] == (
        f"order 1234 was claimed first by {hq.org.guide_e1} of this store; your manager will settle it"
    )
    for login in (hq.org.guide_e1, hq.org.guide_e1_b):
        notice = disputes_seen_by(hq, login)["1234"]
        assert notice["counted_event_id"] == first["id"]
        assert notice["counted_guide_name"] == hq.org.guide_e1
        assert [claim["guide_name"] for claim in notice["claims"]] == [hq.org.guide_e1, hq.org.guide_e1_b]
    assert disputes_seen_by(hq, hq.org.guide_e2) == {}  # not a claimant


def test_voiding_the_counted_claim_counts_the_order_for_the_next_claim(hq: Hq) -> None:
    first, second, third = (sale_event("D-7", amount) for amount in (30_000, 31_000, 32_000))
    push(hq, hq.org.guide_e1, [first])
    push(hq, hq.org.guide_e1_b, [second])
    push(hq, hq.org.guide_e2, [sale_event("D-7", 1)])  # another store's order D-7: its own sale
    push(hq, hq.org.disabled_guide, [third])  # a third guide of E1 (enabled in this test)
    [voided] = push(hq, hq.org.guide_e1, [correction(first, "void")])
    assert voided["status"] == "accepted"
    [counted] = sales_of(hq, hq.org.guide_e1_b)
    assert (counted["id"], counted["amount_fen"], counted["disputed"]) == (second["id"], 31_000, True)
    assert counted["customer_ref"] == second["body"]["customer_ref"] and counted["items"]
    assert sales_of(hq, hq.org.guide_e1) == []
    notice = disputes_seen_by(hq, hq.org.guide_e1)["D-7"]
    assert notice == disputes_seen_by(hq, hq.org.guide_e1_b)["D-7"]
    assert (notice["counted_event_id"], notice["counted_guide_name"]) == (second["id"], hq.org.guide_e1_b)
    assert [claim["voided"] for claim in notice["claims"]] == [True, False, False]
    [dispute] = hq.client.get("/api/v1/sales/disputes", headers=hq.auth(hq.org.manager_east)).json()
    assert dispute["counted_sale_id"] == second["id"]
    # The second void leaves one live claim: counted, and no longer disputed.
    push(hq, hq.org.guide_e1_b, [correction(second, "void")])
    assert hq.client.get("/api/v1/sales/disputes", headers=hq.auth(hq.org.manager_east)).json() == []
    [last] = [sale for sale in sales_of(hq, hq.org.admin) if sale["store_id"] == hq.org.store_ids["E1"]]
    assert (last["id"], last["disputed"]) == (third["id"], False)
    assert disputes_seen_by(hq, hq.org.guide_e1_b)["D-7"]["counted_event_id"] == third["id"]


def test_a_voided_order_can_be_recorded_again_and_counts(hq: Hq) -> None:
    sale = sale_event("AG-1", 40_000)
    push(hq, hq.org.guide_e1, [sale, correction(sale, "void")])
    [again] = push(hq, hq.org.guide_e1, [sale_event("AG-1", 42_000)])
    assert again["status"] == "accepted" and not again["flags"]
    listed = sales_of(hq, hq.org.guide_e1, include_voided="true")
    assert sorted((sale["amount_fen"], sale["voided"]) for sale in listed) == [
        (40_000, True),
        (42_000, False),
    ]
    assert [s["amount_fen"] for s in sales_of(hq, hq.org.guide_e1)] == [42_000]


def test_a_correction_whose_commit_fails_is_not_accepted_and_applies_when_sent_again(hq: Hq) -> None:
    sale = sale_event("CM-1", 66_600)
    push(hq, hq.org.guide_e1, [sale])
    amend = correction(sale, "amend", 60_000)
    with failing_commits(), pytest.raises(CommitRefused):
        hq.client.post(PUSH, json={"events": [amend]}, headers=hq.auth(hq.org.guide_e1))
    assert sales_of(hq, hq.org.guide_e1)[0]["amount_fen"] == 66_600  # the app keeps it queued
    assert push(hq, hq.org.guide_e1, [amend])[0]["status"] == "accepted"
    assert sales_of(hq, hq.org.guide_e1)[0]["amount_fen"] == 60_000
