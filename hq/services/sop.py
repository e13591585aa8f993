"""SOP templates: HQ's daily playbook; the desktop expands them over each guide's own book."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import EntityKind, SopCreate, SopPublic, SopUpdate
from hq.core.db import utcnow
from hq.core.errors import Invalid, NotFound
from hq.models import ContentItem, SopTemplate
from hq.services.changes import live_row, publish, retire
from hq.services.visibility import Viewer, audience_scopes


def sop_public(template: SopTemplate) -> SopPublic:
    return SopPublic(
        id=uuid.UUID(template.id),
        title=template.title,
        instructions=template.instructions,
        schedule=template.schedule,
        rule=template.rule,
        content_ids=[uuid.UUID(content_id) for content_id in template.content_ids],
        due_time=template.due_time,
        audience=template.audience,
        active=template.active,
        created_at=template.created_at,
        updated_at=template.updated_at,
    )


async def check_content_ids(session: AsyncSession, content_ids: list[str]) -> None:
    """Every referenced content item must exist and be live."""
    if not content_ids:
        return
    found = set(
        (
            await session.execute(
                select(col(ContentItem.id)).where(
                    col(ContentItem.id).in_(content_ids),
                    col(ContentItem.deleted_at).is_(None),
                )
            )
        ).scalars()
    )
    missing = [content_id for content_id in content_ids if content_id not in found]
    if missing:
        raise Invalid(f"unknown content items: {', '.join(missing)}")


async def create_sop(session: AsyncSession, viewer: Viewer, request: SopCreate) -> SopPublic:
    fields = request.model_dump(mode="json")
    await check_content_ids(session, fields["content_ids"])
    template = SopTemplate(id=str(uuid.uuid4()), created_by=viewer.id, **fields)
    session.add(template)
    return await publish(
        session, EntityKind.sop_template, template, sop_public, audience_scopes(template.audience)
    )


async def update_sop(session: AsyncSession, template_id: uuid.UUID, request: SopUpdate) -> SopPublic:
    template = await live_row(session, SopTemplate, template_id, "SOP template")
    old_scopes = audience_scopes(template.audience)
    changes = request.model_dump(mode="json", exclude_unset=True)
    if "content_ids" in changes:
        await check_content_ids(session, changes["content_ids"])
    for name, value in changes.items():
        setattr(template, name, value)
    template.updated_at = utcnow()
    return await publish(
        session,
        EntityKind.sop_template,
        template,
        sop_public,
        audience_scopes(template.audience),
        seen_by=old_scopes,
    )


async def delete_sop(session: AsyncSession, template_id: uuid.UUID) -> None:
    template = await live_row(session, SopTemplate, template_id, "SOP template")
    await retire(session, EntityKind.sop_template, template, audience_scopes(template.audience))


async def get_sop(session: AsyncSession, viewer: Viewer, template_id: uuid.UUID) -> SopPublic:
    template = await live_row(session, SopTemplate, template_id, "SOP template")
    if not viewer.sees_audience(template.audience):
        raise NotFound("no such SOP template")
    return sop_public(template)


async def list_sops(session: AsyncSession, viewer: Viewer) -> list[SopPublic]:
    query = (
        select(SopTemplate)
        .where(col(SopTemplate.deleted_at).is_(None))
        .order_by(col(SopTemplate.created_at), col(SopTemplate.id))
    )
    templates = (await session.execute(query)).scalars()
    return [sop_public(template) for template in templates if viewer.sees_audience(template.audience)]
