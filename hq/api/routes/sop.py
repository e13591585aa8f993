"""SOP templates: HQ publishes; every account reads those meant for it."""

from __future__ import annotations

import uuid

from fastapi import status

from guide_app.protocol import ReachPreview, ReachPreviewRequest, SopCreate, SopPublic, SopUpdate
from hq.api.deps import AdminViewer, CurrentViewer, ManagerViewer, ReadSession, WriteSession
from hq.api.routing import api_router
from hq.services import reach, sop

router = api_router(prefix="/sop-templates", tags=["sop"])


# Declared before /{template_id}: "preview" is not a template id.
@router.post("/preview", response_model=ReachPreview)
async def preview_reach(
    body: ReachPreviewRequest, viewer: ManagerViewer, session: ReadSession
) -> ReachPreview:
    """How many customers a rule would reach in an audience, by region and store, from the guides'
    latest book statistics; `exact` is false when tags combine (an estimate). A manager's preview
    covers their own region whatever the audience says."""
    return await reach.preview(session, viewer, body)


@router.get("", response_model=list[SopPublic])
async def list_templates(viewer: CurrentViewer, session: ReadSession) -> list[SopPublic]:
    return await sop.list_sops(session, viewer)


@router.post("", response_model=SopPublic, status_code=status.HTTP_201_CREATED)
async def create_template(body: SopCreate, viewer: AdminViewer, session: WriteSession) -> SopPublic:
    return await sop.create_sop(session, viewer, body)


@router.get("/{template_id}", response_model=SopPublic)
async def get_template(template_id: uuid.UUID, viewer: CurrentViewer, session: ReadSession) -> SopPublic:
    return await sop.get_sop(session, viewer, template_id)


@router.patch("/{template_id}", response_model=SopPublic)
async def update_template(
    template_id: uuid.UUID, body: SopUpdate, viewer: AdminViewer, session: WriteSession
) -> SopPublic:
    return await sop.update_sop(session, template_id, body)


@router.delete("/{template_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_template(template_id: uuid.UUID, viewer: AdminViewer, session: WriteSession) -> None:
    await sop.delete_sop(session, template_id)
