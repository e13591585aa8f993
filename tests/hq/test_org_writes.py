"""HQ changes regions, stores and accounts over the API, and imports the organisation sheet."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from tests.hq.conftest import Hq
from tests.hq.test_org_import import MIXED_ROWS, write_sheet
from tests.hq.test_sale_corrections import push, sales_of
from tests.support.events import sale_event
from tests.support.org import PASSWORD

API = "/api/v1"
NEW_PASSWORD = "Reset-2026-winter"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send(hq: Hq, method: str, path: str, body: Any = None, login: str | None = None) -> Any:
    headers = hq.auth(login or hq.org.admin)
    return hq.client.request(method, f"{API}{path}", json=body, headers=headers)


def sign_in(hq: Hq, login: str, password: str = PASSWORD) -> Any:
    return hq.client.post(f"{API}/auth/login", json={"login": login, "password": password})


def feed(hq: Hq, login: str) -> list[tuple[str, str, str]]:
    """(entity, id, op) of every change in this account's feed, oldest first."""
    answer = hq.client.get(f"{API}/sync/changes", params={"limit": 1000}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    return [(change["entity"], change["id"], change["op"]) for change in answer.json()["changes"]]


def logins_seen_by(hq: Hq, login: str) -> set[str]:
    return {account["login"] for account in send(hq, "GET", "/accounts", login=login).json()}


def test_hq_creates_a_region_a_store_and_a_guide_who_can_sign_in(hq: Hq) -> None:
    region = send(hq, "POST", "/regions", {"name": "西区"})
    assert region.status_code == 201, region.text
    west = region.json()["id"]
    assert send(hq, "POST", "/regions", {"name": "西区"}).status_code == 409
    store = send(hq, "POST", "/stores", {"code": "W1", "name": "西湖店", "region_id": west, "city": "杭州"})
    assert store.status_code == 201 and store.json()["region_id"] == west
    duplicate = send(hq, "POST", "/stores", {"code": "W1", "name": "又一家", "region_id": west})
    assert duplicate.status_code == 409 and "W1" in duplicate.json()["detail"]
    assert send(hq, "POST", "/stores", {"code": "W2", "name": "无区", "region_id": 99_999}).status_code == 422
    guide = {"login": "guide.w1a", "display_name": "赵敏", "role": "guide", "store_id": store.json()["id"]}
    created = send(hq, "POST", "/accounts", {**guide, "password": PASSWORD})
    assert created.status_code == 201, created.text
    assert created.json()["region_id"] == west  # a guide's region follows its store
    manager = {"login": "mgr.west", "display_name": "钱经理", "role": "manager", "region_id": west}
    assert send(hq, "POST", "/accounts", {**manager, "password": PASSWORD}).status_code == 201
    assert sign_in(hq, "guide.w1a").status_code == 200
    assert logins_seen_by(hq, "mgr.west") == {"mgr.west", "guide.w1a"}
    assert ("account", str(created.json()["id"]), "upsert") in feed(hq, "mgr.west")
    assert ("store", str(store.json()["id"]), "upsert") in feed(hq, "guide.w1a")
    refused = [
        ({**guide, "password": PASSWORD}, 409),  # login taken
        ({**guide, "login": "guide.w1b", "store_id": 99_999, "password": PASSWORD}, 422),  # no such store
        (
            {**guide, "login": "guide.w1b", "region_id": west, "password": PASSWORD},
            422,
        ),  # not a guide's place
        ({**manager, "login": "mgr.x", "region_id": 99_999, "password": PASSWORD}, 422),
        ({**guide, "login": "guide.w1b", "password": "short"}, 422),
    ]
    for body, status in refused:
        assert send(hq, "POST", "/accounts", body).status_code == status, body


def test_renaming_a_region_or_store_keeps_names_unique(hq: Hq) -> None:
    east, e1 = hq.org.region_ids["东区"], hq.org.store_ids["E1"]
    renamed = send(hq, "PATCH", f"/regions/{east}", {"name": "华东区"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "华东区"
    assert send(hq, "PATCH", f"/regions/{east}", {"name": "南区"}).status_code == 409
    assert send(hq, "PATCH", "/regions/99999", {"name": "北区"}).status_code == 404
    store = send(hq, "PATCH", f"/stores/{e1}", {"name": "南京西路店", "city": "上海"})
    assert store.json()["name"] == "南京西路店" and store.json()["region_id"] == east
    assert send(hq, "PATCH", f"/stores/{e1}", {"name": None}).status_code == 422
    assert send(hq, "PATCH", f"/stores/{e1}", {"region_id": 99_999}).status_code == 422
    assert send(hq, "PATCH", "/stores/99999", {"name": "x"}).status_code == 404
    assert [region["name"] for region in send(hq, "GET", "/regions", login=hq.org.guide_e1).json()] == [
        "华东区"
    ]


def test_a_moved_store_takes_its_guides_and_their_sales_to_the_new_regions_manager(hq: Hq) -> None:
    sale = sale_event("MV-1", 88_800)
    push(hq, hq.org.guide_e2, [sale])
    e2, south = hq.org.store_ids["E2"], hq.org.region_ids["南区"]
    moved = send(hq, "PATCH", f"/stores/{e2}", {"region_id": south})
    assert moved.status_code == 200 and moved.json()["region_id"] == south
    assert hq.org.guide_e2 in logins_seen_by(hq, hq.org.manager_south)
    assert hq.org.guide_e2 not in logins_seen_by(hq, hq.org.manager_east)
    assert [sale["id"] for sale in sales_of(hq, hq.org.manager_south)] == [sale["id"]]
    assert sales_of(hq, hq.org.manager_east) == []
    [listed] = sales_of(hq, hq.org.guide_e2)  # the sale stays the guide's and the store's
    assert (listed["guide_id"], listed["store_id"]) == (hq.org.ids[hq.org.guide_e2], e2)
    east_feed = feed(hq, hq.org.manager_east)
    guide_id = str(hq.org.ids[hq.org.guide_e2])
    assert ("store", str(e2), "delete") in east_feed and ("account", guide_id, "delete") in east_feed
    assert ("store", str(e2), "upsert") in feed(hq, hq.org.manager_south)
    assert send(hq, "GET", "/me", login=hq.org.guide_e2).json()["region_id"] == south


def test_disabling_an_account_signs_it_out_everywhere_until_enabled(hq: Hq) -> None:
    guide_id = hq.org.ids[hq.org.guide_e1_b]
    token = hq.auth(hq.org.guide_e1_b)
    disabled = send(hq, "PATCH", f"/accounts/{guide_id}", {"disabled": True})
    assert disabled.status_code == 200 and disabled.json()["disabled"] is True
    assert hq.client.get(f"{API}/me", headers=token).status_code == 401
    assert sign_in(hq, hq.org.guide_e1_b).json()["code"] == "account_disabled"
    assert send(hq, "PATCH", f"/accounts/{guide_id}", {"disabled": False}).json()["disabled"] is False
    assert sign_in(hq, hq.org.guide_e1_b).status_code == 200
    admin_id = hq.org.ids[hq.org.admin]
    assert send(hq, "PATCH", f"/accounts/{admin_id}", {"disabled": True}).status_code == 422
    assert send(hq, "GET", "/me").status_code == 200


def test_an_account_moves_only_to_a_place_its_role_fits(hq: Hq) -> None:
    guide, manager = hq.org.ids[hq.org.guide_e1], hq.org.ids[hq.org.manager_east]
    south, s1 = hq.org.region_ids["南区"], hq.org.store_ids["S1"]
    moved = send(hq, "PATCH", f"/accounts/{guide}", {"store_id": s1, "display_name": "李娜"})
    assert (moved.json()["store_id"], moved.json()["region_id"], moved.json()["display_name"]) == (
        s1,
        south,
        "李娜",
    )
    assert hq.org.guide_e1 in logins_seen_by(hq, hq.org.manager_south)
    assert hq.org.guide_e1 not in logins_seen_by(hq, hq.org.manager_east)
    refused = [
        (guide, {"region_id": south}),
        (guide, {"store_id": None}),
        (guide, {"store_id": 99_999}),
        (manager, {"store_id": s1}),
        (manager, {"region_id": None}),
        (hq.org.ids[hq.org.admin], {"region_id": south}),
    ]
    for account_id, body in refused:
        assert send(hq, "PATCH", f"/accounts/{account_id}", body).status_code == 422, body
    assert send(hq, "PATCH", "/accounts/99999", {"display_name": "x"}).status_code == 404
    assert send(hq, "PATCH", f"/accounts/{manager}", {"region_id": south}).json()["region_id"] == south
    assert hq.org.guide_s1 in logins_seen_by(hq, hq.org.manager_east)


def test_a_password_reset_signs_out_lifts_the_lockout_and_only_the_new_password_works(hq: Hq) -> None:
    guide_id = hq.org.ids[hq.org.guide_e1_b]
    token = hq.auth(hq.org.guide_e1_b)
    for _ in range(hq.settings.login_max_failures):
        sign_in(hq, hq.org.guide_e1_b, "wrong-password-1")
    assert sign_in(hq, hq.org.guide_e1_b).status_code == 429  # locked
    assert send(hq, "POST", f"/accounts/{guide_id}/password", {"password": "short"}).status_code == 422
    assert send(hq, "POST", "/accounts/99999/password", {"password": NEW_PASSWORD}).status_code == 404
    reset = send(hq, "POST", f"/accounts/{guide_id}/password", {"password": NEW_PASSWORD})
    assert reset.status_code == 204
    assert hq.client.get(f"{API}/me", headers=token).status_code == 401
    assert sign_in(hq, hq.org.guide_e1_b).status_code == 401
    assert sign_in(hq, hq.org.guide_e1_b, NEW_PASSWORD).status_code == 200


# --------------------------------------------------------------------------- the sheet over the API

GOOD_ROWS: list[list[Any]] = [
    ["西区", "W1", "西湖店", "杭州", "wang.fang", "王芳", "导购", "Guide-2026a"],  # 3
    ["西区", None, None, None, "zhou.min", "周敏", "区域经理", "Mgr-2026-west"],  # 4
]


def import_sheet(hq: Hq, content: bytes, apply: bool, login: str | None = None) -> Any:
    headers = {
        **hq.auth(login or hq.org.admin),
        "Content-Type": XLSX,
        "X-Filename": "%E7%BB%84%E7%BB%87.xlsx",
    }
    return hq.client.post(
        f"{API}/org/import", params={"apply": str(apply).lower()}, content=content, headers=headers
    )


def test_the_org_sheet_imports_over_the_api_and_its_accounts_sign_in(hq: Hq, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "org.xlsx", GOOD_ROWS).read_bytes()
    checked = import_sheet(hq, sheet, apply=False).json()
    assert (checked["applied"], checked["regions_created"], checked["accounts_created"]) == (False, 1, 2)
    assert sign_in(hq, "wang.fang", "Guide-2026a").status_code == 401  # a dry run writes nothing
    answer = import_sheet(hq, sheet, apply=True)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["file_name"], report["header_row"], report["data_rows"]) == ("组织.xlsx", 2, 2)
    assert (report["applied"], report["stores_created"], report["accounts_created"]) == (True, 1, 2)
    assert report["problems"] == []
    assert sign_in(hq, "wang.fang", "Guide-2026a").status_code == 200
    assert sign_in(hq, "zhou.min", "Mgr-2026-west").status_code == 200
    # The imported region's new manager hears of its guide through the feed, as after the CLI.
    manager = {"Authorization": "Bearer " + sign_in(hq, "zhou.min", "Mgr-2026-west").json()["token"]}
    changes = hq.client.get(f"{API}/sync/changes", params={"limit": 1000}, headers=manager).json()["changes"]
    assert "wang.fang" in {change["data"]["login"] for change in changes if change["entity"] == "account"}
    again = import_sheet(hq, sheet, apply=True).json()  # the same sheet again changes nothing
    assert (again["accounts_created"], again["accounts_skipped"]) == (0, 2)


def test_a_sheet_with_bad_rows_is_reported_by_row_number_and_nothing_is_written(
    hq: Hq, tmp_path: Path
) -> None:
    regions_before = send(hq, "GET", "/regions").json()
    answer = import_sheet(hq, write_sheet(tmp_path / "bad.xlsx", MIXED_ROWS).read_bytes(), apply=True)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["applied"] is False
    assert [problem["row"] for problem in report["problems"]] == [6, 7, 8, 9, 10]
    assert "unknown role '店长'" in report["problems"][0]["text"]
    assert send(hq, "GET", "/regions").json() == regions_before
    assert sign_in(hq, "wang.fang", "Guide-2026a").status_code == 401


def with_part(workbook: bytes, part: str, content: bytes) -> bytes:
    """The workbook with one of its zip parts replaced."""
    source, out = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, content if name == part else source.read(name))
    return out.getvalue()


def test_what_is_not_an_xlsx_workbook_is_refused_with_a_reason(hq: Hq, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "org.xlsx", GOOD_ROWS).read_bytes()
    damaged = [
        with_part(sheet, "xl/workbook.xml", b'<?xml version="1.0"?><x/>'),  # no sheets in it
        with_part(sheet, "xl/worksheets/sheet1.xml", b"<sheetData"),
    ]
    for content in (b"", b"region,store\n\xe4\xb8\x9c,E1\n", b"PK\x03\x04" + b"\x00" * 64, *damaged):
        answer = import_sheet(hq, content, apply=True)
        assert answer.status_code == 422, (content, answer.text)
        assert answer.json()["detail"]
    assert import_sheet(hq, b"", apply=False, login=hq.org.manager_east).status_code == 403
