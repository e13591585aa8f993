"""Sign in, sign out, and who am I."""

from __future__ import annotations

from fastapi import Request, Response, status

from guide_app.protocol import AccountPublic, LoginRequest, LoginResponse
from hq.api.deps import CurrentViewer, SettingsDep, TokenDep, WriteSession
from hq.api.routing import api_router
from hq.services import auth
from hq.services.org import account_public

router = api_router(tags=["auth"])


@router.post("/auth/login", response_model=LoginResponse)
async def login(
    body: LoginRequest, request: Request, response: Response, settings: SettingsDep
) -> LoginResponse:
    """Exchange login and password for a bearer token. Five failures in 15 minutes lock the login
    for 15 minutes (known or not: the answers do not tell). Sign-ins are also limited per client
    address and overall; a refusal says when to try again (Retry-After). A disabled account is
    answered 403 `account_disabled` only when the password is right; otherwise it is refused like
    any wrong password."""
    response.headers["Cache-Control"] = "no-store"  # the answer holds a token
    throttle = request.app.state.login_throttle  # its address and overall limits: hq.api.middleware
    return await auth.login(request.app.state.database, settings, throttle, body)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(viewer: CurrentViewer, token: TokenDep, session: WriteSession) -> None:
    """End this sign-in; the token stops working at once."""
    await auth.logout(session, token)


@router.get("/me", response_model=AccountPublic)
async def me(viewer: CurrentViewer) -> AccountPublic:
    return account_public(viewer.account)
