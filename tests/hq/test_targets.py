"""Sales targets: HQ sets any, a manager their region's; each role reads the ones that concern it."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest

from hq.cli import main
from tests.hq.conftest import Hq

TARGETS = "/api/v1/targets"
MONTH = "2026-11"


def target(scope: str, subject_id: int, amount_fen: int, month: str = MONTH) -> dict[str, Any]:
    return {"scope": scope, "subject_id": subject_id, "month": month, "amount_fen": amount_fen}


def put(hq: Hq, login: str, body: dict[str, Any]) -> Any:
    return hq.client.put(TARGETS, json=body, headers=hq.auth(login))


def listed(hq: Hq, login: str, month: str = MONTH) -> list[tuple[str, int, int]]:
    answer = hq.client.get(TARGETS, params={"month": month}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    return [(row["scope"], row["subject_id"], row["amount_fen"]) for row in answer.json()]


def test_a_manager_sets_targets_in_their_region_and_a_second_setting_replaces_the_first(hq: Hq) -> None:
    guide, store = hq.org.ids[hq.org.guide_e1], hq.org.store_ids["E1"]
    first = put(hq, hq.org.manager_east, target("guide", guide, 5_000_000))
    assert first.status_code == 200, first.text
    assert first.json()["set_by"] == hq.org.ids[hq.org.manager_east]
    assert put(hq, hq.org.manager_east, target("store", store, 30_000_000)).status_code == 200
    again = put(hq, hq.org.admin, target("guide", guide, 6_000_000))
    assert (again.json()["amount_fen"], again.json()["set_by"]) == (6_000_000, hq.org.ids[hq.org.admin])
    assert datetime.fromisoformat(again.json()["set_at"]) >= datetime.fromisoformat(first.json()["set_at"])
    assert listed(hq, hq.org.admin) == [("guide", guide, 6_000_000), ("store", store, 30_000_000)]


def test_each_role_reads_only_the_targets_that_concern_it(hq: Hq) -> None:
    ids, stores = hq.org.ids, hq.org.store_ids
    for body in (
        target("guide", ids[hq.org.guide_e1], 100),
        target("guide", ids[hq.org.guide_e1_b], 200),
        target("store", stores["E1"], 300),
        target("store", stores["E2"], 400),
        target("guide", ids[hq.org.guide_s1], 500),
        target("store", stores["S1"], 600),
        target("guide", ids[hq.org.guide_e1], 700, month="2026-12"),
    ):
        assert put(hq, hq.org.admin, body).status_code == 200
    assert [amount for *_, amount in listed(hq, hq.org.guide_e1)] == [100, 300]
    assert [amount for *_, amount in listed(hq, hq.org.guide_e1, "2026-12")] == [700]
    assert sorted(amount for *_, amount in listed(hq, hq.org.manager_east)) == [100, 200, 300, 400]
    assert sorted(amount for *_, amount in listed(hq, hq.org.manager_south)) == [500, 600]
    assert len(listed(hq, hq.org.admin)) == 6


def test_targets_out_of_reach_or_malformed_are_refused_with_a_reason(hq: Hq) -> None:
    ids, stores = hq.org.ids, hq.org.store_ids
    cases = [
        (hq.org.manager_east, target("guide", ids[hq.org.guide_s1], 1), 403, "own region"),
        (hq.org.manager_east, target("store", stores["S1"], 1), 403, "own region"),
        (hq.org.guide_e1, target("guide", ids[hq.org.guide_e1], 1), 403, "role"),
        (hq.org.admin, target("guide", ids[hq.org.manager_east], 1), 404, "no guide"),
        (hq.org.admin, target("store", 999_999, 1), 404, "no store"),
        (hq.org.admin, target("guide", 2**40, 1), 404, "no guide"),
        (hq.org.admin, target("guide", ids[hq.org.guide_e1], 1, month="2026-13"), 422, "month"),
        (hq.org.admin, target("guide", ids[hq.org.guide_e1], -1), 422, "amount_fen"),
        (hq.org.admin, {**target("guide", ids[hq.org.guide_e1], 1), "set_by": 1}, 422, "set_by"),
    ]
    for login, body, status, words in cases:
        answer = put(hq, login, body)
        assert answer.status_code == status, (body, answer.text)
        assert words in answer.text, (body, answer.text)
    assert listed(hq, hq.org.admin) == []
    for params in ({}, {"month": "2026-1"}, {"month": "November"}):
        assert hq.client.get(TARGETS, params=params, headers=hq.auth(hq.org.admin)).status_code == 422


def test_hq_sets_a_target_from_the_shell(hq: Hq, monkeypatch: pytest.MonkeyPatch) -> None:
    where = ["--data-dir", str(hq.settings.data_dir)]
    if hq.settings.database_url:
        where += ["--database-url", hq.settings.database_url]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert (
        main(
            ["targets", "set", "--month", MONTH, "--guide", hq.org.guide_e1, "--amount-yuan", "50000", *where]
        )
        == 0
    )
    assert (
        main(["targets", "set", "--month", MONTH, "--store", "E1", "--amount-yuan", "180000.50", *where]) == 0
    )
    assert listed(hq, hq.org.guide_e1) == [
        ("guide", hq.org.ids[hq.org.guide_e1], 5_000_000),
        ("store", hq.org.store_ids["E1"], 18_000_050),
    ]
    assert main(["targets", "set", "--month", MONTH, "--store", "NOPE", "--amount-yuan", "1", *where]) == 2
    assert main(["targets", "set", "--month", MONTH, "--store", "E1", "--amount-yuan", "1.001", *where]) == 2
