"""Authorization matrix over every endpoint of the live app.

The endpoint list comes from the app itself (its OpenAPI paths), so an endpoint added without a
row in ENDPOINTS fails `test_every_endpoint_is_in_the_matrix`. Every E1-store object is attacked
by a guide of another store in the same region, a guide of another region, and the other
region's manager; every endpoint is called with no token, a forged token, an expired token and
the token of a since-disabled account.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from hq.core.db import Database, run_with_database, utcnow
from hq.models import AuthToken
from hq.services import org
from tests.hq.conftest import Hq
from tests.support.events import book_stats_event, sale_event, stats_cell
from tests.support.publish import post, script_item, sop_template, task_request

SECRET_CONTENT = "SECRET-E1-CONTENT"
SECRET_SOP = "SECRET-E1-SOP"
SECRET_TASK = "SECRET-E1-TASK"
SECRET_ORDER = "SECRETE1ORDER"
TARGET_MONTH = "2026-11"
SECRET_TARGET_FEN = 7_654_321
POSTER_BYTES = b"\x89PNG\r\n\x1a\n" + b"E1 only poster" * 50


@dataclass
class World:
    """Objects that belong to store E1 (or its guide guide.e1a) only."""

    content_id: str
    sop_id: str
    task_id: str
    sale_id: str
    asset_sha256: str
    store_id: int
    account_id: int
    tag_group_id: str
    region_id: int
    markers: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Row:
    """How to call one endpoint: path parameters, body, and what outsiders may get."""

    params: Callable[[World], dict[str, Any]] = lambda world: {}
    query: Callable[[World], dict[str, Any]] = lambda world: {}
    body: Callable[[World], Any] = lambda world: None
    raw: bytes | None = None
    # "denied": an outsider gets 401/403/404. "listing": may answer 200, but must leak nothing.
    # "shared": a chain-wide object everyone may read (HQ tag groups). "public": no sign-in needed.
    outsider: str = "denied"


ENDPOINTS: dict[tuple[str, str], Row] = {
    ("POST", "/api/v1/auth/login"): Row(outsider="public"),
    ("GET", "/healthz"): Row(outsider="public"),
    ("GET", "/api/v1/client/versions"): Row(outsider="public"),
    # The signed update repository: public, its signatures are the trust (nothing published here: 404)
    ("GET", "/api/v1/client/updates/metadata/{name}"): Row(
        params=lambda w: {"name": "timestamp.json"}, outsider="public"
    ),
    ("HEAD", "/api/v1/client/updates/metadata/{name}"): Row(
        params=lambda w: {"name": "timestamp.json"}, outsider="public"
    ),
    ("GET", "/api/v1/client/updates/targets/{name}"): Row(
        params=lambda w: {"name": "guide-desk-0.1.0-linux-x86_64.zip"}, outsider="public"
    ),
    ("HEAD", "/api/v1/client/updates/targets/{name}"): Row(
        params=lambda w: {"name": "guide-desk-0.1.0-linux-x86_64.zip"}, outsider="public"
    ),
    ("POST", "/api/v1/auth/logout"): Row(outsider="listing"),
    ("GET", "/api/v1/me"): Row(outsider="listing"),
    ("GET", "/api/v1/sync/changes"): Row(outsider="listing"),
    ("POST", "/api/v1/sync/push"): Row(
        body=lambda w: {"events": [sale_event(SECRET_ORDER, 1)]}, outsider="listing"
    ),
    ("POST", "/api/v1/assets"): Row(raw=b"fresh bytes from an outsider"),
    ("GET", "/api/v1/assets/{sha256}"): Row(params=lambda w: {"sha256": w.asset_sha256}),
    ("HEAD", "/api/v1/assets/{sha256}"): Row(params=lambda w: {"sha256": w.asset_sha256}),
    ("GET", "/api/v1/content"): Row(outsider="listing"),
    ("POST", "/api/v1/content"): Row(body=lambda w: script_item("outsider item")),
    ("GET", "/api/v1/content/{content_id}"): Row(params=lambda w: {"content_id": w.content_id}),
    ("PATCH", "/api/v1/content/{content_id}"): Row(
        params=lambda w: {"content_id": w.content_id}, body=lambda w: {"title": "hijacked"}
    ),
    ("DELETE", "/api/v1/content/{content_id}"): Row(params=lambda w: {"content_id": w.content_id}),
    ("GET", "/api/v1/sop-templates"): Row(outsider="listing"),
    ("POST", "/api/v1/sop-templates"): Row(body=lambda w: sop_template("outsider sop")),
    ("GET", "/api/v1/sop-templates/{template_id}"): Row(params=lambda w: {"template_id": w.sop_id}),
    ("PATCH", "/api/v1/sop-templates/{template_id}"): Row(
        params=lambda w: {"template_id": w.sop_id}, body=lambda w: {"title": "hijacked"}
    ),
    ("DELETE", "/api/v1/sop-templates/{template_id}"): Row(params=lambda w: {"template_id": w.sop_id}),
    ("GET", "/api/v1/tasks"): Row(outsider="listing"),
    ("POST", "/api/v1/tasks"): Row(body=lambda w: task_request("outsider task", {"store_ids": [w.store_id]})),
    ("GET", "/api/v1/tasks/{task_id}"): Row(params=lambda w: {"task_id": w.task_id}),
    ("POST", "/api/v1/tasks/{task_id}/cancel"): Row(params=lambda w: {"task_id": w.task_id}),
    ("GET", "/api/v1/tasks/{task_id}/progress"): Row(params=lambda w: {"task_id": w.task_id}),
    ("GET", "/api/v1/tasks/boards"): Row(outsider="listing"),
    ("GET", "/api/v1/regions"): Row(outsider="listing"),
    ("GET", "/api/v1/stores"): Row(outsider="listing"),
    ("GET", "/api/v1/stores/{store_id}"): Row(params=lambda w: {"store_id": w.store_id}),
    ("GET", "/api/v1/accounts"): Row(outsider="listing"),
    ("GET", "/api/v1/accounts/{account_id}"): Row(params=lambda w: {"account_id": w.account_id}),
    ("GET", "/api/v1/tag-groups"): Row(outsider="listing"),
    ("POST", "/api/v1/tag-groups"): Row(body=lambda w: {"name": "outsider", "tags": ["x"]}),
    ("GET", "/api/v1/tag-groups/{group_id}"): Row(
        params=lambda w: {"group_id": w.tag_group_id}, outsider="shared"
    ),
    ("PUT", "/api/v1/tag-groups/{group_id}"): Row(
        params=lambda w: {"group_id": w.tag_group_id}, body=lambda w: {"name": "hijacked", "tags": ["x"]}
    ),
    ("DELETE", "/api/v1/tag-groups/{group_id}"): Row(params=lambda w: {"group_id": w.tag_group_id}),
    ("GET", "/api/v1/settings"): Row(outsider="listing"),
    ("PUT", "/api/v1/settings"): Row(body=lambda w: {"attribution_window_days": 1}),
    ("GET", "/api/v1/sales"): Row(outsider="listing"),
    ("GET", "/api/v1/sales/disputes"): Row(outsider="listing"),
    ("GET", "/api/v1/sales/{sale_id}"): Row(params=lambda w: {"sale_id": w.sale_id}),
    ("GET", "/api/v1/me/performance"): Row(outsider="listing"),
    ("GET", "/api/v1/targets"): Row(query=lambda w: {"month": TARGET_MONTH}, outsider="listing"),
    ("PUT", "/api/v1/targets"): Row(
        body=lambda w: {"scope": "guide", "subject_id": w.account_id, "month": TARGET_MONTH, "amount_fen": 1}
    ),
    ("GET", "/api/v1/team"): Row(query=lambda w: {"month": TARGET_MONTH}, outsider="listing"),
    # The sheet of store E1: a guide is refused (403), the other region's manager told "no such store".
    ("GET", "/api/v1/exports/performance"): Row(
        query=lambda w: {"from": "2026-11-01", "to": "2026-11-30", "scope": "store", "store_id": w.store_id}
    ),
    ("POST", "/api/v1/sop-templates/preview"): Row(
        body=lambda w: {"rule": {}, "audience": {"kind": "stores", "store_ids": [w.store_id]}},
        outsider="listing",
    ),
    ("GET", "/api/v1/content/usage"): Row(outsider="listing"),
    ("POST", "/api/v1/sales/disputes/decide"): Row(
        body=lambda w: {
            "store_id": w.store_id,
            "order_no": SECRET_ORDER,
            "credit_event_id": w.sale_id,
            "reason": "hijacked",
        }
    ),
    ("POST", "/api/v1/regions"): Row(body=lambda w: {"name": "outsider region"}),
    ("PATCH", "/api/v1/regions/{region_id}"): Row(
        params=lambda w: {"region_id": w.region_id}, body=lambda w: {"name": "hijacked"}
    ),
    ("POST", "/api/v1/stores"): Row(
        body=lambda w: {"code": "OUT1", "name": "outsider store", "region_id": w.region_id}
    ),
    ("PATCH", "/api/v1/stores/{store_id}"): Row(
        params=lambda w: {"store_id": w.store_id}, body=lambda w: {"name": "hijacked"}
    ),
    ("POST", "/api/v1/accounts"): Row(
        body=lambda w: {
            "login": "outsider",
            "display_name": "outsider",
            "role": "guide",
            "store_id": w.store_id,
            "password": "outsider-pass-2026",
        }
    ),
    ("PATCH", "/api/v1/accounts/{account_id}"): Row(
        params=lambda w: {"account_id": w.account_id}, body=lambda w: {"disabled": True}
    ),
    ("POST", "/api/v1/accounts/{account_id}/password"): Row(
        params=lambda w: {"account_id": w.account_id}, body=lambda w: {"password": "hijacked-pass-2026"}
    ),
    ("POST", "/api/v1/org/import"): Row(raw=b"PK\x03\x04 not really a workbook"),
    ("GET", "/api/v1/audit"): Row(),
}


def _build_world(hq: Hq) -> World:
    admin = hq.auth(hq.org.admin)
    e1 = {"kind": "stores", "store_ids": [hq.org.store_ids["E1"]]}
    upload = hq.client.post("/api/v1/assets", content=POSTER_BYTES, headers={**admin, "X-Filename": "e1.png"})
    assert upload.status_code == 201, upload.text
    sha256 = upload.json()["sha256"]
    assert sha256 == hashlib.sha256(POSTER_BYTES).hexdigest()
    content = post(
        hq.client,
        admin,
        "/content",
        {"kind": "poster", "title": SECRET_CONTENT, "audience": e1, "asset_sha256": sha256},
    )
    sop = post(hq.client, admin, "/sop-templates", sop_template(SECRET_SOP, e1))
    task = post(
        hq.client,
        hq.auth(hq.org.manager_east),
        "/tasks",
        task_request(SECRET_TASK, {"guide_ids": [hq.org.ids[hq.org.guide_e1]]}),
    )
    sale = sale_event(SECRET_ORDER, 123_400)
    # E1's usage of its poster and its guide's book statistics: what usage counts and previews read.
    usage = {"content_id": content["id"], "action": "sent", "count": 3, "day": "2026-11-20"}
    events = [
        sale,
        {"id": str(uuid.uuid4()), "kind": "content_usage", "body": usage},
        book_stats_event([stats_cell("active", 31, "loyal", VIP=7)]),
    ]
    pushed = hq.client.post("/api/v1/sync/push", json={"events": events}, headers=hq.auth(hq.org.guide_e1))
    assert [result["status"] for result in pushed.json()["results"]] == ["accepted"] * 3
    group = post(hq.client, admin, "/tag-groups", {"name": "尺码", "tags": ["S", "M", "L"]})
    target = {
        "scope": "guide",
        "subject_id": hq.org.ids[hq.org.guide_e1],
        "month": TARGET_MONTH,
        "amount_fen": SECRET_TARGET_FEN,
    }
    assert hq.client.put("/api/v1/targets", json=target, headers=admin).status_code == 200
    return World(
        content_id=content["id"],
        sop_id=sop["id"],
        task_id=task["id"],
        sale_id=sale["id"],
        asset_sha256=sha256,
        store_id=hq.org.store_ids["E1"],
        account_id=hq.org.ids[hq.org.guide_e1],
        tag_group_id=group["id"],
        region_id=hq.org.region_ids["东区"],
        markers={
            SECRET_CONTENT,
            SECRET_SOP,
            SECRET_TASK,
            SECRET_ORDER,
            hq.org.guide_e1,
            "E1店",
            content["id"],
            sop["id"],
            task["id"],
            sale["id"],
            sha256,
        },
    )


def _live_endpoints(hq: Hq) -> set[tuple[str, str]]:
    schema = hq.client.get("/openapi.json").json()
    return {(method.upper(), path) for path, operations in schema["paths"].items() for method in operations}


def _call(hq: Hq, key: tuple[str, str], world: World, headers: dict[str, str]) -> Any:
    method, path = key
    row = ENDPOINTS[key]
    url = path.format(**row.params(world))
    query = row.query(world)
    if row.raw is not None:
        return hq.client.request(method, url, content=row.raw, headers=headers, params=query)
    body = row.body(world)
    return (
        hq.client.request(method, url, json=body, headers=headers, params=query)
        if body is not None
        else hq.client.request(method, url, headers=headers, params=query)
    )


def _strings(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_strings(item) for item in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(item) for item in value)) if value else set()
    return {value} if isinstance(value, str) else set()


def test_every_endpoint_is_in_the_matrix(hq: Hq) -> None:
    live = _live_endpoints(hq)
    missing = sorted(live - set(ENDPOINTS))
    assert not missing, f"endpoints without authorization coverage: {missing}"
    assert not sorted(set(ENDPOINTS) - live), "the matrix lists endpoints that no longer exist"


@pytest.mark.parametrize("outsider", ["guide.e2a", "guide.s1a", "mgr.south"])
def test_outsiders_never_reach_or_see_store_e1_objects(hq: Hq, outsider: str) -> None:
    world = _build_world(hq)
    headers = hq.auth(outsider)
    for key in sorted(_live_endpoints(hq)):
        row = ENDPOINTS[key]
        if row.outsider in ("public", "shared") or key == ("POST", "/api/v1/auth/logout"):
            continue
        answer = _call(hq, key, world, headers)
        assert answer.status_code < 500, (key, answer.text)
        leaked = (
            world.markers & _strings(answer.json())
            if answer.content and answer.headers.get("content-type", "").startswith("application/json")
            else set()
        )
        if row.outsider == "denied":
            assert answer.status_code in (401, 403, 404), (key, answer.status_code, answer.text)
        assert not leaked, (key, leaked)
        assert str(SECRET_TARGET_FEN) not in answer.text, key  # E1's guide's target is E1's region's
    # Nothing an outsider tried changed E1's objects.
    admin = hq.auth(hq.org.admin)
    assert (
        hq.client.get(f"/api/v1/content/{world.content_id}", headers=admin).json()["title"] == SECRET_CONTENT
    )
    assert hq.client.get(f"/api/v1/sop-templates/{world.sop_id}", headers=admin).json()["title"] == SECRET_SOP
    assert hq.client.get(f"/api/v1/tasks/{world.task_id}", headers=admin).json()["cancelled"] is False
    assert hq.client.get(f"/api/v1/sales/{world.sale_id}", headers=admin).json()["amount_fen"] == 123_400
    targets = hq.client.get("/api/v1/targets", params={"month": TARGET_MONTH}, headers=admin).json()
    assert [target["amount_fen"] for target in targets] == [SECRET_TARGET_FEN]
    assert hq.client.get(f"/api/v1/stores/{world.store_id}", headers=admin).json()["name"] == "E1店"
    assert hq.client.get(f"/api/v1/accounts/{world.account_id}", headers=admin).json()["disabled"] is False
    assert hq.client.get("/api/v1/audit", headers=admin).json() == []


def test_the_owners_do_reach_their_objects(hq: Hq) -> None:
    """The matrix would pass vacuously if the objects were unreachable for everyone."""
    world = _build_world(hq)
    for login in (hq.org.guide_e1, hq.org.manager_east, hq.org.admin):
        headers = hq.auth(login)
        assert hq.client.get(f"/api/v1/content/{world.content_id}", headers=headers).status_code == 200
        assert hq.client.get(f"/api/v1/sop-templates/{world.sop_id}", headers=headers).status_code == 200
        assert hq.client.get(f"/api/v1/tasks/{world.task_id}", headers=headers).status_code == 200
        assert hq.client.get(f"/api/v1/sales/{world.sale_id}", headers=headers).status_code == 200
        assert hq.client.get(f"/api/v1/assets/{world.asset_sha256}", headers=headers).content == POSTER_BYTES
        assert hq.client.get(f"/api/v1/stores/{world.store_id}", headers=headers).status_code == 200
        assert hq.client.get(f"/api/v1/accounts/{world.account_id}", headers=headers).status_code == 200
    for login in (hq.org.manager_east, hq.org.admin):
        headers = hq.auth(login)
        usage = hq.client.get("/api/v1/content/usage", headers=headers).json()
        assert [row["content_id"] for row in usage] == [world.content_id]
        team = hq.client.get("/api/v1/team", params={"month": TARGET_MONTH}, headers=headers).json()
        assert hq.org.guide_e1 in {guide["login"] for guide in team["guides"]}
        preview = {"audience": {"kind": "stores", "store_ids": [world.store_id]}}
        assert (
            hq.client.post("/api/v1/sop-templates/preview", json=preview, headers=headers).json()["total"]
            == 31
        )
        sheet = {"from": "2026-11-01", "to": "2026-11-30", "scope": "store", "store_id": world.store_id}
        assert hq.client.get("/api/v1/exports/performance", params=sheet, headers=headers).status_code == 200


def _expired_token(hq: Hq) -> str:
    token = hq.token(hq.org.guide_e1_b)

    async def expire(database: Database) -> None:
        async with database.writing() as session:
            account_id = hq.org.ids[hq.org.guide_e1_b]
            await session.execute(
                update(AuthToken)
                .where(AuthToken.account_id == account_id)
                .values(expires_at=utcnow() - timedelta(minutes=1))
            )

    run_with_database(hq.settings, expire)
    return token


def _disabled_token(hq: Hq) -> str:
    token = hq.token(hq.org.disabled_guide)

    async def disable(database: Database) -> None:
        async with database.writing() as session:
            await org.set_disabled(session, hq.org.disabled_guide, True)

    run_with_database(hq.settings, disable)
    return token


def test_no_forged_expired_or_disabled_token_gets_past_sign_in(hq: Hq) -> None:
    world = _build_world(hq)
    callers = {
        "no token": {},
        "forged": {"Authorization": "Bearer " + "A" * 43},
        "malformed": {"Authorization": "Basic Z3Vlc3Q6Z3Vlc3Q="},
        "expired": {"Authorization": f"Bearer {_expired_token(hq)}"},
        "disabled": {"Authorization": f"Bearer {_disabled_token(hq)}"},
    }
    for key in sorted(_live_endpoints(hq)):
        if ENDPOINTS[key].outsider == "public":
            continue
        for caller, headers in callers.items():
            answer = _call(hq, key, world, headers)
            assert answer.status_code == 401, (key, caller, answer.status_code, answer.text)
            if answer.content:  # HEAD answers carry none
                assert not world.markers & _strings(answer.json()), (key, caller)
