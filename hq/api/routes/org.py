"""The organisation as each account may see it: regions, stores, accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from guide_app.protocol import AccountPublic, RegionPublic, StorePublic
from hq.api.deps import CurrentViewer, ReadSession
from hq.api.routing import api_router
from hq.services import org_read

router = api_router(tags=["organisation"])


@router.get("/regions", response_model=list[RegionPublic])
async def list_regions(viewer: CurrentViewer, session: ReadSession) -> list[RegionPublic]:
    return await org_read.list_regions(session, viewer)


@router.get("/stores", response_model=list[StorePublic])
async def list_stores(viewer: CurrentViewer, session: ReadSession) -> list[StorePublic]:
    return await org_read.list_stores(session, viewer)


@router.get("/stores/{store_id}", response_model=StorePublic)
async def get_store(
    store_id: Annotated[int, Path(ge=1, le=2**31 - 1)], viewer: CurrentViewer, session: ReadSession
) -> StorePublic:
    return await org_read.get_store(session, viewer, store_id)


@router.get("/accounts", response_model=list[AccountPublic])
async def list_accounts(viewer: CurrentViewer, session: ReadSession) -> list[AccountPublic]:
    return await org_read.list_accounts(session, viewer)


@router.get("/accounts/{account_id}", response_model=AccountPublic)
async def get_account(
    account_id: Annotated[int, Path(ge=1, le=2**31 - 1)], viewer: CurrentViewer, session: ReadSession
) -> AccountPublic:
    return await org_read.get_account(session, viewer, account_id)
