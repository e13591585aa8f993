"""Signing in and out: password check, per-account lockout, bearer tokens kept as digests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, case, delete, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import LoginRequest, LoginResponse, Role
from hq.core.config import Settings
from hq.core.db import Database, UTCDateTime, dialect_insert, utcnow
from hq.core.errors import AccountDisabled, Locked, Unauthorized, invalid_token
from hq.core.fastread import RawStatement
from hq.core.security import new_token, token_digest, verify_password
from hq.models import Account, AuthToken, LoginAttempt
from hq.services.org import account_public
from hq.services.throttle import LoginThrottle
from hq.services.visibility import LIVE_TOKEN, VIEWER_COLUMNS, Viewer, viewer_from_row

# One sentence for an unknown login and a wrong password: nobody learns which logins exist.
BAD_CREDENTIALS = "login or password is wrong"
_PRUNE_EVERY = 256  # counted attempts between clean-ups of finished windows and locks
_counted = 0


@dataclass(frozen=True)
class _Attempt:
    number: int  # this attempt's place among the failures in its window (1 = first)
    locked_until: datetime | None


async def login(
    database: Database, settings: Settings, throttle: LoginThrottle, request: LoginRequest
) -> LoginResponse:
    """Check the password and hand out a token.

    An unknown login and a real one take the same path, answers and time: one lookup, one counted
    attempt, one password hash (against a dummy when there is no account or the login is
    locked). The attempt is counted before its password is checked, in one atomic statement, so
    parallel guesses cannot all be checked before the lock; no transaction is open while hashing.
    """
    throttle.refuse_if_busy()
    async with database.reading() as session:
        account = (await session.execute(select(Account).where(col(Account.login) == request.login))).scalar()
    now = utcnow()
    attempt = await _count_attempt(database, settings, request.login, now)
    locked = attempt.locked_until is not None and attempt.locked_until > now
    beyond = attempt.number > settings.login_max_failures
    checked_hash = None if (locked or beyond or account is None) else account.password_hash
    async with throttle.hashing():
        # argon2 takes ~30 ms of CPU: off the event loop, so other requests keep flowing.
        matches = await asyncio.to_thread(verify_password, checked_hash, request.password)
    if locked or beyond:
        until = attempt.locked_until if locked and attempt.locked_until else now + _lock_time(settings)
        raise _locked(until, now)
    if not matches or account is None:
        if attempt.number == settings.login_max_failures:
            raise _locked(await _lock(database, settings, request.login, now), now)
        raise Unauthorized(BAD_CREDENTIALS, code="invalid_credentials")
    if account.disabled:
        # Only the right password learns this (after the same hash and count as any attempt), so
        # the answer reveals nothing to a guesser; the guide learns why they cannot sign in.
        raise AccountDisabled("this account is disabled; ask your manager or HQ")
    async with database.writing() as session:
        await session.execute(delete(LoginAttempt).where(col(LoginAttempt.login) == request.login))
        return await _open_session(session, settings, account, request.device_name, now)


async def _count_attempt(database: Database, settings: Settings, login: str, now: datetime) -> _Attempt:
    """Count one attempt in the login's window (a new window when the last one is over), unless
    the login is locked; returns its number and the lock."""
    global _counted
    table = LoginAttempt.__table__  # type: ignore[attr-defined]
    floor = now - timedelta(minutes=settings.login_failure_window_minutes)
    now_param, floor_param = bindparam("now", type_=UTCDateTime()), bindparam("floor", type_=UTCDateTime())
    in_window = and_(table.c.window_start.is_not(None), table.c.window_start > floor_param)
    locked = and_(table.c.locked_until.is_not(None), table.c.locked_until > now_param)
    async with database.writing() as session:
        statement = dialect_insert(session, table).values(login=login, failures=1, window_start=now)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.login],
            set_={
                "failures": case(
                    (locked, table.c.failures), (in_window, table.c.failures + 1), else_=literal(1)
                ),
                "window_start": case((or_(locked, in_window), table.c.window_start), else_=now_param),
            },
        ).returning(table.c.failures, table.c.locked_until)
        row = (await session.execute(statement, {"floor": floor, "now": now})).one()
        _counted += 1
        if _counted % _PRUNE_EVERY == 0:  # made-up logins must not pile up
            over = and_(
                or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
                or_(table.c.window_start.is_(None), table.c.window_start <= floor),
            )
            await session.execute(delete(table).where(over))
    return _Attempt(number=row.failures, locked_until=row.locked_until)


async def _lock(database: Database, settings: Settings, login: str, now: datetime) -> datetime:
    until = now + _lock_time(settings)
    async with database.writing() as session:
        await session.execute(
            update(LoginAttempt)
            .where(col(LoginAttempt.login) == login)
            .values(locked_until=until, failures=0, window_start=None)
        )
    return until


def _lock_time(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.login_lock_minutes)


async def _open_session(
    session: AsyncSession, settings: Settings, account: Account, device_name: str, now: datetime
) -> LoginResponse:
    assert account.id is not None
    token = new_token()
    expires_at = now + timedelta(hours=settings.token_ttl_hours)
    session.add(
        AuthToken(
            digest=token_digest(token),
            account_id=account.id,
            device_name=device_name,
            created_at=now,
            expires_at=expires_at,
        )
    )
    return LoginResponse(token=token, expires_at=expires_at, account=account_public(account))


def _locked(locked_until: datetime, now: datetime) -> Locked:
    seconds = max(1, int((locked_until - now).total_seconds()))
    return Locked(
        f"too many failed sign-ins; try again in {(seconds + 59) // 60} minutes",
        headers={"Retry-After": str(seconds)},
    )


_MANAGER_STORES = f"FROM store st WHERE st.region_id = a.region_id AND a.role = '{Role.manager.value}'"
# Every signed-in request runs this: one raw statement (no ORM, no thread hop on SQLite) gives the
# account and, for a manager, the region's stores (the dialects differ only in the aggregate).
_VIEWER_FOR_TOKEN = RawStatement.of(
    f"SELECT {VIEWER_COLUMNS}, (SELECT group_concat(st.id) {_MANAGER_STORES}) "
    f"FROM auth_token t JOIN account a ON a.id = t.account_id WHERE {LIVE_TOKEN}",
    postgresql=f"SELECT {VIEWER_COLUMNS}, (SELECT string_agg(CAST(st.id AS TEXT), ',') {_MANAGER_STORES}) "
    f"FROM auth_token t JOIN account a ON a.id = t.account_id WHERE {LIVE_TOKEN}",
)


async def viewer_for_token(database: Database, token: str) -> Viewer:
    """The enabled account behind a live token, as a Viewer, or Unauthorized."""
    fast = database.fast
    rows = await fast.rows(_VIEWER_FOR_TOKEN, {"digest": token_digest(token), "now": fast.time(utcnow())})
    if not rows:
        raise invalid_token()
    return viewer_from_row(rows[0])


async def logout(session: AsyncSession, token: str) -> None:
    await session.execute(
        update(AuthToken)
        .where(col(AuthToken.digest) == token_digest(token), col(AuthToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
