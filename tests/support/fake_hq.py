"""A fake HQ for the app's client in tests: an httpx MockTransport whose answers say HQ's release
and protocol level, as every real HQ answer does (the app refuses an answer that says none)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

from guide_app.protocol import HQ_PROTOCOL_HEADER, HQ_VERSION_HEADER
from guide_app.version import PROTOCOL_LEVEL, VERSION

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


def hq_headers(version: str = VERSION, protocol: int = PROTOCOL_LEVEL) -> dict[str, str]:
    return {HQ_VERSION_HEADER: version, HQ_PROTOCOL_HEADER: str(protocol)}


def hq_transport(
    handler: Handler, version: str = VERSION, protocol: int = PROTOCOL_LEVEL
) -> httpx.MockTransport:
    """`httpx.MockTransport(handler)`, its answers stamped as coming from HQ `version`."""
    stamp = hq_headers(version, protocol)

    def stamped(response: httpx.Response) -> httpx.Response:
        for name, value in stamp.items():
            response.headers.setdefault(name, value)
        return response

    def answer(request: httpx.Request) -> httpx.Response | Awaitable[httpx.Response]:
        response = handler(request)
        if isinstance(response, httpx.Response):
            return stamped(response)

        async def later() -> httpx.Response:
            return stamped(await response)

        return later()

    return httpx.MockTransport(answer)
