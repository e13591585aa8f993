"""Preparing a live HQ for a benchmark as its users would: signing in and publishing content."""

from __future__ import annotations

import httpx

from tests.support.org import PASSWORD
from tests.support.publish import script_item

TIMEOUT_S = 30.0


def sign_in(base_url: str, login: str) -> str:
    answer = httpx.post(
        f"{base_url}/api/v1/auth/login", json={"login": login, "password": PASSWORD}, timeout=TIMEOUT_S
    )
    answer.raise_for_status()
    return str(answer.json()["token"])


def publish_scripts(base_url: str, admin_token: str, count: int) -> None:
    """Publish `count` scripts for everyone: each one is a change every guide's feed carries."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=TIMEOUT_S) as client:
        for number in range(count):
            answer = client.post("/api/v1/content", json=script_item(f"会员日话术 {number}"))
            if answer.status_code != 201:
                raise RuntimeError(f"publishing failed: HTTP {answer.status_code} {answer.text[:200]}")


def feed_page_size(base_url: str, token: str, limit: int) -> int:
    """How many changes the first page holds, to be sure the benchmark reads full pages."""
    answer = httpx.get(
        f"{base_url}/api/v1/sync/changes",
        params={"cursor": 0, "limit": limit},
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT_S,
    )
    answer.raise_for_status()
    return len(answer.json()["changes"])
