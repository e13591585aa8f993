"""The load generator's HTTP/1.1 keep-alive connections: a lean one on httptools, and httpx for comparison."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol
from urllib.parse import urlsplit

import httptools
import httpx

REQUEST_TIMEOUT_S = 30.0
CLIENTS = ("wire", "httpx")


@dataclass(frozen=True)
class Call:
    """One request as a scenario wants it sent; `target` is the path with its query."""

    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class Connection(Protocol):
    async def __aenter__(self) -> Connection: ...

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None: ...

    async def send(self, call: Call) -> Answer: ...


def open_connection(kind: str, base_url: str) -> Connection:
    return WireConnection(base_url) if kind == "wire" else HttpxConnection(base_url)


class WireConnection:
    """One socket, requests written by hand and answers parsed by httptools (uvicorn's C parser).

    httpx spends about 1.2 ms of CPU per 50 kB answer, ten times this; on 2 cores that starved
    the server, so the bare ceiling measured the generator instead of the server.
    """

    def __init__(self, base_url: str) -> None:
        address = urlsplit(base_url)
        self.host, self.port = address.hostname or "127.0.0.1", address.port or 80
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def __aenter__(self) -> WireConnection:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._close()

    async def send(self, call: Call) -> Answer:
        try:
            return await asyncio.wait_for(self._exchange(call), REQUEST_TIMEOUT_S)
        except BaseException:
            self._close()  # the socket may hold half an answer: never reuse it
            raise

    async def _exchange(self, call: Call) -> Answer:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        head = [
            f"{call.method} {call.target} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Content-Length: {len(call.body)}",
            *(f"{name}: {value}" for name, value in call.headers.items()),
        ]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + call.body)
        answer = _AnswerParser()
        parser = httptools.HttpResponseParser(answer)
        while not answer.complete:
            chunk = await reader.read(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection mid-answer")
            parser.feed_data(chunk)
        if not parser.should_keep_alive():
            self._close()
        return Answer(parser.get_status_code(), b"".join(answer.chunks))

    def _close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


class _AnswerParser:
    """httptools' callbacks for one answer."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.complete = False

    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)

    def on_message_complete(self) -> None:
        self.complete = True


class HttpxConnection:
    """httpx.AsyncClient limited to one keep-alive connection: the project's own client."""

    def __init__(self, base_url: str) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self.client = httpx.AsyncClient(base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT_S)

    async def __aenter__(self) -> HttpxConnection:
        await self.client.__aenter__()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.client.__aexit__(kind, error, traceback)

    async def send(self, call: Call) -> Answer:
        response = await self.client.request(
            call.method, call.target, headers=call.headers, content=call.body or None
        )
        return Answer(response.status_code, response.content)
