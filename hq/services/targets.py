"""Monthly sales targets of guides and stores: set by HQ or the region's manager, read by role."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import Role, SalesTargetPublic, SalesTargetSet, TargetScope
from hq.core.db import dialect_insert, utcnow
from hq.core.errors import Forbidden, Invalid, NotFound
from hq.models import Account, SalesTarget, Store
from hq.services.org import find_account
from hq.services.visibility import Viewer, load_viewer

MAX_ID = 2**31 - 1


def target_public(target: SalesTarget) -> SalesTargetPublic:
    return SalesTargetPublic(
        scope=TargetScope(target.scope),
        subject_id=target.subject_id,
        month=target.month,
        amount_fen=target.amount_fen,
        set_by=target.set_by,
        set_at=target.set_at,
    )


async def _subject_region(session: AsyncSession, scope: TargetScope, subject_id: int) -> int:
    """The region of the guide or store a target is for; NotFound when there is no such one."""
    if subject_id > MAX_ID:  # beyond every database's integer key: nothing to look up
        raise NotFound(f"no {scope.value} with id {subject_id}")
    if scope is TargetScope.store:
        store = await session.get(Store, subject_id)
        if store is None:
            raise NotFound(f"no store with id {subject_id}")
        return store.region_id
    guide = await session.get(Account, subject_id)
    if guide is None or guide.role != Role.guide.value or guide.store_id is None:
        raise NotFound(f"no guide with account id {subject_id}")
    store = await session.get(Store, guide.store_id)
    assert store is not None  # account.store_id is a foreign key
    return store.region_id


async def set_target(session: AsyncSession, viewer: Viewer, request: SalesTargetSet) -> SalesTargetPublic:
    """Set (or replace) one month's target; a manager only within their region."""
    region_id = await _subject_region(session, request.scope, request.subject_id)
    if not viewer.manages_region(region_id):
        raise Forbidden("a manager sets targets only for the guides and stores of their own region")
    row = {
        "scope": request.scope.value,
        "subject_id": request.subject_id,
        "month": request.month,
        "amount_fen": request.amount_fen,
        "set_by": viewer.id,
        "set_at": utcnow(),
    }
    statement = dialect_insert(session, SalesTarget)
    statement = statement.on_conflict_do_update(
        index_elements=["scope", "subject_id", "month"],
        set_={name: statement.excluded[name] for name in ("amount_fen", "set_by", "set_at")},
    )
    await session.execute(statement, [row])
    return SalesTargetPublic.model_validate(row)


async def list_targets(session: AsyncSession, viewer: Viewer, month: str) -> list[SalesTargetPublic]:
    """A guide sees its own and its store's target; a manager their region's; HQ all."""
    query = select(SalesTarget).where(col(SalesTarget.month) == month)
    is_guide = col(SalesTarget.scope) == TargetScope.guide.value
    is_store = col(SalesTarget.scope) == TargetScope.store.value
    if viewer.role is Role.guide:
        query = query.where(
            or_(
                and_(is_guide, col(SalesTarget.subject_id) == viewer.id),
                and_(is_store, col(SalesTarget.subject_id) == viewer.account.store_id),
            )
        )
    elif viewer.role is Role.manager:
        region_stores = select(col(Store.id)).where(col(Store.region_id) == viewer.account.region_id)
        region_guides = select(col(Account.id)).where(col(Account.store_id).in_(region_stores))
        query = query.where(
            or_(
                and_(is_guide, col(SalesTarget.subject_id).in_(region_guides)),
                and_(is_store, col(SalesTarget.subject_id).in_(region_stores)),
            )
        )
    query = query.order_by(col(SalesTarget.scope), col(SalesTarget.subject_id))
    return [target_public(target) for target in (await session.execute(query)).scalars()]


async def set_from_shell(
    session: AsyncSession,
    month: str,
    amount_fen: int,
    *,
    guide_login: str | None,
    store_code: str | None,
    by_login: str | None,
) -> SalesTargetPublic:
    """`guide-hq targets set`: the subject by login or store code, set by the account named (a
    manager or HQ) or else the oldest enabled hq_admin."""
    if (guide_login is None) == (store_code is None):
        raise Invalid("name either a guide (--guide LOGIN) or a store (--store CODE)")
    if guide_login is not None:
        scope, subject_id = TargetScope.guide, (await find_account(session, guide_login)).id
    else:
        store = (await session.execute(select(Store).where(col(Store.code) == store_code))).scalar()
        if store is None:
            raise NotFound(f"no store with code {store_code!r}")
        scope, subject_id = TargetScope.store, store.id
    assert subject_id is not None  # a stored row's key
    setter = select(Account).where(col(Account.disabled).is_(False))
    if by_login is not None:
        setter = setter.where(col(Account.login) == by_login)
    else:
        setter = setter.where(col(Account.role) == Role.hq_admin.value).order_by(col(Account.id)).limit(1)
    account = (await session.execute(setter)).scalar()
    if account is None:
        raise NotFound(f"no enabled account {by_login!r}" if by_login else "no enabled hq_admin account")
    if account.role == Role.guide.value:
        raise Forbidden("a guide does not set targets")
    request = SalesTargetSet(scope=scope, subject_id=subject_id, month=month, amount_fen=amount_fen)
    return await set_target(session, await load_viewer(session, account), request)
