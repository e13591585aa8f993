"""An httpx transport that sends each request to the next of several HQ processes in turn, as a
round-robin load balancer would, and counts what each one served."""

from __future__ import annotations

from collections import Counter

import httpx


class AlternatingTransport(httpx.AsyncBaseTransport):
    """Request 1 goes to the first base URL, request 2 to the second, and so on, whatever URL the
    client built: the app's client is pointed at any one of them and never knows there are more.
    Each HQ keeps its own keep-alive connections, as behind a balancer."""

    def __init__(self, base_urls: list[str], start: int = 0) -> None:
        """`start`: the index of the base URL the first request goes to."""
        self._targets = [httpx.URL(url) for url in base_urls]
        self._transports = [httpx.AsyncHTTPTransport() for _ in base_urls]
        self._sent = start
        self.served: Counter[int] = Counter()  # port -> requests sent there

    def next_port(self) -> int:
        """The port the next request goes to."""
        port = self._targets[self._sent % len(self._targets)].port
        assert port is not None
        return port

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = self._sent % len(self._targets)
        self._sent += 1  # taken before the first await: concurrent requests alternate too
        target = self._targets[index]
        assert target.port is not None
        request.url = request.url.copy_with(scheme=target.scheme, host=target.host, port=target.port)
        request.headers["Host"] = target.netloc.decode("ascii")
        self.served[target.port] += 1
        return await self._transports[index].handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._transports:
            await transport.aclose()
