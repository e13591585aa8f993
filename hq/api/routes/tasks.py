"""Manager tasks: assign, read, cancel, and progress per guide."""

from __future__ import annotations

import uuid

from fastapi import status

from guide_app.protocol import TaskBoard, TaskCreate, TaskProgressReport, TaskPublic
from hq.api.deps import CurrentViewer, ManagerViewer, ReadSession, WriteSession
from hq.api.routing import api_router
from hq.services import tasks

router = api_router(prefix="/tasks", tags=["tasks"])


@router.get("", response_model=list[TaskPublic])
async def list_tasks(
    viewer: CurrentViewer, session: ReadSession, include_cancelled: bool = False
) -> list[TaskPublic]:
    """A guide's own tasks; a manager's region's; all for HQ."""
    return await tasks.list_tasks(session, viewer, include_cancelled)


@router.get("/boards", response_model=list[TaskBoard])
async def task_boards(
    viewer: ManagerViewer, session: ReadSession, include_cancelled: bool = False
) -> list[TaskBoard]:
    """Every task this manager or HQ sees, each with done / target / overdue per guide they
    oversee: the whole board in one request."""
    return await tasks.task_boards(session, viewer, include_cancelled)


@router.post("", response_model=TaskPublic, status_code=status.HTTP_201_CREATED)
async def create_task(body: TaskCreate, viewer: ManagerViewer, session: WriteSession) -> TaskPublic:
    return await tasks.create_task(session, viewer, body)


@router.get("/{task_id}", response_model=TaskPublic)
async def get_task(task_id: uuid.UUID, viewer: CurrentViewer, session: ReadSession) -> TaskPublic:
    return await tasks.get_task(session, viewer, task_id)


@router.post("/{task_id}/cancel", response_model=TaskPublic)
async def cancel_task(task_id: uuid.UUID, viewer: ManagerViewer, session: WriteSession) -> TaskPublic:
    return await tasks.cancel_task(session, viewer, task_id)


@router.get("/{task_id}/progress", response_model=TaskProgressReport)
async def task_progress(
    task_id: uuid.UUID, viewer: ManagerViewer, session: ReadSession
) -> TaskProgressReport:
    """Done / target / overdue for each guide of the task that this manager oversees."""
    return await tasks.task_progress(session, viewer, task_id)
