"""The content library: HQ publishes items, each viewer sees those whose audience includes them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import (
    FILE_CONTENT_KINDS,
    ContentAction,
    ContentCreate,
    ContentKind,
    ContentPublic,
    ContentUpdate,
    ContentUsageCount,
    EntityKind,
    Role,
)
from hq.core.db import utcnow
from hq.core.errors import Invalid, NotFound
from hq.models import Account, Asset, ContentItem, ContentUsage
from hq.services.changes import live_row, publish, retire
from hq.services.visibility import Viewer, audience_scopes


def content_public(item: ContentItem, asset: Asset | None) -> ContentPublic:
    return ContentPublic(
        id=uuid.UUID(item.id),
        kind=ContentKind(item.kind),
        title=item.title,
        body=item.body,
        tags=item.tags,
        campaign=item.campaign,
        valid_from=item.valid_from,
        valid_until=item.valid_until,
        audience=item.audience,
        asset_sha256=item.asset_sha256,
        asset_size=asset.size if asset else None,
        asset_mime=asset.mime if asset else None,
        link_url=item.link_url,
        product=item.product,
        stages=item.stages,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


async def _asset(session: AsyncSession, sha256: str | None) -> Asset | None:
    if sha256 is None:
        return None
    asset = await session.get(Asset, sha256)
    if asset is None:
        raise Invalid(f"no uploaded file with sha256 {sha256}; upload it to /api/v1/assets first")
    return asset


async def create_content(session: AsyncSession, viewer: Viewer, request: ContentCreate) -> ContentPublic:
    asset = await _asset(session, request.asset_sha256)
    fields = request.model_dump(mode="json", exclude={"kind", "valid_from", "valid_until"})
    item = ContentItem(
        id=str(uuid.uuid4()),
        kind=request.kind.value,
        valid_from=request.valid_from,
        valid_until=request.valid_until,
        created_by=viewer.id,
        **fields,
    )
    session.add(item)
    return await publish(
        session,
        EntityKind.content,
        item,
        lambda row: content_public(row, asset),
        audience_scopes(item.audience),
    )


async def update_content(
    session: AsyncSession, content_id: uuid.UUID, request: ContentUpdate
) -> ContentPublic:
    item = await live_row(session, ContentItem, content_id, "content item")
    old_scopes = audience_scopes(item.audience)
    changes: dict[str, Any] = request.model_dump(mode="json", exclude_unset=True)
    if changes.get("asset_sha256"):
        await _asset(session, changes["asset_sha256"])  # before the row changes: no dangling reference
    for name in ("valid_from", "valid_until"):
        if name in changes:
            changes[name] = getattr(request, name)
    for name, value in changes.items():
        setattr(item, name, value)
    if item.valid_from and item.valid_until and item.valid_until <= item.valid_from:
        raise Invalid("valid_until must be later than valid_from")
    if item.kind in FILE_CONTENT_KINDS and not item.asset_sha256:
        raise Invalid("this item needs a file")
    asset = await _asset(session, item.asset_sha256)
    item.updated_at = utcnow()
    return await publish(
        session,
        EntityKind.content,
        item,
        lambda row: content_public(row, asset),
        audience_scopes(item.audience),
        seen_by=old_scopes,
    )


async def delete_content(session: AsyncSession, content_id: uuid.UUID) -> None:
    item = await live_row(session, ContentItem, content_id, "content item")
    await retire(session, EntityKind.content, item, audience_scopes(item.audience))


async def get_content(session: AsyncSession, viewer: Viewer, content_id: uuid.UUID) -> ContentPublic:
    item = await live_row(session, ContentItem, content_id, "content item")
    if not viewer.sees_audience(item.audience):
        raise NotFound("no such content item")  # 404, not 403: nobody learns what exists elsewhere
    return content_public(item, await session.get(Asset, item.asset_sha256) if item.asset_sha256 else None)


async def list_content(
    session: AsyncSession, viewer: Viewer, kind: ContentKind | None, offset: int, limit: int
) -> list[ContentPublic]:
    query = (
        select(ContentItem, Asset)
        .outerjoin(Asset, col(Asset.sha256) == col(ContentItem.asset_sha256))
        .where(col(ContentItem.deleted_at).is_(None))
        .order_by(col(ContentItem.created_at).desc(), col(ContentItem.id))
    )
    if kind is not None:
        query = query.where(col(ContentItem.kind) == kind.value)
    visible: list[ContentPublic] = []
    skipped = 0
    # Audience filtering is done here, not in SQL, because JSON membership tests differ between
    # SQLite and PostgreSQL; the library holds hundreds of items, not millions.
    for item, asset in await session.execute(query):
        if not viewer.sees_audience(item.audience):
            continue
        if skipped < offset:
            skipped += 1
            continue
        visible.append(content_public(item, asset))
        if len(visible) >= limit:
            break
    return visible


async def asset_visible(session: AsyncSession, viewer: Viewer, sha256: str) -> bool:
    """A file may be downloaded by whoever may see a live item that uses it."""
    query = select(col(ContentItem.audience)).where(
        col(ContentItem.asset_sha256) == sha256,
        col(ContentItem.deleted_at).is_(None),
    )
    if viewer.is_admin:
        return await session.get(Asset, sha256) is not None
    return any(viewer.sees_audience(audience) for (audience,) in await session.execute(query))


async def usage_counts(session: AsyncSession, viewer: Viewer) -> list[ContentUsageCount]:
    """Per content item, what guides reported doing with it (HQ: every guide; a manager: their
    region's guides), most sent first. Withdrawn items keep the usage of their days in the library."""
    guides = select(col(Account.id)).where(col(Account.role) == Role.guide.value)
    if not viewer.is_admin:
        guides = guides.where(col(Account.store_id).in_(sorted(viewer.region_store_ids)))

    def total(action: ContentAction) -> Any:
        counted = case((col(ContentUsage.action) == action.value, col(ContentUsage.count)), else_=0)
        return func.coalesce(func.sum(counted), 0)

    query = (
        select(
            col(ContentUsage.content_id),
            total(ContentAction.sent).label("sent"),
            total(ContentAction.copied),
            total(ContentAction.viewed),
            func.count(func.distinct(col(ContentUsage.account_id))),
            func.max(col(ContentUsage.day)),
        )
        .where(col(ContentUsage.account_id).in_(guides))
        .group_by(col(ContentUsage.content_id))
        .order_by(literal_column("sent").desc(), col(ContentUsage.content_id))
    )
    return [
        ContentUsageCount(
            content_id=uuid.UUID(content_id),
            sent=int(sent),
            copied=int(copied),
            viewed=int(viewed),
            guides=int(guides_using),
            last_day=date.fromisoformat(last_day) if last_day else None,
        )
        for content_id, sent, copied, viewed, guides_using, last_day in await session.execute(query)
    ]
