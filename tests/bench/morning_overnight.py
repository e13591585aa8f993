"""The night before the morning sync, through HQ's real API: content, SOP changes, managers' tasks."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from tests.bench.morning_org import ADMIN_ID, Chain, account_token
from tests.support.publish import script_item, task_request

OVERNIGHT_CONTENT = 20
OVERNIGHT_SOP_CHANGES = 5
TIMEOUT_S = 60.0
MANAGERS_AT_ONCE = 4  # managers publishing at the same time; the feed lock serialises them anyway


@dataclass
class Overnight:
    """What HQ published overnight: what the guides will pull and report on."""

    content_ids: list[str] = field(default_factory=list)
    task_by_store: dict[int, str] = field(default_factory=dict)
    seconds: float = 0.0
    requests: int = 0

    def changes_for(self, store_id: int) -> int:
        """How many changes a guide of this store pulls: the content, the SOP changes, its task."""
        return OVERNIGHT_CONTENT + OVERNIGHT_SOP_CHANGES + (1 if store_id in self.task_by_store else 0)


def _bearer(account_id: int) -> dict[str, str]:
    return {"Authorization": f"Bearer {account_token(account_id)}"}


def _expect(answer: httpx.Response, status: int) -> dict[str, object]:
    if answer.status_code != status:
        call = f"{answer.request.method} {answer.request.url.path}"
        raise RuntimeError(f"{call}: HTTP {answer.status_code} {answer.text[:300]}")
    body: dict[str, object] = answer.json()
    return body


def _publish_content(client: httpx.Client, overnight: Overnight) -> None:
    for number in range(OVERNIGHT_CONTENT):
        item = script_item(f"12月会员日话术 第{number + 1}条")
        body = _expect(client.post("/api/v1/content", json=item, headers=_bearer(ADMIN_ID)), 201)
        overnight.content_ids.append(str(body["id"]))


def _change_sops(client: httpx.Client, sop_ids: list[str]) -> None:
    for number, sop_id in enumerate(sop_ids[:OVERNIGHT_SOP_CHANGES]):
        change = {
            "title": f"新客欢迎SOP（12月版）{number + 1}",
            "instructions": "添加后次日发送欢迎话术和会员日海报",
        }
        _expect(client.patch(f"/api/v1/sop-templates/{sop_id}", json=change, headers=_bearer(ADMIN_ID)), 200)


def _region_task(base_url: str, chain: Chain, region_id: int, store_ids: list[int]) -> tuple[list[int], str]:
    request = task_request("周末新品预览：邀请30位老客到店", {"store_ids": store_ids})
    with httpx.Client(base_url=base_url, timeout=TIMEOUT_S) as client:
        answer = client.post("/api/v1/tasks", json=request, headers=_bearer(chain.manager_id(region_id)))
    return store_ids, str(_expect(answer, 201)["id"])


def publish_overnight(base_url: str, chain: Chain, sop_ids: list[str]) -> Overnight:
    """Publish the night's work as HQ's operator and each region's manager would."""
    started, overnight = time.perf_counter(), Overnight()
    with httpx.Client(base_url=base_url, timeout=TIMEOUT_S) as client:
        _publish_content(client, overnight)
        _change_sops(client, sop_ids)
    tasked = chain.tasked_stores()
    with ThreadPoolExecutor(MANAGERS_AT_ONCE) as pool:
        futures = [
            pool.submit(_region_task, base_url, chain, region, stores) for region, stores in tasked.items()
        ]
        for future in futures:
            store_ids, task_id = future.result()
            overnight.task_by_store.update(dict.fromkeys(store_ids, task_id))
    overnight.requests = OVERNIGHT_CONTENT + OVERNIGHT_SOP_CHANGES + len(tasked)
    overnight.seconds = time.perf_counter() - started
    return overnight
