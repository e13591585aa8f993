"""The demo playbook: SOP templates and managers' tasks, dated against the seeding day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from guide_app.protocol import AudienceRule, LifecycleStage, RfmSegment, Schedule, ScheduleKind
from hq.demo.chain import ADMIN_LOGIN, REGIONS

# --------------------------------------------------------------------------- SOP templates


def next_month_day(month: int, day: int) -> Callable[[date], date]:
    """The next such calendar day on or after the seeding day."""

    def on_or_after(today: date) -> date:
        this_year = date(today.year, month, day)
        return this_year if this_year >= today else date(today.year + 1, month, day)

    return on_or_after


def next_weekday(iso_weekday: int) -> Callable[[date], date]:
    """The next such weekday (1 = Monday) on or after the seeding day."""
    return lambda today: today + timedelta(days=(iso_weekday - today.isoweekday()) % 7)


@dataclass(frozen=True)
class DemoSop:
    """An SOP; a fixed-date one names its day by a rule, resolved against the seeding day."""

    title: str
    instructions: str
    schedule: Schedule | Callable[[date], date]
    rule: AudienceRule
    content_keys: tuple[str, ...]
    due_time: str  # the store's local time of day, "HH:MM"
    regions: tuple[str, ...] = ()
    stores: tuple[str, ...] = ()


MEMBERS = ["银卡", "金卡", "黑金"]
SOPS = (
    DemoSop(
        "每日问候新好友",
        "给昨天新加的好友发欢迎语和会员权益，问一句常穿尺码并打上尺码标签。",
        Schedule(kind=ScheduleKind.daily),
        AudienceRule(added_within_days=1, lifecycle_stages=[LifecycleStage.new]),
        ("script.welcome", "link.member"),
        "18:00",
    ),
    DemoSop(
        "每日唤醒沉睡客户",
        "每天挑沉睡和流失风险的客户发一条新品消息，附一张新品海报；客户回复后记一条跟进。",
        Schedule(kind=ScheduleKind.daily),
        AudienceRule(lifecycle_stages=[LifecycleStage.dormant], rfm_segments=[RfmSegment.at_risk]),
        ("script.wake.dormant", "poster.winter.goose"),
        "17:00",
    ),
    DemoSop(
        "会员日提醒（周二、周四）",
        "会员日当天上午提醒银卡及以上会员，发会员日海报和邀约话术。",
        Schedule(kind=ScheduleKind.weekdays, weekdays=[2, 4]),
        AudienceRule(tags_any=MEMBERS),
        ("poster.member.points", "script.member.day"),
        "11:00",
    ),
    DemoSop(
        "周末到店邀约",
        "周六、周日中午邀约潜力客户和忠诚客户到店试穿新品。",
        Schedule(kind=ScheduleKind.weekdays, weekdays=[6, 7]),
        AudienceRule(rfm_segments=[RfmSegment.potential, RfmSegment.loyal], tags_none=["普通"]),
        ("poster.winter.knit", "image.look.commute"),
        "12:00",
    ),
    DemoSop(
        "双11预热：开售前一天提醒",
        "提醒已付定金和打了“双11预热”标签的客户明晚8点付尾款，附满减攻略。",
        next_month_day(11, 10),
        AudienceRule(tags_any=["双11预热"], rfm_segments=[RfmSegment.champions, RfmSegment.loyal]),
        ("poster.d11.rules", "script.d11.rules"),
        "19:00",
    ),
    DemoSop(
        "周末预览会当天：提醒已预约的客户",
        "预览会当天上午再提醒一次已预约的客户，告诉他们到店时间和到场礼。",
        next_weekday(6),
        AudienceRule(tags_all=["周末预览会"]),
        ("poster.preview.sh001",),
        "10:00",
        stores=("SH001",),
    ),
    DemoSop(
        "加好友第3天回访",
        "问问客户买的衣服合不合身，顺带发洗护提醒；有改衣或换码需求记跟进。",
        Schedule(kind=ScheduleKind.days_after_added, days=3),
        AudienceRule(lifecycle_stages=[LifecycleStage.new]),
        ("script.followup.fit", "script.care.down"),
        "18:00",
    ),
    DemoSop(
        "加好友第7天邀约到店",
        "新客第一周还没回店的，邀约到店试穿新品，提一句新客礼30天内有效。",
        Schedule(kind=ScheduleKind.days_after_added, days=7),
        AudienceRule(lifecycle_stages=[LifecycleStage.new], tags_none=["黑金"]),
        ("poster.winter.knit", "link.mall"),
        "18:30",
    ),
    DemoSop(
        "生日前3天祝福",
        "生日前3天发祝福和生日礼遇海报，金卡、黑金会员提醒100元券已到账。",
        Schedule(kind=ScheduleKind.days_before_birthday, days=3),
        AudienceRule(),
        ("script.birthday", "poster.birthday"),
        "10:00",
    ),
    DemoSop(
        "华南区：回南天保养提醒（每周三）",
        "回南天期间每周三提醒近期买过大衣、针织衫的客户注意防潮。",
        Schedule(kind=ScheduleKind.weekdays, weekdays=[3]),
        AudienceRule(tags_any=["大衣", "针织衫", "羽绒服"]),
        ("script.south.humid",),
        "15:00",
        regions=("华南区",),
    ),
)

# --------------------------------------------------------------------------- manager tasks


@dataclass(frozen=True)
class DemoTask:
    creator: str
    title: str
    instructions: str
    due_in_days: int
    target_count: int
    content_keys: tuple[str, ...]
    rule: AudienceRule | None = None
    stores: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


TASKS = (
    DemoTask(
        "mgr.huadong",
        "邀约前30位老客参加周末预览会",
        "每位导购从金卡、黑金和忠诚客户里邀约30位，确认到店时间后在跟进里记下。",
        4,
        30,
        ("poster.preview.sh001", "script.preview.invite"),
        AudienceRule(tags_any=["金卡", "黑金"], rfm_segments=[RfmSegment.champions, RfmSegment.loyal]),
        stores=("SH001", "SH002"),
    ),
    DemoTask(
        "mgr.huadong",
        "冬季新品羽绒服：推给偏好羽绒服的客户",
        "把长款白鹅绒海报发给偏好羽绒服的客户，每人至少20位，问到尺码的记在备注里。",
        2,
        20,
        ("poster.winter.goose", "product.DJ-W2302"),
        AudienceRule(tags_all=["羽绒服"]),
        stores=("HZ001",),
    ),
    DemoTask(
        "mgr.huanan",
        "会员日邀约银卡以上客户到店",
        "周四会员日前，邀约25位银卡及以上会员到店，附会员日海报。",
        3,
        25,
        ("poster.member.points", "script.member.day"),
        AudienceRule(tags_any=MEMBERS),
        regions=("华南区",),
    ),
    DemoTask(
        "mgr.huanan",
        "回南天保养提醒：近90天购买客户",
        "给近90天买过大衣、针织衫的客户发回南天保养提醒，至少15位。",
        2,
        15,
        ("script.south.humid",),
        AudienceRule(tags_any=["大衣", "针织衫"]),
        stores=("GZ001", "SZ001"),
    ),
    DemoTask(
        ADMIN_LOGIN,
        "双11预热：每位导购预约50位客户",
        "全国导购统一动作：发双11预热海报和定金说明，客户确认参与后打上“双11预热”标签。",
        6,
        50,
        ("poster.d11.down", "poster.d11.rules", "script.d11.rules"),
        AudienceRule(tags_none=["双11预热"]),
        regions=REGIONS,
    ),
)
