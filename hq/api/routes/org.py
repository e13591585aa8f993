"""The organisation as each account may see it: regions, stores, accounts."""

from __future__ import annotations

import asyncio
from typing import Annotated
from urllib.parse import unquote

from fastapi import Path, Query, Request, status

from guide_app.protocol import (
    AccountCreate,
    AccountPublic,
    AccountUpdate,
    OrgImportResult,
    PasswordReset,
    RegionCreate,
    RegionPublic,
    RegionUpdate,
    StoreCreate,
    StorePublic,
    StoreUpdate,
)
from hq.api.deps import AdminViewer, CurrentViewer, DatabaseDep, ReadSession, WriteSession
from hq.api.routes.sales import QueryFlag
from hq.api.routing import api_router
from hq.core.errors import Invalid
from hq.core.security import hash_password, password_problem
from hq.org_import import SheetSource, import_org
from hq.services import org_read, org_write
from hq.services.assets import safe_filename

router = api_router(tags=["organisation"])

EntityPath = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/regions", response_model=list[RegionPublic])
async def list_regions(viewer: CurrentViewer, session: ReadSession) -> list[RegionPublic]:
    return await org_read.list_regions(session, viewer)


@router.get("/stores", response_model=list[StorePublic])
async def list_stores(viewer: CurrentViewer, session: ReadSession) -> list[StorePublic]:
    return await org_read.list_stores(session, viewer)


@router.get("/stores/{store_id}", response_model=StorePublic)
async def get_store(store_id: EntityPath, viewer: CurrentViewer, session: ReadSession) -> StorePublic:
    return await org_read.get_store(session, viewer, store_id)


@router.get("/accounts", response_model=list[AccountPublic])
async def list_accounts(viewer: CurrentViewer, session: ReadSession) -> list[AccountPublic]:
    return await org_read.list_accounts(session, viewer)


@router.get("/accounts/{account_id}", response_model=AccountPublic)
async def get_account(account_id: EntityPath, viewer: CurrentViewer, session: ReadSession) -> AccountPublic:
    return await org_read.get_account(session, viewer, account_id)


# --------------------------------------------------------------------------- HQ's changes


@router.post("/regions", response_model=RegionPublic, status_code=status.HTTP_201_CREATED)
async def create_region(body: RegionCreate, viewer: AdminViewer, session: WriteSession) -> RegionPublic:
    return await org_write.create_region(session, viewer, body)


@router.patch("/regions/{region_id}", response_model=RegionPublic)
async def update_region(
    region_id: EntityPath, body: RegionUpdate, viewer: AdminViewer, session: WriteSession
) -> RegionPublic:
    return await org_write.update_region(session, viewer, region_id, body)


@router.post("/stores", response_model=StorePublic, status_code=status.HTTP_201_CREATED)
async def create_store(body: StoreCreate, viewer: AdminViewer, session: WriteSession) -> StorePublic:
    return await org_write.create_store(session, viewer, body)


@router.patch("/stores/{store_id}", response_model=StorePublic)
async def update_store(
    store_id: EntityPath, body: StoreUpdate, viewer: AdminViewer, session: WriteSession
) -> StorePublic:
    """A new `region_id` moves the store with its guides: the new region's manager sees them,
    the old one no longer does; their sales stay theirs and the store's."""
    return await org_write.update_store(session, viewer, store_id, body)


@router.post("/accounts", response_model=AccountPublic, status_code=status.HTTP_201_CREATED)
async def create_account(body: AccountCreate, viewer: AdminViewer, database: DatabaseDep) -> AccountPublic:
    """A guide needs `store_id`, a manager `region_id`, an HQ operator neither."""
    password_hash = await _hashed(body.password)
    async with database.writing() as session:  # opened after hashing: see org_write
        return await org_write.create_account(session, viewer, body, password_hash)


@router.patch("/accounts/{account_id}", response_model=AccountPublic)
async def update_account(
    account_id: EntityPath, body: AccountUpdate, viewer: AdminViewer, session: WriteSession
) -> AccountPublic:
    """Rename; move a guide (`store_id`) or a manager (`region_id`); `disabled: true` signs the
    account out everywhere at once."""
    return await org_write.update_account(session, viewer, account_id, body)


@router.post("/accounts/{account_id}/password", status_code=status.HTTP_204_NO_CONTENT)
async def reset_password(
    account_id: EntityPath,
    body: PasswordReset,
    viewer: AdminViewer,
    session: ReadSession,
    database: DatabaseDep,
) -> None:
    """Set a new password: the account is signed out everywhere and its sign-in lockout lifted."""
    await org_write.account_exists(session, account_id)
    password_hash = await _hashed(body.password)
    async with database.writing() as write:
        await org_write.reset_password(write, viewer, account_id, password_hash)


async def _hashed(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise Invalid(problem)
    # argon2 takes ~30 ms of CPU: off the event loop, and before any write transaction opens.
    return await asyncio.to_thread(hash_password, password)


@router.post(
    "/org/import",
    response_model=OrgImportResult,
    openapi_extra={
        "requestBody": {
            "required": True,
            # The xlsx type, and any bytes (what a generic client sends): the content decides.
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def import_org_sheet(
    request: Request,
    viewer: AdminViewer,
    database: DatabaseDep,
    apply: Annotated[
        QueryFlag, Query(description="write it (true) or only check and report (false)")
    ] = False,
) -> OrgImportResult:
    """The organisation sheet (区域, 门店编码, 门店名称, 城市, 账号, 姓名, 角色, 初始密码) as the raw
    request body (within the service's request size limit, 4 MB by default: 50,000 rows, the most
    one import takes, measured 1.6 MB), named by a percent-encoded X-Filename header. Every row is
    checked; any bad row means nothing is written, and the answer lists it by row number. An
    applied import is audited."""
    name = safe_filename(unquote(request.headers.get("x-filename", ""))) or "org.xlsx"
    content = await request.body()  # bounded by the BodySizeLimit middleware before it is read
    source = SheetSource.of_bytes(name, content)
    report = await import_org(database, source, apply=apply, actor_id=viewer.id)
    return report.result()
