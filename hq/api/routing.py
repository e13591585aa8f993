"""Every route reads its JSON body strictly: UTF-8 only, and no key twice in one object.

Python's json accepts UTF-16 and UTF-32 bytes and keeps the last of two equal keys, so two
readers of one body could disagree on what it says ({"amount_fen": 1, "amount_fen": 99900}).
Such a body is refused with 400 before any route sees it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.routing import APIRoute


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)  # in C; the loop below runs only for an object that repeats a key
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise HTTPException(
                    status_code=400, detail=f"the key {key!r} appears twice in one JSON object"
                )
            seen.add(key)
    return found


def read_strict_json(body: bytes) -> Any:
    """A request body as JSON: UTF-8 only, no key twice in one object (HTTPException 400 when
    not); json.JSONDecodeError (a ValueError) when it is not JSON at all."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(status_code=400, detail="the request body must be UTF-8 JSON") from None
    try:
        return json.loads(text, object_pairs_hook=_no_repeated_keys)
    except RecursionError:
        raise HTTPException(status_code=400, detail="the JSON is nested too deeply") from None


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = read_strict_json(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handle(StrictJsonRequest(request.scope, request.receive))

        return strict


def api_router(**options: Any) -> APIRouter:
    """An APIRouter whose routes read JSON strictly."""
    return APIRouter(route_class=StrictJsonRoute, **options)
