"""What of the organisation each viewer may read: HQ all, a manager their region, a guide their own."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import AccountPublic, RegionPublic, Role, StorePublic
from hq.core.errors import NotFound
from hq.models import Account, Region, Store
from hq.services.org import account_public, region_public, store_public
from hq.services.visibility import Viewer


def _accounts_query(viewer: Viewer) -> Select[Account]:
    query = select(Account).order_by(col(Account.id))
    if viewer.is_admin:
        return query
    if viewer.role is Role.manager:
        return query.where(
            or_(col(Account.region_id) == viewer.account.region_id, col(Account.id) == viewer.id)
        )
    return query.where(col(Account.id) == viewer.id)


def _stores_query(viewer: Viewer) -> Select[Store]:
    query = select(Store).order_by(col(Store.id))
    if viewer.is_admin:
        return query
    if viewer.role is Role.manager:
        return query.where(col(Store.region_id) == viewer.account.region_id)
    return query.where(col(Store.id) == viewer.account.store_id)


async def list_accounts(session: AsyncSession, viewer: Viewer) -> list[AccountPublic]:
    return [account_public(account) for account in (await session.execute(_accounts_query(viewer))).scalars()]


async def get_account(session: AsyncSession, viewer: Viewer, account_id: int) -> AccountPublic:
    account = (await session.execute(_accounts_query(viewer).where(col(Account.id) == account_id))).scalar()
    if account is None:
        raise NotFound("no such account")
    return account_public(account)


async def list_stores(session: AsyncSession, viewer: Viewer) -> list[StorePublic]:
    return [store_public(store) for store in (await session.execute(_stores_query(viewer))).scalars()]


async def get_store(session: AsyncSession, viewer: Viewer, store_id: int) -> StorePublic:
    store = (await session.execute(_stores_query(viewer).where(col(Store.id) == store_id))).scalar()
    if store is None:
        raise NotFound("no such store")
    return store_public(store)


async def list_regions(session: AsyncSession, viewer: Viewer) -> list[RegionPublic]:
    query = select(Region).order_by(col(Region.id))
    if not viewer.is_admin:
        query = query.where(col(Region.id) == viewer.account.region_id)
    return [region_public(region) for region in (await session.execute(query)).scalars()]
