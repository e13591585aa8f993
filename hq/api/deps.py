"""What route functions get injected: sessions, the signed-in viewer, and role requirements."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from guide_app.protocol import Role
from hq.core.config import Settings
from hq.core.db import Database
from hq.core.errors import Forbidden, Unauthorized
from hq.services.assets import AssetStore
from hq.services.auth import viewer_for_token
from hq.services.visibility import Viewer

_bearer = HTTPBearer(auto_error=False, description="the token from POST /api/v1/auth/login")


# Every dependency is `async def`: FastAPI runs a plain `def` one in a worker thread, and those
# hops were 8 per request (measured on the feed).
async def _database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _asset_store(request: Request) -> AssetStore:
    store: AssetStore = request.app.state.asset_store
    return store


async def _read_session(database: Annotated[Database, Depends(_database)]) -> AsyncIterator[AsyncSession]:
    async with database.reading() as session:
        yield session


async def _write_session(database: Annotated[Database, Depends(_database)]) -> AsyncIterator[AsyncSession]:
    async with database.writing() as session:
        yield session


DatabaseDep = Annotated[Database, Depends(_database)]
SettingsDep = Annotated[Settings, Depends(_settings)]
AssetStoreDep = Annotated[AssetStore, Depends(_asset_store)]
# scope="function": a session ends when the route function returns, before the answer is sent.
# A write is committed before its 2xx leaves (a commit that fails becomes a 500, never a 2xx for
# work that was lost), and no session is held while a file streams to a slow store PC.
ReadSession = Annotated[AsyncSession, Depends(_read_session, scope="function")]
WriteSession = Annotated[AsyncSession, Depends(_write_session, scope="function")]
BearerToken = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def bearer_token(credentials: BearerToken) -> str:
    if credentials is None or not credentials.credentials:
        raise _not_signed_in()
    return credentials.credentials


def bearer_of(authorization: str | None) -> str | None:
    """The bearer token of an Authorization header, read as HTTPBearer reads it; None without one."""
    scheme, _, credentials = (authorization or "").partition(" ")
    token = credentials.strip()
    return token if scheme.lower() == "bearer" and token else None


def token_from_header(authorization: str | None) -> str:
    """bearer_of, or 401, for the one route that checks its token inside its own statement (the
    feed) and so declares no dependency: FastAPI's dependency solving was a third of a feed page's
    CPU (measured in-process)."""
    token = bearer_of(authorization)
    if token is None:
        raise _not_signed_in()
    return token


def _not_signed_in() -> Unauthorized:
    return Unauthorized("sign in first: send 'Authorization: Bearer <token>'", code="not_signed_in")


TokenDep = Annotated[str, Depends(bearer_token)]


async def current_viewer(token: TokenDep, database: DatabaseDep) -> Viewer:
    """The signed-in viewer, from one statement on the raw read path (no session of its own)."""
    return await viewer_for_token(database, token)


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]


def _role_at_least(*roles: Role) -> Callable[[Viewer], Awaitable[Viewer]]:
    allowed = frozenset(roles)

    async def require(viewer: CurrentViewer) -> Viewer:
        if viewer.role not in allowed:
            names = " or ".join(sorted(role.value for role in allowed))
            raise Forbidden(f"this needs the {names} role")
        return viewer

    return require


AdminViewer = Annotated[Viewer, Depends(_role_at_least(Role.hq_admin))]
ManagerViewer = Annotated[Viewer, Depends(_role_at_least(Role.manager, Role.hq_admin))]
