"""The signed-in guide's own figures: sales, orders, content sent and tasks, with target and rank."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from guide_app.protocol import MyPerformance, Role
from hq.api.deps import CurrentViewer, ReadSession
from hq.api.routing import api_router
from hq.core.errors import Forbidden
from hq.services import performance
from hq.services.visibility import Viewer

router = api_router(prefix="/me", tags=["performance"])


class PerformanceQuery(BaseModel):
    """How many periods, and the UTC offset whose weeks and months they are; nothing else."""

    model_config = ConfigDict(extra="forbid")

    weeks: Annotated[int, Field(ge=1, le=53, description="weeks, the current one last")] = 12
    months: Annotated[int, Field(ge=1, le=24, description="months, the current one last")] = 6
    utc_offset_minutes: Annotated[
        int, Field(ge=-720, le=840, description="the PC's offset from UTC; China is 480")
    ] = 480


async def _guide(viewer: CurrentViewer) -> Viewer:
    if viewer.role is not Role.guide:
        raise Forbidden(
            "my performance is a store guide's own figures; managers and HQ read GET /api/v1/sales "
            "and the performance sheet"
        )
    return viewer


GuideViewer = Annotated[Viewer, Depends(_guide)]


@router.get("/performance", response_model=MyPerformance)
async def my_performance(
    viewer: GuideViewer, session: ReadSession, query: Annotated[PerformanceQuery, Query()]
) -> MyPerformance:
    """Counted sales and orders per week (Monday first) and month in the given offset, exactly as
    GET /api/v1/sales lists them for this guide (voided out, amends at their corrected amount,
    a disputed order for whom it counts now); content sent; tasks done of target; this month's
    targets, the store's sales and the guide's rank in the store."""
    return await performance.my_performance(
        session, viewer, query.weeks, query.months, query.utc_offset_minutes
    )
