"""Manager tasks: assignment to guides, who may see a task, and progress per guide."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import (
    ChangeOp,
    EntityKind,
    GuideProgress,
    Role,
    TaskBoard,
    TaskCreate,
    TaskProgressReport,
    TaskPublic,
    TaskSource,
)
from hq.core.db import utcnow
from hq.core.errors import Forbidden, Invalid, NotFound
from hq.models import Account, ManagerTask, TaskAssignee, TaskProgress
from hq.services.changes import record_change
from hq.services.sop import check_content_ids
from hq.services.visibility import Scope, ScopeKind, Viewer


def task_public(task: ManagerTask, guide_ids: Iterable[int]) -> TaskPublic:
    return TaskPublic(
        id=uuid.UUID(task.id),
        title=task.title,
        instructions=task.instructions,
        due_at=task.due_at,
        content_ids=[uuid.UUID(content_id) for content_id in task.content_ids],
        rule=task.rule,
        target_count=task.target_count,
        region_id=task.region_id,
        created_by=task.created_by,
        guide_ids=sorted(guide_ids),
        cancelled=task.cancelled,
        created_at=task.created_at,
    )


async def _resolve_guides(session: AsyncSession, viewer: Viewer, request: TaskCreate) -> list[Account]:
    """The enabled guides a task goes to; a manager may only reach their own region."""
    wanted = request.assignees
    query = select(Account).where(
        col(Account.role) == Role.guide.value,
        col(Account.disabled).is_(False),
        or_(
            col(Account.id).in_(wanted.guide_ids),
            col(Account.store_id).in_(wanted.store_ids),
            col(Account.region_id).in_(wanted.region_ids),
        ),
    )
    guides = list((await session.execute(query)).scalars())
    found_ids = {guide.id for guide in guides}
    missing = [guide_id for guide_id in wanted.guide_ids if guide_id not in found_ids]
    if missing:
        raise Invalid(f"no enabled guide with id {missing[0]}")
    if not guides:
        raise Invalid("the chosen stores or regions have no enabled guides")
    if not viewer.is_admin:
        own_region = viewer.account.region_id
        foreign_regions = [region for region in wanted.region_ids if region != own_region]
        if foreign_regions or any(guide.region_id != own_region for guide in guides):
            raise Forbidden("a manager can assign tasks only to guides of their own region")
    return guides


def _task_scopes(task: ManagerTask, guides: Iterable[Account]) -> list[Scope]:
    guides = list(guides)
    scopes: list[Scope] = [(ScopeKind.account, guide.id) for guide in guides if guide.id is not None]
    regions = {guide.region_id for guide in guides if guide.region_id is not None}
    scopes.extend((ScopeKind.region_managers, region) for region in regions)
    scopes.append((ScopeKind.account, task.created_by))
    return scopes


async def create_task(session: AsyncSession, viewer: Viewer, request: TaskCreate) -> TaskPublic:
    guides = await _resolve_guides(session, viewer, request)
    content_ids = [str(content_id) for content_id in request.content_ids]
    await check_content_ids(session, content_ids)
    regions = {guide.region_id for guide in guides}
    task = ManagerTask(
        id=str(uuid.uuid4()),
        title=request.title,
        instructions=request.instructions,
        due_at=request.due_at,
        content_ids=content_ids,
        rule=request.rule.model_dump(mode="json") if request.rule else None,
        target_count=request.target_count,
        region_id=regions.pop() if len(regions) == 1 else None,
        created_by=viewer.id,
    )
    session.add(task)
    await session.flush()
    session.add_all(TaskAssignee(task_id=task.id, guide_id=guide.id) for guide in guides if guide.id)
    await session.flush()
    return await _publish(session, task, guides)


async def _publish(session: AsyncSession, task: ManagerTask, guides: list[Account]) -> TaskPublic:
    """The task into the feed of its guides, their managers and its creator. One feed row serves
    them all, so it names no assignee: a guide would learn who else has the task, a manager the
    other region's guides. GET /tasks/{id} shows each account the assignees it may see."""
    public = task_public(task, (guide.id for guide in guides if guide.id))
    await record_change(
        session,
        EntityKind.task,
        task.id,
        ChangeOp.upsert,
        public.model_copy(update={"guide_ids": []}).model_dump(mode="json"),
        _task_scopes(task, guides),
    )
    return public


async def _assignees(session: AsyncSession, task_id: str) -> list[Account]:
    query = (
        select(Account)
        .join(TaskAssignee, col(TaskAssignee.guide_id) == col(Account.id))
        .where(col(TaskAssignee.task_id) == task_id)
        .order_by(col(Account.id))
    )
    return list((await session.execute(query)).scalars())


def _may_see(viewer: Viewer, task: ManagerTask, guides: list[Account]) -> bool:
    if viewer.is_admin or task.created_by == viewer.id:
        return True
    if viewer.role is Role.manager:
        return any(guide.region_id == viewer.account.region_id for guide in guides)
    return any(guide.id == viewer.id for guide in guides)


async def _visible_task(
    session: AsyncSession, viewer: Viewer, task_id: uuid.UUID
) -> tuple[ManagerTask, list[Account]]:
    task = await session.get(ManagerTask, str(task_id))
    guides = await _assignees(session, str(task_id)) if task else []
    if task is None or not _may_see(viewer, task, guides):
        raise NotFound("no such task")
    return task, guides


def _guides_shown_to(viewer: Viewer, guides: list[Account]) -> list[Account]:
    """A guide sees only themself on a task; a manager only their region's guides."""
    if viewer.is_admin:
        return guides
    if viewer.role is Role.manager:
        return [guide for guide in guides if guide.region_id == viewer.account.region_id]
    return [guide for guide in guides if guide.id == viewer.id]


async def get_task(session: AsyncSession, viewer: Viewer, task_id: uuid.UUID) -> TaskPublic:
    task, guides = await _visible_task(session, viewer, task_id)
    return task_public(task, (guide.id for guide in _guides_shown_to(viewer, guides) if guide.id))


def _visible_tasks(viewer: Viewer, include_cancelled: bool) -> Select[ManagerTask]:
    """The tasks `viewer` may see: a guide's own, a manager's region's and their own, all for HQ."""
    query = select(ManagerTask).order_by(col(ManagerTask.due_at).desc(), col(ManagerTask.id))
    if not include_cancelled:
        query = query.where(col(ManagerTask.cancelled).is_(False))
    if not viewer.is_admin:
        assignee = select(col(TaskAssignee.task_id)).join(
            Account, col(Account.id) == col(TaskAssignee.guide_id)
        )
        if viewer.role is Role.manager:
            assignee = assignee.where(col(Account.region_id) == viewer.account.region_id)
        else:
            assignee = assignee.where(col(Account.id) == viewer.id)
        query = query.where(or_(col(ManagerTask.id).in_(assignee), col(ManagerTask.created_by) == viewer.id))
    return query


async def _assignees_of(session: AsyncSession, tasks: Select[ManagerTask]) -> dict[str, list[Account]]:
    """Every listed task's guides, in one statement whatever the number of tasks."""
    task_ids = tasks.with_only_columns(col(ManagerTask.id)).order_by(None)
    rows = await session.execute(
        select(col(TaskAssignee.task_id), Account)
        .join(Account, col(Account.id) == col(TaskAssignee.guide_id))
        .where(col(TaskAssignee.task_id).in_(task_ids))
        .order_by(col(Account.id))
    )
    found: dict[str, list[Account]] = {}
    for task_id, guide in rows:
        found.setdefault(task_id, []).append(guide)
    return found


async def list_tasks(session: AsyncSession, viewer: Viewer, include_cancelled: bool) -> list[TaskPublic]:
    query = _visible_tasks(viewer, include_cancelled)
    tasks = list((await session.execute(query)).scalars())
    assignees = await _assignees_of(session, query)
    return [
        task_public(
            task, (guide.id for guide in _guides_shown_to(viewer, assignees.get(task.id, [])) if guide.id)
        )
        for task in tasks
    ]


async def task_boards(session: AsyncSession, viewer: Viewer, include_cancelled: bool) -> list[TaskBoard]:
    """Every visible task with done / target / overdue per guide the viewer oversees: the task
    list of a manager or HQ in three statements, where one progress read per task took hundreds."""
    if viewer.role is Role.guide:
        raise Forbidden("progress by guide is for managers and HQ")
    query = _visible_tasks(viewer, include_cancelled)
    tasks = list((await session.execute(query)).scalars())
    assignees = await _assignees_of(session, query)
    rows = await session.execute(
        select(TaskProgress).where(
            col(TaskProgress.source) == TaskSource.manager.value,
            col(TaskProgress.task_id).in_(query.with_only_columns(col(ManagerTask.id)).order_by(None)),
        )
    )
    progress: dict[tuple[str, int], TaskProgress] = {
        (row.task_id, row.guide_id): row for row in rows.scalars()
    }
    now, boards = utcnow(), []
    for task in tasks:
        shown = _guides_shown_to(viewer, assignees.get(task.id, []))
        boards.append(
            TaskBoard(
                task=task_public(task, (guide.id for guide in shown if guide.id)),
                guides=_board(task, shown, progress, now),
            )
        )
    return boards


async def cancel_task(session: AsyncSession, viewer: Viewer, task_id: uuid.UUID) -> TaskPublic:
    task, guides = await _visible_task(session, viewer, task_id)
    if not (viewer.is_admin or task.created_by == viewer.id or viewer.manages_region(task.region_id)):
        raise Forbidden("only the task's manager or HQ can cancel it")
    task.cancelled, task.updated_at = True, utcnow()
    await session.flush()
    return await _publish(session, task, guides)


async def task_progress(session: AsyncSession, viewer: Viewer, task_id: uuid.UUID) -> TaskProgressReport:
    """Done / target / overdue per guide, for the task's manager and HQ."""
    task, guides = await _visible_task(session, viewer, task_id)
    if viewer.role is Role.guide:
        raise Forbidden("progress by guide is for managers and HQ")
    shown = _guides_shown_to(viewer, guides)
    rows = await session.execute(
        select(TaskProgress).where(
            col(TaskProgress.source) == TaskSource.manager.value,
            col(TaskProgress.task_id) == task.id,
        )
    )
    progress = {(row.task_id, row.guide_id): row for row in rows.scalars()}
    return TaskProgressReport(
        task_id=uuid.UUID(task.id), due_at=task.due_at, guides=_board(task, shown, progress, utcnow())
    )


def _board(
    task: ManagerTask, shown: list[Account], progress: dict[tuple[str, int], TaskProgress], now: datetime
) -> list[GuideProgress]:
    board = []
    for guide in shown:
        assert guide.id is not None
        row = progress.get((task.id, guide.id))
        done = row.done if row else 0
        target = row.target if row else task.target_count
        board.append(
            GuideProgress(
                guide_id=guide.id,
                guide_name=guide.display_name,
                store_id=guide.store_id,
                done=done,
                target=target,
                overdue=now > task.due_at and done < target and not task.cancelled,
                updated_at=row.updated_at if row else None,
            )
        )
    return board
