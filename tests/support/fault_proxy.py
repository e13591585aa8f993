"""A loopback TCP proxy in front of a live HQ that breaks connections the way shop networks do."""

from __future__ import annotations

import asyncio
import random
import socket
import struct
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType
from urllib.parse import urlsplit

HEAD_END = b"\r\n\r\n"
READ_SIZE = 64 * 1024
MAX_READS = 100_000  # per direction and connection: ~6 GB at full reads, far above any test's answer
CONNECTION_TIMEOUT = 60.0  # no connection outlives a test's own budget


class Fault(StrEnum):
    none = "none"
    refuse = "refuse"  # RST before anything reaches HQ: the shop is offline
    reset_after_commit = "reset_after_commit"  # HQ answered (so it committed); the client gets an RST
    truncate = "truncate"  # part of the answer's body, then the connection closes


@dataclass(frozen=True)
class RequestSeen:
    method: str
    path: str  # without the query
    nth: int  # 1 for the first request to this path through this proxy


@dataclass
class Exchange:
    """One connection (one request: the proxy asks HQ to close after each answer)."""

    request: RequestSeen
    headers: dict[str, str]  # request headers, lower-case names
    fault: Fault
    body_bytes_forwarded: int = 0  # of HQ's answer body, what reached the client


@dataclass
class FaultPlan:
    """Per-connection fault probabilities, drawn from a seeded RNG so a failing run repeats."""

    reset_after_commit: float = 0.0
    truncate: float = 0.0
    refuse: float = 0.0
    max_latency: float = 0.0  # seconds; each connection waits uniform(0, this) before reaching HQ
    keep_fraction: float = 0.5  # the share of the body a truncated answer carries
    seed: int = 0
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        assert self.refuse + self.reset_after_commit + self.truncate <= 1.0
        assert 0.0 <= self.keep_fraction < 1.0
        self.rng = random.Random(self.seed)

    def choose(self, _request: RequestSeen) -> Fault:
        roll = self.rng.random()
        for fault, chance in (
            (Fault.refuse, self.refuse),
            (Fault.reset_after_commit, self.reset_after_commit),
            (Fault.truncate, self.truncate),
        ):
            if roll < chance:
                return fault
            roll -= chance
        return Fault.none

    def latency(self) -> float:
        return self.rng.uniform(0.0, self.max_latency) if self.max_latency else 0.0


class FaultProxy:
    """`async with FaultProxy(hq_url, plan) as proxy:` then point HqClient at `proxy.base_url`.

    `choose`, when given, picks each request's fault instead of the plan's RNG (e.g. "the 3rd
    feed request"); `plan` and `choose` may be swapped while the proxy runs. It stops listening
    after `lifetime` seconds even if a test forgets it, and cancels its connections on exit."""

    def __init__(
        self,
        upstream_url: str,
        plan: FaultPlan | None = None,
        choose: Callable[[RequestSeen], Fault] | None = None,
        lifetime: float = 120.0,
    ) -> None:
        parts = urlsplit(upstream_url)
        assert parts.hostname == "127.0.0.1" and parts.port, "the proxy only fronts a loopback HQ"
        self.upstream = (parts.hostname, parts.port)
        self.plan = plan or FaultPlan()
        self.choose = choose
        self.lifetime = lifetime
        self.exchanges: list[Exchange] = []
        self._counts: Counter[str] = Counter()
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._watchdog: asyncio.TimerHandle | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def faults(self, path_prefix: str = "") -> Counter[Fault]:
        return Counter(item.fault for item in self.exchanges if item.request.path.startswith(path_prefix))

    async def __aenter__(self) -> FaultProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self._watchdog = asyncio.get_running_loop().call_later(self.lifetime, self._server.close)
        return self

    async def __aexit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _tb: TracebackType | None
    ) -> None:
        assert self._server is not None and self._watchdog is not None
        self._watchdog.cancel()
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            async with asyncio.timeout(CONNECTION_TIMEOUT):
                await self._relay(client_reader, client_writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass  # a peer went away mid-exchange: that is what this proxy is for
        finally:
            client_writer.close()
            self._connections.discard(task)

    async def _relay(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        head = await client_reader.readuntil(HEAD_END)
        request, headers = _parse_request_head(head)
        self._counts[request.path] += 1
        request = RequestSeen(request.method, request.path, self._counts[request.path])
        fault = (self.choose or self.plan.choose)(request)
        exchange = Exchange(request, headers, fault)
        self.exchanges.append(exchange)
        if fault is Fault.refuse:
            _reset(client_writer)
            return
        await asyncio.sleep(self.plan.latency())
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        try:
            upstream_writer.write(_closing(head))
            await upstream_writer.drain()
            request_body = asyncio.create_task(_pump(client_reader, upstream_writer))
            try:
                await self._answer(upstream_reader, client_writer, exchange)
            finally:
                request_body.cancel()
                await asyncio.gather(request_body, return_exceptions=True)
        finally:
            upstream_writer.close()

    async def _answer(
        self, upstream: asyncio.StreamReader, client_writer: asyncio.StreamWriter, exchange: Exchange
    ) -> None:
        head = await upstream.readuntil(HEAD_END)
        if exchange.fault is Fault.reset_after_commit:
            _reset(client_writer)  # HQ has sent its answer's first bytes: the request is done there
            return
        client_writer.write(head)
        keep = None
        if exchange.fault is Fault.truncate:
            keep = int(_content_length(head) * self.plan.keep_fraction)
        for _ in range(MAX_READS):
            if keep is not None and exchange.body_bytes_forwarded >= keep:
                break
            chunk = await upstream.read(READ_SIZE)
            if not chunk:
                break
            if keep is not None:
                chunk = chunk[: keep - exchange.body_bytes_forwarded]
            client_writer.write(chunk)
            exchange.body_bytes_forwarded += len(chunk)
            await client_writer.drain()
        await client_writer.drain()


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    for _ in range(MAX_READS):
        chunk = await reader.read(READ_SIZE)
        if not chunk:
            return
        writer.write(chunk)
        await writer.drain()


def _parse_request_head(head: bytes) -> tuple[RequestSeen, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    return RequestSeen(method, urlsplit(target).path, 0), headers


def _closing(head: bytes) -> bytes:
    """The request head with `Connection: close`: HQ then answers one request per connection,
    so a fault chosen for a connection hits exactly one request."""
    lines = [
        line for line in head[: -len(HEAD_END)].split(b"\r\n") if not line.lower().startswith(b"connection:")
    ]
    return b"\r\n".join([lines[0], b"Connection: close", *lines[1:]]) + HEAD_END


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return int(value)
    return 0  # chunked or empty: a truncated answer then ends right after its head


def _reset(writer: asyncio.StreamWriter) -> None:
    """Abort with RST (SO_LINGER 0), as a dropped NAT entry or a crashed router does."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
