"""The SOP reach preview: exact sums of the guides' book statistics for one condition, estimates
when tags combine, by region and store, and never beyond a manager's region."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.hq.conftest import Hq
from tests.hq.test_sale_corrections import push
from tests.support.events import book_stats_event, stats_cell

PREVIEW = "/api/v1/sop-templates/preview"
DAY = date(2026, 11, 20)
AS_OF = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _books(hq: Hq) -> None:
    """Hand-built statistics of four guides; guide.s2a and the E1 guide without a PC report none."""
    e1a = [
        stats_cell("active", 40, "loyal", VIP=10, 羊毛=20),
        stats_cell("active", 10, None, VIP=2),
        stats_cell("new", 12, "new"),
        stats_cell("dormant", 8, "at_risk", VIP=8),
    ]
    added = {DAY - timedelta(days=1): 7, DAY - timedelta(days=10): 14}
    push(hq, hq.org.guide_e1, [book_stats_event(e1a, day=DAY, as_of=AS_OF, added_per_day=added)])
    e1b = [stats_cell("active", 20, "champions", VIP=4, 羊毛=10), stats_cell("lost", 5, "hibernating")]
    push(hq, hq.org.guide_e1_b, [book_stats_event(e1b, day=DAY, as_of=AS_OF)])
    e2a = [stats_cell("active", 30, "loyal", VIP=3)]
    older = DAY - timedelta(days=3)
    push(hq, hq.org.guide_e2, [book_stats_event(e2a, day=older, as_of=AS_OF - timedelta(days=3))])
    push(
        hq,
        hq.org.guide_s1,
        [book_stats_event([stats_cell("active", 100, "loyal", VIP=50)], day=DAY, as_of=AS_OF)],
    )


def preview(
    hq: Hq, login: str, rule: dict[str, Any], audience: dict[str, Any] | None = None
) -> dict[str, Any]:
    body = {"rule": rule, "audience": audience or {"kind": "everyone"}}
    answer = hq.client.post(PREVIEW, json=body, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def by_name(counts: list[dict[str, Any]]) -> dict[str, int]:
    return {count["name"]: count["customers"] for count in counts}


EXACT_RULES = [
    ({}, {"E1店": 95, "E2店": 30, "S1店": 100, "S2店": 0}),
    ({"lifecycle_stages": ["active"]}, {"E1店": 70, "E2店": 30, "S1店": 100, "S2店": 0}),
    ({"rfm_segments": ["loyal"]}, {"E1店": 40, "E2店": 30, "S1店": 100, "S2店": 0}),
    ({"lifecycle_stages": ["active"], "tags_any": ["VIP"]}, {"E1店": 16, "E2店": 3, "S1店": 50, "S2店": 0}),
    ({"tags_none": ["VIP"]}, {"E1店": 71, "E2店": 27, "S1店": 50, "S2店": 0}),
    ({"tags_all": ["VIP"], "lifecycle_stages": ["dormant"]}, {"E1店": 8, "E2店": 0, "S1店": 0, "S2店": 0}),
]


def test_one_condition_previews_the_exact_sum_of_the_books(hq: Hq) -> None:
    _books(hq)
    for rule, stores in EXACT_RULES:
        result = preview(hq, hq.org.admin, rule)
        assert result["exact"] is True, rule
        assert by_name(result["stores"]) == stores, rule
        assert by_name(result["regions"]) == {
            "东区": stores["E1店"] + stores["E2店"],
            "南区": stores["S1店"] + stores["S2店"],
        }, rule
        assert result["total"] == sum(stores.values()), rule
        assert (result["guides"], result["guides_reporting"]) == (6, 4)
        assert result["oldest_stats_day"] == (DAY - timedelta(days=3)).isoformat()
        e1 = next(store for store in result["stores"] if store["name"] == "E1店")
        assert (e1["guides"], e1["guides_reporting"], e1["region_id"]) == (3, 2, hq.org.region_ids["东区"])


def test_combined_conditions_are_estimated_from_shares_within_each_cell(hq: Hq) -> None:
    _books(hq)
    both = preview(hq, hq.org.admin, {"tags_all": ["VIP", "羊毛"], "lifecycle_stages": ["active"]})
    # E1: 40·(10/40)·(20/40) + 20·(4/20)·(10/20); nobody else holds 羊毛.
    assert (both["exact"], both["total"], by_name(both["stores"])["E1店"]) == (False, 7, 7)
    either = preview(hq, hq.org.admin, {"tags_any": ["VIP", "羊毛"], "rfm_segments": ["loyal"]})
    # 40·(1 − (30/40)·(20/40)) in E1, 30·(3/30) in E2, 100·(50/100) in S1.
    assert by_name(either["stores"]) == {"E1店": 25, "E2店": 3, "S1店": 50, "S2店": 0}
    assert (either["exact"], either["total"]) == (False, 78)
    # Added within 5 days of the newest statistics: 7 of guide.e1a's 70 customers, so a tenth of
    # each of her cells; the others added nobody lately.
    recent = preview(hq, hq.org.admin, {"added_within_days": 5})
    assert (recent["exact"], recent["total"], by_name(recent["regions"])) == (
        False,
        7,
        {"东区": 7, "南区": 0},
    )


def test_a_managers_preview_stays_within_their_region(hq: Hq) -> None:
    _books(hq)
    south = preview(hq, hq.org.manager_south, {})
    assert by_name(south["regions"]) == {"南区": 100}
    assert by_name(south["stores"]) == {"S1店": 100, "S2店": 0}
    assert (south["total"], south["guides"], south["guides_reporting"]) == (100, 2, 1)
    east_only = preview(
        hq, hq.org.manager_south, {}, {"kind": "regions", "region_ids": [hq.org.region_ids["东区"]]}
    )
    assert (east_only["total"], east_only["regions"], east_only["stores"], east_only["guides"]) == (
        0,
        [],
        [],
        0,
    )
    assert east_only["oldest_stats_day"] is None
    stores = {"kind": "stores", "store_ids": [hq.org.store_ids["E2"], hq.org.store_ids["S1"]]}
    assert by_name(preview(hq, hq.org.manager_east, {}, stores)["stores"]) == {"E2店": 30}
    assert by_name(preview(hq, hq.org.admin, {}, stores)["stores"]) == {"E2店": 30, "S1店": 100}
    refused = hq.client.post(PREVIEW, json={"rule": {}}, headers=hq.auth(hq.org.guide_e1))
    assert refused.status_code == 403
