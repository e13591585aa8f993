"""My performance: a guide's figures equal HQ's sales listing to the fen, with targets and rank."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.hq.conftest import Hq
from tests.hq.test_sale_corrections import correction, push
from tests.support.events import sale_event, task_progress_event
from tests.support.publish import post, script_item, sop_template, task_request

PERFORMANCE = "/api/v1/me/performance"
CHINA = timedelta(hours=8)


def performance(hq: Hq, login: str, **params: Any) -> dict[str, Any]:
    answer = hq.client.get(PERFORMANCE, params=params, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    figures: dict[str, Any] = answer.json()
    return figures


def utc_start(day: date, offset: timedelta) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - offset


def listing_sums(hq: Hq, login: str, since: datetime, until: datetime) -> tuple[int, int, int]:
    """(fen, orders, disputed) summed over every page of GET /api/v1/sales for the period."""
    fen = orders = disputed = offset = 0
    while True:
        params = {"since": since.isoformat(), "until": until.isoformat(), "offset": offset, "limit": 7}
        page = hq.client.get("/api/v1/sales", params=params, headers=hq.auth(login)).json()
        fen += sum(sale["amount_fen"] for sale in page)
        orders += len(page)
        disputed += sum(1 for sale in page if sale["disputed"])
        offset += len(page)
        if len(page) < 7:
            return fen, orders, disputed


def _history(hq: Hq, now: datetime, monday: datetime) -> int:
    """Sales of guide.e1a over 200 days, at week edges too, with amends, voids and two disputes;
    returns the fen that count for her."""
    rng = random.Random(20261130)
    sales = [
        sale_event(
            f"P{number:03d}",
            rng.randint(199, 2_999) * 100,
            sold_at=now - timedelta(minutes=rng.randint(5, 200 * 24 * 60)),
        )
        for number in range(60)
    ]
    # A sale at the first second of this local week and one a second before it.
    sales.append(sale_event("EDGE-IN", 12_345, sold_at=monday))
    sales.append(sale_event("EDGE-OUT", 54_321, sold_at=monday - timedelta(seconds=1)))
    push(hq, hq.org.guide_e1, sales)
    corrections = [correction(sale, "amend", sale["body"]["amount_fen"] - 1_000) for sale in sales[:10]]
    corrections += [correction(sale, "void") for sale in sales[10:15]]
    push(hq, hq.org.guide_e1, corrections)
    # Order P020 is also claimed by a colleague (counted for e1a, disputed); order X-1 was the
    # colleague's first, so e1a's claim counts nowhere.
    push(
        hq,
        hq.org.guide_e1_b,
        [sale_event("P020", 1_000), sale_event("X-1", 77_700, sold_at=now - timedelta(days=2))],
    )
    push(hq, hq.org.guide_e1, [sale_event("X-1", 77_700, sold_at=now - timedelta(days=2))])
    return sum(sale["body"]["amount_fen"] for sale in sales[15:]) + sum(
        sale["body"]["amount_fen"] - 1_000 for sale in sales[:10]
    )


def _activity(hq: Hq, today: date) -> tuple[list[tuple[str, int]], list[tuple[str, int, int]], datetime]:
    """Content sent and task progress of guide.e1a: (day, count), (day, done, target), manager due."""
    admin = hq.auth(hq.org.admin)
    item = post(hq.client, admin, "/content", script_item("会员日话术"))
    sop = post(hq.client, admin, "/sop-templates", sop_template("新客欢迎"))
    task = post(
        hq.client,
        hq.auth(hq.org.manager_east),
        "/tasks",
        task_request("预览会邀约", {"guide_ids": [hq.org.ids[hq.org.guide_e1]]}, target=10),
    )
    sent = [((today - timedelta(days=back)).isoformat(), back % 4 + 1) for back in range(0, 120, 9)]
    usage = [
        {
            "id": str(uuid.uuid4()),
            "kind": "content_usage",
            "body": {"content_id": item["id"], "action": action, "count": count, "day": day},
        }
        for day, count in sent
        for action in ("sent", "copied")
    ]
    progress = [(today - timedelta(days=back), back % 3, 2) for back in range(0, 60, 5)]
    events = [
        task_progress_event(sop["id"], done, target, source="sop", day=day) for day, done, target in progress
    ]
    events.append(task_progress_event(task["id"], 12, 10))  # more than asked: counts as 10 of 10
    push(hq, hq.org.guide_e1, usage + events)
    return (
        sent,
        [(day.isoformat(), done, target) for day, done, target in progress],
        datetime.fromisoformat(task["due_at"]),
    )


def test_my_figures_equal_the_sales_listing_to_the_fen(hq: Hq) -> None:
    now = datetime.now(UTC)
    today = (now + CHINA).date()
    monday = utc_start(today - timedelta(days=today.weekday()), CHINA)
    expected_total = _history(hq, now, monday)
    sent, progress, task_due = _activity(hq, today)
    figures = performance(hq, hq.org.guide_e1, weeks=12, months=8, utc_offset_minutes=480)
    assert (len(figures["weeks"]), len(figures["months"])) == (12, 8)
    assert date.fromisoformat(figures["weeks"][-1]["start"]) == today - timedelta(days=today.weekday())
    assert date.fromisoformat(figures["months"][-1]["start"]) == today.replace(day=1)
    disputed_seen = 0
    for periods in (figures["weeks"], figures["months"]):
        ends = [date.fromisoformat(period["start"]) for period in periods[1:]]
        last = date.fromisoformat(periods[-1]["start"])
        ends.append(
            last + timedelta(days=7)
            if periods is figures["weeks"]
            else (last + timedelta(days=32)).replace(day=1)
        )
        for period, end in zip(periods, ends, strict=True):
            start = date.fromisoformat(period["start"])
            since, until = utc_start(start, CHINA), utc_start(end, CHINA)
            expected = listing_sums(hq, hq.org.guide_e1, since, until)
            assert (period["sales_fen"], period["orders"], period["disputed_orders"]) == expected, period
            disputed_seen += period["disputed_orders"]
            in_period = [count for day, count in sent if start.isoformat() <= day < end.isoformat()]
            assert period["content_sent"] == sum(in_period)  # "copied" is not "sent"
            sop = [
                (done, target) for day, done, target in progress if start.isoformat() <= day < end.isoformat()
            ]
            manager = [(10, 10)] if since <= task_due < until else []
            reports = sop + manager
            expected_tasks = (sum(done for done, _ in reports), sum(target for _, target in reports))
            assert (period["tasks_done"], period["tasks_target"]) == expected_tasks, period
    assert disputed_seen >= 1  # P020 sits in some week and some month
    # Eight months hold all 200 days: 62 sales, 5 voided, 10 amended down by ¥10; X-1 is not hers.
    assert sum(period["orders"] for period in figures["months"]) == 57
    assert sum(period["sales_fen"] for period in figures["months"]) == expected_total
    week = figures["weeks"][-1]
    edge = listing_sums(hq, hq.org.guide_e1, monday, monday + timedelta(days=7))
    assert week["sales_fen"] == edge[0] and week["sales_fen"] >= 12_345


def test_a_week_in_another_offset_starts_at_that_offsets_monday(hq: Hq) -> None:
    now = datetime.now(UTC)
    utc_today = now.date()
    utc_monday = utc_start(utc_today - timedelta(days=utc_today.weekday()), timedelta(0))
    push(
        hq,
        hq.org.guide_e2,
        [
            sale_event("UTC-1", 10_000, sold_at=utc_monday),
            sale_event("UTC-0", 20_000, sold_at=utc_monday - timedelta(seconds=1)),
        ],
    )
    [week] = performance(hq, hq.org.guide_e2, weeks=1, months=1, utc_offset_minutes=0)["weeks"]
    assert date.fromisoformat(week["start"]) == utc_monday.date()
    assert (week["sales_fen"], week["orders"]) == listing_sums(
        hq, hq.org.guide_e2, utc_monday, utc_monday + timedelta(days=7)
    )[:2]
    assert week["sales_fen"] >= 10_000


def _month_middle(now: datetime) -> datetime:
    local = now + CHINA
    month_start = utc_start(local.date().replace(day=1), CHINA)
    return month_start + (now - month_start) / 2


def test_my_target_store_sales_and_rank_in_my_store(hq: Hq) -> None:
    now = datetime.now(UTC)
    month = (now + CHINA).strftime("%Y-%m")
    middle = _month_middle(now)
    push(hq, hq.org.guide_e1, [sale_event("RK-1", 30_000, sold_at=middle)])
    push(hq, hq.org.guide_e1_b, [sale_event("RK-2", 50_000, sold_at=middle)])
    push(hq, hq.org.guide_e2, [sale_event("RK-3", 90_000, sold_at=middle)])  # another store
    manager = hq.auth(hq.org.manager_east)
    for scope, subject, amount in (
        ("guide", hq.org.ids[hq.org.guide_e1], 5_000_000),
        ("store", hq.org.store_ids["E1"], 20_000_000),
    ):
        answer = hq.client.put(
            "/api/v1/targets",
            json={"scope": scope, "subject_id": subject, "month": month, "amount_fen": amount},
            headers=manager,
        )
        assert answer.status_code == 200, answer.text
    figures = performance(hq, hq.org.guide_e1)
    assert (figures["target_fen"], figures["store_target_fen"]) == (5_000_000, 20_000_000)
    assert figures["store_sales_fen"] == 80_000
    assert figures["rank"] == {"position": 2, "of": 3}  # e1b, e1a, and a colleague with no sales
    assert performance(hq, hq.org.guide_e1_b)["rank"] == {"position": 1, "of": 3}
    assert performance(hq, hq.org.guide_e2)["target_fen"] is None


BAD_QUERIES = [
    {"weeks": 0},
    {"weeks": 54},
    {"months": "six"},
    {"utc_offset_minutes": 900},
    {"weeks": "1.5"},
    {"guide_id": 5},  # nobody reads another guide's figures by adding a parameter
]


def test_bad_queries_are_refused_and_only_a_guide_has_my_performance(hq: Hq) -> None:
    for params in BAD_QUERIES:
        answer = hq.client.get(PERFORMANCE, params=params, headers=hq.auth(hq.org.guide_e1))
        assert answer.status_code == 422, (params, answer.text)
    for login in (hq.org.manager_east, hq.org.admin):
        answer = hq.client.get(PERFORMANCE, headers=hq.auth(login))
        assert answer.status_code == 403
        assert "guide's own figures" in answer.json()["detail"]
