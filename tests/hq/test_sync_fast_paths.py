"""The feed's and the push's plain requests are answered before routing, with their routes' very
bytes; every other form of them still gets the documented route's answer or refusal."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from hq.api.deps import token_from_header
from hq.api.fastpaths import MAX_CURSOR, plain_feed_request
from hq.main import create_app
from tests.hq.conftest import Hq
from tests.support.events import sale_event
from tests.support.publish import post, script_item

CHANGES = "/api/v1/sync/changes"
PUSH = "/api/v1/sync/push"
JSON = {"Content-Type": "application/json"}
# A content type the fast path leaves to the route, which reads it as the same JSON.
JSON_VIA_ROUTE = {"Content-Type": "application/json; charset=utf-8"}
# FastAPI's route ignores a parameter it does not know; the fast path leaves such a request to it.
VIA_ROUTE = "&route=1"


def _scope(query: bytes, authorization: bytes | None = b"Bearer abc", method: str = "GET") -> dict[str, Any]:
    headers = [(b"host", b"hq")]
    if authorization is not None:
        headers.append((b"authorization", authorization))
    return {"type": "http", "method": method, "path": CHANGES, "query_string": query, "headers": headers}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (b"", ("abc", 0, 200)),
        (b"cursor=0", ("abc", 0, 200)),
        (b"cursor=17&limit=100", ("abc", 17, 100)),
        (b"limit=1&cursor=5", ("abc", 5, 1)),
        (b"limit=1000", ("abc", 0, 1000)),
        (b"cursor=" + str(MAX_CURSOR).encode(), ("abc", MAX_CURSOR, 200)),
    ],
)
def test_the_plain_forms_of_a_feed_request_are_read_as_the_route_reads_them(
    query: bytes, expected: tuple[str, int, int]
) -> None:
    assert plain_feed_request(_scope(query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        b"cursor=-1",
        b"cursor=+1",
        b"cursor=01",
        b"cursor= 1",
        b"cursor=%31",
        b"cursor=1.0",
        b"cursor=",
        b"cursor",
        b"cursor=1&cursor=2",
        b"limit=0",
        b"limit=1001",
        b"cursor=" + str(MAX_CURSOR + 1).encode(),
        b"cursor=1" + b"0" * 30,
        b"cursor=1&",
        b"cursor=1&other=2",
        "cursor=１".encode(),  # a full-width digit
    ],
)
def test_any_other_form_is_left_to_the_route(query: bytes) -> None:
    assert plain_feed_request(_scope(query)) is None


@pytest.mark.parametrize("authorization", [None, b"Basic abc", b"Bearer", b"Bearer   ", b"bearer"], ids=repr)
def test_a_request_without_a_bearer_token_is_left_to_the_route(authorization: bytes | None) -> None:
    assert plain_feed_request(_scope(b"cursor=0", authorization)) is None


def test_only_a_get_is_plain() -> None:
    assert plain_feed_request(_scope(b"cursor=0", method="POST")) is None
    assert plain_feed_request(_scope(b"cursor=0", method="HEAD")) is None


def _get(hq: Hq, query: str, headers: dict[str, str]) -> Response:
    return hq.client.get(f"{CHANGES}?{query}", headers=headers)


def _same_answer(fast: Response, routed: Response) -> None:
    assert fast.status_code == routed.status_code
    assert fast.content == routed.content
    for header in ("content-type", "content-length", "x-guide-hq-version", "x-guide-hq-protocol"):
        assert fast.headers.get(header) == routed.headers.get(header), header


@pytest.fixture
def routed_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The feed requests the documented route answered (it alone reads its token this way)."""
    calls: list[str] = []

    def counted(authorization: str | None) -> str:
        calls.append("route")
        return token_from_header(authorization)

    monkeypatch.setattr("hq.api.routes.sync.token_from_header", counted)
    return calls


def test_the_fast_answer_is_byte_for_byte_the_routes(hq: Hq, routed_calls: list[str]) -> None:
    admin = hq.auth(hq.org.admin)
    for number in range(7):
        post(hq.client, admin, "/content", script_item(f"会员日话术{number}"))
    guide = hq.auth(hq.org.guide_e1)
    for query in ("cursor=0&limit=3", "cursor=0", "limit=1000", "cursor=3&limit=2", "cursor=999999"):
        fast = _get(hq, query, guide)
        assert routed_calls == [], "the plain request went through the route"
        routed = _get(hq, query + VIA_ROUTE, guide)
        assert routed_calls == ["route"]
        routed_calls.clear()
        assert fast.status_code == 200, fast.text
        _same_answer(fast, routed)
    assert [change["seq"] for change in _get(hq, "cursor=0&limit=3", guide).json()["changes"]] == [
        change["seq"] for change in _get(hq, "cursor=0&limit=3" + VIA_ROUTE, guide).json()["changes"]
    ]


def test_a_token_that_is_not_a_live_sign_in_gets_the_routes_refusal(hq: Hq) -> None:
    signed_out = hq.auth(hq.org.guide_e2)
    assert hq.client.post("/api/v1/auth/logout", headers=signed_out).status_code < 300
    for headers in ({"Authorization": "Bearer not-a-token"}, signed_out):
        fast, routed = _get(hq, "cursor=0", headers), _get(hq, "cursor=0" + VIA_ROUTE, headers)
        assert fast.status_code == 401 and fast.json()["code"] == "invalid_token"
        _same_answer(fast, routed)


def test_requests_the_fast_path_leaves_alone_get_the_routes_refusals(hq: Hq) -> None:
    guide = hq.auth(hq.org.guide_e1)
    for query in ("cursor=-1", "limit=0", "limit=1001", "cursor=abc"):
        answer = _get(hq, query, guide)
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_request", query
    no_token = hq.client.get(CHANGES)
    assert no_token.status_code == 401 and no_token.json()["code"] == "not_signed_in"
    assert hq.client.post(CHANGES, headers=guide).status_code == 405


@pytest.fixture
def routed_pushes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pushes the documented route answered (its viewer comes from this dependency)."""
    from hq.api import deps

    calls: list[str] = []
    original = deps.viewer_for_token

    async def counted(database: Any, token: str) -> Any:
        calls.append("route")
        return await original(database, token)

    monkeypatch.setattr(deps, "viewer_for_token", counted)
    return calls


def _push(
    hq: Hq, events: list[dict[str, Any]], via_route: bool = False, login: str | None = None
) -> Response:
    headers = {**hq.auth(login or hq.org.guide_e1), **(JSON_VIA_ROUTE if via_route else JSON)}
    return hq.client.post(PUSH, content=json.dumps({"events": events}).encode(), headers=headers)


def test_a_plain_push_is_stored_and_answered_as_the_route_answers_it(
    hq: Hq, routed_pushes: list[str]
) -> None:
    fast_batch = [sale_event(f"FAST-{number}", 9900 + number) for number in range(3)]
    routed_batch = [sale_event(f"ROUTE-{number}", 9900 + number) for number in range(3)]
    fast = _push(hq, fast_batch)
    assert routed_pushes == [], "the plain push went through the route"
    routed = _push(hq, routed_batch, via_route=True)
    assert routed_pushes == ["route"]
    assert fast.status_code == routed.status_code == 200, fast.text
    assert [result["status"] for result in fast.json()["results"]] == ["accepted"] * 3
    assert [result["id"] for result in fast.json()["results"]] == [event["id"] for event in fast_batch]
    sales = hq.client.get("/api/v1/sales", headers=hq.auth(hq.org.admin)).json()
    assert sorted(sale["order_no"] for sale in sales) == sorted(
        event["body"]["order_no"] for event in fast_batch + routed_batch
    )
    # The same batch again, either way: the same duplicates, byte for byte.
    for batch in (fast_batch, routed_batch):
        _same_answer(_push(hq, batch), _push(hq, batch, via_route=True))
    # An id used again with another body, and a sale another guide claimed first.
    conflict = [{**fast_batch[0], "body": {**fast_batch[0]["body"], "sold_at": "2026-11-20T07:00:00+00:00"}}]
    _same_answer(_push(hq, conflict), _push(hq, conflict, via_route=True))
    assert _push(hq, conflict).json()["results"][0]["status"] == "conflict"
    for number, via_route in enumerate((False, True)):
        claimed_again = [sale_event("FAST-0", 9900, event_id=f"00000000-0000-4000-8000-00000000000{number}")]
        answer = _push(hq, claimed_again, via_route=via_route, login=hq.org.guide_e1_b).json()["results"][0]
        assert answer["status"] == "accepted" and answer["flags"] == ["order_disputed"]


def test_pushes_the_fast_path_cannot_read_get_the_routes_refusals(hq: Hq) -> None:
    guide = {**hq.auth(hq.org.guide_e1), **JSON}
    for body, status in (
        (b"{not json", 422),
        (b"\xff\xfe{}", 400),
        (b'{"events": [], "events": []}', 400),
        (b'{"events": []}', 422),
        (b"", 422),
        (json.dumps({"events": [{"id": "x", "kind": "sale", "body": {}}]}).encode(), 422),
    ):
        fast = hq.client.post(PUSH, content=body, headers=guide)
        routed = hq.client.post(PUSH, content=body, headers={**guide, **JSON_VIA_ROUTE})
        assert fast.status_code == status, (body, fast.text)
        _same_answer(fast, routed)
    event = sale_event("NOBODY", 100)
    for token in ("Bearer not-a-token", "Basic abc"):
        headers = {"Authorization": token, **JSON}
        fast = hq.client.post(PUSH, content=json.dumps({"events": [event]}).encode(), headers=headers)
        routed = hq.client.post(
            PUSH, content=json.dumps({"events": [event]}).encode(), headers={**headers, **JSON_VIA_ROUTE}
        )
        assert fast.status_code == 401
        _same_answer(fast, routed)
    assert hq.client.get("/api/v1/sales", headers=hq.auth(hq.org.admin)).json() == []


def test_a_push_streamed_past_the_size_limit_is_refused_and_stores_nothing(hq: Hq) -> None:
    small = hq.settings.model_copy(update={"max_request_bytes": 4096})
    events = [sale_event(f"BIG-{number}", 100) for number in range(40)]
    body = json.dumps({"events": events}).encode()
    assert len(body) > 4096

    def chunks():  # type: ignore[no-untyped-def]  # no Content-Length: the server must count
        for start in range(0, len(body), 1024):
            yield body[start : start + 1024]

    with TestClient(create_app(small)) as client:
        answer = client.post(PUSH, content=chunks(), headers={**hq.auth(hq.org.guide_e1), **JSON})
        assert answer.status_code == 413, answer.text
        assert answer.json()["code"] == "payload_too_large" or "larger" in answer.json()["detail"]
    assert hq.client.get("/api/v1/sales", headers=hq.auth(hq.org.admin)).json() == []
