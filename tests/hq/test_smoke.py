"""First contact: sign in and read what an account may see."""

from tests.hq.conftest import Hq


def test_guide_signs_in_and_sees_own_account(hq: Hq) -> None:
    answer = hq.client.get("/api/v1/me", headers=hq.auth(hq.org.guide_e1))
    assert answer.status_code == 200
    assert answer.json()["login"] == hq.org.guide_e1
    assert answer.json()["store_id"] == hq.org.store_ids["E1"]


def test_health_answers(hq: Hq) -> None:
    assert hq.client.get("/healthz").json() == {"status": "ok"}
