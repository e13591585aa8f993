"""HQ tag groups and chain-wide settings: published to everyone through the change feed."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import ChangeOp, EntityKind, HqSettings, TagGroupFields, TagGroupPublic
from hq.core.db import utcnow
from hq.core.errors import Conflict, NotFound
from hq.models import HqSetting, TagGroup
from hq.services.changes import record_change
from hq.services.visibility import EVERYONE

SETTINGS_KEY = "chain"


def tag_group_public(group: TagGroup) -> TagGroupPublic:
    return TagGroupPublic(
        id=uuid.UUID(group.id),
        name=group.name,
        single_choice=group.single_choice,
        tags=group.tags,
        updated_at=group.updated_at,
    )


async def _name_free(session: AsyncSession, name: str, own_id: str | None = None) -> None:
    query = select(col(TagGroup.id)).where(col(TagGroup.name) == name, col(TagGroup.deleted_at).is_(None))
    found = (await session.execute(query)).scalar()
    if found is not None and found != own_id:
        raise Conflict(f"a tag group named {name!r} exists")


async def _release_deleted_name(session: AsyncSession, name: str) -> None:
    """A deleted group's name may be reused; the old row keeps its id (and tombstone) renamed."""
    old = (
        await session.execute(
            select(TagGroup).where(col(TagGroup.name) == name, col(TagGroup.deleted_at).is_not(None))
        )
    ).scalar()
    if old is not None:
        old.name = f"{old.name[:30]}#{old.id[:8]}"
        await session.flush()


async def create_tag_group(session: AsyncSession, request: TagGroupFields) -> TagGroupPublic:
    await _name_free(session, request.name)
    await _release_deleted_name(session, request.name)
    group = TagGroup(id=str(uuid.uuid4()), **request.model_dump())
    session.add(group)
    await session.flush()
    public = tag_group_public(group)
    await record_change(
        session, EntityKind.tag_group, group.id, ChangeOp.upsert, public.model_dump(mode="json"), [EVERYONE]
    )
    return public


async def _live_group(session: AsyncSession, group_id: uuid.UUID) -> TagGroup:
    group = await session.get(TagGroup, str(group_id))
    if group is None or group.deleted_at is not None:
        raise NotFound("no such tag group")
    return group


async def replace_tag_group(
    session: AsyncSession, group_id: uuid.UUID, request: TagGroupFields
) -> TagGroupPublic:
    group = await _live_group(session, group_id)
    await _name_free(session, request.name, own_id=group.id)
    await _release_deleted_name(session, request.name)
    group.name, group.single_choice, group.tags = request.name, request.single_choice, request.tags
    group.updated_at = utcnow()
    await session.flush()
    public = tag_group_public(group)
    await record_change(
        session, EntityKind.tag_group, group.id, ChangeOp.upsert, public.model_dump(mode="json"), [EVERYONE]
    )
    return public


async def delete_tag_group(session: AsyncSession, group_id: uuid.UUID) -> None:
    group = await _live_group(session, group_id)
    group.deleted_at = group.updated_at = utcnow()
    await record_change(session, EntityKind.tag_group, group.id, ChangeOp.delete, None, [EVERYONE])


async def get_tag_group(session: AsyncSession, group_id: uuid.UUID) -> TagGroupPublic:
    return tag_group_public(await _live_group(session, group_id))


async def list_tag_groups(session: AsyncSession) -> list[TagGroupPublic]:
    query = (
        select(TagGroup)
        .where(col(TagGroup.deleted_at).is_(None))
        .order_by(col(TagGroup.created_at), col(TagGroup.id))
    )
    return [tag_group_public(group) for group in (await session.execute(query)).scalars()]


async def read_settings(session: AsyncSession) -> HqSettings:
    row = await session.get(HqSetting, SETTINGS_KEY)
    return HqSettings.model_validate(row.value) if row else HqSettings()


async def write_settings(session: AsyncSession, settings: HqSettings) -> HqSettings:
    value = settings.model_dump(mode="json")
    row = await session.get(HqSetting, SETTINGS_KEY)
    if row is None:
        session.add(HqSetting(key=SETTINGS_KEY, value=value))
    else:
        row.value, row.updated_at = value, utcnow()
    await session.flush()
    await record_change(session, EntityKind.settings, SETTINGS_KEY, ChangeOp.upsert, value, [EVERYONE])
    return settings
