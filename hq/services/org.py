"""Regions, stores and accounts: creating them, changing them, and publishing them to the feed."""

from __future__ import annotations

import asyncio

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import AccountPublic, ChangeOp, EntityKind, RegionPublic, Role, StorePublic
from hq.core.db import utcnow
from hq.core.errors import Conflict, Invalid, NotFound
from hq.core.security import hash_password, password_problem
from hq.models import Account, AuthToken, LoginAttempt, Region, Store
from hq.services.changes import publish, record_change
from hq.services.visibility import Scope, ScopeKind


def account_public(account: Account) -> AccountPublic:
    assert account.id is not None
    return AccountPublic(
        id=account.id,
        login=account.login,
        display_name=account.display_name,
        role=Role(account.role),
        store_id=account.store_id,
        region_id=account.region_id,
        disabled=account.disabled,
    )


def region_public(region: Region) -> RegionPublic:
    assert region.id is not None
    return RegionPublic(id=region.id, name=region.name)


def store_public(store: Store) -> StorePublic:
    assert store.id is not None
    return StorePublic(
        id=store.id, code=store.code, name=store.name, region_id=store.region_id, city=store.city
    )


def account_scopes(account: Account) -> list[Scope]:
    assert account.id is not None
    scopes: list[Scope] = [(ScopeKind.account, account.id)]
    if account.role == Role.guide and account.region_id is not None:
        scopes.append((ScopeKind.region_managers, account.region_id))
    return scopes


async def upsert_region(session: AsyncSession, name: str) -> Region:
    region = (await session.execute(select(Region).where(col(Region.name) == name))).scalar()
    if region is None:
        region = Region(name=name)
        session.add(region)
        await session.flush()  # its id names its scope
        assert region.id is not None
        await publish(session, EntityKind.region, region, region_public, [(ScopeKind.region, region.id)])
    return region


async def upsert_store(session: AsyncSession, code: str, name: str, region: Region, city: str = "") -> Store:
    assert region.id is not None
    store = (await session.execute(select(Store).where(col(Store.code) == code))).scalar()
    if store is None:
        store = Store(code=code, name=name, region_id=region.id, city=city)
        session.add(store)
    elif (store.name, store.region_id, store.city) == (name, region.id, city):
        return store
    else:
        old_region_id = store.region_id
        store.name, store.region_id, store.city = name, region.id, city
        if old_region_id != region.id:
            await move_guides(session, store, old_region_id)
            return await publish_store(session, store, old_region_id)
    return await publish_store(session, store)


async def publish_store(session: AsyncSession, store: Store, moved_from: int | None = None) -> Store:
    """Publish a store to its guides and its region's manager. After a move (`moved_from`: the
    old region), the old region's managers get a tombstone: they no longer read its scope."""
    await session.flush()  # its id names its scope
    assert store.id is not None
    scopes: list[Scope] = [(ScopeKind.store, store.id)]
    if moved_from is None or moved_from == store.region_id:
        await publish(session, EntityKind.store, store, store_public, scopes)
        return store
    seen_by = [*scopes, (ScopeKind.region_managers, moved_from)]
    scopes.append((ScopeKind.region_managers, store.region_id))
    await publish(session, EntityKind.store, store, store_public, scopes, seen_by=seen_by)
    return store


async def move_guides(session: AsyncSession, store: Store, old_region_id: int) -> None:
    """A store changing region takes its guides along: their region decides what they see,
    and which manager sees them (the old one gets a tombstone). Their sales stay theirs and the
    store's: the figures follow the store into its new region."""
    guides = (await session.execute(select(Account).where(col(Account.store_id) == store.id))).scalars()
    for guide in guides:
        guide.region_id, guide.updated_at = store.region_id, utcnow()
        await publish_account(session, guide, old_region_id)


async def publish_account(session: AsyncSession, account: Account, old_region_id: int | None = None) -> None:
    """Publish an account to itself and, for a guide, its region's managers; a guide that left
    `old_region_id` is taken off that region's managers' lists with a tombstone."""
    assert account.id is not None
    if account.role == Role.guide and old_region_id is not None and old_region_id != account.region_id:
        await record_change(
            session,
            EntityKind.account,
            account.id,
            ChangeOp.delete,
            None,
            [(ScopeKind.region_managers, old_region_id)],
        )
    await publish(session, EntityKind.account, account, account_public, account_scopes(account))


async def placement(
    session: AsyncSession, role: Role, store_code: str | None, region_name: str | None
) -> tuple[int | None, int | None]:
    """(store_id, region_id) for a new account of this role, or Invalid with the reason."""
    if role is Role.guide:
        if not store_code:
            raise Invalid("a guide needs a store")
        store = (await session.execute(select(Store).where(col(Store.code) == store_code))).scalar()
        if store is None:
            raise NotFound(f"no store with code {store_code!r}")
        return store.id, store.region_id
    if role is Role.manager:
        if not region_name:
            raise Invalid("a manager needs a region")
        region = (await session.execute(select(Region).where(col(Region.name) == region_name))).scalar()
        if region is None:
            raise NotFound(f"no region named {region_name!r}")
        return None, region.id
    return None, None


async def add_account(
    session: AsyncSession,
    login: str,
    display_name: str,
    role: Role,
    password: str,
    store_code: str | None = None,
    region_name: str | None = None,
    password_hash: str | None = None,
) -> Account:
    """A new account. `password_hash`, when given, is the password's hash made before the
    transaction (hashing inside it holds the write lock ~30 ms per account)."""
    problem = password_problem(password)
    if problem:
        raise Invalid(problem)
    if (await session.execute(select(col(Account.id)).where(col(Account.login) == login))).first():
        raise Conflict(f"login {login!r} is taken")
    store_id, region_id = await placement(session, role, store_code, region_name)
    account = Account(
        login=login,
        display_name=display_name,
        role=role.value,
        store_id=store_id,
        region_id=region_id,
        password_hash=password_hash if password_hash else await asyncio.to_thread(hash_password, password),
    )
    session.add(account)
    await session.flush()  # its id names its scope
    await publish(session, EntityKind.account, account, account_public, account_scopes(account))
    return account


async def find_account(session: AsyncSession, login: str) -> Account:
    account = (await session.execute(select(Account).where(col(Account.login) == login))).scalar()
    if account is None:
        raise NotFound(f"no account with login {login!r}")
    return account


async def revoke_tokens(session: AsyncSession, account_id: int) -> int:
    result = await session.execute(
        update(AuthToken)
        .where(col(AuthToken.account_id) == account_id, col(AuthToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    # AsyncSession.execute is typed to return Result, but an UPDATE yields a CursorResult (has rowcount).
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def set_disabled(session: AsyncSession, login: str, disabled: bool) -> Account:
    """Disable (or enable) an account; disabling ends every sign-in it has at once."""
    account = await find_account(session, login)
    assert account.id is not None
    account.disabled = disabled
    account.updated_at = utcnow()
    if disabled:
        await revoke_tokens(session, account.id)
    await publish(session, EntityKind.account, account, account_public, account_scopes(account))
    return account


async def reset_password(session: AsyncSession, login: str, password: str) -> Account:
    problem = password_problem(password)
    if problem:
        raise Invalid(problem)
    account = await find_account(session, login)
    await set_password_hash(session, account, await asyncio.to_thread(hash_password, password))
    return account


async def set_password_hash(session: AsyncSession, account: Account, password_hash: str) -> None:
    """A new password: every sign-in of the account ends, and its sign-in lockout is lifted."""
    assert account.id is not None
    account.password_hash, account.updated_at = password_hash, utcnow()
    await session.execute(delete(LoginAttempt).where(col(LoginAttempt.login) == account.login))
    await revoke_tokens(session, account.id)
