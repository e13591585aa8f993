"""The content library: posters, images, videos, product cards, scripts (话术) and links."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, status

from guide_app.protocol import ContentCreate, ContentKind, ContentPublic, ContentUpdate, ContentUsageCount
from hq.api.deps import AdminViewer, CurrentViewer, ManagerViewer, ReadSession, WriteSession
from hq.api.routing import api_router
from hq.services import content

router = api_router(prefix="/content", tags=["content"])


@router.get("", response_model=list[ContentPublic])
async def list_content(
    viewer: CurrentViewer,
    session: ReadSession,
    kind: ContentKind | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ContentPublic]:
    return await content.list_content(session, viewer, kind, offset, limit)


@router.post("", response_model=ContentPublic, status_code=status.HTTP_201_CREATED)
async def create_content(body: ContentCreate, viewer: AdminViewer, session: WriteSession) -> ContentPublic:
    return await content.create_content(session, viewer, body)


# Declared before /{content_id}, which would otherwise take "usage" for an id.
@router.get("/usage", response_model=list[ContentUsageCount])
async def content_usage(viewer: ManagerViewer, session: ReadSession) -> list[ContentUsageCount]:
    """Per content item, the sends, copies and views guides reported, how many guides used it and
    the last day: HQ over every guide, a manager over their region's."""
    return await content.usage_counts(session, viewer)


@router.get("/{content_id}", response_model=ContentPublic)
async def get_content(content_id: uuid.UUID, viewer: CurrentViewer, session: ReadSession) -> ContentPublic:
    return await content.get_content(session, viewer, content_id)


@router.patch("/{content_id}", response_model=ContentPublic)
async def update_content(
    content_id: uuid.UUID, body: ContentUpdate, viewer: AdminViewer, session: WriteSession
) -> ContentPublic:
    return await content.update_content(session, content_id, body)


@router.delete("/{content_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_content(content_id: uuid.UUID, viewer: AdminViewer, session: WriteSession) -> None:
    await content.delete_content(session, content_id)
