"""Team figures and content usage: a manager's month equals HQ's sales listing to the fen."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hq.core.db import Database, run_with_database
from hq.services import org
from hq.services.figures import GuideNumbers, Span, guide_numbers
from tests.hq.conftest import Hq
from tests.hq.test_performance import listing_sums
from tests.hq.test_sale_corrections import correction, push
from tests.support.events import book_stats_event, sale_event, stats_cell, task_progress_event
from tests.support.publish import post, script_item, sop_template

TEAM = "/api/v1/team"
MONTH = "2026-10"
CHINA = timedelta(hours=8)
MONTH_START = datetime(2026, 10, 1, tzinfo=UTC) - CHINA
MONTH_END = datetime(2026, 11, 1, tzinfo=UTC) - CHINA


def team(hq: Hq, login: str, **params: Any) -> dict[str, Any]:
    answer = hq.client.get(TEAM, params={"month": MONTH, **params}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    figures: dict[str, Any] = answer.json()
    return figures


def disable(hq: Hq, login: str) -> None:
    async def switch_off(database: Database) -> None:
        async with database.writing() as session:
            await org.set_disabled(session, login, True)

    run_with_database(hq.settings, switch_off)


def _sales(hq: Hq) -> None:
    """A month of sales in store E1, E2 and S1, at the month's edges too, with an amend, a void
    and an order claimed by two guides of E1."""
    inside = MONTH_START + timedelta(days=9)
    e1a = [sale_event(f"A{number}", 10_000 * (number + 1), sold_at=inside) for number in range(5)]
    e1a.append(sale_event("EDGE-IN", 1_234, sold_at=MONTH_START))
    e1a.append(sale_event("EDGE-OUT", 4_321, sold_at=MONTH_START - timedelta(seconds=1)))
    e1a.append(sale_event("LAST", 777, sold_at=MONTH_END - timedelta(seconds=1)))
    e1a.append(sale_event("NEXT", 888, sold_at=MONTH_END))
    e1a.append(sale_event("SHARED", 50_000, sold_at=inside))
    push(hq, hq.org.guide_e1, e1a)
    push(hq, hq.org.guide_e1, [correction(e1a[0], "amend", 9_000), correction(e1a[1], "void")])
    push(
        hq,
        hq.org.guide_e1_b,
        [sale_event("SHARED", 50_000, sold_at=inside), sale_event("B1", 30_000, sold_at=inside)],
    )
    push(hq, hq.org.guide_e2, [sale_event("C1", 20_000, sold_at=inside)])
    push(hq, hq.org.guide_s1, [sale_event("S1", 60_000, sold_at=inside)])
    push(hq, hq.org.disabled_guide, [sale_event("GONE", 5_000, sold_at=inside)])
    disable(hq, hq.org.disabled_guide)


def _targets_and_stats(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    for scope, subject_id, amount in (
        ("guide", hq.org.ids[hq.org.guide_e1], 1_000_000),
        ("store", hq.org.store_ids["E1"], 5_000_000),
        ("guide", hq.org.ids[hq.org.guide_e1], 9_999),  # replaces the first
    ):
        target = {"scope": scope, "subject_id": subject_id, "month": MONTH, "amount_fen": amount}
        assert hq.client.put("/api/v1/targets", json=target, headers=admin).status_code == 200
    stats = book_stats_event(
        [stats_cell("active", 40, "loyal"), stats_cell("new", 12)],
        day=date(2026, 10, 28),
        as_of=MONTH_START + timedelta(days=27),
        added_per_day={date(2026, 10, 2): 4, date(2026, 10, 27): 8, date(2026, 9, 29): 6},
        overdue_follow_ups=7,
    )
    push(hq, hq.org.guide_e1, [stats])
    push(
        hq,
        hq.org.guide_e2,
        [book_stats_event([], day=date(2026, 10, 3), as_of=MONTH_START + timedelta(days=2))],
    )


def _activity(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    item = post(hq.client, admin, "/content", script_item("双十一话术"))
    sop = post(hq.client, admin, "/sop-templates", sop_template("新客欢迎"))
    usage = [
        {"id": str(uuid.uuid4()), "kind": "content_usage", "body": {"content_id": item["id"], **body}}
        for body in (
            {"action": "sent", "count": 3, "day": "2026-10-05"},
            {"action": "sent", "count": 2, "day": "2026-09-30"},
            {"action": "copied", "count": 4, "day": "2026-10-05"},
        )
    ]
    progress = [
        task_progress_event(sop["id"], 1, 2, source="sop", day=date(2026, 10, 10)),
        task_progress_event(sop["id"], 5, 2, source="sop", day=date(2026, 10, 11)),  # capped at 2
        task_progress_event(sop["id"], 2, 2, source="sop", day=date(2026, 11, 1)),  # next month
    ]
    push(hq, hq.org.guide_e1, usage + progress)


def test_team_figures_equal_the_sales_listing_for_the_month(hq: Hq) -> None:
    _sales(hq)
    _targets_and_stats(hq)
    _activity(hq)
    figures = team(hq, hq.org.manager_east, utc_offset_minutes=480)
    assert figures["month"] == MONTH
    assert [store["store_code"] for store in figures["stores"]] == ["E1", "E2"]
    guides = {guide["login"]: guide for guide in figures["guides"]}
    assert set(guides) == {hq.org.guide_e1, hq.org.guide_e1_b, hq.org.guide_e2, hq.org.disabled_guide}
    for login in (hq.org.guide_e1, hq.org.guide_e1_b, hq.org.guide_e2):
        listed = listing_sums(hq, login, MONTH_START, MONTH_END)
        row = guides[login]
        assert (row["sales_fen"], row["orders"], row["disputed_orders"]) == listed, login
    e1a = guides[hq.org.guide_e1]
    assert (e1a["sales_fen"], e1a["orders"], e1a["disputed_orders"]) == (
        9_000 + 30_000 + 40_000 + 50_000 + 1_234 + 777 + 50_000,
        7,
        1,
    )
    assert (e1a["target_fen"], e1a["new_customers"], e1a["customers"], e1a["overdue_follow_ups"]) == (
        9_999,
        12,
        52,
        7,
    )
    assert (e1a["stats_day"], e1a["content_sent"], e1a["tasks_done"], e1a["tasks_target"]) == (
        "2026-10-28",
        3,
        3,
        4,
    )
    e1b = guides[hq.org.guide_e1_b]
    assert (e1b["target_fen"], e1b["new_customers"], e1b["customers"], e1b["stats_day"]) == (
        None,
        None,
        None,
        None,
    )
    assert guides[hq.org.disabled_guide]["disabled"] is True
    assert guides[hq.org.guide_e2]["customers"] == 0 and guides[hq.org.guide_e2]["new_customers"] == 0

    e1, e2 = figures["stores"]
    e1_guides = [guides[login] for login in (hq.org.guide_e1, hq.org.guide_e1_b, hq.org.disabled_guide)]
    assert e1["sales_fen"] == sum(guide["sales_fen"] for guide in e1_guides)
    assert e1["orders"] == sum(guide["orders"] for guide in e1_guides) == 7 + 1 + 1
    assert (e1["guides"], e1["target_fen"], e1["new_customers"], e1["overdue_follow_ups"]) == (
        2,
        5_000_000,
        12,
        7,
    )
    assert (e1["tasks_done"], e1["tasks_target"], e1["disputed_orders"]) == (3, 4, 1)
    assert (e2["sales_fen"], e2["target_fen"], e2["new_customers"], e2["overdue_follow_ups"]) == (
        20_000,
        None,
        0,
        0,
    )
    # HQ sees every region, or the one it names; the totals do not change with the view.
    everything = team(hq, hq.org.admin)
    assert [store["store_code"] for store in everything["stores"]] == ["E1", "E2", "S1", "S2"]
    assert sum(store["sales_fen"] for store in everything["stores"]) == sum(
        [listing_sums(hq, hq.org.admin, MONTH_START, MONTH_END)[0]]
    )
    south = team(hq, hq.org.admin, region_id=hq.org.region_ids["南区"])
    assert [store["store_code"] for store in south["stores"]] == ["S1", "S2"]
    assert [guide["login"] for guide in south["guides"]] == [hq.org.guide_s1, hq.org.guide_s2]


def test_team_figures_are_a_managers_own_region_only(hq: Hq) -> None:
    disable(hq, hq.org.disabled_guide)  # no sales: left out
    east = team(hq, hq.org.manager_east)
    assert {guide["login"] for guide in east["guides"]} == {
        hq.org.guide_e1,
        hq.org.guide_e1_b,
        hq.org.guide_e2,
    }
    assert team(hq, hq.org.manager_east, region_id=hq.org.region_ids["东区"])["stores"] == east["stores"]
    south_id = hq.org.region_ids["南区"]
    refused = hq.client.get(TEAM, params={"region_id": south_id}, headers=hq.auth(hq.org.manager_east))
    assert refused.status_code == 404
    assert (
        hq.client.get(TEAM, params={"region_id": 999_999}, headers=hq.auth(hq.org.admin)).status_code == 404
    )
    assert hq.client.get(TEAM, headers=hq.auth(hq.org.guide_e1)).status_code == 403
    assert hq.client.get(TEAM, params={"month": "2026-13"}, headers=hq.auth(hq.org.admin)).status_code == 422
    # Left out, the month is this month in the given offset.
    this_month = hq.client.get(TEAM, params={"utc_offset_minutes": 840}, headers=hq.auth(hq.org.admin)).json()
    assert this_month["month"] == (datetime.now(UTC) + timedelta(minutes=840)).strftime("%Y-%m")


def test_content_usage_counts_by_item_for_hq_and_a_managers_region(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    poster = post(hq.client, admin, "/content", script_item("会员日话术"))["id"]
    script = post(hq.client, admin, "/content", script_item("新品话术"))["id"]

    def used(content_id: str, action: str, count: int, day: str) -> dict[str, Any]:
        body = {"content_id": content_id, "action": action, "count": count, "day": day}
        return {"id": str(uuid.uuid4()), "kind": "content_usage", "body": body}

    push(
        hq, hq.org.guide_e1, [used(poster, "sent", 3, "2026-10-05"), used(poster, "copied", 4, "2026-10-06")]
    )
    push(
        hq,
        hq.org.guide_e1_b,
        [used(poster, "sent", 1, "2026-10-01"), used(script, "viewed", 2, "2026-10-02")],
    )
    push(
        hq, hq.org.guide_s1, [used(poster, "sent", 2, "2026-10-09"), used(poster, "viewed", 5, "2026-10-09")]
    )

    def usage(login: str) -> dict[str, tuple[int, ...] | str | None]:
        answer = hq.client.get("/api/v1/content/usage", headers=hq.auth(login))
        assert answer.status_code == 200, answer.text
        return {
            row["content_id"]: (row["sent"], row["copied"], row["viewed"], row["guides"], row["last_day"])
            for row in answer.json()
        }

    assert usage(hq.org.admin) == {poster: (6, 4, 5, 3, "2026-10-09"), script: (0, 0, 2, 1, "2026-10-02")}
    assert usage(hq.org.manager_east) == {
        poster: (4, 4, 0, 2, "2026-10-06"),
        script: (0, 0, 2, 1, "2026-10-02"),
    }
    assert usage(hq.org.manager_south) == {poster: (2, 0, 5, 1, "2026-10-09")}
    assert hq.client.get("/api/v1/content/usage", headers=hq.auth(hq.org.guide_e1)).status_code == 403


def test_a_span_across_months_prorates_each_months_target_by_its_days(hq: Hq) -> None:
    e1a, e2a = hq.org.ids[hq.org.guide_e1], hq.org.ids[hq.org.guide_e2]
    admin = hq.auth(hq.org.admin)
    for month, amount in (("2026-10", 3_100_000), ("2026-11", 3_000_000)):
        target = {"scope": "guide", "subject_id": e1a, "month": month, "amount_fen": amount}
        assert hq.client.put("/api/v1/targets", json=target, headers=admin).status_code == 200
    span = Span(date(2026, 10, 16), date(2026, 11, 15), CHINA)
    push(hq, hq.org.guide_e1, [sale_event("SPAN-1", 12_300, sold_at=MONTH_END)])

    async def numbers(database: Database) -> dict[int, GuideNumbers]:
        async with database.reading() as session:
            return await guide_numbers(session, [e1a, e2a, hq.org.ids[hq.org.manager_east]], span)

    found = run_with_database(hq.settings, numbers)
    assert set(found) == {e1a, e2a}  # a manager is no guide
    # 16 of October's 31 days and 15 of November's 30.
    assert found[e1a].target_fen == 1_600_000 + 1_500_000
    assert (found[e1a].sales_fen, found[e1a].orders, found[e1a].customers_attributed) == (12_300, 1, 1)
    assert (found[e2a].target_fen, found[e2a].orders, found[e2a].new_customers) == (None, 0, None)
