"""Today's tasks: schedules fire on the right days, rules pick the right customers, counts reach HQ."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from guide_app.book.customers import soft_delete
from guide_app.book.models import Outbox, Task, TaskTarget
from guide_app.book.store import Book
from guide_app.book.tags import apply_hq_group, hq_tag_id, tag_customer
from guide_app.book.tasks import (
    TARGET_DAYS_KEPT,
    expand_tasks,
    mark_done,
    mark_skipped,
    mark_undone,
    record_progress,
    todays_checklist,
)
from guide_app.errors import ErrorCode, InvalidInput, NotFound
from guide_app.protocol import EventKind, TaskProgressBody, TaskSource
from tests.support.tasks import put_customer, put_manager_task, put_sop

pytestmark = pytest.mark.usefixtures("shanghai_clock")

SHANGHAI = timezone(timedelta(hours=8))
WEDNESDAY = date(2026, 3, 4)
MORNING = datetime(2026, 3, 4, 9, 0, tzinfo=SHANGHAI)
EVENING = datetime(2026, 3, 4, 20, 0, tzinfo=SHANGHAI)


# --------------------------------------------------------------------------- factories

_sop, _manager_task, _customer = put_sop, put_manager_task, put_customer


def _on_list(book: Book, task_id: str, day: date) -> set[str]:
    with book.reading() as session:
        rows = session.execute(
            select(col(TaskTarget.customer_id)).where(
                col(TaskTarget.task_id) == task_id, col(TaskTarget.day) == day
            )
        )
        return set(rows.scalars())


def _fires(book: Book, task_id: str, day: date) -> bool:
    expand_tasks(book, day, now=MORNING)
    return bool(_on_list(book, task_id, day))


def _progress_events(book: Book) -> list[Outbox]:
    with book.reading() as session:
        query = select(Outbox).where(col(Outbox.kind) == EventKind.task_progress.value)
        return list(session.execute(query.order_by(col(Outbox.created_at))).scalars())


# --------------------------------------------------------------------------- schedules


def test_a_daily_sop_is_on_every_days_list(book: Book) -> None:
    _customer(book, "王姐")
    task_id = _sop(book, {"kind": "daily"})
    assert _fires(book, task_id, WEDNESDAY)
    assert _fires(book, task_id, WEDNESDAY + timedelta(days=1))


def test_a_weekday_sop_fires_only_on_its_weekdays(book: Book) -> None:
    _customer(book, "王姐")
    task_id = _sop(book, {"kind": "weekdays", "weekdays": [1, 3]})  # Monday and Wednesday
    assert _fires(book, task_id, WEDNESDAY)
    assert not _fires(book, task_id, date(2026, 3, 5))
    assert not _fires(book, task_id, date(2026, 3, 8))
    assert _fires(book, task_id, date(2026, 3, 9))


def test_a_fixed_date_sop_fires_on_that_date_only(book: Book) -> None:
    _customer(book, "王姐")
    task_id = _sop(book, {"kind": "fixed_date", "on_date": "2026-03-08"})  # 妇女节
    assert not _fires(book, task_id, date(2026, 3, 7))
    assert _fires(book, task_id, date(2026, 3, 8))
    assert not _fires(book, task_id, date(2027, 3, 8))


def test_days_after_added_counts_days_on_the_guides_calendar(book: Book) -> None:
    # 07:30 on the 2nd in Shanghai is 23:30 on the 1st in UTC; 23:30 on the 1st is the 1st in both.
    early = _customer(book, "早上加的", added_at=datetime(2026, 3, 2, 7, 30, tzinfo=SHANGHAI))
    late = _customer(book, "深夜加的", added_at=datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI))
    task_id = _sop(book, {"kind": "days_after_added", "days": 1})
    expand_tasks(book, date(2026, 3, 2))
    expand_tasks(book, date(2026, 3, 3))
    assert _on_list(book, task_id, date(2026, 3, 2)) == {late}
    assert _on_list(book, task_id, date(2026, 3, 3)) == {early}


def test_a_birthday_sop_reaches_across_the_new_year(book: Book) -> None:
    new_year = _customer(book, "王姐", birthday=date(1988, 1, 2))
    _customer(book, "李四", birthday=date(1990, 12, 25))
    task_id = _sop(book, {"kind": "days_before_birthday", "days": 3})
    assert not _fires(book, task_id, date(2026, 12, 29))
    assert _fires(book, task_id, date(2026, 12, 30))
    assert _on_list(book, task_id, date(2026, 12, 30)) == {new_year}


def test_a_29_february_birthday_is_greeted_on_the_28th_in_common_years(book: Book) -> None:
    leap = _customer(book, "陈静", birthday=date(1992, 2, 29))
    feb_28 = _customer(book, "刘洋", birthday=date(1990, 2, 28))
    task_id = _sop(book, {"kind": "days_before_birthday", "days": 0})
    # Each day looked at as it is laid out: a year later its list is long pruned.
    assert _fires(book, task_id, date(2027, 2, 28))
    assert _on_list(book, task_id, date(2027, 2, 28)) == {leap, feb_28}
    expand_tasks(book, date(2028, 2, 28))
    expand_tasks(book, date(2028, 2, 29))
    assert _on_list(book, task_id, date(2028, 2, 28)) == {feb_28}
    assert _on_list(book, task_id, date(2028, 2, 29)) == {leap}


# --------------------------------------------------------------------------- audience rules


def test_rule_tags_by_name_all_of_any_of_none_of(book: Book) -> None:
    gold_coat = _customer(book, "王姐", tags=("金卡", "外套"))
    gold_coat_live = _customer(book, "李四", tags=("金卡", "外套", "直播"))
    gold_only = _customer(book, "张三", tags=("金卡", "裤子"))
    _customer(book, "刘洋", tags=("外套",))
    all_of = _sop(book, {"kind": "daily"}, {"tags_all": ["金卡", "外套"]})
    any_of = _sop(book, {"kind": "daily"}, {"tags_any": ["外套", "裤子"], "tags_all": ["金卡"]})
    none_of = _sop(book, {"kind": "daily"}, {"tags_all": ["金卡"], "tags_none": ["直播", "没有这个标签"]})
    unknown = _sop(book, {"kind": "daily"}, {"tags_all": ["没有这个标签"]})
    expand_tasks(book, WEDNESDAY)
    assert _on_list(book, all_of, WEDNESDAY) == {gold_coat, gold_coat_live}
    assert _on_list(book, any_of, WEDNESDAY) == {gold_coat, gold_coat_live, gold_only}
    assert _on_list(book, none_of, WEDNESDAY) == {gold_coat, gold_only}
    assert _on_list(book, unknown, WEDNESDAY) == set()


def test_a_tag_name_in_an_hq_group_and_a_personal_one_both_count(book: Book) -> None:
    by_hq = _customer(book, "王姐")
    by_guide = _customer(book, "李四", tags=("外套",))
    group_id = str(uuid.uuid4())
    with book.writing() as session:
        apply_hq_group(session, group_id, "偏好品类", False, ["外套"])
        tag_customer(session, by_hq, hq_tag_id(group_id, "外套"))
    task_id = _sop(book, {"kind": "daily"}, {"tags_all": ["外套"]})
    expand_tasks(book, WEDNESDAY)
    assert _on_list(book, task_id, WEDNESDAY) == {by_hq, by_guide}


def test_rule_by_stage_segment_and_recently_added(book: Book) -> None:
    recent = _customer(book, "王姐", added_at=MORNING - timedelta(days=3), stage="new")
    loyal = _customer(book, "李四", segment="loyal")
    _customer(book, "张三", segment="at_risk", stage="dormant")
    by_stage = _sop(book, {"kind": "daily"}, {"lifecycle_stages": ["new", "active"]})
    by_segment = _sop(book, {"kind": "daily"}, {"rfm_segments": ["loyal", "champions"]})
    by_added = _sop(book, {"kind": "daily"}, {"added_within_days": 7})
    expand_tasks(book, WEDNESDAY, now=MORNING)
    assert _on_list(book, by_stage, WEDNESDAY) == {recent, loyal}
    assert _on_list(book, by_segment, WEDNESDAY) == {loyal}
    assert _on_list(book, by_added, WEDNESDAY) == {recent}


def test_deleted_customers_are_not_put_on_lists(book: Book) -> None:
    kept = _customer(book, "王姐")
    gone = _customer(book, "李四")
    with book.writing() as session:
        soft_delete(session, gone)
    task_id = _sop(book, {"kind": "daily"})
    expand_tasks(book, WEDNESDAY)
    assert _on_list(book, task_id, WEDNESDAY) == {kept}


# --------------------------------------------------------------------------- expanding again


def _rows(book: Book) -> set[tuple[Any, ...]]:
    with book.reading() as session:
        query = select(
            col(TaskTarget.id), col(TaskTarget.task_id), col(TaskTarget.day), col(TaskTarget.customer_id)
        )
        return {tuple(row) for row in session.execute(query)}


def test_expanding_a_day_twice_adds_nothing(book: Book) -> None:
    for name in ("王姐", "李四"):
        _customer(book, name)
    greeting = _sop(book, {"kind": "daily"})
    reminder = _sop(book, {"kind": "daily"}, title="会员日提醒")
    first = expand_tasks(book, WEDNESDAY)
    rows = _rows(book)
    second = expand_tasks(book, WEDNESDAY)
    assert first.targets_added == {greeting: 2, reminder: 2}
    assert second.targets_added == {greeting: 0, reminder: 0}
    assert _rows(book) == rows
    expand_tasks(book, WEDNESDAY + timedelta(days=1))
    assert len(_rows(book)) == 8  # each template has its own rows each day


def test_a_customer_added_later_the_same_day_joins_on_the_next_expansion(book: Book) -> None:
    _customer(book, "王姐")
    task_id = _sop(book, {"kind": "days_after_added", "days": 0})
    expand_tasks(book, WEDNESDAY)
    assert _on_list(book, task_id, WEDNESDAY) == set()
    walk_in = _customer(book, "扫码新客", added_at=MORNING)
    rows = _rows(book)
    report = expand_tasks(book, WEDNESDAY)
    evening_walk_in = _customer(book, "晚上新客", added_at=EVENING)
    expand_tasks(book, WEDNESDAY)
    assert report.targets_added == {task_id: 1}
    assert _on_list(book, task_id, WEDNESDAY) == {walk_in, evening_walk_in}
    assert rows < _rows(book)


def test_a_task_hq_described_badly_is_reported_and_the_others_still_expand(book: Book) -> None:
    _customer(book, "王姐")
    good = _sop(book, {"kind": "daily"})
    bad = _sop(book, {"kind": "weekdays"})  # weekdays missing
    report = expand_tasks(book, WEDNESDAY)
    assert report.targets_added == {good: 1}
    assert "weekdays" in report.unreadable[bad]


# --------------------------------------------------------------------------- manager tasks


def test_a_manager_task_with_a_rule_is_on_each_days_list_until_due(book: Book) -> None:
    reached = _customer(book, "王姐", tags=("金卡",))
    waiting = _customer(book, "李四", tags=("金卡",))
    due_friday = datetime(2026, 3, 6, 18, 0, tzinfo=SHANGHAI)
    task_id = _manager_task(book, due_friday, rule={"tags_all": ["金卡"]})
    expand_tasks(book, WEDNESDAY)
    mark_done(book, task_id, WEDNESDAY, reached)
    for day in (date(2026, 3, 5), date(2026, 3, 6), date(2026, 3, 7)):
        expand_tasks(book, day)
    assert _on_list(book, task_id, WEDNESDAY) == {reached, waiting}
    assert _on_list(book, task_id, date(2026, 3, 5)) == {waiting}  # reached once is enough
    assert _on_list(book, task_id, date(2026, 3, 6)) == {waiting}
    assert _on_list(book, task_id, date(2026, 3, 7)) == set()  # past due


def test_a_cancelled_manager_task_lays_nothing_out(book: Book) -> None:
    _customer(book, "王姐")
    task_id = _manager_task(book, EVENING, rule={})
    with book.writing() as session:
        task = session.get(Task, task_id)
        assert task is not None
        task.data = {**task.data, "cancelled": True}
    expand_tasks(book, WEDNESDAY)
    assert _on_list(book, task_id, WEDNESDAY) == set()


def test_a_manager_goal_without_rule_is_counted_by_hand(book: Book) -> None:
    _customer(book, "王姐")
    task_id = _manager_task(book, datetime(2026, 3, 6, 18, 0, tzinfo=SHANGHAI), target_count=30)
    report = expand_tasks(book, WEDNESDAY)
    assert report.goals == [task_id] and report.total_added == 0
    record_progress(book, task_id, 12, now=MORNING)
    with book.reading() as session:
        [item] = todays_checklist(session, WEDNESDAY, now=MORNING)
    assert (item.source, item.done, item.target, item.per_customer) == (TaskSource.manager, 12, 30, False)
    [event] = _progress_events(book)
    body = TaskProgressBody.model_validate(event.body)
    assert (body.source, body.day, body.done, body.target) == (TaskSource.manager, None, 12, 30)


def test_only_a_goal_without_rule_takes_a_count_by_hand(book: Book) -> None:
    sop = _sop(book, {"kind": "daily"})
    ruled = _manager_task(book, EVENING, rule={"tags_all": ["金卡"]})
    goal = _manager_task(book, EVENING)
    for task_id in (sop, ruled):
        with pytest.raises(InvalidInput):
            record_progress(book, task_id, 3)
    with pytest.raises(InvalidInput):
        record_progress(book, goal, -1)
    with pytest.raises(NotFound):
        record_progress(book, str(uuid.uuid4()), 3)
    assert _progress_events(book) == []


# --------------------------------------------------------------------------- checklist and progress


def test_checklist_shows_each_task_with_counts_and_local_due_time(book: Book) -> None:
    customers = [_customer(book, name) for name in ("王姐", "李四", "张三")]
    task_id = _sop(book, {"kind": "daily"})
    _sop(book, {"kind": "daily"}, {"tags_all": ["没有这个标签"]}, title="没人匹配")
    expand_tasks(book, WEDNESDAY)
    mark_done(book, task_id, WEDNESDAY, customers[0])
    with book.reading() as session:
        [morning] = todays_checklist(session, WEDNESDAY, now=MORNING)
        [evening] = todays_checklist(session, WEDNESDAY, now=EVENING)
    assert (morning.title, morning.source, morning.instructions) == (
        "新客问候",
        TaskSource.sop,
        "发送欢迎话术",
    )
    assert morning.due_at == datetime(2026, 3, 4, 18, 0, tzinfo=SHANGHAI)
    assert (morning.done, morning.target, morning.overdue) == (1, 3, False)
    assert evening.overdue


def test_a_skipped_customer_leaves_the_target_with_the_reason_kept(book: Book) -> None:
    customers = [_customer(book, name) for name in ("王姐", "李四", "张三")]
    task_id = _sop(book, {"kind": "daily"})
    expand_tasks(book, WEDNESDAY)
    mark_done(book, task_id, WEDNESDAY, customers[0], now=MORNING)
    mark_skipped(book, task_id, WEDNESDAY, customers[1], " 已流失 ", now=MORNING)
    with book.reading() as session:
        [item] = todays_checklist(session, WEDNESDAY, now=MORNING)
        row = session.execute(
            select(TaskTarget).where(col(TaskTarget.customer_id) == customers[1])
        ).scalar_one()
    assert (item.done, item.target) == (1, 2)
    assert (row.skip_reason, row.done_at) == ("已流失", None) and row.skipped_at is not None
    assert (_progress_events(book)[-1].body["done"], _progress_events(book)[-1].body["target"]) == (1, 2)
    mark_done(book, task_id, WEDNESDAY, customers[1], now=MORNING)  # changed their mind: done after all
    with book.reading() as session:
        [item] = todays_checklist(session, WEDNESDAY, now=MORNING)
    assert (item.done, item.target) == (2, 3)


def test_a_skip_without_a_reason_is_refused_and_changes_nothing(book: Book) -> None:
    wang = _customer(book, "王姐")
    task_id = _sop(book, {"kind": "daily"})
    expand_tasks(book, WEDNESDAY)
    with pytest.raises(InvalidInput) as refused:
        mark_skipped(book, task_id, WEDNESDAY, wang, "   ")
    assert refused.value.code is ErrorCode.skip_reason_missing
    assert _progress_events(book) == []


def test_a_manager_task_does_not_ask_again_for_a_customer_skipped_earlier(book: Book) -> None:
    wang, li = _customer(book, "王姐"), _customer(book, "李四")
    task_id = _manager_task(book, datetime(2026, 3, 8, 18, 0, tzinfo=SHANGHAI), {"tags_all": []})
    expand_tasks(book, WEDNESDAY)
    mark_skipped(book, task_id, WEDNESDAY, wang, "不方便打扰")
    expand_tasks(book, WEDNESDAY + timedelta(days=1))
    assert _on_list(book, task_id, WEDNESDAY + timedelta(days=1)) == {li}


def test_a_customer_deleted_after_the_list_was_made_no_longer_counts(book: Book) -> None:
    customers = [_customer(book, name) for name in ("王姐", "李四")]
    task_id = _sop(book, {"kind": "daily"})
    expand_tasks(book, WEDNESDAY)
    with book.writing() as session:
        soft_delete(session, customers[1])
    mark_done(book, task_id, WEDNESDAY, customers[0])
    with book.reading() as session:
        [item] = todays_checklist(session, WEDNESDAY, now=MORNING)
    assert (item.done, item.target) == (1, 1)
    assert _progress_events(book)[0].body["target"] == 1


def test_marking_done_queues_one_pending_count_per_task_and_day(book: Book) -> None:
    customers = [_customer(book, name) for name in ("王姐", "李四", "张三")]
    task_id = _sop(book, {"kind": "daily"})
    expand_tasks(book, WEDNESDAY)
    mark_done(book, task_id, WEDNESDAY, customers[0], now=MORNING)
    mark_done(book, task_id, WEDNESDAY, customers[1], now=MORNING + timedelta(minutes=5))
    mark_done(book, task_id, WEDNESDAY, customers[1], now=MORNING + timedelta(minutes=6))  # again
    mark_undone(book, task_id, WEDNESDAY, customers[0], now=MORNING + timedelta(minutes=7))
    [event] = _progress_events(book)
    body = TaskProgressBody.model_validate(event.body)
    assert event.status == "pending"
    assert (str(body.task_id), body.day, body.done, body.target) == (task_id, WEDNESDAY, 1, 3)
    assert body.as_of == MORNING + timedelta(minutes=7)


def test_a_changed_count_waiting_to_upload_gets_a_new_event_id(book: Book) -> None:
    """An event may be on its way to HQ when the count changes; HQ refuses a known id with a new
    body, so the newer count must travel under a new id."""
    customers = [_customer(book, name) for name in ("王姐", "李四")]
    task_id = _sop(book, {"kind": "daily"})
    expand_tasks(book, WEDNESDAY)
    mark_done(book, task_id, WEDNESDAY, customers[0])
    [sent] = _progress_events(book)
    mark_done(book, task_id, WEDNESDAY, customers[1])
    [waiting] = _progress_events(book)
    assert waiting.id != sent.id and waiting.body["done"] == 2


def test_after_hq_accepts_a_count_the_next_change_is_a_new_event(book: Book) -> None:
    customers = [_customer(book, name) for name in ("王姐", "李四")]
    task_id = _sop(book, {"kind": "daily"})
    expand_tasks(book, WEDNESDAY)
    mark_done(book, task_id, WEDNESDAY, customers[0])
    with book.writing() as session:
        for event in session.execute(select(Outbox)).scalars():
            event.status = "accepted"
    mark_done(book, task_id, WEDNESDAY, customers[1])
    accepted, pending = _progress_events(book)
    assert (accepted.status, accepted.body["done"]) == ("accepted", 1)
    assert (pending.status, pending.body["done"]) == ("pending", 2)


def test_other_days_counts_travel_separately(book: Book) -> None:
    customer_id = _customer(book, "王姐")
    task_id = _sop(book, {"kind": "daily"})
    thursday = WEDNESDAY + timedelta(days=1)
    for day in (WEDNESDAY, thursday):
        expand_tasks(book, day)
        mark_done(book, task_id, day, customer_id)
    assert sorted(event.body["day"] for event in _progress_events(book)) == ["2026-03-04", "2026-03-05"]


def test_ticking_a_customer_who_is_not_on_the_list_is_refused(book: Book) -> None:
    customer_id = _customer(book, "王姐")
    task_id = _sop(book, {"kind": "fixed_date", "on_date": "2026-03-08"})
    expand_tasks(book, WEDNESDAY)
    with pytest.raises(NotFound):
        mark_done(book, task_id, WEDNESDAY, customer_id)
    assert _progress_events(book) == []


def test_a_task_hq_sent_unreadable_does_not_hide_the_others(book: Book) -> None:
    _customer(book, "王姐")
    good = _sop(book, {"kind": "daily"}, title="每日问候")
    bad = _sop(book, {"kind": "daily"}, title="坏数据")
    with book.writing() as session:
        task = session.get(Task, bad)
        assert task is not None
        task.data = {**task.data, "due_time": "18点"}
    expand_tasks(book, WEDNESDAY)
    with book.reading() as session:
        assert [item.task_id for item in todays_checklist(session, WEDNESDAY)] == [good]


def test_a_retired_hq_tag_group_no_longer_selects_customers(book: Book) -> None:
    from guide_app.book.tags import apply_hq_group, hq_tag_id, retire_hq_group

    customer = _customer(book, "李先生")
    with book.writing() as session:
        apply_hq_group(session, "level", "客户等级", True, ["金卡"])
        tag_customer(session, customer, hq_tag_id("level", "金卡"))
        retire_hq_group(session, "level")
    task_id = _sop(book, {"kind": "daily"}, rule={"tags_any": ["金卡"]})
    assert not _fires(book, task_id, WEDNESDAY)


def test_lists_older_than_five_weeks_are_pruned_when_the_day_is_laid_out(book: Book) -> None:
    for name in ("王姐", "李哥", "赵姐"):
        _customer(book, name)
    task_id = _sop(book, {"kind": "daily"})
    old, kept = WEDNESDAY - timedelta(days=TARGET_DAYS_KEPT + 1), WEDNESDAY - timedelta(days=TARGET_DAYS_KEPT)
    for day in (old, kept):
        expand_tasks(book, day, now=MORNING)
    assert len(_on_list(book, task_id, old)) == 3
    report = expand_tasks(book, WEDNESDAY, now=MORNING)
    assert report.targets_pruned == 3
    assert _on_list(book, task_id, old) == set()
    assert len(_on_list(book, task_id, kept)) == 3 and len(_on_list(book, task_id, WEDNESDAY)) == 3
