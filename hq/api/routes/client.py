"""What the app learns before it syncs: the releases HQ's operator allows."""

from __future__ import annotations

from fastapi import Request, Response

from guide_app.protocol import CLIENT_VERSIONS_PATH, ClientVersions
from hq.api.routing import api_router
from hq.services.client_versions import PolicyCache

router = api_router(tags=["client"])


@router.get(CLIENT_VERSIONS_PATH, response_model=ClientVersions)
async def client_versions(request: Request, response: Response) -> ClientVersions:
    """The oldest app release HQ syncs with, the release every store PC should run, and HQ's own
    release and protocol level. No sign-in needed, and answered to an app of any release: an app
    below `minimum` is refused sync (426 `client_too_old`) and reads here what to update to. The
    same policy as the gate's (this worker's copy, at most a few seconds old)."""
    response.headers["Cache-Control"] = "no-store"
    policies: PolicyCache = request.app.state.client_versions
    return (await policies.current()).public()
