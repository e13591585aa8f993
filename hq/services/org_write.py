"""HQ changes the organisation through the API: regions, stores, accounts, each change audited.

Password hashes are made by the caller before the write transaction opens (argon2 costs ~30 ms
of CPU; inside the transaction it would hold HQ's write lock that long).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import (
    AccountCreate,
    AccountPublic,
    AccountUpdate,
    AuditAction,
    EntityKind,
    RegionCreate,
    RegionPublic,
    RegionUpdate,
    Role,
    StoreCreate,
    StorePublic,
    StoreUpdate,
)
from hq.core.db import utcnow
from hq.core.errors import Conflict, Invalid, NotFound
from hq.models import Account, Region, Store
from hq.services import audit
from hq.services.audit import AuditEntity
from hq.services.changes import publish
from hq.services.org import (
    account_public,
    move_guides,
    publish_account,
    publish_store,
    region_public,
    revoke_tokens,
    set_password_hash,
    store_public,
)
from hq.services.visibility import ScopeKind, Viewer

# --------------------------------------------------------------------------- regions


async def create_region(session: AsyncSession, viewer: Viewer, body: RegionCreate) -> RegionPublic:
    await _name_free(session, body.name)
    region = Region(name=body.name)
    session.add(region)
    public = await _publish_region(session, region)
    await audit.record(
        session, viewer.id, AuditEntity.region, public.id, AuditAction.create, None, _dump(public)
    )
    return public


async def update_region(
    session: AsyncSession, viewer: Viewer, region_id: int, body: RegionUpdate
) -> RegionPublic:
    region = await session.get(Region, region_id)
    if region is None:
        raise NotFound("no such region")
    before = region_public(region)
    if body.name is None or body.name == region.name:
        return before
    await _name_free(session, body.name)
    region.name = body.name
    public = await _publish_region(session, region)
    await audit.record(
        session, viewer.id, AuditEntity.region, region_id, AuditAction.update, _dump(before), _dump(public)
    )
    return public


async def _name_free(session: AsyncSession, name: str) -> None:
    if (await session.execute(select(col(Region.id)).where(col(Region.name) == name))).first():
        raise Conflict(f"a region named {name!r} exists already")


async def _publish_region(session: AsyncSession, region: Region) -> RegionPublic:
    await _flush_unique(session, "a region with this name exists already")
    assert region.id is not None
    return await publish(session, EntityKind.region, region, region_public, [(ScopeKind.region, region.id)])


# --------------------------------------------------------------------------- stores


async def create_store(session: AsyncSession, viewer: Viewer, body: StoreCreate) -> StorePublic:
    if (await session.execute(select(col(Store.id)).where(col(Store.code) == body.code))).first():
        raise Conflict(f"store code {body.code!r} is taken")
    await _region(session, body.region_id)
    store = Store(code=body.code, name=body.name, region_id=body.region_id, city=body.city)
    session.add(store)
    await _flush_unique(session, f"store code {body.code!r} is taken")
    public = store_public(await publish_store(session, store))
    await audit.record(
        session, viewer.id, AuditEntity.store, public.id, AuditAction.create, None, _dump(public)
    )
    return public


async def update_store(
    session: AsyncSession, viewer: Viewer, store_id: int, body: StoreUpdate
) -> StorePublic:
    """Rename, change the city, or move the store to another region with its guides (their sales
    stay theirs and the store's; the new region's manager sees them from now on)."""
    store = await session.get(Store, store_id)
    if store is None:
        raise NotFound("no such store")
    before = store_public(store)
    old_region_id = store.region_id
    if body.region_id is not None and body.region_id != old_region_id:
        await _region(session, body.region_id)
        store.region_id = body.region_id
        await move_guides(session, store, old_region_id)
    store.name = body.name if body.name is not None else store.name
    store.city = body.city if body.city is not None else store.city
    if (store.name, store.city, store.region_id) == (before.name, before.city, before.region_id):
        return before
    public = store_public(await publish_store(session, store, old_region_id))
    action = AuditAction.move if store.region_id != old_region_id else AuditAction.update
    await audit.record(session, viewer.id, AuditEntity.store, store_id, action, _dump(before), _dump(public))
    return public


async def _region(session: AsyncSession, region_id: int) -> Region:
    region = await session.get(Region, region_id)
    if region is None:
        raise Invalid(f"no region with id {region_id}")
    return region


async def _store(session: AsyncSession, store_id: int) -> Store:
    store = await session.get(Store, store_id)
    if store is None:
        raise Invalid(f"no store with id {store_id}")
    return store


# --------------------------------------------------------------------------- accounts


async def create_account(
    session: AsyncSession, viewer: Viewer, body: AccountCreate, password_hash: str
) -> AccountPublic:
    """A new account placed as its role needs (the protocol checked the shape; here the places)."""
    if (await session.execute(select(col(Account.id)).where(col(Account.login) == body.login))).first():
        raise Conflict(f"login {body.login!r} is taken")
    region_id = body.region_id
    if body.store_id is not None:
        region_id = (await _store(session, body.store_id)).region_id
    elif region_id is not None:
        await _region(session, region_id)
    account = Account(
        login=body.login,
        display_name=body.display_name,
        role=body.role.value,
        store_id=body.store_id,
        region_id=region_id,
        password_hash=password_hash,
    )
    session.add(account)
    await _flush_unique(session, f"login {body.login!r} is taken")
    await publish_account(session, account)
    public = account_public(account)
    await audit.record(
        session, viewer.id, AuditEntity.account, public.id, AuditAction.create, None, _dump(public)
    )
    return public


async def update_account(
    session: AsyncSession, viewer: Viewer, account_id: int, body: AccountUpdate
) -> AccountPublic:
    """Rename, move (a guide to a store, its region follows; a manager to a region), disable
    (signed out everywhere at once) or enable. Sales stay with the guide who made them."""
    account = await _account(session, account_id)
    before = account_public(account)
    if body.disabled and account_id == viewer.id:
        raise Invalid("you cannot disable your own account; ask another HQ operator")
    await _place(session, account, body)
    if body.display_name is not None:
        account.display_name = body.display_name
    if body.disabled is not None:
        account.disabled = body.disabled
    after = account_public(account)
    if after == before:
        return before
    account.updated_at = utcnow()
    if account.disabled and not before.disabled:
        await revoke_tokens(session, account_id)
    await publish_account(session, account, before.region_id)
    await audit.record(
        session,
        viewer.id,
        AuditEntity.account,
        account_id,
        _account_action(before, after),
        _dump(before),
        _dump(after),
    )
    return after


def _account_action(before: AccountPublic, after: AccountPublic) -> AuditAction:
    if before.disabled != after.disabled:
        return AuditAction.disable if after.disabled else AuditAction.enable
    if (before.store_id, before.region_id) != (after.store_id, after.region_id):
        return AuditAction.move
    return AuditAction.update


async def _place(session: AsyncSession, account: Account, body: AccountUpdate) -> None:
    """Apply a store or region change that fits the account's role, or refuse it (422)."""
    sent = body.model_fields_set
    role = Role(account.role)
    if role is Role.guide:
        if "region_id" in sent:
            raise Invalid("a guide's region follows its store; send store_id to move the guide")
        if "store_id" in sent:
            if body.store_id is None:
                raise Invalid("a guide needs a store")
            store = await _store(session, body.store_id)
            account.store_id, account.region_id = store.id, store.region_id
    elif role is Role.manager:
        if "store_id" in sent and body.store_id is not None:
            raise Invalid("a manager has a region, not a store")
        if "region_id" in sent:
            if body.region_id is None:
                raise Invalid("a manager needs a region")
            account.region_id = (await _region(session, body.region_id)).id
    elif body.store_id is not None or body.region_id is not None:
        raise Invalid("an HQ operator has no store or region")


async def reset_password(session: AsyncSession, viewer: Viewer, account_id: int, password_hash: str) -> None:
    """Set a new password: every sign-in of the account ends, and its lockout is lifted."""
    await set_password_hash(session, await _account(session, account_id), password_hash)
    await audit.record(
        session,
        viewer.id,
        AuditEntity.account,
        account_id,
        AuditAction.password_reset,
        None,
        audit.PASSWORD_RESET,
    )


async def _account(session: AsyncSession, account_id: int) -> Account:
    account = await session.get(Account, account_id)
    if account is None:
        raise NotFound("no such account")
    return account


async def account_exists(session: AsyncSession, account_id: int) -> None:
    """NotFound before a password is hashed for an account that is not there."""
    await _account(session, account_id)


# --------------------------------------------------------------------------- shared


async def _flush_unique(session: AsyncSession, reason: str) -> None:
    """Flush, turning a unique-key race with a concurrent request into the same 409 as the check."""
    try:
        await session.flush()
    except IntegrityError as error:
        raise Conflict(reason) from error


def _dump(public: RegionPublic | StorePublic | AccountPublic) -> dict[str, Any]:
    return public.model_dump(mode="json")
