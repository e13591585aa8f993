"""Monthly sales targets: HQ and managers set them, everyone reads the ones that concern them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from guide_app.protocol import MONTH_PATTERN, SalesTargetPublic, SalesTargetSet
from hq.api.deps import CurrentViewer, ManagerViewer, ReadSession, WriteSession
from hq.api.routing import api_router
from hq.services import targets

router = api_router(prefix="/targets", tags=["targets"])


@router.put("", response_model=SalesTargetPublic)
async def set_target(body: SalesTargetSet, viewer: ManagerViewer, session: WriteSession) -> SalesTargetPublic:
    """Set one month's target for a guide or a store (a manager: only within their region); setting
    it again replaces the amount and records who set it."""
    return await targets.set_target(session, viewer, body)


@router.get("", response_model=list[SalesTargetPublic])
async def list_targets(
    viewer: CurrentViewer,
    session: ReadSession,
    month: Annotated[str, Query(pattern=MONTH_PATTERN, description="YYYY-MM")],
) -> list[SalesTargetPublic]:
    """A guide: its own and its store's; a manager: its region's guides and stores; HQ: all."""
    return await targets.list_targets(session, viewer, month)
