"""Screen calls about today's tasks (今日任务): the checklist, a task's customers, ticking them off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlmodel import col

from guide_app.book import tasks
from guide_app.book.models import Customer, TaskTarget
from guide_app.book.store import Book
from guide_app.book.tasks import ChecklistItem, ExpansionReport
from guide_app.changes import NOTHING, Area, ChangeNotice, Outcome
from guide_app.jobs import CancelToken, ProgressSink


@dataclass(frozen=True, slots=True)
class TaskCustomer:
    """One customer on a task's list for the day."""

    customer_id: str
    name: str
    wecom_remark: str
    done_at: datetime | None
    skipped_at: datetime | None = None
    skip_reason: str = ""

    @property
    def open(self) -> bool:
        return self.done_at is None and self.skipped_at is None


def lay_out_day(
    book: Book, day: date, progress: ProgressSink | None = None, cancel: CancelToken | None = None
) -> Outcome[ExpansionReport]:
    """Put the day's matching customers on each task's list (safe to repeat). A sync does this
    after its pull; Today does it too, so an offline PC left on overnight still gets its new day."""
    report = tasks.expand_tasks(book, day, progress=progress, cancel=cancel)
    changed = report.total_added > 0 or report.targets_pruned > 0
    return Outcome(report, ChangeNotice.of(Area.tasks) if changed else NOTHING)


def todays_checklist(book: Book, day: date, now: datetime | None = None) -> list[ChecklistItem]:
    """The day's tasks with their counts: overdue first, then by due time."""
    with book.reading() as session:
        return tasks.todays_checklist(session, day, now)


def task_customers(book: Book, task_id: str, day: date, limit: int = 1000) -> list[TaskCustomer]:
    """The customers a task asks about on `day` (a manager task lists each customer once, on
    the day they were laid out), open ones first, then by name."""
    handled = or_(col(TaskTarget.done_at).is_not(None), col(TaskTarget.skipped_at).is_not(None))
    query = (
        select(
            col(Customer.id),
            col(Customer.name),
            col(Customer.wecom_remark),
            col(TaskTarget.done_at),
            col(TaskTarget.skipped_at),
            col(TaskTarget.skip_reason),
        )
        .join(TaskTarget, col(TaskTarget.customer_id) == col(Customer.id))
        .where(
            col(TaskTarget.task_id) == task_id,
            col(TaskTarget.day) == day,
            col(Customer.deleted_at).is_(None),
        )
        .order_by(handled, col(Customer.name_pinyin), col(Customer.id))
        .limit(limit)
    )
    with book.reading() as session:
        return [TaskCustomer(*row) for row in session.execute(query)]


def set_task_customer_done(
    book: Book, task_id: str, day: date, customer_id: str, done: bool = True
) -> Outcome[None]:
    """Tick a customer off (or back on) a task's list; HQ's count is queued in the same commit."""
    if done:
        tasks.mark_done(book, task_id, day, customer_id)
    else:
        tasks.mark_undone(book, task_id, day, customer_id)
    return Outcome(None, ChangeNotice.of(Area.tasks, Area.outbox, customers=[customer_id]))


def skip_task_customer(book: Book, task_id: str, day: date, customer_id: str, reason: str) -> Outcome[None]:
    """Take a customer off a task's list for the day with a reason; ticking them done (or undone)
    later ends the skip."""
    tasks.mark_skipped(book, task_id, day, customer_id, reason)
    return Outcome(None, ChangeNotice.of(Area.tasks, Area.outbox, customers=[customer_id]))


def record_goal_progress(book: Book, task_id: str, done: int) -> Outcome[None]:
    """How much of a manager's goal without customers ("share 30 posters") is done."""
    tasks.record_progress(book, task_id, done)
    return Outcome(None, ChangeNotice.of(Area.tasks, Area.outbox))
