"""Manager tasks: assignment within a region, progress per guide, overdue, cancellation."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event

from tests.hq.conftest import Hq
from tests.support.events import task_progress_event
from tests.support.publish import post, sop_template, task_request


def _push(hq: Hq, login: str, events: list[dict]) -> list[dict]:
    answer = hq.client.post("/api/v1/sync/push", json={"events": events}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    return list(answer.json()["results"])


def test_a_region_assignment_reaches_every_enabled_guide_of_the_region(hq: Hq) -> None:
    east = hq.org.region_ids["东区"]
    task = post(
        hq.client, hq.auth(hq.org.manager_east), "/tasks", task_request("双11邀约", {"region_ids": [east]})
    )
    expected = {
        hq.org.ids[login]
        for login in (hq.org.guide_e1, hq.org.guide_e1_b, hq.org.guide_e2, hq.org.disabled_guide)
    }
    assert set(task["guide_ids"]) == expected
    assert task["region_id"] == east
    # A guide sees the task, and only themself on it.
    seen = hq.client.get(f"/api/v1/tasks/{task['id']}", headers=hq.auth(hq.org.guide_e2)).json()
    assert seen["guide_ids"] == [hq.org.ids[hq.org.guide_e2]]


def test_a_manager_cannot_assign_outside_their_region(hq: Hq) -> None:
    headers = hq.auth(hq.org.manager_east)
    for assignees in (
        {"guide_ids": [hq.org.ids[hq.org.guide_s1]]},
        {"store_ids": [hq.org.store_ids["S1"]]},
        {"region_ids": [hq.org.region_ids["南区"]]},
    ):
        answer = hq.client.post("/api/v1/tasks", json=task_request("越区任务", assignees), headers=headers)
        assert answer.status_code == 403, answer.text
    assert hq.client.get("/api/v1/tasks", headers=hq.auth(hq.org.admin)).json() == []


def test_hq_can_assign_across_regions_and_each_manager_sees_their_part(hq: Hq) -> None:
    regions = list(hq.org.region_ids.values())
    task = post(
        hq.client, hq.auth(hq.org.admin), "/tasks", task_request("全国会员日", {"region_ids": regions})
    )
    assert task["region_id"] is None
    progress = hq.client.get(
        f"/api/v1/tasks/{task['id']}/progress", headers=hq.auth(hq.org.manager_south)
    ).json()
    assert {row["guide_id"] for row in progress["guides"]} == {
        hq.org.ids[hq.org.guide_s1],
        hq.org.ids[hq.org.guide_s2],
    }


def test_progress_shows_done_target_and_overdue_per_guide(hq: Hq) -> None:
    request = task_request("回访老客", {"store_ids": [hq.org.store_ids["E1"]]}, target=10)
    task = post(hq.client, hq.auth(hq.org.manager_east), "/tasks", request)
    now = datetime.now(UTC)
    old = task_progress_event(task["id"], 9, 10, as_of=now - timedelta(hours=1))
    new = task_progress_event(task["id"], 4, 10, as_of=now)
    # The newer count wins whatever order the reports arrive in.
    assert [r["status"] for r in _push(hq, hq.org.guide_e1, [new])] == ["accepted"]
    assert [r["status"] for r in _push(hq, hq.org.guide_e1, [old])] == ["accepted"]
    done = task_progress_event(task["id"], 10, 10)
    _push(hq, hq.org.guide_e1_b, [done])
    report = hq.client.get(
        f"/api/v1/tasks/{task['id']}/progress", headers=hq.auth(hq.org.manager_east)
    ).json()
    rows = {row["guide_id"]: row for row in report["guides"]}
    assert rows[hq.org.ids[hq.org.guide_e1]]["done"] == 4
    assert rows[hq.org.ids[hq.org.guide_e1_b]]["done"] == 10
    assert not any(row["overdue"] for row in rows.values())


def test_the_boards_give_each_task_with_the_same_progress_as_asked_one_by_one(hq: Hq) -> None:
    east = hq.auth(hq.org.manager_east)
    mine = post(hq.client, east, "/tasks", task_request("回访老客", {"store_ids": [hq.org.store_ids["E1"]]}))
    late = task_request("昨日任务", {"guide_ids": [hq.org.ids[hq.org.guide_e2]]}, target=5)
    late["due_at"] = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    overdue = post(hq.client, east, "/tasks", late)
    post(
        hq.client,
        hq.auth(hq.org.manager_south),
        "/tasks",
        task_request("南区", {"store_ids": [hq.org.store_ids["S1"]]}),
    )
    _push(hq, hq.org.guide_e1, [task_progress_event(mine["id"], 2, 10)])
    _push(hq, hq.org.guide_e2, [task_progress_event(overdue["id"], 3, 5)])
    for headers in (east, hq.auth(hq.org.admin)):
        boards = hq.client.get("/api/v1/tasks/boards", headers=headers).json()
        listed = hq.client.get("/api/v1/tasks", headers=headers).json()
        assert [board["task"] for board in boards] == listed
        for board in boards:
            one = hq.client.get(f"/api/v1/tasks/{board['task']['id']}/progress", headers=headers).json()
            assert board["guides"] == one["guides"], board["task"]["title"]
    east_titles = {
        board["task"]["title"] for board in hq.client.get("/api/v1/tasks/boards", headers=east).json()
    }
    assert east_titles == {"回访老客", "昨日任务"}  # not the south's
    assert hq.client.get("/api/v1/tasks/boards", headers=hq.auth(hq.org.guide_e1)).status_code == 403


def test_a_task_past_due_and_unfinished_is_overdue(hq: Hq) -> None:
    request = task_request("昨日任务", {"guide_ids": [hq.org.ids[hq.org.guide_e2]]}, target=5)
    request["due_at"] = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    task = post(hq.client, hq.auth(hq.org.manager_east), "/tasks", request)
    _push(hq, hq.org.guide_e2, [task_progress_event(task["id"], 3, 5)])
    [row] = hq.client.get(
        f"/api/v1/tasks/{task['id']}/progress", headers=hq.auth(hq.org.manager_east)
    ).json()["guides"]
    assert (row["done"], row["target"], row["overdue"]) == (3, 5, True)


def test_progress_for_a_task_not_assigned_is_rejected(hq: Hq) -> None:
    task = post(
        hq.client,
        hq.auth(hq.org.manager_east),
        "/tasks",
        task_request("E1任务", {"store_ids": [hq.org.store_ids["E1"]]}),
    )
    [foreign] = _push(hq, hq.org.guide_s1, [task_progress_event(task["id"], 1, 1)])
    [unknown] = _push(hq, hq.org.guide_e1, [task_progress_event(str(uuid.uuid4()), 1, 1)])
    assert foreign["status"] == unknown["status"] == "rejected"


def test_sop_progress_is_kept_per_day(hq: Hq) -> None:
    template = post(hq.client, hq.auth(hq.org.admin), "/sop-templates", sop_template("每日新客"))
    day = date(2026, 11, 25)
    results = _push(
        hq,
        hq.org.guide_e1,
        [
            task_progress_event(template["id"], 3, 5, source="sop", day=day),
            task_progress_event(template["id"], 1, 2, source="sop", day=day + timedelta(days=1)),
            task_progress_event(template["id"], 1, 2, source="sop"),  # no day: refused
        ],
    )
    assert [result["status"] for result in results] == ["accepted", "accepted", "rejected"]


def test_cancelling_reaches_the_guides_feed(hq: Hq) -> None:
    task = post(
        hq.client,
        hq.auth(hq.org.manager_east),
        "/tasks",
        task_request("取消的任务", {"guide_ids": [hq.org.ids[hq.org.guide_e1]]}),
    )
    cancelled = hq.client.post(f"/api/v1/tasks/{task['id']}/cancel", headers=hq.auth(hq.org.manager_east))
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"] is True
    feed = hq.client.get("/api/v1/sync/changes", headers=hq.auth(hq.org.guide_e1)).json()["changes"]
    latest = [change for change in feed if change["id"] == task["id"]][-1]
    assert latest["data"]["cancelled"] is True
    assert hq.client.get("/api/v1/tasks", headers=hq.auth(hq.org.guide_e1)).json() == []


def test_the_feed_names_no_co_assignee_and_get_shows_each_account_its_own_part(hq: Hq) -> None:
    regions = list(hq.org.region_ids.values())
    task = post(
        hq.client, hq.auth(hq.org.admin), "/tasks", task_request("全国会员日", {"region_ids": regions})
    )
    for login in (hq.org.guide_e1, hq.org.guide_s1, hq.org.manager_east, hq.org.manager_south):
        cursor, feed_rows = 0, []
        while True:
            page = hq.client.get(
                "/api/v1/sync/changes", params={"cursor": cursor}, headers=hq.auth(login)
            ).json()
            feed_rows += [change for change in page["changes"] if change["entity"] == "task"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        mine = [row["data"]["guide_ids"] for row in feed_rows if row["id"] == task["id"]]
        assert mine == [[]], login
        shown = hq.client.get(f"/api/v1/tasks/{task['id']}", headers=hq.auth(login)).json()["guide_ids"]
        account = hq.org.ids[login]
        if login.startswith("guide"):
            assert shown == [account]
        else:
            assert shown and len(shown) < len(task["guide_ids"])  # their region's guides only


def test_a_batch_of_progress_costs_a_few_statements_and_its_newest_report_wins(hq: Hq) -> None:
    tasks = [
        post(
            hq.client,
            hq.auth(hq.org.manager_east),
            "/tasks",
            task_request(f"回访{number}", {"store_ids": [hq.org.store_ids["E1"]]}, target=10),
        )
        for number in range(10)
    ]
    now = datetime.now(UTC)
    events = [task_progress_event(task["id"], 3, 10, as_of=now - timedelta(minutes=5)) for task in tasks]
    events += [task_progress_event(task["id"], 7, 10, as_of=now) for task in tasks]  # newer, same batch
    events += [task_progress_event(task["id"], 1, 10, as_of=now - timedelta(hours=1)) for task in tasks]
    statements: list[str] = []
    engine = hq.client.app.state.database.write_engine.sync_engine  # type: ignore[attr-defined]

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        results = _push(hq, hq.org.guide_e1, events)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert [result["status"] for result in results] == ["accepted"] * 30
    progress_statements = [text for text in statements if "task_progress" in text or "task_assignee" in text]
    assert len(progress_statements) <= 3, progress_statements  # was 2-3 per event
    for task in tasks:
        report = hq.client.get(f"/api/v1/tasks/{task['id']}/progress", headers=hq.auth(hq.org.manager_east))
        done = {row["guide_id"]: row["done"] for row in report.json()["guides"]}
        assert done[hq.org.ids[hq.org.guide_e1]] == 7
