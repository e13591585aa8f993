"""HQ tag groups (企业标签) and chain-wide settings such as the attribution window."""

from __future__ import annotations

import uuid

from fastapi import status

from guide_app.protocol import AuditAction, HqSettings, TagGroupFields, TagGroupPublic
from hq.api.deps import AdminViewer, CurrentViewer, ReadSession, WriteSession
from hq.api.routing import api_router
from hq.services import audit, playbook_settings
from hq.services.audit import AuditEntity

router = api_router(tags=["playbook"])


@router.get("/tag-groups", response_model=list[TagGroupPublic])
async def list_tag_groups(viewer: CurrentViewer, session: ReadSession) -> list[TagGroupPublic]:
    return await playbook_settings.list_tag_groups(session)


@router.post("/tag-groups", response_model=TagGroupPublic, status_code=status.HTTP_201_CREATED)
async def create_tag_group(
    body: TagGroupFields, viewer: AdminViewer, session: WriteSession
) -> TagGroupPublic:
    return await playbook_settings.create_tag_group(session, body)


@router.get("/tag-groups/{group_id}", response_model=TagGroupPublic)
async def get_tag_group(group_id: uuid.UUID, viewer: CurrentViewer, session: ReadSession) -> TagGroupPublic:
    return await playbook_settings.get_tag_group(session, group_id)


@router.put("/tag-groups/{group_id}", response_model=TagGroupPublic)
async def replace_tag_group(
    group_id: uuid.UUID, body: TagGroupFields, viewer: AdminViewer, session: WriteSession
) -> TagGroupPublic:
    return await playbook_settings.replace_tag_group(session, group_id, body)


@router.delete("/tag-groups/{group_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_tag_group(group_id: uuid.UUID, viewer: AdminViewer, session: WriteSession) -> None:
    await playbook_settings.delete_tag_group(session, group_id)


@router.get("/settings", response_model=HqSettings)
async def read_settings(viewer: CurrentViewer, session: ReadSession) -> HqSettings:
    return await playbook_settings.read_settings(session)


@router.put("/settings", response_model=HqSettings)
async def write_settings(body: HqSettings, viewer: AdminViewer, session: WriteSession) -> HqSettings:
    """Replace the chain-wide settings; the change is audited with the settings before and after."""
    before = await playbook_settings.read_settings(session)
    written = await playbook_settings.write_settings(session, body)
    await audit.record(
        session,
        viewer.id,
        AuditEntity.settings,
        "settings",
        AuditAction.settings,
        before.model_dump(mode="json"),
        written.model_dump(mode="json"),
    )
    return written
