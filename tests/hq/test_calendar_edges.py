"""Times at the edge of the calendar, or outside any real sale, are refused one event at a time with a
reason (never a 500 that blocks the guide's other uploads), and 422 where a request carries them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.hq.conftest import Hq
from tests.support.events import sale_event, task_progress_event
from tests.support.publish import post, task_request

PUSH = "/api/v1/sync/push"
EDGES = [
    "0001-01-01T00:00:00+05:00",  # year 0 once in UTC
    "9999-12-31T23:59:59-05:00",  # year 10000 once in UTC
    "1999-12-31T23:59:59+00:00",  # before any sale Guide Desk records
    "2999-01-01T00:00:00+00:00",  # far ahead of HQ's clock
]


def _push(hq: Hq, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    answer = hq.client.post(PUSH, json={"events": events}, headers=hq.auth(hq.org.guide_e1))
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


@pytest.mark.parametrize("edge", EDGES)
def test_one_sale_at_a_calendar_edge_is_rejected_alone(hq: Hq, edge: str) -> None:
    good = [sale_event(f"EDGE-OK-{number}", 10_000 + number) for number in range(19)]
    bad = sale_event("EDGE-BAD", 5_000)
    bad["body"]["sold_at"] = edge
    results = _push(hq, [*good[:7], bad, *good[7:]])
    assert [result["status"] for result in results] == ["accepted"] * 7 + ["rejected"] + ["accepted"] * 12
    assert "sold_at" in results[7]["reason"]
    sales = hq.client.get("/api/v1/sales", headers=hq.auth(hq.org.admin)).json()
    assert sorted(sale["order_no"] for sale in sales) == sorted(f"EDGE-OK-{number}" for number in range(19))


def test_a_sale_a_few_hours_ahead_is_taken_and_a_clock_two_days_ahead_is_not(hq: Hq) -> None:
    soon = sale_event("CLOCK-1", 100, sold_at=datetime.now(UTC) + timedelta(hours=5))
    far = sale_event("CLOCK-2", 100, sold_at=datetime.now(UTC) + timedelta(days=2))
    assert [result["status"] for result in _push(hq, [soon, far])] == ["accepted", "rejected"]


@pytest.mark.parametrize("edge", EDGES)
def test_task_progress_from_outside_the_window_is_rejected_and_freezes_nothing(hq: Hq, edge: str) -> None:
    request = task_request("回访老客", {"store_ids": [hq.org.store_ids["E1"]]}, target=10)
    task = post(hq.client, hq.auth(hq.org.manager_east), "/tasks", request)
    frozen = task_progress_event(task["id"], 9, 10)
    frozen["body"]["as_of"] = edge
    assert [result["status"] for result in _push(hq, [frozen])] == ["rejected"]
    honest = task_progress_event(task["id"], 3, 10)
    assert [result["status"] for result in _push(hq, [honest])] == ["accepted"]
    report = hq.client.get(f"/api/v1/tasks/{task['id']}/progress", headers=hq.auth(hq.org.manager_east))
    done = {row["guide_id"]: row["done"] for row in report.json()["guides"]}
    assert done[hq.org.ids[hq.org.guide_e1]] == 3


@pytest.mark.parametrize("edge", EDGES[:2])
def test_request_times_outside_the_calendar_are_422(hq: Hq, edge: str) -> None:
    admin, manager = hq.auth(hq.org.admin), hq.auth(hq.org.manager_east)
    for name in ("since", "until"):
        answer = hq.client.get("/api/v1/sales", params={name: edge}, headers=admin)
        assert answer.status_code == 422, (name, answer.text)
    task = {**task_request("边界", {"store_ids": [hq.org.store_ids["E1"]]}), "due_at": edge}
    assert hq.client.post("/api/v1/tasks", json=task, headers=manager).status_code == 422
    item = {"kind": "script", "title": "话术", "body": "您好", "valid_from": edge}
    answer = hq.client.post("/api/v1/content", json=item, headers=admin)
    assert answer.status_code == 422 and "calendar" in answer.text


def test_a_sales_items_must_add_up_to_its_amount(hq: Hq) -> None:
    cheap = sale_event("ITEMS-1", 1)
    cheap["body"]["items"] = [{"sku": "C-1", "name": "羊绒大衣", "qty": 3, "unit_price_fen": 99_900}]
    listed = sale_event("ITEMS-2", 299_700)
    listed["body"]["items"] = [{"sku": "C-1", "name": "羊绒大衣", "qty": 3, "unit_price_fen": 99_900}]
    bare = sale_event("ITEMS-3", 5_000)
    bare["body"]["items"] = []  # items are optional
    results = _push(hq, [cheap, listed, bare])
    assert [result["status"] for result in results] == ["rejected", "accepted", "accepted"]
    assert "add up to 299700 fen" in results[0]["reason"]
