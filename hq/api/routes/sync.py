"""The sync protocol: the change feed (pull) and the event outbox (push)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from guide_app.protocol import DEFAULT_CHANGES_PAGE, MAX_CHANGES_PAGE, ChangesPage, PushRequest, PushResponse
from hq.api.deps import CurrentViewer, DatabaseDep, token_from_header
from hq.api.responses import OrjsonResponse
from hq.api.routing import api_router
from hq.core.db import Database
from hq.services import changes, push

router = api_router(prefix="/sync", tags=["sync"])


# Signed in like every route (the bearer token; 401 without a live one), but checked inside the
# page's own statement, so the route declares the security scheme instead of a dependency.
@router.get(
    "/changes",
    response_model=ChangesPage,
    response_class=OrjsonResponse,
    openapi_extra={"security": [{"HTTPBearer": []}]},
)
async def read_changes(
    request: Request,
    cursor: Annotated[
        int, Query(ge=0, le=2**62, description="next_cursor of the previous page; 0 at first")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_PAGE)] = DEFAULT_CHANGES_PAGE,
) -> OrjsonResponse:
    """Changes after `cursor` that this account may see, oldest first; `delete` is a tombstone."""
    token = token_from_header(request.headers.get("authorization"))
    database: Database = request.app.state.database
    return OrjsonResponse(await changes.feed_page(database, token, cursor, limit))


@router.post("/push", response_model=PushResponse, response_class=OrjsonResponse)
async def push_events(body: PushRequest, viewer: CurrentViewer, database: DatabaseDep) -> OrjsonResponse:
    """Store a batch of outbox events; each gets accepted, duplicate, conflict or rejected."""
    return OrjsonResponse(await push.store_batch(database, viewer, body))
