"""ASGI gates that answer before FastAPI reads a request: body size, and the sign-in throttle.

Each refusal here costs no routing, no body parsing and no validation: a flood is turned away for
the price of reading its headers.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hq.core.errors import HqError, PayloadTooLarge
from hq.services.throttle import LoginThrottle


def json_error(status: int, code: str, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one JSON shape of every refusal: {"code", "detail"}, with its headers."""
    return JSONResponse(status_code=status, content={"code": code, "detail": detail}, headers=headers or None)


def error_response(error: HqError) -> JSONResponse:
    return json_error(error.status_code, error.code, error.detail, error.headers)


class BodySizeLimit:
    """Refuses request bodies over the limit (the asset upload has its own, larger one): by the
    declared Content-Length before reading, else as the body streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_path: str, max_upload_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.upload_path, self.max_upload_bytes = upload_path, max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload_bytes if scope["path"] == self.upload_path else self.max_bytes
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await error_response(_too_large(limit))(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _too_large(limit)
            return message

        await self.app(scope, counting_receive, send)


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"request body is larger than {limit} bytes")


class LoginGate:
    """Applies the sign-in throttle (per client address, and overall) before the request is read.
    A refused attempt is answered after `delay` seconds: a client that floods and waits for each
    answer then makes a few attempts a second instead of thousands."""

    def __init__(self, app: ASGIApp, path: str, throttle: LoginThrottle, delay: float) -> None:
        self.app, self.path, self.throttle, self.delay = app, path, throttle, delay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == self.path and scope["method"] == "POST":
            client = scope.get("client")
            try:
                self.throttle.admit(client[0] if client else "")
            except HqError as refused:
                if self.delay:
                    await asyncio.sleep(self.delay)
                await error_response(refused)(scope, receive, send)
                return
        await self.app(scope, receive, send)
