"""What happened with a demo customer: their timeline, follow-ups and sales, from a seeded random.

A customer is drawn as active, dormant or lost (by when they were last in touch or bought), so
the book's lifecycle stages and RFM segments come out mixed the way a real store's do once the
core computes them from this history.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from datetime import date, datetime, timedelta

from guide_app.book.followups import FollowUpKind, FollowUpSource, FollowUpStatus
from guide_app.book.timeline import InteractionKind
from guide_app.demo.people import (
    DemoCustomer,
    DemoFollowUp,
    DemoInteraction,
    DemoItem,
    DemoSale,
    Weighted,
    local_moment,
)

# The store's range: (sku, name, price in yuan) per 偏好品类, ¥199 to ¥2,999 an item.
CATALOGUE: dict[str, tuple[tuple[str, str, int], ...]] = {
    "羽绒服": (("DJ-W2302", "长款白鹅绒羽绒服", 2599), ("DJ-W2305", "短款连帽羽绒服", 1499)),
    "大衣": (("DY-W2311", "双面羊毛大衣", 2999), ("DY-W2308", "茧型呢大衣", 1699)),
    "针织衫": (("ZZ-W2320", "羊绒圆领针织衫", 899), ("ZZ-W2322", "麻花开衫", 599)),
    "连衣裙": (("LY-W2330", "针织连衣裙", 799), ("LY-W2333", "法式碎花连衣裙", 699)),
    "衬衫": (("CS-W2340", "真丝衬衫", 699), ("CS-M2341", "牛津纺衬衫", 399)),
    "裤装": (("KZ-W2350", "高腰阔腿裤", 459), ("KZ-W2352", "直筒牛仔裤", 399)),
    "运动休闲": (("YD-W2360", "连帽卫衣", 359), ("YD-W2362", "束脚运动裤", 299)),
    "配饰": (("PS-2370", "羊绒围巾", 399), ("PS-2372", "真皮腰带", 199)),
}
TIMELINE_TEXTS: dict[InteractionKind, tuple[str, ...]] = {
    InteractionKind.message: (
        "发了冬季新品海报，客户说周末来看",
        "问候：降温了注意保暖",
        "客户问羽绒服还有没有M码",
        "提醒会员日积分翻倍",
        "发了尺码表，客户回复要L",
    ),
    InteractionKind.call: ("电话确认周六下午到店", "回访：上次买的大衣很合身", "电话没接，改发微信"),
    InteractionKind.visit: ("到店试穿大衣，未购买", "到店取改好的裤子", "带朋友来店里逛，加了好友"),
    InteractionKind.note: ("喜欢简约款，不爱亮色", "生日在月底，记得送券", "预算在一千左右"),
    InteractionKind.content_sent: (
        "发送：冬季新品·长款白鹅绒",
        "发送：会员日积分翻倍海报",
        "发送：双11预热满减攻略",
        "发送：羽绒服洗护话术",
    ),
}
FOLLOW_UP_OUTCOMES = (
    "已回复，周六到店试穿",
    "尺码换好了，客户满意",
    "没回复，下周再问",
    "已发新品海报，客户说再看看",
    "客户在外地，下月回来再约",
)
_ITEMS_IN_BASKET = Weighted((1, 55), (2, 28), (3, 12), (4, 5))
_QUANTITY = Weighted((1, 90), (2, 10))
_SALES_PER_BUYER = Weighted((1, 40), (2, 25), (3, 15), (4, 10), (6, 7), (9, 3))
_TIMELINE_LENGTH = Weighted((0, 30), (1, 25), (2, 20), (3, 15), (5, 10))
_TOUCH_KINDS = (
    InteractionKind.message,
    InteractionKind.message,
    InteractionKind.content_sent,
    InteractionKind.call,
    InteractionKind.visit,
    InteractionKind.note,
)


def order_no(login: str, number: int, sale: int) -> str:
    """A store-style order number, the same on every run: `SH001-3F9A27C41B`."""
    store = login.split(".")[0].upper() or "DEMO"
    digest = hashlib.blake2b(f"{login}\n{number}\n{sale}".encode(), digest_size=5).hexdigest().upper()
    return f"{store[:12]}-{digest}"


def _last_in_touch(rng: random.Random, customer: DemoCustomer, now: datetime) -> datetime:
    """Recently for an active customer, 3-12 months ago for a dormant one, longer for a lost one."""
    roll = rng.random()
    days = rng.randint(0, 80) if roll < 0.5 else rng.randint(95, 350) if roll < 0.8 else rng.randint(380, 900)
    moment = now - timedelta(days=days, minutes=rng.randrange(600))
    return min(max(moment, customer.added_at + timedelta(minutes=30)), now - timedelta(minutes=1))


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()


def _shop_day(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A sale's time: store hours, and nearly half the weekday ones moved to the weekend."""
    # The same draws whatever the day: a rerun on another day then plans the same baskets.
    moment, to_weekend, sunday = _between(rng, start, end), rng.random() < 0.45, rng.randint(0, 1)
    hour, minute = rng.randint(10, 21), rng.randrange(60)
    day = moment.astimezone().date()
    if day.isoweekday() < 6 and to_weekend:
        day += timedelta(days=6 - day.isoweekday() + sunday)
    sold = local_moment(day, hour, minute)
    return sold if start <= sold <= end else moment


def _basket(rng: random.Random, categories: list[str]) -> tuple[DemoItem, ...]:
    items = []
    for _ in range(_ITEMS_IN_BASKET.pick(rng)):
        sku, name, yuan = rng.choice(CATALOGUE[rng.choice(categories)])
        discount = rng.choice((100, 100, 100, 90, 80))  # member and campaign prices
        items.append(DemoItem(sku, name, yuan * discount, _QUANTITY.pick(rng)))
    return tuple(items)


def _sales(
    rng: random.Random, login: str, number: int, customer: DemoCustomer, last: datetime
) -> tuple[DemoSale, ...]:
    if rng.random() > 0.55:
        return ()
    categories = [tag for group, tag in customer.hq_tags if group == "偏好品类"] or list(CATALOGUE)
    count = _SALES_PER_BUYER.pick(rng)
    start = customer.added_at
    sales = [
        DemoSale(order_no(login, number, index), _shop_day(rng, start, last), _basket(rng, categories))
        for index in range(count)
    ]
    return tuple(sorted(sales, key=lambda sale: sale.sold_at))


def _timeline(rng: random.Random, customer: DemoCustomer, last: datetime) -> tuple[DemoInteraction, ...]:
    count = _TIMELINE_LENGTH.pick(rng)
    entries = []
    for index in range(count):
        kind = rng.choice(_TOUCH_KINDS)
        at = last if index == 0 else _between(rng, customer.added_at, last)
        entries.append(DemoInteraction(kind.value, at, rng.choice(TIMELINE_TEXTS[kind])))
    return tuple(entries)


def _follow_ups(rng: random.Random, today: date, last: datetime) -> tuple[DemoFollowUp, ...]:
    """Some due today, some overdue, some later, and some done with what came of them."""
    roll = rng.random()
    kind = rng.choice((FollowUpKind.message, FollowUpKind.message, FollowUpKind.call, FollowUpKind.visit))
    source = FollowUpSource.manager if rng.random() < 0.15 else FollowUpSource.self
    if roll < 0.02:
        due = local_moment(today, rng.randint(10, 20), rng.choice((0, 30)))
    elif roll < 0.04:
        due = local_moment(today - timedelta(days=rng.randint(1, 10)), rng.randint(10, 20), 0)
    elif roll < 0.08:
        due = local_moment(today + timedelta(days=rng.randint(1, 21)), rng.randint(10, 20), 0)
    elif roll < 0.16:
        outcome = rng.choice(FOLLOW_UP_OUTCOMES)
        done = DemoFollowUp(last, kind.value, FollowUpStatus.done.value, outcome, source.value)
        return (done,)
    else:
        return ()
    return (DemoFollowUp(due, kind.value, FollowUpStatus.open.value, "", source.value),)


def with_history(
    rng: random.Random, login: str, number: int, customer: DemoCustomer, now: datetime, today: date
) -> DemoCustomer:
    """The customer with their timeline, follow-ups and sales, all between joining and now."""
    last = _last_in_touch(rng, customer, now)
    return dataclasses.replace(
        customer,
        timeline=_timeline(rng, customer, last),
        follow_ups=_follow_ups(rng, today, last),
        sales=_sales(rng, login, number, customer, last),
    )
