"""Reminders: a due follow-up and today's open tasks remind once, never again, even after a restart."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from guide_app.book.followups import FollowUpKind
from guide_app.book.store import Book
from guide_app.book.tasks import expand_tasks, mark_done
from guide_app.calls.followups import plan_follow_up, reschedule_follow_up
from guide_app.calls.reminders import (
    KEEP_REMINDED,
    REMINDED_FILE,
    ReminderKind,
    due_reminders,
    record_reminded,
    reminded_keys,
)
from tests.support.tasks import put_customer, put_sop

pytestmark = pytest.mark.usefixtures("shanghai_clock")

NOW = datetime.fromisoformat("2026-03-04T10:30:00+08:00")


def _remind_and_record(book: Book, now: datetime) -> list[str]:
    found = due_reminders(book, now, reminded_keys(book, now))
    record_reminded(book, [reminder.key for reminder in found], now)
    return [reminder.title for reminder in found]


def test_a_follow_up_due_now_is_reminded_once_even_after_a_restart(book: Book) -> None:
    wang = put_customer(book, "王姐")
    plan_follow_up(book, wang, NOW - timedelta(minutes=1), FollowUpKind.call)
    put_customer(book, "李四")
    [reminder] = due_reminders(book, NOW, set())
    assert (reminder.kind, reminder.target_id, reminder.title) == (ReminderKind.follow_up, wang, "王姐")
    assert _remind_and_record(book, NOW) == ["王姐"]
    assert _remind_and_record(book, NOW + timedelta(minutes=1)) == []
    assert reminded_keys(book, NOW) == {reminder.key}  # kept in the file beside the book


def test_a_follow_up_not_yet_due_waits_for_its_time(book: Book) -> None:
    plan_follow_up(book, put_customer(book, "王姐"), NOW + timedelta(minutes=5), FollowUpKind.message)
    assert _remind_and_record(book, NOW) == []
    assert _remind_and_record(book, NOW + timedelta(minutes=5)) == ["王姐"]


def test_a_follow_up_moved_to_a_later_time_reminds_again_then(book: Book) -> None:
    follow_up_id = plan_follow_up(book, put_customer(book, "王姐"), NOW, FollowUpKind.call).value
    assert _remind_and_record(book, NOW) == ["王姐"]
    reschedule_follow_up(book, follow_up_id, NOW + timedelta(hours=2), now=NOW)
    assert _remind_and_record(book, NOW + timedelta(hours=1)) == []
    assert _remind_and_record(book, NOW + timedelta(hours=2)) == ["王姐"]


def test_todays_open_tasks_remind_once_a_day_and_a_finished_one_not_at_all(book: Book) -> None:
    wang = put_customer(book, "王姐")
    greeting = put_sop(book, {"kind": "daily"}, title="新客问候")
    put_sop(book, {"kind": "daily"}, title="会员日邀约")
    today = NOW.date()
    expand_tasks(book, today)
    mark_done(book, greeting, today, wang)
    found = due_reminders(book, NOW, set())
    assert [(reminder.kind, reminder.title) for reminder in found] == [(ReminderKind.task, "会员日邀约")]
    assert _remind_and_record(book, NOW) == ["会员日邀约"]
    assert _remind_and_record(book, NOW + timedelta(hours=3)) == []
    tomorrow = NOW + timedelta(days=1)
    expand_tasks(book, tomorrow.date())
    assert sorted(_remind_and_record(book, tomorrow)) == ["会员日邀约", "新客问候"]


def test_follow_ups_come_before_tasks(book: Book) -> None:
    put_sop(book, {"kind": "daily"}, title="新客问候")
    wang = put_customer(book, "王姐")
    expand_tasks(book, NOW.date())
    plan_follow_up(book, wang, NOW, FollowUpKind.call)
    assert [reminder.kind for reminder in due_reminders(book, NOW, set())] == [
        ReminderKind.follow_up,
        ReminderKind.task,
    ]


def test_old_reminded_keys_are_forgotten_and_a_damaged_file_is_read_as_none(book: Book) -> None:
    record_reminded(book, ["follow_up:old"], NOW - KEEP_REMINDED - timedelta(days=1))
    record_reminded(book, ["follow_up:new"], NOW)
    assert reminded_keys(book, NOW) == {"follow_up:new"}
    book.path.with_name(REMINDED_FILE).write_text("{not json")
    assert reminded_keys(book, NOW) == set()
    record_reminded(book, ["follow_up:again"], NOW)
    assert reminded_keys(book, NOW) == {"follow_up:again"}
