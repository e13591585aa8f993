"""Exports: the performance sheet as a streamed xlsx download."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from fastapi.responses import StreamingResponse

from guide_app.protocol import SheetRequest
from hq.api.deps import DatabaseDep, ManagerViewer, ReadSession
from hq.api.routing import api_router
from hq.services import performance_sheet

router = api_router(prefix="/exports", tags=["exports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/performance",
    response_class=StreamingResponse,
    responses={200: {"content": {XLSX: {}}, "description": "the workbook, streamed as it is made"}},
)
async def performance_sheet_download(
    viewer: ManagerViewer,
    session: ReadSession,
    database: DatabaseDep,
    request: Annotated[SheetRequest, Query()],
) -> StreamingResponse:
    """The performance sheet (业绩表) of a range of local days: summary by region with a chart,
    stores, guides, tasks and every counted sale. A manager gets their region (scope=all means it);
    another region or its store is 404. Streamed: the first bytes leave at once, and no database
    session is held while it streams (the sales are read in short pages)."""
    selection = await performance_sheet.select_scope(session, viewer, request)
    return StreamingResponse(
        performance_sheet.stream_sheet(database, request, selection),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{performance_sheet.file_name(request)}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
