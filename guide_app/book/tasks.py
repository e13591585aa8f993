"""Today's tasks (今日任务): SOP templates and manager tasks laid out over the guide's own customers."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Select, delete, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.birthdays import birthday_celebrated_on
from guide_app.book.models import Customer, CustomerTag, Outbox, Task, TaskTarget
from guide_app.book.outbox import OutboxStatus
from guide_app.book.store import Book
from guide_app.book.tags import tag_ids_by_name
from guide_app.errors import ErrorCode, InvalidInput, NotFound
from guide_app.ids import new_ids
from guide_app.jobs import CancelToken, Phase, ProgressSink, control
from guide_app.protocol import (
    AudienceRule,
    EventKind,
    Schedule,
    ScheduleKind,
    SopPublic,
    TaskProgressBody,
    TaskPublic,
    TaskSource,
)
from guide_app.timeutil import local_midnight, utcnow

MAX_COUNT = 1_000_000  # TaskProgressBody's limit for done and target
TARGET_DAYS_KEPT = 35  # five weeks of per-customer lists: this month's and last week's review
PRUNE_CHUNK = 20_000
MAX_SKIP_REASON = 200  # the column's size
TASKS_PER_COMMIT = 100  # a commit is an fsync (synchronous=FULL): a chunk of tasks shares one

_customer = Customer.__table__  # type: ignore[attr-defined]
_customer_tag = CustomerTag.__table__  # type: ignore[attr-defined]
_target = TaskTarget.__table__  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- laying tasks out


@dataclass
class ExpansionReport:
    day: date
    targets_added: dict[str, int] = field(default_factory=dict)  # task id → customers newly on it
    goals: list[str] = field(default_factory=list)  # manager tasks counted by hand (no customers)
    unreadable: dict[str, str] = field(default_factory=dict)  # task id → what is wrong with HQ's data
    titles: dict[str, str] = field(default_factory=dict)  # task id → title, for each unreadable task
    targets_pruned: int = 0  # rows of days older than TARGET_DAYS_KEPT, removed

    @property
    def total_added(self) -> int:
        return sum(self.targets_added.values())

    def unreadable_in_words(self) -> list[tuple[str, str]]:
        """(task id, a sentence for the guide) for each task left out because it cannot be read."""
        return [
            (
                task_id,
                f"task '{self.titles.get(task_id, task_id)}' from HQ could not be read: {problem}; "
                "it is left off today's list until HQ corrects it or this app is updated",
            )
            for task_id, problem in self.unreadable.items()
        ]


@dataclass(frozen=True)
class _Plan:
    """Whom a task is about on one day."""

    task_id: str
    rule: AudienceRule | None  # None: a manager goal counted by hand, no customers
    schedule_filter: list[ColumnElement[bool]] = field(default_factory=list)
    once_per_customer: bool = False  # manager tasks: a customer already reached is not asked again


def _schedule_filter(schedule: Schedule, day: date) -> list[ColumnElement[bool]] | None:
    """The customers a schedule picks on `day` (as conditions); None when it does not fire."""
    if schedule.kind is ScheduleKind.daily:
        return []
    if schedule.kind is ScheduleKind.weekdays:
        return [] if day.isoweekday() in schedule.weekdays else None
    if schedule.kind is ScheduleKind.fixed_date:
        return [] if schedule.on_date == day else None
    offset = timedelta(days=schedule.days or 0)
    if schedule.kind is ScheduleKind.days_after_added:
        # The guide's calendar day, not UTC's: added at 07:30 in Shanghai is 23:30 the day before in UTC.
        added_on = day - offset
        return [
            _customer.c.added_at >= local_midnight(added_on),
            _customer.c.added_at < local_midnight(added_on + timedelta(days=1)),
        ]
    return [birthday_celebrated_on([day + offset])]


def _applies(task: TaskPublic, day: date) -> bool:
    """A manager task is on every day's list from its arrival until its (local) due day."""
    return not task.cancelled and task.due_at.astimezone().date() >= day


def _plan(task: Task, day: date) -> _Plan | None:
    """What the task asks for on `day`, or None. Raises ValidationError for data it cannot read."""
    if task.source == TaskSource.sop:
        sop = SopPublic.model_validate(task.data)  # types schedule and rule too
        conditions = _schedule_filter(sop.schedule, day)
        if conditions is None:
            return None
        return _Plan(task.id, sop.rule, conditions)
    manager_task = TaskPublic.model_validate(task.data)
    if not _applies(manager_task, day):
        return None
    if manager_task.rule is None:
        return _Plan(task.id, None)
    return _Plan(task.id, manager_task.rule, once_per_customer=True)


def _has_any_tag(tag_ids: list[str]) -> ColumnElement[bool]:
    return exists().where(_customer_tag.c.customer_id == _customer.c.id, _customer_tag.c.tag_id.in_(tag_ids))


def _rule_conditions(session: Session, rule: AudienceRule, now: datetime) -> list[ColumnElement[bool]]:
    """HQ names tags; a name may stand in several groups, and any tag of that name counts."""
    ids = tag_ids_by_name(session, [*rule.tags_all, *rule.tags_any, *rule.tags_none])
    conditions = [_has_any_tag(ids[name]) for name in rule.tags_all]
    if rule.tags_any:
        conditions.append(_has_any_tag([tag_id for name in rule.tags_any for tag_id in ids[name]]))
    if rule.tags_none:
        conditions.append(~_has_any_tag([tag_id for name in rule.tags_none for tag_id in ids[name]]))
    if rule.lifecycle_stages:
        conditions.append(_customer.c.lifecycle_stage.in_([stage.value for stage in rule.lifecycle_stages]))
    if rule.rfm_segments:
        conditions.append(_customer.c.rfm_segment.in_([segment.value for segment in rule.rfm_segments]))
    if rule.added_within_days is not None:
        conditions.append(_customer.c.added_at >= now - timedelta(days=rule.added_within_days))
    return conditions


def _on_task(task_id: str, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(_target.c.task_id == task_id, _target.c.customer_id == _customer.c.id, *conditions)


# The unique (task, day, customer) is the real guard: a row can never be there twice.
_INSERT_TARGET = (
    "INSERT INTO task_target (id, task_id, day, customer_id) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (task_id, day, customer_id) DO NOTHING"
)


def _insert_targets(session: Session, plan: _Plan, day: date, now: datetime) -> int:
    assert plan.rule is not None  # goals have no customers
    conditions = [
        _customer.c.deleted_at.is_(None),
        *plan.schedule_filter,
        *_rule_conditions(session, plan.rule, now),
        ~_on_task(plan.task_id, _target.c.day == day),
    ]
    if plan.once_per_customer:
        # Reached or skipped with a reason on an earlier day: either way not asked again.
        closed = or_(_target.c.done_at.is_not(None), _target.c.skipped_at.is_not(None))
        conditions.append(~_on_task(plan.task_id, closed))
    # In customer order two of the table's three indexes grow at their end, and a day's rows lie
    # together: 200k rows went in in 3.6 s instead of 6.5-8.7 s, and counting them got 5x faster.
    customer_ids = sorted(session.execute(select(_customer.c.id).where(*conditions)).scalars())
    if customer_ids:
        # The driver's executemany: SQLAlchemy builds each row's parameters in Python, holding the
        # GIL (and so a sync's event loop); sqlite3 binds in C and lets go of it at each row.
        connection = session.connection().connection.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        stored_day = day.isoformat()  # as the Date column stores it
        connection.executemany(
            _INSERT_TARGET,
            [
                (target_id, plan.task_id, stored_day, customer_id)
                for target_id, customer_id in zip(new_ids(len(customer_ids)), customer_ids, strict=True)
            ],
        )
    return len(customer_ids)


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    return f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"


def _expand_one(session: Session, task: Task, day: date, now: datetime, report: ExpansionReport) -> None:
    try:
        plan = _plan(task, day)
    except ValidationError as error:
        report.unreadable[task.id] = _first_problem(error)
        report.titles[task.id] = task.title
        return
    if plan is None:
        return
    if plan.rule is None:
        report.goals.append(task.id)
    else:
        report.targets_added[task.id] = _insert_targets(session, plan, day, now)


def expand_tasks(
    book: Book,
    day: date,
    now: datetime | None = None,
    *,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> ExpansionReport:
    """Put each active task's matching customers on `day`'s list. Safe to run again (at start-up,
    after a pull, after adding customers): it only adds customers not yet on the task that day.
    A task whose HQ data cannot be read is left out and named in the report, never the others.

    Tasks are laid out TASKS_PER_COMMIT to a transaction, so a sale recorded meanwhile waits for
    one chunk, not for thousands of tasks. Progress goes as Phase.tasks (tasks done / tasks); a
    cancel rolls back the chunk under way and keeps the committed ones (running again adds the
    rest)."""
    now = now or utcnow()
    job = control(progress, cancel)
    report = ExpansionReport(day=day)
    with book.reading() as session:
        task_ids = list(
            session.execute(select(col(Task.id)).where(col(Task.active)).order_by(col(Task.id))).scalars()
        )
    job.report(Phase.tasks, 0, len(task_ids))
    for start in range(0, len(task_ids), TASKS_PER_COMMIT):
        chunk = task_ids[start : start + TASKS_PER_COMMIT]
        with book.writing() as session:
            query = select(Task).where(col(Task.id).in_(chunk), col(Task.active)).order_by(col(Task.id))
            for number, task in enumerate(session.execute(query).scalars(), start=start):
                job.report(Phase.tasks, number, len(task_ids))
                _expand_one(session, task, day, now, report)
    report.targets_pruned = prune_targets(book, day)
    job.report(Phase.tasks, len(task_ids), len(task_ids))
    return report


def prune_targets(book: Book, day: date) -> int:
    """Remove the per-customer rows of days more than TARGET_DAYS_KEPT before `day`.

    A daily SOP whose rule matches everyone puts every customer on every day's list: 200k rows a
    day, 73 million a year. Past days need no list: their counts went to HQ as task progress, and
    the guide's history is HQ's figures. Deleted PRUNE_CHUNK rows a transaction, so a sale recorded
    meanwhile waits for one chunk."""
    cutoff = day - timedelta(days=TARGET_DAYS_KEPT)
    removed = 0
    while True:
        with book.writing() as session:
            old = select(col(TaskTarget.id)).where(col(TaskTarget.day) < cutoff).limit(PRUNE_CHUNK)
            deleted = session.execute(delete(TaskTarget).where(col(TaskTarget.id).in_(old.scalar_subquery())))
            count = int(deleted.rowcount or 0)  # type: ignore[attr-defined]
        removed += count
        if count < PRUNE_CHUNK:
            return removed


# --------------------------------------------------------------------------- counting progress


def _customer_still_in_book() -> ColumnElement[bool]:
    # NOT IN the few deleted customers rather than a join that reads every customer's row: a day's
    # 200k rows counted in 1.3 s joined, 0.6 s this way (measured on the same book).
    deleted = select(_customer.c.id).where(_customer.c.deleted_at.is_not(None))
    return _target.c.customer_id.not_in(deleted)


def _sop_counts(session: Session, task_id: str, day: date) -> tuple[int, int]:
    """(done, target) of an SOP task on one day. A customer skipped with a reason leaves the
    target: the guide judged them not to be asked, so they neither count as done nor keep the
    task open."""
    done, skipped, listed = session.execute(
        select(func.count(_target.c.done_at), func.count(_target.c.skipped_at), func.count()).where(
            _target.c.task_id == task_id, _target.c.day == day, _customer_still_in_book()
        )
    ).one()
    return int(done), int(listed) - int(skipped)


def _customers_reached(session: Session, task_id: str) -> int:
    """A manager task spans days: each customer ticked off on any of them counts once."""
    reached = select(func.count(_target.c.customer_id.distinct())).where(
        _target.c.task_id == task_id, _target.c.done_at.is_not(None), _customer_still_in_book()
    )
    return int(session.execute(reached).scalar_one())


def _progress_events(task_id: str, day: date | None) -> Select[Outbox]:
    """Progress events of one task and day, oldest first."""
    body = col(Outbox.body)
    for_day = body["day"].as_string()
    return (
        select(Outbox)
        .where(
            col(Outbox.kind) == EventKind.task_progress.value,
            body["task_id"].as_string() == str(uuid.UUID(task_id)),
            for_day.is_(None) if day is None else for_day == day.isoformat(),
        )
        .order_by(col(Outbox.created_at))
    )


def _reported_done(session: Session, task_id: str) -> int:
    """A goal counted by hand is kept where it is reported: in its newest progress event."""
    newest = (
        _progress_events(task_id, None)
        .where(col(Outbox.status) != "rejected")
        .order_by(None)
        .order_by(col(Outbox.created_at).desc())
        .limit(1)
    )
    event = session.execute(newest).scalar()
    return int(event.body["done"]) if event else 0


def _manager_counts(session: Session, task: Task) -> tuple[int, int]:
    manager_task = TaskPublic.model_validate(task.data)
    if manager_task.rule is None:
        done = _reported_done(session, task.id)
    else:
        done = _customers_reached(session, task.id)
    return done, manager_task.target_count


def _queue_progress(session: Session, progress: TaskProgressBody) -> None:
    """One pending progress event per task and day: counts are absolute, so a newer count
    replaces a waiting one instead of queueing behind it."""
    body = progress.model_dump(mode="json")
    waiting = session.execute(
        _progress_events(str(progress.task_id), progress.day).where(
            col(Outbox.status) == OutboxStatus.pending
        )
    ).scalar()
    if waiting is None:
        session.add(Outbox(id=str(uuid.uuid4()), kind=EventKind.task_progress.value, body=body))
        return
    # A fresh id too: the waiting event may be on its way to HQ right now, and HQ refuses a known
    # id with a new body (conflict). HQ keeps the report with the newest as_of, so both may land.
    waiting.id, waiting.body = str(uuid.uuid4()), body


def _queue_counts(session: Session, task: Task, day: date, now: datetime) -> None:
    source = TaskSource(task.source)
    if source is TaskSource.sop:
        done, target = _sop_counts(session, task.id, day)
    else:
        done, target = _manager_counts(session, task)
    _queue_progress(
        session,
        TaskProgressBody(
            source=source,
            task_id=uuid.UUID(task.id),
            day=day if source is TaskSource.sop else None,
            done=min(done, MAX_COUNT),
            target=min(target, MAX_COUNT),
            as_of=now,
        ),
    )


def _task(session: Session, task_id: str) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound("no such task", code=ErrorCode.task_missing)
    return task


def _target_row(session: Session, task_id: str, day: date, customer_id: str) -> TaskTarget:
    target = session.execute(
        select(TaskTarget).where(
            col(TaskTarget.task_id) == task_id,
            col(TaskTarget.day) == day,
            col(TaskTarget.customer_id) == customer_id,
        )
    ).scalar_one_or_none()
    if target is None:
        raise NotFound("this customer is not on that task for that day", code=ErrorCode.task_target_missing)
    return target


def _set_done(book: Book, task_id: str, day: date, customer_id: str, done: bool, now: datetime) -> None:
    with book.writing() as session:
        target = _target_row(session, task_id, day, customer_id)
        if (target.done_at is not None) == done and target.skipped_at is None:
            return  # already so: HQ's count has not changed
        # Done and undone both end a skip: the guide changed their mind about this customer.
        target.done_at, target.skipped_at, target.skip_reason = (now if done else None), None, ""
        session.flush()
        _queue_counts(session, _task(session, task_id), day, now)


def mark_done(book: Book, task_id: str, day: date, customer_id: str, *, now: datetime | None = None) -> None:
    """Tick a customer off a task's list for the day; HQ's count is queued in the same commit."""
    _set_done(book, task_id, day, customer_id, True, now or utcnow())


def mark_undone(
    book: Book, task_id: str, day: date, customer_id: str, *, now: datetime | None = None
) -> None:
    _set_done(book, task_id, day, customer_id, False, now or utcnow())


def mark_skipped(
    book: Book, task_id: str, day: date, customer_id: str, reason: str, *, now: datetime | None = None
) -> None:
    """Take a customer off a task's list for the day without doing it, saying why (已流失, 不方便
    打扰…). The SOP's target shrinks by one; HQ's count is queued in the same commit."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("a skip needs a reason", code=ErrorCode.skip_reason_missing)
    if len(reason) > MAX_SKIP_REASON:
        raise InvalidInput(
            f"the reason has {len(reason)} characters; keep it to {MAX_SKIP_REASON}",
            code=ErrorCode.text_too_long,
        )
    now = now or utcnow()
    with book.writing() as session:
        target = _target_row(session, task_id, day, customer_id)
        target.done_at, target.skipped_at, target.skip_reason = None, now, reason
        session.flush()
        _queue_counts(session, _task(session, task_id), day, now)


def record_progress(book: Book, task_id: str, done: int, *, now: datetime | None = None) -> None:
    """Set how much of a manager's goal without customers (e.g. "30 posters shared") is done."""
    if not 0 <= done <= MAX_COUNT:
        raise InvalidInput(
            f"the count must be between 0 and {MAX_COUNT:,}", code=ErrorCode.task_count_invalid
        )
    with book.writing() as session:
        task = _task(session, task_id)
        manager_task = TaskPublic.model_validate(task.data) if task.source == TaskSource.manager else None
        if manager_task is None or manager_task.rule is not None:
            raise InvalidInput(
                "this task is counted by ticking off its customers", code=ErrorCode.task_counted_by_customer
            )
        progress = TaskProgressBody(
            source=TaskSource.manager,
            task_id=uuid.UUID(task.id),
            done=done,
            target=min(manager_task.target_count, MAX_COUNT),
            as_of=now or utcnow(),
        )
        _queue_progress(session, progress)


# --------------------------------------------------------------------------- today's checklist


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    task_id: str
    source: TaskSource
    title: str
    instructions: str
    content_ids: list[str]
    due_at: datetime  # an SOP's is the day at its local due time
    done: int
    target: int
    overdue: bool
    per_customer: bool  # False: a manager goal counted with record_progress


def _item(
    task: Task, public: SopPublic | TaskPublic, due_at: datetime, counts: tuple[int, int], now: datetime
) -> ChecklistItem:
    done, target = counts
    return ChecklistItem(
        task_id=task.id,
        source=TaskSource(task.source),
        title=task.title,
        instructions=public.instructions,
        content_ids=[str(content_id) for content_id in public.content_ids],
        due_at=due_at,
        done=done,
        target=target,
        overdue=now > due_at and done < target,
        per_customer=isinstance(public, SopPublic) or public.rule is not None,
    )


def _sop_item(session: Session, task: Task, day: date, now: datetime) -> ChecklistItem | None:
    counts = _sop_counts(session, task.id, day)
    if counts[1] == 0:
        return None  # not laid out on this day, or nobody in the book matched
    sop = SopPublic.model_validate(task.data)
    due_at = datetime.combine(day, time.fromisoformat(sop.due_time)).astimezone()
    return _item(task, sop, due_at, counts, now)


def _manager_item(session: Session, task: Task, day: date, now: datetime) -> ChecklistItem | None:
    manager_task = TaskPublic.model_validate(task.data)
    if not _applies(manager_task, day):
        return None
    return _item(task, manager_task, manager_task.due_at, _manager_counts(session, task), now)


def todays_checklist(session: Session, day: date, now: datetime | None = None) -> list[ChecklistItem]:
    """The day's tasks with their counts: overdue first, then by due time."""
    now = now or utcnow()
    items = []
    for task in session.execute(select(Task).where(col(Task.active))).scalars():
        try:
            item = (_sop_item if task.source == TaskSource.sop else _manager_item)(session, task, day, now)
        except (ValidationError, ValueError):
            continue  # one task HQ sent in a form we cannot read must not hide the others
        if item is not None:
            items.append(item)
    return sorted(items, key=lambda item: (not item.overdue, item.due_at, item.title))
