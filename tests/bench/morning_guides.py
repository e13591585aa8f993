"""Simulated guides opening their PCs: each pulls the feed to the end and pushes yesterday's work,
on its own keep-alive connection, as guide_app/sync does it."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import math
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

import httptools
import orjson

from guide_app.protocol import API_PREFIX, CLIENT_PROTOCOL_HEADER, CLIENT_VERSION_HEADER, DEFAULT_CHANGES_PAGE
from guide_app.version import PROTOCOL_LEVEL, VERSION
from tests.bench.clients import REQUEST_TIMEOUT_S, Answer, Call, WireConnection
from tests.bench.morning_org import Chain, Guide, store_code
from tests.bench.morning_overnight import Overnight

CHINA = timezone(timedelta(hours=8))
MAX_PAGES = 100  # bounded even against a feed that says has_more forever
MAX_SALES, SALE_CHANCE = 8, 3 / 8  # binomial: 0-8 sales, 3 on average
PRODUCTS = (
    ("FW-DOWN-01", "轻薄羽绒服"), ("FW-COAT-02", "羊毛大衣"), ("FW-KNIT-03", "羊绒针织衫"),
    ("FW-PANT-04", "直筒牛仔裤"), ("FW-SHRT-05", "法兰绒衬衫"), ("FW-SCRF-06", "格纹围巾"),
)  # fmt: skip
TRANSPORT_ERRORS = (OSError, asyncio.TimeoutError, httptools.HttpParserError)
APP_HEADERS = {
    "User-Agent": "GuideDesk/1",
    CLIENT_VERSION_HEADER: VERSION,
    CLIENT_PROTOCOL_HEADER: str(PROTOCOL_LEVEL),
}


class Kind(StrEnum):
    pull = "pull"
    push = "push"


class SyncFailed(Exception):
    """An answer that is not what the app would accept."""


@dataclass
class Tally:
    """What the measured window saw."""

    latencies_s: dict[Kind, list[float]] = field(default_factory=lambda: {kind: [] for kind in Kind})
    sync_s: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None
    changes_pulled: int = 0
    events_pushed: int = 0
    sales_pushed: int = 0

    def record_error(self, problem: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or problem

    @property
    def syncs(self) -> int:
        return len(self.sync_s)

    def percentile_ms(self, values: list[float], fraction: float) -> float:
        if not values:
            return math.nan
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)] * 1000


@dataclass(frozen=True)
class Morning:
    """What every guide's PC knows before it opens: the feed position and last night's work."""

    chain: Chain
    cursor: int
    overnight: Overnight
    yesterday: date
    page: int = DEFAULT_CHANGES_PAGE


def _bearer(guide: Guide) -> dict[str, str]:
    return {**APP_HEADERS, "Authorization": f"Bearer {guide.token}"}


def _event_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _customer_ref(seed: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(seed.encode()).digest()[:24]).decode()


def _sale(rng: random.Random, morning: Morning, guide: Guide, number: int) -> dict[str, Any]:
    items = []
    for _ in range(rng.randint(1, 4)):
        sku, name = PRODUCTS[rng.randrange(len(PRODUCTS))]
        items.append({"sku": sku, "name": name, "qty": 1, "unit_price_fen": rng.randrange(199, 3000) * 100})
    sold_at = datetime.combine(morning.yesterday, datetime.min.time(), CHINA) + timedelta(
        hours=10, seconds=rng.randrange(11 * 3600)
    )
    order_no = f"{store_code(guide.store_id)}-{morning.yesterday:%Y%m%d}-{guide.id}-{number}"
    return {
        "id": _event_id(rng),
        "kind": "sale",
        "body": {
            "order_no": order_no,
            "amount_fen": sum(item["unit_price_fen"] for item in items),
            "items": items,
            "customer_ref": _customer_ref(order_no),
            "sold_at": sold_at.astimezone(UTC).isoformat(),
            "attribution": "owner",
        },
    }


def yesterdays_events(morning: Morning, guide: Guide) -> tuple[list[dict[str, Any]], int]:
    """The guide's outbox at opening, oldest first: yesterday's sales, sends of last night's
    content, and the count on their new task; and how many of them are sales."""
    rng = random.Random(guide.id)
    sales = sum(rng.random() < SALE_CHANCE for _ in range(MAX_SALES))
    events = [_sale(rng, morning, guide, number) for number in range(sales)]
    today = (morning.yesterday + timedelta(days=1)).isoformat()
    for _ in range(rng.randint(0, 3)):
        content_id = morning.overnight.content_ids[rng.randrange(len(morning.overnight.content_ids))]
        body = {"content_id": content_id, "action": "sent", "count": 1, "day": today}
        events.append({"id": _event_id(rng), "kind": "content_usage", "body": body})
    task_id = morning.overnight.task_by_store.get(guide.store_id)
    if task_id is not None:
        body = {
            "source": "manager",
            "task_id": task_id,
            "done": rng.randint(0, 5),
            "target": 30,
            "as_of": datetime.now(UTC).isoformat(),
        }
        events.append({"id": _event_id(rng), "kind": "task_progress", "body": body})
    return events, sales


async def _timed(
    connection: WireConnection, call: Call, kind: Kind, latencies: dict[Kind, list[float]]
) -> Answer:
    sent = time.perf_counter()
    answer = await connection.send(call)
    latencies[kind].append(time.perf_counter() - sent)
    if answer.status != 200:
        raise SyncFailed(f"{kind.value}: HTTP {answer.status} {answer.body[:200]!r}")
    return answer


async def _pull(
    connection: WireConnection, morning: Morning, guide: Guide, latencies: dict[Kind, list[float]]
) -> int:
    cursor, pulled = morning.cursor, 0
    for _ in range(MAX_PAGES):
        target = f"{API_PREFIX}/sync/changes?{urlencode({'cursor': cursor, 'limit': morning.page})}"
        page = orjson.loads(
            (await _timed(connection, Call("GET", target, _bearer(guide)), Kind.pull, latencies)).body
        )
        pulled += len(page["changes"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    expected = morning.overnight.changes_for(guide.store_id)
    if pulled != expected:
        raise SyncFailed(f"guide {guide.id} pulled {pulled} changes, expected {expected}")
    return pulled


async def _push(
    connection: WireConnection, events: list[dict[str, Any]], guide: Guide, latencies: dict[Kind, list[float]]
) -> None:
    headers = {**_bearer(guide), "Content-Type": "application/json"}
    call = Call("POST", f"{API_PREFIX}/sync/push", headers, orjson.dumps({"events": events}))
    results = orjson.loads((await _timed(connection, call, Kind.push, latencies)).body)["results"]
    if [result["id"] for result in results] != [event["id"] for event in events]:
        raise SyncFailed(f"push of guide {guide.id}: HQ answered for other events than it was sent")
    refused = [result for result in results if result["status"] != "accepted" or result.get("flags")]
    if refused:
        raise SyncFailed(f"push of guide {guide.id}: {refused[0]}")


async def sync_guide(base_url: str, morning: Morning, guide: Guide, tally: Tally) -> None:
    """One guide's morning on one connection; the tally gets its figures if it finishes cleanly."""
    latencies: dict[Kind, list[float]] = {kind: [] for kind in Kind}
    started = time.perf_counter()
    events, sales = yesterdays_events(morning, guide)
    async with WireConnection(base_url) as connection:
        pulled = await _pull(connection, morning, guide, latencies)
        if events:  # the app sends nothing when its outbox is empty
            await _push(connection, events, guide, latencies)
    tally.sync_s.append(time.perf_counter() - started)
    for kind, values in latencies.items():
        tally.latencies_s[kind].extend(values)
    tally.changes_pulled += pulled
    tally.events_pushed += len(events)
    tally.sales_pushed += sales


@dataclass
class Window:
    measure_from: float
    stop_at: float

    def measuring(self, now: float) -> bool:
        return self.measure_from <= now < self.stop_at


async def _lane(
    base_url: str, morning: Morning, guides: Iterator[int], window: Window, tally: Tally, outside: Tally
) -> None:
    """One closed-loop lane: the next guide opens their PC as soon as the previous one is done."""
    while time.perf_counter() < window.stop_at:
        number = next(guides, None)
        if number is None:
            return  # every guide of the chain has synced
        guide = morning.chain.guide(number)
        scratch = Tally()
        try:
            await sync_guide(base_url, morning, guide, scratch)
            problem = None
        except (SyncFailed, KeyError, ValueError, *TRANSPORT_ERRORS) as error:
            problem = f"{type(error).__name__}: {error}"
        into = tally if window.measuring(time.perf_counter()) else outside
        if problem is not None:
            into.record_error(problem)
            continue
        into.sync_s.extend(scratch.sync_s)
        for kind in Kind:
            into.latencies_s[kind].extend(scratch.latencies_s[kind])
        into.changes_pulled += scratch.changes_pulled
        into.events_pushed += scratch.events_pushed
        into.sales_pushed += scratch.sales_pushed


async def drive(
    base_urls: list[str], morning: Morning, guides: Iterator[int], concurrency: int, window: Window
) -> tuple[Tally, Tally]:
    """Run `concurrency` lanes (alternating between `base_urls`) until the window closes; returns
    the measured tally and that of the syncs that ended outside the window (warm-up, overrun)."""
    tally, outside = Tally(), Tally()
    lanes = [
        _lane(base_urls[lane % len(base_urls)], morning, guides, window, tally, outside)
        for lane in range(concurrency)
    ]
    limit = window.stop_at - time.perf_counter() + REQUEST_TIMEOUT_S * 2 + 10
    await asyncio.wait_for(asyncio.gather(*lanes), timeout=limit)
    return tally, outside
