"""Exports: the performance sheet as a streamed xlsx download."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from guide_app.protocol import SheetScope
from hq.api.deps import DatabaseDep, ManagerViewer, ReadSession
from hq.api.routing import api_router
from hq.services import performance_sheet
from hq.services.performance_sheet import MAX_DAYS, SheetRequest

router = api_router(prefix="/exports", tags=["exports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PerformanceSheetQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    first_day: Annotated[date, Field(alias="from", description="first local day, YYYY-MM-DD")]
    last_day: Annotated[date, Field(alias="to", description=f"last local day (inclusive); ≤ {MAX_DAYS} days")]
    scope: SheetScope = SheetScope.all
    region_id: Annotated[int | None, Field(ge=1, le=2**31 - 1, description="with scope=region")] = None
    store_id: Annotated[int | None, Field(ge=1, le=2**31 - 1, description="with scope=store")] = None
    utc_offset_minutes: Annotated[
        int, Field(ge=-720, le=840, description="the offset the days are local to; China is 480")
    ] = 480


@router.get(
    "/performance",
    response_class=StreamingResponse,
    responses={200: {"content": {XLSX: {}}, "description": "the workbook, streamed as it is made"}},
)
async def performance_sheet_download(
    viewer: ManagerViewer,
    session: ReadSession,
    database: DatabaseDep,
    query: Annotated[PerformanceSheetQuery, Query()],
) -> StreamingResponse:
    """The performance sheet (业绩表) of a range of local days: summary by region with a chart,
    stores, guides, tasks and every counted sale. A manager gets their region (scope=all means it);
    another region or its store is 404. Streamed: the first bytes leave at once, and no database
    session is held while it streams (the sales are read in short pages)."""
    request = SheetRequest(
        query.first_day,
        query.last_day,
        query.scope,
        query.region_id,
        query.store_id,
        query.utc_offset_minutes,
    )
    selection = await performance_sheet.select_scope(session, viewer, request)
    return StreamingResponse(
        performance_sheet.stream_sheet(database, request, selection),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{request.file_name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
