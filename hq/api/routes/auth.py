"""Sign in, sign out, and who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from guide_app.protocol import AccountPublic, LoginRequest, LoginResponse
from hq.api.deps import CurrentViewer, SettingsDep, TokenDep, WriteSession
from hq.services import auth
from hq.services.org import account_public

router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=LoginResponse)
async def login(body: LoginRequest, request: Request, settings: SettingsDep) -> LoginResponse:
    """Exchange login and password for a bearer token. Five failures in 15 minutes lock the account."""
    return await auth.login(request.app.state.database, settings, body)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(viewer: CurrentViewer, token: TokenDep, session: WriteSession) -> None:
    """End this sign-in; the token stops working at once."""
    await auth.logout(session, token)


@router.get("/me", response_model=AccountPublic)
async def me(viewer: CurrentViewer) -> AccountPublic:
    return account_public(viewer.account)
