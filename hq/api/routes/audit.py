"""The audit record of organisation changes, rule changes and dispute decisions (HQ only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from guide_app.protocol import AuditEntry
from hq.api.deps import AdminViewer, ReadSession
from hq.api.routing import api_router
from hq.services import audit
from hq.services.audit import AuditEntity

router = api_router(tags=["audit"])


@router.get("/audit", response_model=list[AuditEntry])
async def list_audit(
    viewer: AdminViewer,
    session: ReadSession,
    entity: AuditEntity | None = None,
    entity_id: Annotated[str | None, Query(min_length=1, max_length=80)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before_id: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="page back from this id")] = None,
) -> list[AuditEntry]:
    """Newest first: who changed what, when, with the entity before and after (never a password)."""
    return await audit.list_entries(session, entity, entity_id, limit, before_id)
