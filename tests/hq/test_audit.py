"""The audit record: every organisation and settings change, who made it, before and after, no password."""

from __future__ import annotations

from typing import Any

from guide_app.protocol import AuditAction
from hq.core.db import Database, run_with_database
from hq.services.audit import AuditEntity, record
from tests.hq.conftest import Hq
from tests.hq.test_org_writes import NEW_PASSWORD, send
from tests.support.org import PASSWORD


def audit(hq: Hq, **params: Any) -> list[dict[str, Any]]:
    answer = hq.client.get("/api/v1/audit", params=params, headers=hq.auth(hq.org.admin))
    assert answer.status_code == 200, answer.text
    entries: list[dict[str, Any]] = answer.json()
    return entries


def test_each_change_is_audited_with_who_before_and_after_and_never_a_password(hq: Hq) -> None:
    south = hq.org.region_ids["南区"]
    region = send(hq, "POST", "/regions", {"name": "西区"}).json()
    store_id = hq.org.store_ids["E2"]
    send(hq, "PATCH", f"/stores/{store_id}", {"region_id": south})
    body = {"login": "guide.new", "display_name": "孙丽", "role": "guide", "store_id": store_id}
    account = send(hq, "POST", "/accounts", {**body, "password": PASSWORD}).json()
    send(hq, "PATCH", f"/accounts/{account['id']}", {"disabled": True})
    send(hq, "POST", f"/accounts/{account['id']}/password", {"password": NEW_PASSWORD})
    settings = send(hq, "GET", "/settings").json()
    assert send(hq, "PUT", "/settings", {**settings, "attribution_window_days": 14}).status_code == 200

    entries = audit(hq)
    assert [(entry["entity"], entry["action"]) for entry in entries] == [
        ("settings", "settings"),
        ("account", "password_reset"),
        ("account", "disable"),
        ("account", "create"),
        ("store", "move"),
        ("region", "create"),
    ]
    assert {entry["actor_name"] for entry in entries} == {hq.org.admin}
    settings_entry, reset, disable, create, move, made = entries
    assert (
        settings_entry["before"]["attribution_window_days"],
        settings_entry["after"]["attribution_window_days"],
    ) == (
        settings["attribution_window_days"],
        14,
    )
    assert (reset["before"], reset["after"]) == (None, {"password": "reset"})
    assert (disable["before"]["disabled"], disable["after"]["disabled"]) == (False, True)
    assert create["before"] is None and create["after"]["login"] == "guide.new"
    assert (move["before"]["region_id"], move["after"]["region_id"]) == (hq.org.region_ids["东区"], south)
    assert (made["entity_id"], made["after"]) == (str(region["id"]), region)
    raw = hq.client.get("/api/v1/audit", headers=hq.auth(hq.org.admin)).text
    assert PASSWORD not in raw and NEW_PASSWORD not in raw and "argon2" not in raw


def test_the_audit_filters_by_entity_and_pages_back(hq: Hq) -> None:
    guide_id = hq.org.ids[hq.org.guide_e1]
    for name in ("王芳", "王芳芳", "王小芳"):
        send(hq, "PATCH", f"/accounts/{guide_id}", {"display_name": name})
    send(hq, "PATCH", f"/accounts/{guide_id}", {"display_name": "王小芳"})  # no change: no record
    send(hq, "POST", "/regions", {"name": "北区"})
    mine = audit(hq, entity="account", entity_id=str(guide_id))
    assert [entry["after"]["display_name"] for entry in mine] == ["王小芳", "王芳芳", "王芳"]
    first_page = audit(hq, entity="account", limit=2)
    older = audit(hq, entity="account", limit=2, before_id=first_page[-1]["id"])
    assert [entry["id"] for entry in first_page + older] == [entry["id"] for entry in mine]
    assert [entry["entity"] for entry in audit(hq, entity="region")] == ["region"]
    for bad in ({"limit": 501}, {"entity": "customer"}, {"before_id": 0}):
        assert hq.client.get("/api/v1/audit", params=bad, headers=hq.auth(hq.org.admin)).status_code == 422


def test_a_password_passed_to_the_audit_is_never_stored(hq: Hq) -> None:
    async def write(database: Database) -> None:
        async with database.writing() as session:
            state = {"login": "guide.e1a", "password": PASSWORD, "password_hash": "$argon2id$v=19$x"}
            await record(
                session, hq.org.ids[hq.org.admin], AuditEntity.account, 4, AuditAction.update, state, state
            )

    run_with_database(hq.settings, write)
    [entry] = audit(hq)
    assert entry["before"] == entry["after"] == {"login": "guide.e1a"}
