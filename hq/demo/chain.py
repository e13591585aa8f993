"""The demo chain: its regions, stores, accounts, tag groups and settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, timezone

from guide_app.protocol import HqSettings, Role, TagGroupFields

DEMO_PASSWORD = "demo-2026"
ADMIN_LOGIN = "hq.yunying"  # 运营: distinct from the "hq.admin" a real chain is likely to have
CHINA = timezone(timedelta(hours=8), "CST")  # all stores keep Beijing time; China has no daylight saving

# --------------------------------------------------------------------------- organisation


@dataclass(frozen=True)
class DemoStore:
    code: str
    name: str
    city: str
    region: str
    guides: tuple[tuple[str, str], ...]  # (login, display name)


REGIONS = ("华东区", "华南区")
# Rare and polyphonic surnames (曾 单 解 区 覃 查 仇) are here on purpose: they exercise pinyin search.
STORES = (
    DemoStore(
        "SH001",
        "上海南京西路店",
        "上海",
        "华东区",
        (("sh001.wang", "王丽娟"), ("sh001.zeng", "曾小红"), ("sh001.li", "李静")),
    ),
    DemoStore(
        "SH002",
        "上海徐家汇店",
        "上海",
        "华东区",
        (("sh002.zhang", "张伟"), ("sh002.shan", "单文博"), ("sh002.chen", "陈晓燕")),
    ),
    DemoStore(
        "HZ001",
        "杭州湖滨银泰店",
        "杭州",
        "华东区",
        (("hz001.yang", "杨帆"), ("hz001.xie", "解雨晴"), ("hz001.zhou", "周敏")),
    ),
    DemoStore(
        "GZ001",
        "广州天河城店",
        "广州",
        "华南区",
        (("gz001.huang", "黄婷婷"), ("gz001.ou", "区嘉欣"), ("gz001.liu", "刘洋")),
    ),
    DemoStore(
        "SZ001",
        "深圳万象城店",
        "深圳",
        "华南区",
        (("sz001.zhao", "赵磊"), ("sz001.qin", "覃思琪"), ("sz001.wu", "吴佳怡")),
    ),
    DemoStore(
        "XM001",
        "厦门中山路店",
        "厦门",
        "华南区",
        (("xm001.zha", "查婉如"), ("xm001.qiu", "仇海波"), ("xm001.xu", "徐子轩")),
    ),
)
MANAGERS = (("mgr.huadong", "陈建国", "华东区"), ("mgr.huanan", "林志明", "华南区"))
# This month's sales targets in yuan: HQ sets each store's, the region's manager splits it among the
# store's three guides (in STORES order, by seniority) in these percentages.
STORE_TARGETS_YUAN = {
    "SH001": 600_000,
    "SH002": 480_000,
    "HZ001": 420_000,
    "GZ001": 540_000,
    "SZ001": 500_000,
    "XM001": 360_000,
}
GUIDE_TARGET_PERCENT = (40, 32, 28)
ADMIN_NAME = "孙悦"
ROLE_LABELS = {Role.hq_admin: "总部运营", Role.manager: "区域经理", Role.guide: "导购"}

# --------------------------------------------------------------------------- playbook

TAG_GROUPS = (
    TagGroupFields(name="客户等级", single_choice=True, tags=["普通", "银卡", "金卡", "黑金"]),
    TagGroupFields(
        name="偏好品类", tags=["羽绒服", "大衣", "针织衫", "连衣裙", "衬衫", "裤装", "运动休闲", "配饰"]
    ),
    TagGroupFields(name="尺码", single_choice=True, tags=["XS", "S", "M", "L", "XL", "XXL"]),
    TagGroupFields(name="来源渠道", single_choice=True, tags=["门店扫码", "直播", "小程序", "老带新"]),
    TagGroupFields(name="活动", tags=["双11预热", "会员日", "冬季新品", "周末预览会", "年货节", "生日礼遇"]),
)
HQ_SETTINGS = HqSettings(attribution_window_days=7)
