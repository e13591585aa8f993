"""The sync protocol: the change feed (pull) and the event outbox (push)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from guide_app.protocol import DEFAULT_CHANGES_PAGE, MAX_CHANGES_PAGE, ChangesPage, PushRequest, PushResponse
from hq.api.deps import CurrentViewer, DatabaseDep, ReadSession
from hq.api.responses import OrjsonResponse
from hq.api.routing import api_router
from hq.services import changes, push

router = api_router(prefix="/sync", tags=["sync"])


@router.get("/changes", response_model=ChangesPage, response_class=OrjsonResponse)
async def read_changes(
    viewer: CurrentViewer,
    session: ReadSession,
    cursor: Annotated[
        int, Query(ge=0, le=2**62, description="next_cursor of the previous page; 0 at first")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_PAGE)] = DEFAULT_CHANGES_PAGE,
) -> OrjsonResponse:
    """Changes after `cursor` that this account may see, oldest first; `delete` is a tombstone."""
    rows = await changes.read_changes(session, viewer, cursor, limit)
    return OrjsonResponse(changes.feed_page_json(rows, cursor, limit))


@router.post("/push", response_model=PushResponse)
async def push_events(body: PushRequest, viewer: CurrentViewer, database: DatabaseDep) -> PushResponse:
    """Store a batch of outbox events; each gets accepted, duplicate, conflict or rejected."""
    return await database.write_with_retry(lambda session: push.push(session, viewer, body))
