"""Who is in a demo book: one believable customer at a time, drawn from a seeded random.

Each customer is drawn from a random seeded by (login, number) (guide_app.demo.book): the same
login always gets the same customers, and a larger book starts with the customers of a smaller
one, so running the demo again (or with more customers) adds only those not there yet.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

from guide_app.book.customers import CustomerFields, Gender

T = TypeVar("T")


class Weighted(Generic[T]):
    """Values drawn by their weights; the running totals are summed once, not at every draw
    (rng.choices summed them each time: a third of the time of drawing a customer)."""

    def __init__(self, *pairs: tuple[T, int]) -> None:
        self._values = [value for value, _weight in pairs]
        self._totals = list(accumulate(weight for _value, weight in pairs))

    def pick(self, rng: random.Random) -> T:
        return self._values[bisect_right(self._totals, rng.random() * self._totals[-1])]


# Family names with their share (per mille) of China's population, the common ones first; the
# rare and polyphonic ones (曾 单 解 仇 覃 区 查) are there so pinyin search meets them.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 71), ("李", 70), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 21),
    ("吴", 20), ("周", 19), ("徐", 16), ("孙", 15), ("马", 13), ("朱", 13), ("胡", 12), ("郭", 11),
    ("何", 11), ("高", 10), ("林", 10), ("罗", 9), ("郑", 9), ("梁", 8), ("谢", 8), ("宋", 7),
    ("唐", 7), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 6), ("曹", 5), ("彭", 5), ("曾", 5),
    ("肖", 5), ("田", 4), ("董", 4), ("袁", 4), ("潘", 4), ("于", 4), ("蒋", 4), ("蔡", 4),
    ("余", 4), ("杜", 3), ("叶", 3), ("程", 3), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3),
    ("沈", 3), ("单", 1), ("解", 1), ("仇", 1), ("覃", 1), ("区", 1), ("查", 1),
)  # fmt: skip
_FAMILY_NAMES = Weighted(*SURNAMES)
FEMALE_GIVEN = "丽静敏燕艳娟霞芳婷雪琳晶颖洁慧佳欣怡萍红玲倩璐瑶梦晓雨思诗悦婉晴琪嘉"
MALE_GIVEN = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆峰博文志建轩"
MOBILE_PREFIXES = (
    130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159,
    166, 173, 177, 180, 181, 182, 183, 185, 186, 187, 188, 189, 191, 198, 199,
)  # fmt: skip
# 来源渠道 as the HQ tag group names them, with their share of a store's WeCom friends.
SOURCES = Weighted(("门店扫码", 55), ("小程序", 15), ("直播", 15), ("老带新", 15))
LEVELS = Weighted(("普通", 60), ("银卡", 25), ("金卡", 12), ("黑金", 3))  # 客户等级, single choice
CATEGORIES = ("羽绒服", "大衣", "针织衫", "连衣裙", "衬衫", "裤装", "运动休闲", "配饰")
SIZES = Weighted(("XS", 4), ("S", 18), ("M", 34), ("L", 26), ("XL", 13), ("XXL", 5))
CAMPAIGNS = ("双11预热", "会员日", "冬季新品", "周末预览会", "年货节", "生日礼遇")
PERSONAL_TAGS = ("老客户", "爱砍价", "闺蜜群", "常来店", "送货上门", "宝妈", "只穿黑白灰", "学生党")
COLOURS = ("黑色", "白色", "驼色", "燕麦色", "藏青", "酒红", "浅灰", "奶白")
NOTES = (
    "",
    "",
    "",
    "周末下午来店比较多",
    "不喜欢电话，微信联系",
    "给老公买过衬衫，尺码L",
    "腰围偏大，裤装要改短",
    "对羊毛过敏，推荐时注意",
    "公司团购联系人",
)


@dataclass(frozen=True, slots=True)
class DemoInteraction:
    kind: str  # an InteractionKind value
    at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class DemoFollowUp:
    due_at: datetime
    kind: str  # a FollowUpKind value
    status: str  # a FollowUpStatus value
    outcome: str
    source: str  # a FollowUpSource value


@dataclass(frozen=True, slots=True)
class DemoItem:
    sku: str
    name: str
    unit_price_fen: int
    qty: int


@dataclass(frozen=True, slots=True)
class DemoSale:
    order_no: str
    sold_at: datetime
    items: tuple[DemoItem, ...]

    @property
    def amount_fen(self) -> int:
        return sum(item.unit_price_fen * item.qty for item in self.items)


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    """One customer of a demo book, with everything the book keeps about them."""

    id: str
    fields: CustomerFields  # what the guide knows of them, as the book's own add path takes it
    hq_tags: tuple[tuple[str, str], ...]  # (HQ tag group name, tag name)
    personal_tags: tuple[str, ...]
    follow_ups: tuple[DemoFollowUp, ...] = ()
    timeline: tuple[DemoInteraction, ...] = ()
    sales: tuple[DemoSale, ...] = ()

    @property
    def added_at(self) -> datetime:
        assert self.fields.added_at is not None  # every demo customer has a date
        return self.fields.added_at


_ID_NAMESPACE = uuid.UUID("3b1f7d52-9c4e-4a8b-b6d0-2e5f8a1c9d47")


def demo_customer_id(login: str, number: int) -> str:
    """The same id for a login's n-th demo customer on every run (re-running adds no twin)."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{login}\n{number}"))


def _person(rng: random.Random) -> tuple[str, str, str]:
    """(family name, full name, gender): apparel stores' WeCom friends are mostly women."""
    family = _FAMILY_NAMES.pick(rng)
    roll = rng.random()
    gender = Gender.female if roll < 0.74 else Gender.male if roll < 0.95 else Gender.unknown
    letters = MALE_GIVEN if gender is Gender.male else FEMALE_GIVEN
    given = "".join(rng.choice(letters) for _ in range(1 if rng.random() < 0.3 else 2))
    return family, family + given, gender.value


def _phone(rng: random.Random) -> str | None:
    if rng.random() < 0.04:
        return None  # added at the till without a number
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}"


def _birthday(rng: random.Random, today: date) -> date | None:
    """Born 1965-2005; about one in thirty has a birthday in the coming week (today's greetings):
    the 2% a year spread gives, and 1% more so a small book has some too."""
    if rng.random() < 0.12:
        return None
    year = rng.randint(1965, 2005)
    if rng.random() < 0.01:
        upcoming = today + timedelta(days=rng.randint(0, 7))
        return _same_day_in(year, upcoming)
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _same_day_in(year: int, day: date) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def _added_at(rng: random.Random, now: datetime, today: date) -> datetime:
    """When they became a WeCom friend: a few this week (the new-friend SOPs), most in the last
    three years, more of them recently."""
    roll = rng.random()
    if roll < 0.02:
        days = rng.choice((1, 3, 7))
    elif roll < 0.06:
        days = rng.randint(0, 30)
    else:
        days = int(rng.triangular(0, 1100, 120))
    local_day = today - timedelta(days=days)
    moment = local_moment(local_day, rng.randint(10, 21), rng.randrange(60))
    return min(moment, now - timedelta(minutes=5))


def local_moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


def _remark(rng: random.Random, family: str, name: str, gender: str, size: str, category: str) -> str:
    """WeCom remarks as guides really write them (`王姐-0512-羽绒服M`, `李先生 老客 喜欢黑色`)."""
    title = "先生" if gender == Gender.male else rng.choice(("姐", "女士", "小姐姐"))
    month_day = f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    shapes = (
        f"{family}{title}-{month_day}-{category}{size}",
        f"{family}{title} 老客 喜欢{rng.choice(COLOURS)}",
        f"{name} {rng.randint(1, 30)}段会员",
        f"{name}-{category}-{size}码",
        name,
    )
    return rng.choice(shapes)


def _tags(rng: random.Random, source: str, size: str | None) -> tuple[tuple[str, str], ...]:
    tags = [("客户等级", LEVELS.pick(rng)), ("来源渠道", source)]
    tags += [("偏好品类", category) for category in rng.sample(CATEGORIES, rng.choice((1, 1, 2, 3)))]
    if size is not None:
        tags.append(("尺码", size))
    if rng.random() < 0.3:
        tags += [("活动", campaign) for campaign in rng.sample(CAMPAIGNS, rng.choice((1, 1, 2)))]
    return tuple(tags)


def draw_customer(rng: random.Random, login: str, number: int, now: datetime, today: date) -> DemoCustomer:
    """The login's n-th demo customer: who they are and how they came; history comes after."""
    family, name, gender = _person(rng)
    source = SOURCES.pick(rng)
    size = SIZES.pick(rng) if rng.random() < 0.8 else None
    tags = _tags(rng, source, size)
    category = next(tag for group, tag in tags if group == "偏好品类")
    personal = tuple(rng.sample(PERSONAL_TAGS, rng.choice((1, 2)))) if rng.random() < 0.2 else ()
    known = CustomerFields(
        name=name,
        phone=_phone(rng),
        wecom_remark=_remark(rng, family, name, gender, size or "M", category),
        birthday=_birthday(rng, today),
        gender=gender,
        source_channel=source,
        consent=rng.random() < 0.9,
        notes=rng.choice(NOTES),
        added_at=_added_at(rng, now, today),
    )
    return DemoCustomer(demo_customer_id(login, number), known, hq_tags=tags, personal_tags=personal)
