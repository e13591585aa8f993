"""Publishing through the HQ API as an operator would: content, SOP templates, tag groups, tasks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient


def script_item(title: str, audience: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "kind": "script",
        "title": title,
        "body": "您好，我是您的专属导购，本周会员日全场9折，欢迎到店试穿～",
        "tags": ["会员日"],
        "campaign": "会员日",
        "audience": audience or {"kind": "everyone"},
    }


def sop_template(title: str, audience: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "title": title,
        "instructions": "给新添加的客户发欢迎话术",
        "schedule": {"kind": "days_after_added", "days": 1},
        "rule": {"added_within_days": 3},
        "due_time": "18:00",
        "audience": audience or {"kind": "everyone"},
    }


def task_request(title: str, assignees: dict[str, Any], target: int = 30) -> dict[str, Any]:
    return {
        "title": title,
        "instructions": "邀请你的前30位老客参加周末预览",
        "due_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
        "target_count": target,
        "assignees": assignees,
    }


def post(client: TestClient, headers: dict[str, str], path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(f"/api/v1{path}", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result
