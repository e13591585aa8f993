"""An in-process HQ app on each backend, with a seeded organisation and tokens per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from hq.core.config import Settings
from hq.core.db import run_with_database
from hq.main import create_app
from tests.support.org import PASSWORD, OrgFixture, seed_org


def seed(settings: Settings) -> OrgFixture:
    return run_with_database(settings, seed_org)


@dataclass
class Hq:
    client: TestClient
    org: OrgFixture
    settings: Settings
    _tokens: dict[str, str]

    def token(self, login: str) -> str:
        if login not in self._tokens:
            answer = self.client.post("/api/v1/auth/login", json={"login": login, "password": PASSWORD})
            assert answer.status_code == 200, answer.text
            self._tokens[login] = answer.json()["token"]
        return self._tokens[login]

    def auth(self, login: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(login)}"}


@pytest.fixture
def hq(hq_settings: Settings) -> Iterator[Hq]:
    org = seed(hq_settings)
    # Every test client comes from one address; the sign-in throttle has tests of its own
    # (test_login_defences.py), so here it does not count a test's dozen sign-ins against it.
    settings = hq_settings.model_copy(update={"login_per_address_burst": 1_000})
    with TestClient(create_app(settings)) as client:
        yield Hq(client=client, org=org, settings=settings, _tokens={})
