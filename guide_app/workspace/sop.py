"""HQ's SOP templates as the HQ workspace edits them, and the reach a rule would have."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import (
    Audience,
    AudienceRule,
    ContentPublic,
    ReachPreview,
    ReachPreviewRequest,
    RegionPublic,
    Schedule,
    SopCreate,
    SopPublic,
    SopUpdate,
    StorePublic,
    TagGroupPublic,
)
from guide_app.workspace.library import read_library
from guide_app.workspace.session import Workspace

TEMPLATES = "/sop-templates"


async def list_templates(workspace: Workspace) -> list[SopPublic]:
    async with workspace.client() as client:
        return await client.get_list(TEMPLATES, SopPublic)


@dataclass(frozen=True)
class SopChoices:
    """What the editor picks from: the library's live items, HQ's tag groups, regions and stores."""

    content: list[ContentPublic]
    tag_groups: list[TagGroupPublic]
    regions: list[RegionPublic]
    stores: list[StorePublic]


async def sop_choices(workspace: Workspace) -> SopChoices:
    library = await read_library(workspace)
    return SopChoices(
        content=library.items,
        tag_groups=library.tag_groups,
        regions=sorted(library.regions, key=lambda region: region.name),
        stores=sorted(library.stores, key=lambda store: store.code),
    )


@dataclass(frozen=True)
class SopDraft:
    """A template as the editor holds it; the title is checked here, the rest is typed already."""

    title: str
    instructions: str
    schedule: Schedule
    rule: AudienceRule
    content_ids: tuple[UUID, ...]
    due_time: str
    audience: Audience
    active: bool

    def checked(self) -> SopCreate:
        title = self.title.strip()
        if not title:
            raise GuideError("an SOP template needs a title", code=ErrorCode.name_missing)
        if len(title) > 200:
            raise GuideError(
                "an SOP template's title takes at most 200 characters", code=ErrorCode.name_too_long
            )
        if len(self.instructions) > 5000:
            raise GuideError("the instructions take at most 5000 characters", code=ErrorCode.text_too_long)
        return SopCreate(
            title=title,
            instructions=self.instructions,
            schedule=self.schedule,
            rule=self.rule,
            content_ids=list(self.content_ids),
            due_time=self.due_time,
            audience=self.audience,
            active=self.active,
        )


async def create_template(workspace: Workspace, draft: SopDraft) -> Outcome[SopPublic]:
    template = draft.checked()
    async with workspace.client() as client:
        created = await client.send("POST", TEMPLATES, SopPublic, template)
    assert created is not None
    return Outcome(created, ChangeNotice.of(Area.sop_templates))


async def update_template(workspace: Workspace, template_id: UUID, draft: SopDraft) -> Outcome[SopPublic]:
    """The whole template as the editor shows it (HQ keeps no field the editor did not show)."""
    changes = SopUpdate.model_validate(draft.checked().model_dump())
    async with workspace.client() as client:
        updated = await client.send("PATCH", f"{TEMPLATES}/{template_id}", SopPublic, changes)
    assert updated is not None
    return Outcome(updated, ChangeNotice.of(Area.sop_templates))


async def delete_template(workspace: Workspace, template_id: UUID) -> Outcome[None]:
    async with workspace.client() as client:
        await client.send("DELETE", f"{TEMPLATES}/{template_id}", None)
    return Outcome(None, ChangeNotice.of(Area.sop_templates))


async def preview_reach(workspace: Workspace, rule: AudienceRule, audience: Audience) -> ReachPreview:
    """How many customers `rule` would reach in `audience`, from the guides' book statistics."""
    async with workspace.client() as client:
        preview = await client.send(
            "POST", "/sop-templates/preview", ReachPreview, ReachPreviewRequest(rule=rule, audience=audience)
        )
    assert preview is not None
    return preview
