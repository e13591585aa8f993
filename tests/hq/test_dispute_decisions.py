"""A manager credits a disputed order: HQ's figures move, both guides' apps hear who decided and why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.hq.conftest import Hq
from tests.hq.test_sale_corrections import correction, disputes_seen_by, push, sales_of
from tests.support.events import sale_event
from tests.support.org import PASSWORD

DECIDE = "/api/v1/sales/disputes/decide"
REASON = "小票上是王丽娟的工号"


def recent_sale(order_no: str, amount_fen: int) -> dict[str, Any]:
    """A sale of a few minutes ago: in this week's and this month's figures in any UTC offset."""
    return sale_event(order_no, amount_fen, sold_at=datetime.now(UTC) - timedelta(minutes=5))


def decide(hq: Hq, login: str, sale: dict[str, Any], reason: str = REASON, **override: Any) -> Any:
    body = {"store_id": hq.org.store_ids["E1"], "order_no": sale["body"]["order_no"]}
    body |= {"credit_event_id": sale["id"], "reason": reason, **override}
    return hq.client.post(DECIDE, json=body, headers=hq.auth(login))


def month_of(hq: Hq, login: str) -> tuple[int, int, int]:
    """(fen, orders, disputed orders) of this month in the guide's My performance."""
    answer = hq.client.get("/api/v1/me/performance", params={"utc_offset_minutes": 0}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    month = answer.json()["months"][-1]
    return month["sales_fen"], month["orders"], month["disputed_orders"]


def disputes(hq: Hq, state: str, login: str | None = None) -> list[dict[str, Any]]:
    answer = hq.client.get(
        "/api/v1/sales/disputes", params={"state": state}, headers=hq.auth(login or hq.org.manager_east)
    )
    assert answer.status_code == 200, answer.text
    listed: list[dict[str, Any]] = answer.json()
    return listed


def third_guide(hq: Hq) -> str:
    """A third guide of store E1, made through the API, so an order can have three claimants."""
    body = {
        "login": "guide.e1c",
        "display_name": "王丽娟",
        "role": "guide",
        "store_id": hq.org.store_ids["E1"],
        "password": PASSWORD,
    }
    answer = hq.client.post("/api/v1/accounts", json=body, headers=hq.auth(hq.org.admin))
    assert answer.status_code == 201, answer.text
    hq.org.ids["guide.e1c"] = answer.json()["id"]
    return "guide.e1c"


def test_a_disputed_order_counts_once_until_the_manager_credits_the_other_guide(hq: Hq) -> None:
    first, second = recent_sale("D-100", 50_000), recent_sale("D-100", 52_000)
    push(hq, hq.org.guide_e1, [first])
    push(hq, hq.org.guide_e1_b, [second])
    [counted] = sales_of(hq, hq.org.manager_east)
    assert (counted["guide_id"], counted["disputed"], counted["decided"]) == (
        hq.org.ids[hq.org.guide_e1],
        True,
        False,
    )
    assert month_of(hq, hq.org.guide_e1) == (50_000, 1, 1)
    assert month_of(hq, hq.org.guide_e1_b) == (0, 0, 0)
    [queued] = disputes(hq, "open")
    assert queued["store_name"] == "E1店" and queued["counted_guide_name"] == hq.org.guide_e1
    assert [(claim["guide_name"], claim["voided"], claim["attribution"]) for claim in queued["claims"]] == [
        (hq.org.guide_e1, False, "owner"),
        (hq.org.guide_e1_b, False, "owner"),
    ]
    assert queued["decided"] is False and queued["decided_by"] is None

    answer = decide(hq, hq.org.manager_east, second)
    assert answer.status_code == 200, answer.text
    decided = answer.json()
    assert (decided["counted_sale_id"], decided["counted_guide_name"]) == (second["id"], hq.org.guide_e1_b)
    assert (decided["decided"], decided["decided_by_name"], decided["decision_reason"]) == (
        True,
        hq.org.manager_east,
        REASON,
    )
    [counted] = sales_of(hq, hq.org.manager_east)
    assert (counted["id"], counted["amount_fen"], counted["disputed"], counted["decided"]) == (
        second["id"],
        52_000,
        False,
        True,
    )
    assert sales_of(hq, hq.org.guide_e1) == []
    one = hq.client.get(f"/api/v1/sales/{second['id']}", headers=hq.auth(hq.org.guide_e1_b)).json()
    assert one["decided"] is True and one["disputed"] is False
    assert month_of(hq, hq.org.guide_e1) == (0, 0, 0)
    assert month_of(hq, hq.org.guide_e1_b) == (52_000, 1, 0)
    assert disputes(hq, "open") == [] and disputes(hq, "all") == disputes(hq, "decided") == [decided]
    for login in (hq.org.guide_e1, hq.org.guide_e1_b):
        notice = disputes_seen_by(hq, login)["D-100"]
        assert (notice["counted_event_id"], notice["counted_guide_name"]) == (second["id"], hq.org.guide_e1_b)
        assert (notice["decided_by"], notice["decision_reason"]) == (hq.org.manager_east, REASON)


def test_only_the_stores_own_managers_and_hq_decide(hq: Hq) -> None:
    first, second = recent_sale("D-200", 10_000), recent_sale("D-200", 10_000)
    push(hq, hq.org.guide_e1, [first])
    push(hq, hq.org.guide_e1_b, [second])
    assert decide(hq, hq.org.manager_south, second).status_code == 404
    assert disputes(hq, "all", hq.org.manager_south) == []
    assert decide(hq, hq.org.guide_e1_b, second).status_code == 403
    assert sales_of(hq, hq.org.admin)[0]["id"] == first["id"]  # nothing moved
    assert decide(hq, hq.org.admin, second).json()["decided_by_name"] == hq.org.admin


def test_a_decision_needs_a_live_claim_on_a_disputed_order(hq: Hq) -> None:
    first, second, other = recent_sale("D-300", 10_000), recent_sale("D-300", 11_000), recent_sale("D-301", 1)
    push(hq, hq.org.guide_e1, [first, other])
    push(hq, hq.org.guide_e1_b, [second])
    wrong_order = decide(hq, hq.org.manager_east, other, order_no="D-300")
    assert wrong_order.status_code == 422 and "not a claim on order D-300" in wrong_order.json()["detail"]
    assert decide(hq, hq.org.manager_east, other).status_code == 409  # one claim: nothing to settle
    assert decide(hq, hq.org.manager_east, first, store_id=2**31 - 1).status_code == 404
    push(hq, hq.org.guide_e1_b, [correction(second, "void")])
    voided = decide(hq, hq.org.manager_east, second)
    assert voided.status_code == 422 and "voided" in voided.json()["detail"]
    not_disputed = decide(hq, hq.org.manager_east, first)
    assert not_disputed.status_code == 409 and "not disputed" in not_disputed.json()["detail"]


def test_voiding_the_credited_claim_puts_the_order_back_in_the_queue(hq: Hq) -> None:
    third = third_guide(hq)
    claims = [recent_sale("D-400", amount) for amount in (30_000, 31_000, 32_000)]
    for login, sale in zip((hq.org.guide_e1, hq.org.guide_e1_b, third), claims, strict=True):
        push(hq, login, [sale])
    assert decide(hq, hq.org.manager_east, claims[2]).status_code == 200
    push(hq, third, [correction(claims[2], "void")])
    [counted] = sales_of(hq, hq.org.manager_east)
    assert (counted["id"], counted["disputed"], counted["decided"]) == (claims[0]["id"], True, False)
    [queued] = disputes(hq, "open")
    assert queued["decided"] is False and queued["decision_reason"] is None
    assert [claim["voided"] for claim in queued["claims"]] == [False, False, True]
    notice = disputes_seen_by(hq, hq.org.guide_e1_b)["D-400"]
    assert notice["counted_event_id"] == claims[0]["id"] and notice["decided_by"] is None
    assert (month_of(hq, hq.org.guide_e1), month_of(hq, third)) == ((30_000, 1, 1), (0, 0, 0))


def test_a_losing_claim_voided_keeps_the_decision(hq: Hq) -> None:
    first, second = recent_sale("D-500", 20_000), recent_sale("D-500", 21_000)
    push(hq, hq.org.guide_e1, [first])
    push(hq, hq.org.guide_e1_b, [second])
    decide(hq, hq.org.manager_east, second)
    push(hq, hq.org.guide_e1, [correction(first, "void")])
    [counted] = sales_of(hq, hq.org.manager_east)
    assert (counted["id"], counted["disputed"], counted["decided"]) == (second["id"], False, True)
    assert disputes_seen_by(hq, hq.org.guide_e1)["D-500"]["decided_by"] == hq.org.manager_east


def test_a_claim_after_the_decision_reopens_the_order_and_deciding_again_replaces_it(hq: Hq) -> None:
    third = third_guide(hq)
    first, second, late = (recent_sale("D-600", amount) for amount in (40_000, 41_000, 42_000))
    push(hq, hq.org.guide_e1, [first])
    push(hq, hq.org.guide_e1_b, [second])
    decide(hq, hq.org.manager_east, second, reason="第一次裁定")
    [flagged] = push(hq, third, [late])
    assert flagged["flags"] == ["order_disputed"]
    # The decided claim keeps the count; the order is back in the queue for the new claim.
    [counted] = sales_of(hq, hq.org.manager_east)
    assert (counted["id"], counted["disputed"], counted["decided"]) == (second["id"], True, False)
    assert [order["order_no"] for order in disputes(hq, "open")] == ["D-600"]
    assert disputes(hq, "decided") == []
    assert disputes_seen_by(hq, third)["D-600"]["decided_by"] is None
    again = decide(hq, hq.org.manager_east, late, reason="第二次裁定").json()
    assert (again["counted_sale_id"], again["decision_reason"]) == (late["id"], "第二次裁定")
    assert month_of(hq, third) == (42_000, 1, 0) and month_of(hq, hq.org.guide_e1_b) == (0, 0, 0)
    trail = hq.client.get("/api/v1/audit", params={"entity": "dispute"}, headers=hq.auth(hq.org.admin)).json()
    assert [(entry["before"]["reason"], entry["after"]["reason"]) for entry in trail] == [
        ("第一次裁定", "第二次裁定"),
        (None, "第一次裁定"),
    ]
    assert trail[0]["before"]["counted_event_id"] == second["id"]
    assert trail[0]["after"] == {
        "counted_event_id": late["id"],
        "guide_id": hq.org.ids[third],
        "guide_name": "王丽娟",
        "reason": "第二次裁定",
    }
    assert trail[0]["entity_id"] == f"{hq.org.store_ids['E1']}:D-600"
    assert trail[0]["actor_name"] == hq.org.manager_east
