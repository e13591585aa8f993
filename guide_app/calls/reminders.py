"""Screen calls about reminders (提醒): which follow-ups and tasks to remind of now, and which were.

A reminder has a key that names what it reminds of and when: a follow-up moved to a new time
reminds again at that time, a task reminds once a day. The keys already shown are kept in a small
file beside the book, so a reminder is never repeated, not even after a restart or a new sign-in.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from guide_app.account.owner_only import write_whole
from guide_app.book import followups, tasks
from guide_app.book.store import Book
from guide_app.timeutil import to_stored

log = logging.getLogger("guide_app.reminders")

REMINDED_FILE = "reminded.json"
# A reminder's key is forgotten this long after it was shown: a follow-up is rarely left open
# longer, and the file stays a few kilobytes.
KEEP_REMINDED = timedelta(days=60)
# A PC switched on after a long weekend holds at most this many follow-ups in one summary.
MOST_FOLLOW_UPS = 500


class ReminderKind(StrEnum):
    follow_up = "follow_up"
    task = "task"


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing to remind of. `target_id` is the customer's id for a follow-up, the task's for a task."""

    key: str
    kind: ReminderKind
    target_id: str
    title: str  # the customer's name, or the task's title
    due_at: datetime


def due_reminders(book: Book, now: datetime, already_reminded: Collection[str]) -> list[Reminder]:
    """Open follow-ups due by `now` and today's unfinished tasks, minus those already reminded;
    follow-ups first (a customer waits), each group most overdue first."""
    today = now.astimezone().date()
    with book.reading() as session:
        due = followups.due(session, now, MOST_FOLLOW_UPS)
        checklist = tasks.todays_checklist(session, today, now)
    found = [
        Reminder(
            f"follow_up:{item.id}:{to_stored(item.due_at)}",
            ReminderKind.follow_up,
            item.customer_id,
            item.customer_name,
            item.due_at,
        )
        for item in due
    ]
    found += [
        Reminder(_task_key(item.task_id, today), ReminderKind.task, item.task_id, item.title, item.due_at)
        for item in checklist
        if item.done < item.target
    ]
    return [reminder for reminder in found if reminder.key not in already_reminded]


def _task_key(task_id: str, day: date) -> str:
    return f"task:{task_id}:{day.isoformat()}"


def reminded_keys(book: Book, now: datetime) -> set[str]:
    """The reminders already shown for this book (within KEEP_REMINDED); none for a damaged file."""
    return set(_read_reminded(_reminded_path(book), now))


def record_reminded(book: Book, keys: Iterable[str], now: datetime) -> None:
    """Remember that these reminders were shown. OSError when the file cannot be written."""
    path = _reminded_path(book)
    kept = _read_reminded(path, now)
    kept.update(dict.fromkeys(keys, to_stored(now)))
    write_whole(path, json.dumps(kept, indent=0))


def _reminded_path(book: Book) -> Path:
    return book.path.with_name(REMINDED_FILE)


def _read_reminded(path: Path, now: datetime) -> dict[str, str]:
    """Key → when it was shown, without those older than KEEP_REMINDED."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("%s is damaged (%s): reminders already shown may show once more", path, error)
        return {}
    if not isinstance(raw, dict):
        log.warning("%s is damaged (not an object): reminders already shown may show once more", path)
        return {}
    oldest = to_stored(now - KEEP_REMINDED)
    # Stored times are fixed-width UTC text, so text order is time order.
    return {key: shown for key, shown in raw.items() if isinstance(shown, str) and shown >= oldest}
