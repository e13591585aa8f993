"""Bad requests get a 4xx with a reason a person can act on, never a 500, and change nothing."""

from __future__ import annotations

import json
import uuid

from hq.core.config import Settings
from tests.hq.conftest import Hq
from tests.support.events import sale_event

PUSH = "/api/v1/sync/push"


def _assert_clear_4xx(answer, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["code"] and body["detail"], body
    return body


def test_malformed_json_is_a_422_with_a_reason(hq: Hq) -> None:
    answer = hq.client.post(
        PUSH,
        content=b'{"events": [',
        headers={**hq.auth(hq.org.guide_e1), "Content-Type": "application/json"},
    )
    body = _assert_clear_4xx(answer, 422)
    assert "json" in str(body["detail"]).lower()


def test_wrong_types_name_the_field(hq: Hq) -> None:
    answer = hq.client.post("/api/v1/auth/login", json={"login": 12, "password": ["x"]})
    body = _assert_clear_4xx(answer, 422)
    assert {tuple(problem["loc"])[-1] for problem in body["detail"]} == {"login", "password"}


def test_a_guide_cannot_smuggle_in_ids_or_roles(hq: Hq) -> None:
    event = sale_event("SMUGGLE-1", 10_000)
    event["body"]["guide_id"] = hq.org.ids[hq.org.guide_e1_b]
    event["body"]["store_id"] = hq.org.store_ids["S1"]
    answer = hq.client.post(PUSH, json={"events": [event]}, headers=hq.auth(hq.org.guide_e1))
    [result] = answer.json()["results"]
    assert result["status"] == "rejected" and "guide_id" in result["reason"]
    login = hq.client.post(
        "/api/v1/auth/login", json={"login": hq.org.guide_e1, "password": "x" * 10, "role": "hq_admin"}
    )
    assert _assert_clear_4xx(login, 422)["detail"][0]["loc"][-1] == "role"
    envelope = hq.client.post(
        PUSH, json={"events": [sale_event("S2", 1)], "account_id": 1}, headers=hq.auth(hq.org.guide_e1)
    )
    _assert_clear_4xx(envelope, 422)
    sales = hq.client.get("/api/v1/sales", headers=hq.auth(hq.org.admin)).json()
    assert sales == []


def test_an_oversized_batch_is_refused_whole(hq: Hq) -> None:
    events = [sale_event(f"BIG{number}", 100) for number in range(501)]
    answer = hq.client.post(PUSH, json={"events": events}, headers=hq.auth(hq.org.guide_e1))
    body = _assert_clear_4xx(answer, 422)
    assert "500" in str(body["detail"])
    assert hq.client.get("/api/v1/sales", headers=hq.auth(hq.org.admin)).json() == []


def test_an_empty_or_repeated_batch_is_refused(hq: Hq) -> None:
    headers = hq.auth(hq.org.guide_e1)
    _assert_clear_4xx(hq.client.post(PUSH, json={"events": []}, headers=headers), 422)
    event = sale_event("REP", 100)
    body = _assert_clear_4xx(hq.client.post(PUSH, json={"events": [event, event]}, headers=headers), 422)
    assert "twice" in str(body["detail"])


def test_an_oversized_request_body_is_a_413(hq: Hq) -> None:
    filler = "x" * (hq.settings.max_request_bytes + 1)
    answer = hq.client.post(
        PUSH,
        content=filler.encode(),
        headers={**hq.auth(hq.org.guide_e1), "Content-Type": "application/json"},
    )
    _assert_clear_4xx(answer, 413)


def test_an_oversized_upload_is_a_413_and_leaves_no_file(hq: Hq, hq_settings: Settings) -> None:
    limit = hq.settings.max_upload_bytes
    too_big = b"\0" * (limit + 1)
    answer = hq.client.post(
        "/api/v1/assets", content=too_big, headers={**hq.auth(hq.org.admin), "X-Filename": "huge.mp4"}
    )
    _assert_clear_4xx(answer, 413)
    leftovers = [path for path in hq.settings.asset_dir.rglob("*") if path.is_file()]
    assert leftovers == []


def test_bad_ids_and_queries_are_4xx(hq: Hq) -> None:
    headers = hq.auth(hq.org.admin)
    for url in (
        "/api/v1/content/not-a-uuid",
        "/api/v1/assets/XYZ",
        "/api/v1/stores/abc",
        "/api/v1/sync/changes?cursor=-1",
        "/api/v1/sales?since=yesterday",
    ):
        answer = hq.client.get(url, headers=headers)
        assert 400 <= answer.status_code < 500, (url, answer.status_code)
    assert hq.client.get(f"/api/v1/content/{uuid.uuid4()}", headers=headers).status_code == 404
    # A time without a zone is ambiguous (store PCs sit in several time zones): refused.
    assert hq.client.get("/api/v1/sales?since=2026-11-01T00:00:00", headers=headers).status_code == 422


def test_publishing_checks_what_each_kind_needs(hq: Hq) -> None:
    headers = hq.auth(hq.org.admin)
    cases = [
        ({"kind": "poster", "title": "无图海报"}, "asset_sha256"),
        ({"kind": "link", "title": "链接"}, "link_url"),
        ({"kind": "product_card", "title": "商品"}, "product"),
        ({"kind": "script", "title": "空话术"}, "body"),
        ({"kind": "script", "title": "t", "body": "b", "audience": {"kind": "regions"}}, "region_ids"),
        (
            {
                "kind": "script",
                "title": "t",
                "body": "b",
                "valid_from": "2026-12-01T00:00:00+08:00",
                "valid_until": "2026-11-01T00:00:00+08:00",
            },
            "valid_until",
        ),
        ({"kind": "poster", "title": "t", "asset_sha256": "0" * 64}, "upload"),
    ]
    for body, reason in cases:
        answer = hq.client.post("/api/v1/content", json=body, headers=headers)
        assert answer.status_code == 422, (body, answer.text)
        assert reason in answer.text, (reason, answer.text)
    assert hq.client.get("/api/v1/content", headers=headers).json() == []


def test_sop_schedules_must_be_complete(hq: Hq) -> None:
    headers = hq.auth(hq.org.admin)
    for schedule in (
        {"kind": "weekdays"},
        {"kind": "fixed_date"},
        {"kind": "days_before_birthday"},
        {"kind": "daily", "days": 3},
        {"kind": "weekdays", "weekdays": [8]},
    ):
        answer = hq.client.post(
            "/api/v1/sop-templates", json={"title": "t", "schedule": schedule}, headers=headers
        )
        assert answer.status_code == 422, (schedule, answer.text)


def test_unknown_paths_and_methods_are_4xx(hq: Hq) -> None:
    assert hq.client.get("/api/v1/nothing-here").status_code == 404
    assert hq.client.put("/api/v1/me", headers=hq.auth(hq.org.guide_e1)).status_code == 405


def test_nul_and_control_characters_are_refused_on_every_database(hq: Hq) -> None:
    headers = hq.auth(hq.org.admin)
    for body in ({"name": "尺码", "tags": ["M\u0000"]}, {"name": "尺\u0013码", "tags": ["M"]}):
        answer = hq.client.post("/api/v1/tag-groups", json=body, headers=headers)
        assert answer.status_code == 422, answer.text
    script = {"kind": "script", "title": "话术", "body": "您好\u0000"}
    assert hq.client.post("/api/v1/content", json=script, headers=headers).status_code == 422
    assert hq.client.get("/api/v1/tag-groups", headers=headers).json() == []


def test_only_utf8_json_without_repeated_keys_is_read(hq: Hq) -> None:
    headers = {**hq.auth(hq.org.guide_e1), "Content-Type": "application/json"}
    sale = sale_event("UTF-1", 100)
    for encoding in ("utf-16", "utf-32"):
        body = json.dumps({"events": [sale]}).encode(encoding)
        answer = hq.client.post(PUSH, content=body, headers=headers)
        assert _assert_clear_4xx(answer, 400)["detail"] == "the request body must be UTF-8 JSON"
    text = json.dumps({"events": [sale]}).replace('"amount_fen": 100', '"amount_fen": 1, "amount_fen": 100')
    answer = hq.client.post(PUSH, content=text.encode(), headers=headers)
    assert "appears twice" in _assert_clear_4xx(answer, 400)["detail"]
    deep = b'{"events": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    _assert_clear_4xx(hq.client.post(PUSH, content=deep, headers=headers), 400)
    assert hq.client.get("/api/v1/sales", headers=hq.auth(hq.org.admin)).json() == []
    good = hq.client.post(PUSH, content=json.dumps({"events": [sale]}).encode(), headers=headers)
    assert good.json()["results"][0]["status"] == "accepted"
