"""The one HTTP client of the desktop: HQ's API with retries, limits and answer checking."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import orjson
from pydantic import BaseModel, ValidationError

from guide_app.errors import GuideError
from guide_app.protocol import API_PREFIX, ChangesPage, ErrorBody, LoginRequest, LoginResponse, PushResponse

T = TypeVar("T", bound=BaseModel)
MAX_ANSWER_BYTES = 16 * 1024 * 1024  # the largest feed page is ~2 MB; more is an attack or a bug


class Offline(GuideError):
    """HQ cannot be reached (no network, HQ down); everything stays queued."""

    code = "offline"


class SignInNeeded(GuideError):
    code = "sign_in_needed"


class HqRefused(GuideError):
    """HQ answered 4xx: retrying the same request will not help; the guide must see why."""

    code = "hq_refused"


class MalformedAnswer(GuideError):
    """HQ's answer broke the protocol (schema, size, hash); nothing local was changed."""

    code = "malformed_answer"


class RetryPolicy:
    """Exponential backoff with full jitter, bounded in attempts."""

    def __init__(self, attempts: int = 5, base_delay: float = 0.5, max_delay: float = 20.0) -> None:
        self.attempts, self.base_delay, self.max_delay = attempts, base_delay, max_delay

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


class HqClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.retry = retry or RetryPolicy()
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": "GuideDesk/1"},
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> HqClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ the API

    async def login(self, login: str, password: str, device_name: str = "") -> LoginResponse:
        body = LoginRequest(login=login, password=password, device_name=device_name).model_dump()
        answer = await self._call("POST", "/auth/login", LoginResponse, json_body=body, signed=False)
        self.token = answer.token
        return answer

    async def logout(self) -> None:
        """Revoke this token at HQ (the answer has no body)."""

        async def send() -> bytes:
            response = await self._http.post(API_PREFIX + "/auth/logout", headers=self._auth())
            return await self._read(response)

        await self.with_retries(send)
        self.token = None

    async def changes(self, cursor: int, limit: int) -> ChangesPage:
        return await self._call(
            "GET", "/sync/changes", ChangesPage, params={"cursor": cursor, "limit": limit}
        )

    async def push(self, events: list[dict[str, Any]]) -> PushResponse:
        answer = await self._call("POST", "/sync/push", PushResponse, json_body={"events": events})
        if [str(result.id) for result in answer.results] != [event["id"] for event in events]:
            raise MalformedAnswer("HQ answered for other events than it was sent", code="malformed_answer")
        return answer

    # ------------------------------------------------------------------ plumbing

    async def _call(
        self,
        method: str,
        path: str,
        model: type[T],
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        signed: bool = True,
    ) -> T:
        content = orjson.dumps(json_body) if json_body is not None else None
        headers = {"Content-Type": "application/json"} if content is not None else {}
        if signed:
            headers.update(self._auth())

        async def send() -> bytes:
            request = self._http.build_request(
                method, API_PREFIX + path, content=content, params=params, headers=headers
            )
            response = await self._http.send(request, stream=True)
            try:
                return await self._read(response)
            finally:
                await response.aclose()

        raw = await self.with_retries(send)
        try:
            return model.model_validate(orjson.loads(raw))
        except (orjson.JSONDecodeError, ValidationError) as error:
            raise MalformedAnswer(
                f"HQ's answer to {path} is not what the protocol says: {error}"[:400]
            ) from error

    def _auth(self) -> dict[str, str]:
        if not self.token:
            raise SignInNeeded("sign in to HQ first", code="sign_in_needed")
        return {"Authorization": f"Bearer {self.token}"}

    async def _read(self, response: httpx.Response) -> bytes:
        if response.status_code >= 500:
            raise _ServerTrouble(f"HQ answered {response.status_code}")
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body.extend(chunk)
            if len(body) > MAX_ANSWER_BYTES:
                raise MalformedAnswer("HQ's answer is larger than any real answer", code="answer_too_large")
        if response.status_code in (401,):
            raise SignInNeeded(_reason(bytes(body)) or "sign-in expired; please sign in again")
        if response.status_code >= 400:
            raise HqRefused(
                _reason(bytes(body)) or f"HQ refused the request ({response.status_code})",
                status=response.status_code,
            )
        return bytes(body)

    async def with_retries(self, attempt: Callable[[], Awaitable[Any]]) -> Any:
        """Retry network trouble and 5xx with backoff; 4xx and bad answers are final."""
        last: Exception | None = None
        for number in range(self.retry.attempts):
            try:
                return await attempt()
            except (httpx.TransportError, _ServerTrouble) as error:
                last = error
                if number + 1 < self.retry.attempts:
                    await asyncio.sleep(self.retry.delay(number))
        raise Offline(f"HQ at {self.base_url} cannot be reached: {last}", code="offline") from last


class _ServerTrouble(Exception):
    """A 5xx: HQ may be restarting; worth another try."""


def _reason(body: bytes) -> str | None:
    try:
        error = ErrorBody.model_validate(orjson.loads(body))
    except (orjson.JSONDecodeError, ValidationError):
        return None
    return error.detail if isinstance(error.detail, str) else str(error.detail)[:300]
