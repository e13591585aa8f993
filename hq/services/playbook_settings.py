"""HQ tag groups and chain-wide settings: published to everyone through the change feed."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import EntityKind, HqSettings, TagGroupFields, TagGroupPublic
from hq.core.db import utcnow
from hq.core.errors import Conflict
from hq.models import HqSetting, TagGroup
from hq.services.changes import live_row, publish, retire
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
    return await publish(session, EntityKind.tag_group, group, tag_group_public, [EVERYONE])


async def replace_tag_group(
    session: AsyncSession, group_id: uuid.UUID, request: TagGroupFields
) -> TagGroupPublic:
    group = await live_row(session, TagGroup, group_id, "tag group")
    await _name_free(session, request.name, own_id=group.id)
    await _release_deleted_name(session, request.name)
    group.name, group.single_choice, group.tags = request.name, request.single_choice, request.tags
    group.updated_at = utcnow()
    return await publish(session, EntityKind.tag_group, group, tag_group_public, [EVERYONE])


async def delete_tag_group(session: AsyncSession, group_id: uuid.UUID) -> None:
    group = await live_row(session, TagGroup, group_id, "tag group")
    await retire(session, EntityKind.tag_group, group, [EVERYONE])


async def get_tag_group(session: AsyncSession, group_id: uuid.UUID) -> TagGroupPublic:
    return tag_group_public(await live_row(session, TagGroup, group_id, "tag group"))


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
        row = HqSetting(key=SETTINGS_KEY, value=value)
        session.add(row)
    else:
        row.value, row.updated_at = value, utcnow()
    return await publish(
        session, EntityKind.settings, row, lambda _row: settings, [EVERYONE], entity_id=SETTINGS_KEY
    )
