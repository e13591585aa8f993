"""The demo's My performance shows this month's targets, and its scripts say which customers they suit."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from hq.core.config import Settings
from hq.demo.chain import CHINA, DEMO_PASSWORD, STORES
from hq.main import create_app
from tests.hq.test_demo import pull_everything, seed


def _sign_in(client: TestClient, login: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/login", json={"login": login, "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_a_demo_guide_sees_this_months_targets_and_scripts_by_customer_stage(hq_settings: Settings) -> None:
    seed(hq_settings)
    first_guide = STORES[0].guides[0][0]  # sh001.wang, the senior guide of 上海南京西路店
    with TestClient(create_app(hq_settings)) as client:
        guide = _sign_in(client, first_guide)
        figures = client.get("/api/v1/me/performance", headers=guide).json()
        assert (figures["target_fen"], figures["store_target_fen"]) == (240_000_00, 600_000_00)
        assert figures["rank"]["of"] == 3
        month = datetime.now(CHINA).strftime("%Y-%m")
        region = client.get(
            "/api/v1/targets", params={"month": month}, headers=_sign_in(client, "mgr.huadong")
        )
        assert sorted(row["scope"] for row in region.json()) == ["guide"] * 9 + ["store"] * 3
        scripts = {
            change["data"]["title"]: change["data"]["stages"]
            for change in pull_everything(client, guide)
            if change["entity"] == "content" and change["data"]["kind"] == "script"
        }
        assert scripts["新客欢迎语（加好友后第一句）"] == ["new"]
        assert "dormant" in scripts["沉睡客户唤醒话术"]
        assert all(stages for stages in scripts.values())
