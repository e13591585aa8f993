"""The two requests every store PC makes, answered before FastAPI routes them.

A store PC reads the change feed at opening and every few minutes after, and pushes its outbox
after each read: they are HQ's most frequent requests by far. Routed through FastAPI, a feed page
spent more CPU in routing and in solving its two query parameters than in its own statement
(1.7 ms against 1.5 ms per page, in-process). Here a request in the plain form the app sends is
answered with the same statement and the same bytes as its route:
- the feed: `GET /api/v1/sync/changes?cursor=N&limit=M` with a bearer token;
- the push: `POST /api/v1/sync/push`, `Content-Type: application/json`, a bearer token, and a
  body that reads as a PushRequest (read as strictly as every route reads JSON).

Any other form (a parameter out of range, spelled differently or unknown, no token, a body that
does not read) goes on to the documented route, the push with its body replayed, which gives its
full answer or its full refusal. The version gate and the size limit stand before this as before
the routes.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import HTTPException
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from guide_app.protocol import API_PREFIX, DEFAULT_CHANGES_PAGE, MAX_CHANGES_PAGE, PushRequest
from hq.api.deps import bearer_of
from hq.api.middleware import error_response
from hq.api.routing import read_strict_json
from hq.core.errors import HqError
from hq.services import changes, push
from hq.services.auth import viewer_for_token

FEED_PATH = f"{API_PREFIX}/sync/changes"
PUSH_PATH = f"{API_PREFIX}/sync/push"
MAX_CURSOR = 2**62  # as the route's Query(le=...)
_DIGITS = 19  # enough for MAX_CURSOR; a longer number is not plain
_JSON_HEADERS = [(b"content-type", b"application/json")]


def plain_feed_request(scope: Scope) -> tuple[str, int, int] | None:
    """(token, cursor, limit) when the request is the feed's plain form, else None.

    Plain: GET, each of `cursor` and `limit` at most once, as digits without a sign, a leading
    zero or an escape, within the route's bounds, no other parameter, and an `Authorization:
    Bearer <token>` header read as the route reads it (its first occurrence)."""
    if scope["method"] != "GET":
        return None
    values: dict[bytes, int] = {}
    query: bytes = scope["query_string"]
    for part in query.split(b"&") if query else ():
        name, equals, number = part.partition(b"=")
        if name not in (b"cursor", b"limit") or name in values or not equals or not _plain_number(number):
            return None
        values[name] = int(number)
    cursor = values.get(b"cursor", 0)
    limit = values.get(b"limit", DEFAULT_CHANGES_PAGE)
    if cursor > MAX_CURSOR or not 1 <= limit <= MAX_CHANGES_PAGE:
        return None
    token = _bearer(scope["headers"])
    return None if token is None else (token, cursor, limit)


def _plain_number(text: bytes) -> bool:
    return 0 < len(text) <= _DIGITS and text.isdigit() and (text == b"0" or not text.startswith(b"0"))


def _bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The first Authorization header's bearer token, as Starlette's headers give it to the routes."""
    first = next((value for name, value in headers if name == b"authorization"), None)
    return None if first is None else bearer_of(first.decode("latin-1"))


def plain_push(body: bytes) -> PushRequest | None:
    """The push's body as a PushRequest, or None when it does not read as one (the route then
    says why: 400 for JSON it refuses, 422 for a body of the wrong shape)."""
    try:
        return PushRequest.model_validate(read_strict_json(body))
    except (HTTPException, ValidationError, ValueError, RecursionError):
        return None


def _json_body(headers: list[tuple[bytes, bytes]]) -> bool:
    content_types = [value for name, value in headers if name == b"content-type"]
    return content_types == [b"application/json"]


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body; None when the client went away first."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the route the body already read, then what the client sends next."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _send_json(send: Send, body: bytes) -> None:
    headers = [*_JSON_HEADERS, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SyncFastPaths:
    """Answers the feed's and the push's plain requests itself; passes every other request on."""

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            if path == FEED_PATH:
                await self._feed(scope, receive, send)
                return
            if path == PUSH_PATH and scope["method"] == "POST":
                await self._push(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _feed(self, scope: Scope, receive: Receive, send: Send) -> None:
        plain = plain_feed_request(scope)
        if plain is None:
            await self.app(scope, receive, send)
            return
        try:
            page = await changes.feed_page(self.state.database, *plain)
        except HqError as refused:
            await error_response(refused)(scope, receive, send)
            return
        await _send_json(send, page)

    async def _push(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _bearer(scope["headers"])
        if token is None or not _json_body(scope["headers"]):
            await self.app(scope, receive, send)
            return
        try:
            body = await _read_body(receive)  # the size limit's receive may refuse it as it comes
            if body is None:
                return  # nobody is waiting for the answer
            request = plain_push(body)
            if request is None:
                await self.app(scope, _replay(body, receive), send)
                return
            viewer = await viewer_for_token(self.state.database, token)
        except HqError as refused:
            await error_response(refused)(scope, receive, send)
            return
        await _send_json(send, orjson.dumps(await push.store_batch(self.state.database, viewer, request)))
