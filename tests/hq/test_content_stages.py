"""Content says which customers' stages it suits; HQ keeps, updates and publishes it."""

from __future__ import annotations

from tests.hq.conftest import Hq
from tests.support.publish import post, script_item


def test_stages_are_stored_updated_and_reach_the_guides_feed(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    created = post(
        hq.client, admin, "/content", {**script_item("沉睡客户唤醒"), "stages": ["dormant", "lost"]}
    )
    assert created["stages"] == ["dormant", "lost"]
    plain = post(hq.client, admin, "/content", script_item("通用话术"))
    assert plain["stages"] == []  # none: it suits any customer
    path = f"/api/v1/content/{created['id']}"
    assert hq.client.patch(path, json={"stages": ["active"]}, headers=admin).json()["stages"] == ["active"]
    assert hq.client.patch(path, json={"title": "唤醒话术"}, headers=admin).json()["stages"] == ["active"]
    feed = hq.client.get("/api/v1/sync/changes", headers=hq.auth(hq.org.guide_s1)).json()["changes"]
    latest = {change["id"]: change["data"] for change in feed if change["entity"] == "content"}
    assert latest[created["id"]]["stages"] == ["active"]
    for bad in ({"stages": ["vip"]}, {"stages": None}, {"stages": "new"}):
        assert hq.client.patch(path, json=bad, headers=admin).status_code == 422, bad
    assert hq.client.get(path, headers=admin).json()["stages"] == ["active"]
