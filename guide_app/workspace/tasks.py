"""Manager tasks as a manager or HQ hands them out: the list, the board by guide, create, cancel."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum
from uuid import UUID

from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import (
    AccountPublic,
    AudienceRule,
    ContentPublic,
    RegionPublic,
    StorePublic,
    TagGroupPublic,
    TaskAssignees,
    TaskBoard,
    TaskCreate,
    TaskProgressReport,
    TaskPublic,
)
from guide_app.workspace.org_lookup import organisation
from guide_app.workspace.session import Workspace

# The protocol's bounds, so the dialog can say what is wrong before HQ would refuse it.
MAX_TITLE = 200
MAX_INSTRUCTIONS = 5000
MAX_TARGET = 100_000
MAX_CONTENT = 20
CONTENT_PAGE = 500


class AssigneeKind(StrEnum):
    """Whom a new task goes to."""

    guides = "guides"
    store = "store"
    region = "region"


class TaskField(Enum):
    """A field of the new-task form, so a problem is shown under the field that has it."""

    title = "title"
    instructions = "instructions"
    due = "due"
    content = "content"
    target = "target"
    assignees = "assignees"


@dataclass(frozen=True)
class TaskDraft:
    """The new-task form as the manager filled it in."""

    title: str
    instructions: str
    due_at: datetime
    target_count: int
    assignee_kind: AssigneeKind
    assignee_ids: tuple[int, ...]
    content_ids: tuple[UUID, ...] = ()
    rule: AudienceRule = field(default_factory=AudienceRule)


@dataclass(frozen=True)
class TaskRow:
    """A task on the list with its board by guide, read in the same go."""

    task: TaskPublic
    board: TaskProgressReport

    @property
    def done(self) -> int:
        """Customers done altogether; a guide's extra beyond their target does not cover another's."""
        return sum(min(row.done, row.target) for row in self.board.guides)

    @property
    def target(self) -> int:
        return sum(row.target for row in self.board.guides)

    @property
    def overdue_guides(self) -> int:
        return sum(1 for row in self.board.guides if row.overdue)


@dataclass(frozen=True)
class TaskChoices:
    """What the new-task form offers: only the viewer's own region for a manager."""

    regions: list[RegionPublic]
    stores: list[StorePublic]
    guides: list[AccountPublic]
    content: list[ContentPublic]
    tag_groups: list[TagGroupPublic]


def task_problems(draft: TaskDraft, now: datetime) -> dict[TaskField, ErrorCode]:
    """Every field the manager must fix before the task can go to HQ (empty: it can go)."""
    problems: dict[TaskField, ErrorCode] = {}
    title = draft.title.strip()
    if not title:
        problems[TaskField.title] = ErrorCode.task_title_missing
    elif len(title) > MAX_TITLE:
        problems[TaskField.title] = ErrorCode.text_too_long
    if len(draft.instructions) > MAX_INSTRUCTIONS:
        problems[TaskField.instructions] = ErrorCode.text_too_long
    if draft.due_at.tzinfo is None or draft.due_at <= now:
        problems[TaskField.due] = ErrorCode.task_due_in_past
    if not 1 <= draft.target_count <= MAX_TARGET:
        problems[TaskField.target] = ErrorCode.task_target_invalid
    if len(draft.content_ids) > MAX_CONTENT:
        problems[TaskField.content] = ErrorCode.task_too_much_content
    if not draft.assignee_ids:
        problems[TaskField.assignees] = ErrorCode.task_assignees_missing
    return problems


def task_request(draft: TaskDraft, now: datetime) -> TaskCreate:
    """The request HQ takes, or an invalid_input error naming the fields to fix (details: problems)."""
    problems = task_problems(draft, now)
    if problems:
        first = next(iter(problems.values()))
        raise GuideError(
            f"the task cannot be sent yet: {', '.join(field.value for field in problems)}",
            code=first,
            problems=problems,
        )
    ids = list(draft.assignee_ids)
    assignees = TaskAssignees(
        guide_ids=ids if draft.assignee_kind is AssigneeKind.guides else [],
        store_ids=ids if draft.assignee_kind is AssigneeKind.store else [],
        region_ids=ids if draft.assignee_kind is AssigneeKind.region else [],
    )
    return TaskCreate(
        title=draft.title.strip(),
        instructions=draft.instructions.strip(),
        due_at=draft.due_at,
        content_ids=list(draft.content_ids),
        rule=None if draft.rule == AudienceRule() else draft.rule,
        target_count=draft.target_count,
        assignees=assignees,
    )


async def task_choices(workspace: Workspace, now: datetime) -> TaskChoices:
    """The regions (HQ only), stores and enabled guides the viewer may assign, the library's
    content still valid at `now`, and HQ's tags for the audience rule."""
    async with workspace.client() as client:
        content, tag_groups = await asyncio.gather(
            client.get_list("/content", ContentPublic, {"limit": CONTENT_PAGE}),
            client.get_list("/tag-groups", TagGroupPublic),
        )
    org = await organisation(workspace)
    # HQ limits a manager too; the form must not even offer another region.
    own = None if workspace.is_hq else workspace.region_id
    return TaskChoices(
        regions=sorted(
            (region for region in org.regions if own is None or region.id == own),
            key=lambda region: region.name,
        ),
        stores=org.stores_of(own),
        guides=org.guides_of(own),
        content=[item for item in content if item.valid_until is None or item.valid_until > now],
        tag_groups=tag_groups,
    )


async def list_tasks(workspace: Workspace) -> list[TaskRow]:
    """The viewer's tasks, cancelled ones too, each with its board: done / target / overdue for
    each guide the viewer oversees, all in one request."""
    async with workspace.client() as client:
        boards = await client.get_list("/tasks/boards", TaskBoard, {"include_cancelled": "true"})
    return [
        TaskRow(
            board.task,
            TaskProgressReport(task_id=board.task.id, due_at=board.task.due_at, guides=board.guides),
        )
        for board in boards
    ]


async def create_task(workspace: Workspace, draft: TaskDraft, now: datetime) -> Outcome[TaskPublic]:
    request = task_request(draft, now)
    async with workspace.client() as client:
        created = await client.send("POST", "/tasks", TaskPublic, request)
    assert created is not None
    return Outcome(created, ChangeNotice.of(Area.manager_tasks, Area.team))


async def cancel_task(workspace: Workspace, task_id: UUID) -> Outcome[TaskPublic]:
    async with workspace.client() as client:
        cancelled = await client.send("POST", f"/tasks/{task_id}/cancel", TaskPublic)
    assert cancelled is not None
    return Outcome(cancelled, ChangeNotice.of(Area.manager_tasks, Area.team))
