"""Sales as HQ counted them, and orders claimed by more than one guide."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query
from pydantic import BeforeValidator

from guide_app.protocol import AwareDatetime, DisputeDecision, SaleDisputePublic, SalePublic
from hq.api.deps import CurrentViewer, ManagerViewer, ReadSession, WriteSession
from hq.api.responses import OrjsonResponse
from hq.api.routing import api_router
from hq.services import decisions, sales
from hq.services.sales import DisputeState

router = api_router(prefix="/sales", tags=["sales"])


def _true_or_false(value: object) -> object:
    # FastAPI's bool takes 1/yes/on too; requests are strict (DESIGN), so only the JSON words pass.
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("expected true or false")


QueryFlag = Annotated[bool, BeforeValidator(_true_or_false)]


@router.get("", response_model=list[SalePublic], response_class=OrjsonResponse)
async def list_sales(
    viewer: CurrentViewer,
    session: ReadSession,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    include_voided: Annotated[QueryFlag, Query(description="list voided sales too")] = False,
) -> OrjsonResponse:
    """Newest first: a guide's own sales, a manager's region's, or all for HQ. A voided sale is
    left out unless `include_voided=true`; an amended one shows its corrected amount."""
    found = await sales.list_sales(session, viewer, since, until, offset, limit, include_voided)
    return OrjsonResponse([sale.model_dump(mode="json") for sale in found])


@router.get("/disputes", response_model=list[SaleDisputePublic])
async def list_disputes(
    viewer: ManagerViewer,
    session: ReadSession,
    state: Annotated[
        DisputeState, Query(description="open (the queue), decided, or all")
    ] = DisputeState.open,
) -> list[SaleDisputePublic]:
    """Orders claimed by two or more guides of a store (a manager: their region's), newest first.
    Until decided an order counts once, for the first claim, and is marked disputed."""
    return await sales.list_disputes(session, viewer, state)


@router.post("/disputes/decide", response_model=SaleDisputePublic)
async def decide_dispute(
    body: DisputeDecision, viewer: ManagerViewer, session: WriteSession
) -> SaleDisputePublic:
    """Credit a disputed order to one of its live claims, with a reason; deciding again replaces
    the decision. Every claimant's app is told who decided and why."""
    return await decisions.decide(session, viewer, body)


@router.get("/{sale_id}", response_model=SalePublic)
async def get_sale(sale_id: uuid.UUID, viewer: CurrentViewer, session: ReadSession) -> SalePublic:
    return await sales.get_sale(session, viewer, sale_id)
