"""The change feed: filtered per account, resumable at any page, with tombstones."""

from __future__ import annotations

from typing import Any

from hq.core.db import run_with_database
from tests.hq.conftest import Hq
from tests.support.publish import post, script_item, sop_template, task_request

CHANGES = "/api/v1/sync/changes"


def _page(hq: Hq, login: str, cursor: int, limit: int) -> dict[str, Any]:
    answer = hq.client.get(CHANGES, params={"cursor": cursor, "limit": limit}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    page: dict[str, Any] = answer.json()
    return page


def _pull_all(hq: Hq, login: str, limit: int, cursor: int = 0) -> tuple[list[dict[str, Any]], list[int]]:
    """Every change after cursor, and the cursor after each page."""
    changes, cursors = [], []
    while True:
        page = _page(hq, login, cursor, limit)
        changes.extend(page["changes"])
        cursor = page["next_cursor"]
        cursors.append(cursor)
        if not page["has_more"]:
            return changes, cursors


def _fold(changes: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any] | None]:
    """The local state a client ends with: entity -> data, or None once deleted."""
    state: dict[tuple[str, str], dict[str, Any] | None] = {}
    for change in changes:
        state[(change["entity"], change["id"])] = change["data"] if change["op"] == "upsert" else None
    return state


def _publish_library(hq: Hq) -> dict[str, str]:
    admin = hq.auth(hq.org.admin)
    east, south = hq.org.region_ids["东区"], hq.org.region_ids["南区"]
    ids = {}
    for number in range(12):
        ids[f"all{number}"] = post(hq.client, admin, "/content", script_item(f"全员话术{number}"))["id"]
    ids["east"] = post(
        hq.client, admin, "/content", script_item("东区话术", {"kind": "regions", "region_ids": [east]})
    )["id"]
    ids["s1"] = post(
        hq.client,
        admin,
        "/content",
        script_item("S1门店话术", {"kind": "stores", "store_ids": [hq.org.store_ids["S1"]]}),
    )["id"]
    ids["sop_south"] = post(
        hq.client,
        admin,
        "/sop-templates",
        sop_template("南区新客SOP", {"kind": "regions", "region_ids": [south]}),
    )["id"]
    ids["task_e1"] = post(
        hq.client,
        hq.auth(hq.org.manager_east),
        "/tasks",
        task_request("周末预览邀约", {"store_ids": [hq.org.store_ids["E1"]]}),
    )["id"]
    post(
        hq.client,
        admin,
        "/tag-groups",
        {"name": "客户等级", "single_choice": True, "tags": ["普通", "银卡", "金卡", "黑金"]},
    )
    hq.client.put("/api/v1/settings", json={"attribution_window_days": 14}, headers=admin)
    # Narrow one item from everyone to the south region, and delete another.
    narrowed = hq.client.patch(
        f"/api/v1/content/{ids['all0']}",
        headers=admin,
        json={"audience": {"kind": "regions", "region_ids": [south]}},
    )
    assert narrowed.status_code == 200, narrowed.text
    assert hq.client.delete(f"/api/v1/content/{ids['all1']}", headers=admin).status_code == 204
    return ids


def test_each_account_sees_only_what_is_meant_for_it(hq: Hq) -> None:
    ids = _publish_library(hq)
    e1 = _fold(_pull_all(hq, hq.org.guide_e1, limit=5)[0])
    s1 = _fold(_pull_all(hq, hq.org.guide_s1, limit=5)[0])
    east_manager = _fold(_pull_all(hq, hq.org.manager_east, limit=5)[0])

    def live(state: dict, entity: str) -> set[str]:
        return {key[1] for key, data in state.items() if key[0] == entity and data is not None}

    assert ids["east"] in live(e1, "content") and ids["east"] not in live(s1, "content")
    assert ids["s1"] in live(s1, "content") and ids["s1"] not in live(e1, "content")
    assert ids["sop_south"] in live(s1, "sop_template") and ids["sop_south"] not in live(e1, "sop_template")
    assert ids["task_e1"] in live(e1, "task") and ids["task_e1"] in live(east_manager, "task")
    assert ids["task_e1"] not in live(s1, "task")
    # Narrowed away from the east region: a tombstone for E1, still live for S1.
    assert e1[("content", ids["all0"])] is None and s1[("content", ids["all0"])] is not None
    assert e1[("content", ids["all1"])] is None and s1[("content", ids["all1"])] is None
    # Everyone gets tag groups and settings; each guide only their own account record.
    assert (
        any(key[0] == "tag_group" for key in e1)
        and s1[("settings", "chain")]["attribution_window_days"] == 14
    )
    accounts = {key[1] for key in e1 if key[0] == "account"}
    assert accounts == {str(hq.org.ids[hq.org.guide_e1])}
    # What the feed leaves a guide with equals what the content list shows them.
    listed = hq.client.get("/api/v1/content", headers=hq.auth(hq.org.guide_e1)).json()
    assert {item["id"] for item in listed} == live(e1, "content")


def test_pull_interrupted_at_every_page_resumes_with_no_gap_and_no_repeat(hq: Hq) -> None:
    _publish_library(hq)
    for login in (hq.org.guide_e1, hq.org.manager_east, hq.org.admin):
        full, cursors = _pull_all(hq, login, limit=3)
        seqs = [change["seq"] for change in full]
        assert seqs == sorted(set(seqs)), "a full pull has every change once, in order"
        for boundary, cursor in enumerate(cursors[:-1]):
            applied = full[: (boundary + 1) * 3]  # the pages committed with their cursor before the crash
            resumed, _ = _pull_all(hq, login, limit=3, cursor=cursor)
            assert [c["seq"] for c in applied + resumed] == seqs


def test_changes_published_during_a_pull_arrive_exactly_once(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    for number in range(7):
        post(hq.client, admin, "/content", script_item(f"早期{number}"))
    seen: list[int] = []
    cursor, has_more, published = 0, True, 0
    while has_more or published < 3:
        page = _page(hq, hq.org.guide_s2, cursor, 2)
        seen.extend(change["seq"] for change in page["changes"])
        cursor, has_more = page["next_cursor"], page["has_more"]
        if published < 3:
            post(hq.client, admin, "/content", script_item(f"拉取中发布{published}"))
            published += 1
            has_more = True
    assert len(seen) == len(set(seen))
    titles = [
        change["data"]["title"]
        for change in _pull_all(hq, hq.org.guide_s2, limit=100)[0]
        if change["entity"] == "content"
    ]
    assert sum(title.startswith("拉取中发布") for title in titles) == 3
    assert len(seen) == len(_pull_all(hq, hq.org.guide_s2, limit=100)[0])


def test_page_size_is_capped_and_an_empty_feed_keeps_the_cursor(hq: Hq) -> None:
    too_big = hq.client.get(CHANGES, params={"limit": 100_000}, headers=hq.auth(hq.org.guide_e1))
    assert too_big.status_code == 422
    page = _page(hq, hq.org.guide_e1, 10**9, 50)
    assert page == {"changes": [], "next_cursor": 10**9, "has_more": False}


def test_a_store_moved_to_another_region_takes_its_guides_along(hq: Hq) -> None:
    from hq.core.db import Database
    from hq.models import Region
    from hq.services import org

    async def move(database: Database) -> None:
        async with database.writing() as session:
            south = await session.get(Region, hq.org.region_ids["南区"])
            assert south is not None
            await org.upsert_store(session, "E2", "E2店", south, city="上海")

    south_manager_before = _fold(_pull_all(hq, hq.org.manager_south, limit=50)[0])
    run_with_database(hq.settings, move)
    guide = str(hq.org.ids[hq.org.guide_e2])
    me = hq.client.get("/api/v1/me", headers=hq.auth(hq.org.guide_e2)).json()
    assert me["region_id"] == hq.org.region_ids["南区"]
    east_manager = _fold(_pull_all(hq, hq.org.manager_east, limit=50)[0])
    south_manager = _fold(_pull_all(hq, hq.org.manager_south, limit=50)[0])
    assert ("account", guide) not in south_manager_before
    assert east_manager[("account", guide)] is None
    assert south_manager[("account", guide)]["region_id"] == hq.org.region_ids["南区"]
    # The guide now reads the south region's publications.
    admin = hq.auth(hq.org.admin)
    south_only = post(
        hq.client,
        admin,
        "/content",
        script_item("南区专属", {"kind": "regions", "region_ids": [hq.org.region_ids["南区"]]}),
    )
    listed = hq.client.get("/api/v1/content", headers=hq.auth(hq.org.guide_e2)).json()
    assert south_only["id"] in {item["id"] for item in listed}


def test_widening_an_audience_sends_no_deletion_to_those_who_keep_it(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    east, south = hq.org.region_ids["东区"], hq.org.region_ids["南区"]
    item = post(
        hq.client, admin, "/content", script_item("东区先发", {"kind": "regions", "region_ids": [east]})
    )
    cursor = _pull_all(hq, hq.org.guide_e1, limit=50)[1][-1]
    widened = hq.client.patch(
        f"/api/v1/content/{item['id']}",
        headers=admin,
        json={"audience": {"kind": "regions", "region_ids": [east, south]}},
    )
    assert widened.status_code == 200
    ops = [
        change["op"]
        for change in _pull_all(hq, hq.org.guide_e1, limit=50, cursor=cursor)[0]
        if change["id"] == item["id"]
    ]
    assert ops == ["upsert"]
    assert item["id"] in {change["id"] for change in _pull_all(hq, hq.org.guide_s1, limit=50)[0]}
