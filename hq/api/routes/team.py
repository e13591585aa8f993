"""A month of the stores and guides a manager (their region) or HQ (all, or one region) manages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from guide_app.protocol import MONTH_PATTERN, TeamFigures
from hq.api.deps import ManagerViewer, ReadSession
from hq.api.routing import api_router
from hq.services import team

router = api_router(prefix="/team", tags=["team"])


class TeamQuery(BaseModel):
    """Which month, in which UTC offset, and (HQ) which region; nothing else."""

    model_config = ConfigDict(extra="forbid")

    month: Annotated[
        str | None,
        Field(pattern=MONTH_PATTERN, description="YYYY-MM (2000-2099); this month when left out"),
    ] = None
    utc_offset_minutes: Annotated[
        int, Field(ge=-720, le=840, description="the offset whose month it is; China is 480")
    ] = 480
    region_id: Annotated[
        int | None, Field(ge=1, le=2**31 - 1, description="HQ: one region; a manager: their own or left out")
    ] = None


@router.get("", response_model=TeamFigures)
async def team_figures(
    viewer: ManagerViewer, session: ReadSession, query: Annotated[TeamQuery, Query()]
) -> TeamFigures:
    """Every enabled guide of the scope (and a disabled one with sales in the month) with the
    month's counted sales, orders, open disputes, content sent, tasks, target, and the customer
    figures of their latest book statistics; every store with the sums of its guides and its own
    target. A manager sees their region (another region_id is 404); HQ all regions or one."""
    return await team.team_figures(session, viewer, query.month, query.utc_offset_minutes, query.region_id)
