"""The audit record: who changed the organisation, a rule or a decision, when, before and after."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import AuditAction, AuditEntry
from hq.core.db import utcnow
from hq.models import Account, AuditRecord

# A password or its hash has no business in a record that every HQ operator reads: neither is
# ever written to before/after, whoever passes them; a reset is recorded as PASSWORD_RESET.
_RESET = "reset"
PASSWORD_RESET = {"password": _RESET}


class AuditEntity(StrEnum):
    region = "region"
    store = "store"
    account = "account"
    dispute = "dispute"
    settings = "settings"
    org_sheet = "org_sheet"


def _without_secrets(state: dict[str, Any] | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        key: value
        for key, value in state.items()
        if key != "password_hash" and (key != "password" or value == _RESET)
    }


async def record(
    session: AsyncSession,
    actor_id: int,
    entity: AuditEntity,
    entity_id: str | int,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Append one audit record in the caller's transaction (it stands or falls with the change)."""
    await session.execute(
        insert(AuditRecord),
        {
            "at": utcnow(),
            "actor_id": actor_id,
            "entity": entity.value,
            "entity_id": str(entity_id)[:80],
            "action": action.value,
            "before": _without_secrets(before),
            "after": _without_secrets(after),
        },
    )


async def list_entries(
    session: AsyncSession,
    entity: AuditEntity | None,
    entity_id: str | None,
    limit: int,
    before_id: int | None,
) -> list[AuditEntry]:
    """Newest first; `before_id` pages back from the last id seen."""
    query = (
        select(AuditRecord, col(Account.display_name))
        .join(Account, col(Account.id) == col(AuditRecord.actor_id))
        .order_by(col(AuditRecord.id).desc())
        .limit(limit)
    )
    if entity is not None:
        query = query.where(col(AuditRecord.entity) == entity.value)
    if entity_id is not None:
        query = query.where(col(AuditRecord.entity_id) == entity_id)
    if before_id is not None:
        query = query.where(col(AuditRecord.id) < before_id)
    return [
        AuditEntry(
            id=row.id,
            at=row.at,
            actor_id=row.actor_id,
            actor_name=actor_name,
            entity=row.entity,
            entity_id=row.entity_id,
            action=AuditAction(row.action),
            before=row.before,
            after=row.after,
        )
        for row, actor_name in await session.execute(query)
    ]
