"""A 2xx means the change is committed: a commit that fails after the work answers 5xx and keeps nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from hq.core.config import Settings
from hq.main import create_app
from tests.hq.conftest import seed
from tests.support.events import sale_event
from tests.support.org import PASSWORD, OrgFixture

SCRIPT = {"kind": "script", "title": "双11话术", "body": "王姐您好，双11预热开始啦"}


class CommitRefused(RuntimeError):
    """What the database would raise if the disk filled up or the connection dropped at commit."""


@contextmanager
def failing_commits() -> Iterator[None]:
    def refuse(_session: Any) -> None:
        raise CommitRefused("the commit failed after the work was done")

    event.listen(Session, "before_commit", refuse)
    try:
        yield
    finally:
        event.remove(Session, "before_commit", refuse)


@pytest.fixture
def hq_app(hq_settings: Settings) -> Iterator[tuple[TestClient, OrgFixture]]:
    org = seed(hq_settings)
    with TestClient(create_app(hq_settings), raise_server_exceptions=False) as client:
        yield client, org


def _auth(client: TestClient, login: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/login", json={"login": login, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_a_logout_whose_commit_fails_is_not_a_204(hq_app: tuple[TestClient, OrgFixture]) -> None:
    client, org = hq_app
    guide = _auth(client, org.guide_e1)
    with failing_commits():
        answer = client.post("/api/v1/auth/logout", headers=guide)
    assert answer.status_code >= 500
    assert client.get("/api/v1/me", headers=guide).status_code == 200  # so the app knows to retry
    assert client.post("/api/v1/auth/logout", headers=guide).status_code == 204
    assert client.get("/api/v1/me", headers=guide).status_code == 401


def test_content_whose_commit_fails_is_not_a_201(hq_app: tuple[TestClient, OrgFixture]) -> None:
    client, org = hq_app
    admin = _auth(client, org.admin)
    with failing_commits():
        answer = client.post("/api/v1/content", json=SCRIPT, headers=admin)
    assert answer.status_code >= 500
    assert client.get("/api/v1/content", headers=admin).json() == []
    created = client.post("/api/v1/content", json=SCRIPT, headers=admin)
    assert created.status_code == 201
    assert client.get(f"/api/v1/content/{created.json()['id']}", headers=admin).status_code == 200


def test_a_push_whose_commit_fails_is_not_accepted(hq_app: tuple[TestClient, OrgFixture]) -> None:
    client, org = hq_app
    guide, admin = _auth(client, org.guide_e1), _auth(client, org.admin)
    sale = sale_event("COMMIT-1", 69_900)
    with failing_commits():
        answer = client.post("/api/v1/sync/push", json={"events": [sale]}, headers=guide)
    assert answer.status_code >= 500  # the app keeps the sale queued and sends it again
    assert client.get("/api/v1/sales", headers=admin).json() == []
    again = client.post("/api/v1/sync/push", json={"events": [sale]}, headers=guide)
    assert [result["status"] for result in again.json()["results"]] == ["accepted"]
    assert [sale["amount_fen"] for sale in client.get("/api/v1/sales", headers=admin).json()] == [69_900]
