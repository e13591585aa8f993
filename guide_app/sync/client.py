"""The one HTTP client of the desktop: HQ's API with retries, limits and answer checking."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
import random
import re
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from pydantic import BaseModel, RootModel, ValidationError

from guide_app.account.paths import hq_address
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import (
    API_PREFIX,
    CLIENT_PROTOCOL_HEADER,
    CLIENT_VERSION_HEADER,
    CLIENT_VERSIONS_PATH,
    HQ_PROTOCOL_HEADER,
    HQ_VERSION_HEADER,
    SHA256_PATTERN,
    ChangesPage,
    ClientVersions,
    ErrorBody,
    LoginRequest,
    LoginResponse,
    MyPerformance,
    PushResponse,
)
from guide_app.version import MIN_HQ_PROTOCOL, PROTOCOL_LEVEL, VERSION

if TYPE_CHECKING:
    import httpx

T = TypeVar("T", bound=BaseModel)
MAX_ANSWER_BYTES = 16 * 1024 * 1024  # the largest feed page is ~2 MB; more is an attack or a bug
_FILE_TOO_LARGE = "HQ's file is larger than the content item says"
_PARSE_ON_LOOP_BYTES = 64 * 1024  # a larger answer (a feed page) is parsed in a worker thread
_WRITE_EVERY = 1024 * 1024  # a download's bytes go to disk in a worker thread, this many at a time


class Offline(GuideError):
    """HQ cannot be reached (no network, HQ down); everything stays queued."""

    code = ErrorCode.offline


class SignInNeeded(GuideError):
    code = ErrorCode.sign_in_needed


class HqTimeout(Offline):
    """HQ took the connection but did not answer in time (a hung HQ or a proxy holding on)."""

    code = ErrorCode.hq_timeout


class HqRefused(GuideError):
    """HQ answered 4xx: retrying the same request will not help; the guide must see why."""

    code = ErrorCode.hq_refused


class VersionRefused(GuideError):
    """This app and HQ are releases that must not sync together; a whole sync stops at it (unlike
    HqRefused, which refuses one file or one request). Retrying before an update cannot help."""


class ClientTooOld(VersionRefused):
    """HQ syncs only with newer releases of the app (426): the book keeps everything, queued,
    until this PC is updated. details: minimum, latest (as HQ's operator set them), version (this
    app's, as it told HQ), hq_version."""

    code = ErrorCode.client_too_old


class HqTooOld(VersionRefused):
    """HQ speaks an older protocol than this app (HQ's 409, or its answer says so or says no
    level at all): the answer was not used, nothing was applied here and the outbox is as it was."""

    code = ErrorCode.hq_too_old


class MalformedAnswer(GuideError):
    """HQ's answer broke the protocol (schema, size, hash); nothing local was changed."""

    code = ErrorCode.malformed_answer


class RetryPolicy:
    """Exponential backoff with full jitter, bounded in attempts."""

    def __init__(self, attempts: int = 5, base_delay: float = 0.5, max_delay: float = 20.0) -> None:
        self.attempts, self.base_delay, self.max_delay = attempts, base_delay, max_delay

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


#: The longest a guide waits for one request, retries included (the tester's hung HQ took 156 s).
ANSWER_WITHIN = 30.0


class HqClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = ANSWER_WITHIN,
        transport: httpx.AsyncBaseTransport | None = None,
        version: str = VERSION,
        protocol_level: int = PROTOCOL_LEVEL,
    ) -> None:
        """`timeout` bounds each request with its retries; a download, each silence in its bytes.
        `version` and `protocol_level` are what this app tells HQ on every request (a test plays
        another release with them)."""
        import httpx  # when HQ is first called, not at the app's start (130 ms with its CLI's imports)

        self.base_url = hq_address(base_url).base_url  # the one normal form of an HQ address
        self.token = token
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        handshake = {CLIENT_VERSION_HEADER: version, CLIENT_PROTOCOL_HEADER: str(protocol_level)}
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            verify=tls_context(),
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": "GuideDesk/1", **handshake},
            event_hooks={"response": [_check_hq_protocol]},
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

    async def client_versions(self) -> ClientVersions:
        """The releases HQ's operator allows (no sign-in needed; answered to any release)."""
        return await self._call("GET", CLIENT_VERSIONS_PATH, ClientVersions, signed=False)

    async def changes(self, cursor: int, limit: int) -> ChangesPage:
        return await self._call(
            "GET", "/sync/changes", ChangesPage, params={"cursor": cursor, "limit": limit}
        )

    async def push(self, events: list[dict[str, Any]]) -> PushResponse:
        answer = await self._call("POST", "/sync/push", PushResponse, json_body={"events": events})
        if [str(result.id) for result in answer.results] != [event["id"] for event in events]:
            raise MalformedAnswer(
                "HQ answered for other events than it was sent", code=ErrorCode.malformed_answer
            )
        return answer

    async def my_performance(self, weeks: int, months: int, utc_offset_minutes: int) -> MyPerformance:
        """The guide's own figures as HQ counts them, in periods of the PC's local time."""
        params = {"weeks": weeks, "months": months, "utc_offset_minutes": utc_offset_minutes}
        return await self._call("GET", "/me/performance", MyPerformance, params=params)

    # ------------------------------------------------------------------ managers' and HQ's calls

    async def get(self, path: str, model: type[T], params: dict[str, Any] | None = None) -> T:
        """Any read of the API (path after /api/v1), its answer checked against `model`."""
        return await self._call("GET", path, model, params=_present(params))

    async def get_list(self, path: str, model: type[T], params: dict[str, Any] | None = None) -> list[T]:
        """A read answering a JSON list of `model`."""
        answer = await self._call("GET", path, RootModel[list[model]], params=_present(params))  # type: ignore[valid-type]
        return list(answer.root)

    async def send(
        self,
        method: str,
        path: str,
        model: type[T] | None,
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
    ) -> T | None:
        """A write (POST, PUT, PATCH, DELETE). A POST is tried once: HQ may have done it before an
        answer was lost, and a second try would create a second task or account. PUT, PATCH and
        DELETE say the end state, so they are retried like reads. `model` None: no answer body."""
        json_body = body.model_dump(mode="json", exclude_unset=True) if body is not None else None
        attempts = 1 if method == "POST" else None
        if model is None:
            await self._call(
                method, path, None, json_body=json_body, params=_present(params), attempts=attempts
            )
            return None
        return await self._call(
            method, path, model, json_body=json_body, params=_present(params), attempts=attempts
        )

    async def upload(
        self,
        path: str,
        content: bytes,
        content_type: str,
        model: type[T],
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> T:
        """A file sent as the raw body (an asset, the organisation sheet); tried once. `headers`
        add to the request's (X-Filename: the name HQ records)."""
        return await self._call(
            "POST",
            path,
            model,
            raw_body=(content, content_type),
            params=_present(params),
            attempts=1,
            extra_headers=headers,
        )

    async def download(
        self,
        sha256: str,
        target: Path,
        expected_size: int | None,
        on_progress: Callable[[int, int | None], None] | None = None,
    ) -> Path:
        """Fetch an asset file into `target`, resuming a partial `.part` file with Range.

        The file appears at `target` only once its sha256 matches; a file that does not match, or
        is longer than `expected_size`, is deleted and MalformedAnswer raised. on_progress gets
        (bytes so far, total bytes if known)."""
        check_file_hash(sha256)
        partial = target.with_suffix(".part")
        partial.parent.mkdir(parents=True, exist_ok=True)
        # A large file may take minutes on a shop's line: only silence counts against the bound.
        watchdog = _Silence()

        def progressed(done: int, total: int | None) -> None:
            watchdog.heard()
            if on_progress:
                on_progress(done, total)

        try:
            await self.with_retries(
                lambda: self._download_once(sha256, partial, expected_size, progressed), watchdog
            )
            actual = await asyncio.to_thread(file_sha256, partial)
            if actual != sha256:
                raise MalformedAnswer(
                    f"file {sha256} arrived with hash {actual}", code=ErrorCode.asset_hash_mismatch
                )
        except MalformedAnswer:
            partial.unlink(missing_ok=True)  # its bytes cannot be trusted to resume from
            raise
        partial.replace(target)
        return target

    async def download_answer(
        self,
        path: str,
        target: Path,
        params: dict[str, Any] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> int:
        """Stream a generated file (the performance sheet) into `target` as HQ writes it; returns
        its size. There is no length to expect nor a Range to resume from, so a broken attempt
        starts again from byte 0; only silence counts against the time bound. On any failure or
        cancellation `target` is removed. on_progress gets the bytes so far and may raise to stop."""
        watchdog = _Silence()

        def progressed(done: int, _total: int | None) -> None:
            watchdog.heard()
            if on_progress:
                on_progress(done)

        async def attempt() -> None:
            request = self._http.build_request(
                "GET", API_PREFIX + path, params=_present(params), headers=self._auth()
            )
            response = await self._http.send(request, stream=True)
            try:
                if response.status_code != 200:
                    await self._read(response)  # maps 4xx and 5xx to their exceptions
                    raise MalformedAnswer(f"HQ answered {response.status_code} for {path}")
                target.unlink(missing_ok=True)  # a retry starts from byte 0
                await _append_body(response, target, 0, None, progressed)
            finally:
                await response.aclose()

        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            await self.with_retries(attempt, watchdog)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target.stat().st_size

    # ------------------------------------------------------------------ plumbing

    async def _call(
        self,
        method: str,
        path: str,
        model: type[T] | None,
        *,
        json_body: Any = None,
        raw_body: tuple[bytes, str] | None = None,
        params: dict[str, Any] | None = None,
        signed: bool = True,
        attempts: int | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Any:
        content = orjson.dumps(json_body) if json_body is not None else None
        headers = {"Content-Type": "application/json"} if content is not None else {}
        if raw_body is not None:
            content, headers["Content-Type"] = raw_body
        headers.update(extra_headers or {})
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

        raw = await self.with_retries(send, attempts=attempts)
        if model is None:
            return None
        if len(raw) < _PARSE_ON_LOOP_BYTES:
            return _parsed(raw, model, path)
        return await asyncio.to_thread(_parsed, raw, model, path)

    def _auth(self) -> dict[str, str]:
        if not self.token:
            raise SignInNeeded("sign in to HQ first", code=ErrorCode.sign_in_needed)
        return {"Authorization": f"Bearer {self.token}"}

    async def _read(self, response: httpx.Response) -> bytes:
        if response.status_code >= 500:
            raise _ServerTrouble(f"HQ answered {response.status_code}")
        body = bytearray()
        async for chunk in _body_chunks(response):
            body.extend(chunk)
            if len(body) > MAX_ANSWER_BYTES:
                raise MalformedAnswer(
                    "HQ's answer is larger than any real answer", code=ErrorCode.answer_too_large
                )
        if response.status_code >= 400:
            raise _refusal(response, bytes(body))
        return bytes(body)

    async def _download_once(
        self,
        sha256: str,
        partial: Path,
        expected_size: int | None,
        on_progress: Callable[[int, int | None], None] | None,
    ) -> None:
        """One attempt: ask for the bytes after what `partial` already holds and append them."""
        offset = partial.stat().st_size if partial.exists() else 0
        if expected_size is not None and offset > expected_size:
            partial.unlink()
            offset = 0
        if expected_size is not None and offset == expected_size:
            return  # an earlier attempt got every byte; the hash check decides
        # identity: Range counts bytes of the representation, which compression would change.
        headers = {**self._auth(), "Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        request = self._http.build_request("GET", f"{API_PREFIX}/assets/{sha256}", headers=headers)
        response = await self._http.send(request, stream=True)
        try:
            offset = await self._download_start(response, partial, offset, expected_size)
            await _append_body(response, partial, offset, expected_size, on_progress)
        finally:
            await response.aclose()

    async def _download_start(
        self, response: httpx.Response, partial: Path, offset: int, expected_size: int | None
    ) -> int:
        """Where this answer's body goes in the file: 0 for a whole file, `offset` for a range."""
        if response.status_code == 416 and offset:
            partial.unlink(missing_ok=True)  # HQ's file is shorter than our partial: start over
            raise _ServerTrouble("HQ cannot serve the rest of the file")
        if response.status_code not in (200, 206):
            await self._read(response)  # maps 4xx and 5xx to their exceptions
            raise MalformedAnswer(
                f"HQ answered {response.status_code} for a file", code=ErrorCode.malformed_answer
            )
        start = offset if response.status_code == 206 else 0  # 200 to a Range: HQ sends it all again
        if start and not response.headers.get("content-range", "").startswith(f"bytes {start}-"):
            raise MalformedAnswer(
                "HQ sent another part of the file than asked", code=ErrorCode.malformed_answer
            )
        length = response.headers.get("content-length", "")
        if expected_size is not None and length.isdigit() and start + int(length) > expected_size:
            raise MalformedAnswer(_FILE_TOO_LARGE, code=ErrorCode.answer_too_large)
        return start

    async def with_retries(
        self,
        attempt: Callable[[], Awaitable[Any]],
        watchdog: _Silence | None = None,
        attempts: int | None = None,
    ) -> Any:
        """Retry network trouble and 5xx with backoff; 4xx and bad answers are final. All the
        attempts together get `timeout` seconds (a download: `timeout` seconds of silence).
        `attempts` overrides the policy's count (1: a write that must not happen twice)."""
        import httpx

        last: Exception | None = None
        tries = attempts if attempts is not None else self.retry.attempts
        try:
            async with asyncio.timeout(self.timeout) as deadline:
                if watchdog is not None:
                    watchdog.watch(deadline, self.timeout)
                for number in range(tries):
                    try:
                        return await attempt()
                    except (httpx.TransportError, _ServerTrouble) as error:
                        last = error
                        if number + 1 < tries:
                            await asyncio.sleep(self.retry.delay(number))
        except TimeoutError as error:
            raise HqTimeout(
                f"HQ at {self.base_url} did not answer within {self.timeout:g} s",
                code=ErrorCode.hq_timeout,
            ) from error
        raise Offline(
            f"HQ at {self.base_url} cannot be reached: {_described(last)}", code=ErrorCode.offline
        ) from last


#: Answers used before HQ's level is known: a newer app still signs in to an older HQ (as an older
#: app does to a newer one), so its guide works offline with a fresh sign-in, and is told at the
#: first sync. Neither answer touches the book.
_HANDSHAKE_FREE = (API_PREFIX + "/auth/", API_PREFIX + "/client/")


async def _check_hq_protocol(response: httpx.Response) -> None:
    """Refuses an HQ answer whose protocol level is below MIN_HQ_PROTOCOL, or missing (an HQ from
    before the handshake), before a byte of its body is read: nothing is applied, and since each
    push is answered before the next, nothing more is sent. A 5xx (a restarting HQ, a proxy) is
    left to the retries."""
    if response.status_code >= 500 or response.request.url.path.startswith(_HANDSHAKE_FREE):
        return
    said = response.headers.get(HQ_PROTOCOL_HEADER, "")
    level = int(said) if said.isdigit() and len(said) <= 6 else None
    if level is None or level < MIN_HQ_PROTOCOL:
        hq_version = response.headers.get(HQ_VERSION_HEADER, "")[:40] or "from before version checks"
        raise HqTooOld(
            f"HQ (version {hq_version}, protocol level {said[:10] or 'none'}) is older than this app "
            f"needs (protocol level {MIN_HQ_PROTOCOL}); its answer was not used and nothing here "
            "changed: ask IT to update HQ",
            status=response.status_code,
            hq_version=hq_version,
        )


class _Silence:
    """Moves a download's deadline on whenever bytes arrive."""

    def __init__(self) -> None:
        self._deadline: asyncio.Timeout | None = None
        self._seconds = 0.0

    def watch(self, deadline: asyncio.Timeout, seconds: float) -> None:
        self._deadline, self._seconds = deadline, seconds

    def heard(self) -> None:
        if self._deadline is not None:
            self._deadline.reschedule(asyncio.get_running_loop().time() + self._seconds)


def _described(error: Exception | None) -> str:
    """Never an empty reason: httpx's timeouts and resets often carry no text."""
    text = str(error).strip() if error is not None else ""
    return text or (type(error).__name__ if error is not None else "no answer")


def _present(params: dict[str, Any] | None) -> dict[str, Any] | None:
    """Query parameters without the ones left None (an unset filter is not sent as "None")."""
    if params is None:
        return None
    return {key: value for key, value in params.items() if value is not None}


def _parsed(raw: bytes, model: type[T], path: str) -> T:
    try:
        return model.model_validate(orjson.loads(raw))
    except (orjson.JSONDecodeError, ValidationError) as error:
        problem = f"HQ's answer to {path} is not what the protocol says: {error}"
        raise MalformedAnswer(problem[:400]) from error


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One per process: loading the CA certificates took 0.19 s on the thread that builds a client
    (the Qt thread), and every sync builds one."""
    import httpx

    return httpx.create_ssl_context()


class _ServerTrouble(Exception):
    """A 5xx: HQ may be restarting; worth another try."""


async def _body_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The decoded body; a Content-Encoding that does not decode is HQ's fault, not the network's."""
    import httpx

    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    except httpx.DecodingError as error:
        raise MalformedAnswer(f"HQ's answer does not decode: {error}"[:400]) from error


async def _append_body(
    response: httpx.Response,
    partial: Path,
    start: int,
    expected_size: int | None,
    on_progress: Callable[[int, int | None], None] | None,
) -> None:
    length = response.headers.get("content-length", "")
    total = expected_size
    if total is None and length.isdigit():
        total = start + int(length)
    done = start
    received = bytearray()
    with open(partial, "r+b" if partial.exists() else "wb") as file:
        file.seek(start)
        file.truncate()
        try:
            async for chunk in _body_chunks(response):
                done += len(chunk)
                if expected_size is not None and done > expected_size:
                    raise MalformedAnswer(_FILE_TOO_LARGE, code=ErrorCode.answer_too_large)
                received += chunk
                if len(received) >= _WRITE_EVERY:  # disk writes off the loop: a write can stall
                    await asyncio.to_thread(file.write, bytes(received))
                    received.clear()
                if on_progress:
                    on_progress(done, total)
        finally:
            file.write(received)  # bytes received before a break are kept to resume from
        file.flush()
        # The rename that follows must not outlive the bytes on power loss; off the loop, as
        # syncing 10 MB can take longer than a screen may freeze.
        await asyncio.to_thread(os.fsync, file.fileno())


def check_file_hash(sha256: str) -> None:
    """HQ's text becomes a URL and a file name only if it is a sha256: never `../` or a query."""
    if not re.fullmatch(SHA256_PATTERN, sha256):
        raise MalformedAnswer(f"{sha256[:80]!r} is not a file hash", code=ErrorCode.malformed_answer)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


#: HQ's codes for a refused sign-in, each with its own reason for the guide.
SIGN_IN_REFUSALS = {
    "invalid_credentials": ErrorCode.wrong_password,
    "account_locked": ErrorCode.account_locked,
    "account_disabled": ErrorCode.account_disabled,
    "too_many_sign_ins": ErrorCode.too_many_sign_ins,
}


def _refusal(response: httpx.Response, body: bytes) -> GuideError:
    """A 4xx as the error the guide needs: a refused version with the releases HQ named, a refused
    sign-in by its reason (with HQ's Retry-After in `retry_after` seconds), any other 401 as an
    expired sign-in, the rest as HqRefused."""
    status = response.status_code
    code, reason = _hq_code_and_reason(body)
    version_refusal = VERSION_REFUSALS.get(code or "")
    if version_refusal is not None:
        details: dict[str, Any] = {
            "status": status,
            "version": response.request.headers.get(CLIENT_VERSION_HEADER, ""),
            **_versions_in(body),
        }
        return version_refusal(reason or f"HQ refused this app's version ({code})", **details)
    if code in SIGN_IN_REFUSALS:
        return HqRefused(
            reason or f"HQ refused the sign-in ({code})",
            code=SIGN_IN_REFUSALS[code],
            status=status,
            retry_after=_retry_after(response),
        )
    if status == 401:
        return SignInNeeded(reason or "sign-in expired; please sign in again")
    return HqRefused(reason or f"HQ refused the request ({status})", status=status)


#: HQ's refusals of the handshake (before HQ read the request): the app's release is below HQ's
#: minimum, or its protocol level above HQ's.
VERSION_REFUSALS: dict[str, type[VersionRefused]] = {
    "client_too_old": ClientTooOld,
    "client_newer_than_hq": HqTooOld,
}


def _versions_in(body: bytes) -> dict[str, str]:
    """The releases a version refusal names (minimum, latest, hq_version), for the guide's words."""
    try:
        refusal = orjson.loads(body)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(refusal, dict):
        return {}
    named = ("minimum", "latest", "hq_version")
    return {key: refusal[key][:40] for key in named if isinstance(refusal.get(key), str)}


def _hq_code_and_reason(body: bytes) -> tuple[str | None, str | None]:
    try:
        error = ErrorBody.model_validate(orjson.loads(body))
    except (orjson.JSONDecodeError, ValidationError):
        return None, None
    return error.code, error.detail if isinstance(error.detail, str) else str(error.detail)[:300]


def _retry_after(response: httpx.Response) -> int | None:
    """HQ's Retry-After in seconds; an HTTP date or nonsense is ignored."""
    value = response.headers.get("retry-after", "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else None
