"""The national chain of the morning-sync benchmark: its shape, names, logins and derived tokens.

Everything is a pure function of the shape and an account's number, so the seeder, the overnight
publisher and the load generator agree without passing 370,000 rows between them.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from functools import cached_property

from hq.core.security import token_digest

FULL_GUIDES, FULL_STORES, FULL_REGIONS = 370_000, 20_000, 300
ADMIN_ID = 1
BENCH_NAMESPACE = uuid.UUID("6f1c2a52-8a57-4b0e-9a35-3c1d0e7b5a11")

SURNAMES = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"),
    ("罗", "luo"), ("高", "gao"), ("曾", "zeng"), ("单", "shan"), ("解", "xie"), ("仇", "qiu"),
    ("覃", "qin"), ("区", "ou"), ("查", "zha"),
)  # fmt: skip
GIVEN = (
    "丽娟", "小红", "静", "伟", "文博", "晓燕", "帆", "雨晴", "敏", "婷婷", "嘉欣", "洋", "磊",
    "思琪", "佳怡", "婉如", "海波", "子轩", "芳", "娜", "秀英", "强", "军", "杰", "欣怡", "梓涵",
    "雪", "慧", "建华", "玉兰",
)  # fmt: skip
CITIES = (
    ("上海", "SH"), ("北京", "BJ"), ("广州", "GZ"), ("深圳", "SZ"), ("杭州", "HZ"), ("南京", "NJ"),
    ("成都", "CD"), ("重庆", "CQ"), ("武汉", "WH"), ("西安", "XA"), ("苏州", "SU"), ("天津", "TJ"),
    ("长沙", "CS"), ("郑州", "ZZ"), ("青岛", "QD"), ("厦门", "XM"), ("宁波", "NB"), ("合肥", "HF"),
    ("福州", "FZ"), ("昆明", "KM"), ("沈阳", "SY"), ("大连", "DL"), ("济南", "JN"), ("南宁", "NN"),
)  # fmt: skip
AREAS = ("华东", "华南", "华北", "华中", "西南", "西北", "东北")
MALLS = (
    "万达广场",
    "银泰",
    "万象城",
    "大悦城",
    "吾悦广场",
    "龙湖天街",
    "百联",
    "凯德广场",
    "步行街",
    "来福士",
)


@dataclass(frozen=True)
class Guide:
    """One guide as the load generator needs them: who, where, and the token their PC holds."""

    id: int
    number: int  # 0-based among the guides
    store_id: int
    region_id: int

    @property
    def token(self) -> str:
        return account_token(self.id)


@dataclass(frozen=True)
class Chain:
    """Regions 1..R, stores 1..S in contiguous blocks per region, guides in contiguous blocks per
    store; account 1 is HQ's admin, accounts 2..R+1 the region managers, then the guides."""

    guides: int = FULL_GUIDES
    stores: int = FULL_STORES
    regions: int = FULL_REGIONS

    @classmethod
    def scaled(cls, guides: int) -> Chain:
        """A smaller chain with the full chain's proportions (18.5 guides a store, 67 stores a region)."""
        stores = max(1, round(guides * FULL_STORES / FULL_GUIDES))
        regions = max(1, min(stores, round(guides * FULL_REGIONS / FULL_GUIDES)))
        return cls(guides=guides, stores=stores, regions=regions)

    def region_of_store(self, store_id: int) -> int:
        return (store_id - 1) * self.regions // self.stores + 1

    def store_of_guide(self, number: int) -> int:
        return number * self.stores // self.guides + 1

    def manager_id(self, region_id: int) -> int:
        return region_id + 1

    @property
    def first_guide_id(self) -> int:
        return self.regions + 2

    def guide(self, number: int) -> Guide:
        store_id = self.store_of_guide(number)
        return Guide(self.first_guide_id + number, number, store_id, self.region_of_store(store_id))

    @cached_property
    def stores_by_region(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for store_id in range(1, self.stores + 1):
            found.setdefault(self.region_of_store(store_id), []).append(store_id)
        return found

    def tasked_stores(self) -> dict[int, list[int]]:
        """The tenth of the stores that get a manager task overnight, by region."""
        chosen: dict[int, list[int]] = {}
        for region_id, store_ids in self.stores_by_region.items():
            picked = [store_id for store_id in store_ids if store_id % 10 == 0]
            if picked:
                chosen[region_id] = picked
        return chosen


def account_token(account_id: int) -> str:
    """The bearer token account `account_id`'s PC holds: derived, so nobody has to keep 370k of them."""
    return base64.urlsafe_b64encode(hashlib.sha256(f"morning-bench:{account_id}".encode()).digest()).decode()


def account_digest(account_id: int) -> str:
    return token_digest(account_token(account_id))


def bench_uuid(kind: str, number: int) -> str:
    return str(uuid.uuid5(BENCH_NAMESPACE, f"{kind}:{number}"))


def region_name(region_id: int) -> str:
    return f"{AREAS[(region_id - 1) % len(AREAS)]}{(region_id - 1) // len(AREAS) + 1:02d}区"


def store_code(store_id: int) -> str:
    return f"{CITIES[store_id % len(CITIES)][1]}{store_id:05d}"


def store_name(store_id: int) -> str:
    city = CITIES[store_id % len(CITIES)][0]
    return f"{city}{MALLS[(store_id // len(CITIES)) % len(MALLS)]}{store_id}号店"


def store_city(store_id: int) -> str:
    return CITIES[store_id % len(CITIES)][0]


def person_name(account_id: int) -> tuple[str, str]:
    """(display name, pinyin of the surname): spread over common and rare surnames."""
    surname, pinyin = SURNAMES[(account_id * 7) % len(SURNAMES)]
    return surname + GIVEN[(account_id * 13) % len(GIVEN)], pinyin


def guide_login(chain: Chain, number: int) -> str:
    store_id = chain.store_of_guide(number)
    _name, pinyin = person_name(chain.first_guide_id + number)
    return f"{store_code(store_id).lower()}.{pinyin}{number}"


def manager_login(region_id: int) -> str:
    return f"mgr.r{region_id:03d}.{person_name(region_id + 1)[1]}"
